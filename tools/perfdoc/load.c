/* load.c: finds the benchmarks of a results directory. Every directory (at any depth) that
 * holds new/benchmark.json is one benchmark; report/, new/, change/ and hidden directories are
 * not entered and symbolic links are not followed. Entries are visited in sorted order and
 * the result is sorted by full_id, so output and warnings are the same on every run. */
#include "perfdoc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 16

static int cmp_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_bench(const void *a, const void *b) {
    const pd_bench *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c != 0 ? c : strcmp(x->dir, y->dir);
}

static int is_dir(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *join(const char *a, const char *b) {
    size_t cap = strlen(a) + strlen(b) + 2;
    char *s = malloc(cap);
    if (s != NULL)
        snprintf(s, cap, "%s%s%s", a, *a && *b ? "/" : "", b);
    return s;
}

/* The sorted names of dir's subdirectories worth entering; NULL (errno set) on failure. */
static char **list_subdirs(const char *dir, size_t *count) {
    DIR *d = opendir(dir);
    *count = 0;
    if (d == NULL)
        return NULL;
    size_t n = 0, cap = 16;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names != NULL && (e = readdir(d)) != NULL) {
        const char *s = e->d_name;
        if (s[0] == '.' || strcmp(s, "report") == 0 || strcmp(s, "new") == 0 ||
            strcmp(s, "change") == 0)
            continue;
        if (n == cap) {
            char **p = realloc(names, 2 * cap * sizeof *names);
            if (p == NULL)
                break;
            names = p;
            cap *= 2;
        }
        if ((names[n] = strdup(s)) == NULL)
            break;
        n++;
    }
    int failed = names == NULL || e != NULL;
    closedir(d);
    if (failed) {
        for (size_t i = 0; names && i < n; i++)
            free(names[i]);
        free(names);
        errno = ENOMEM;
        return NULL;
    }
    qsort(names, n, sizeof *names, cmp_name);
    *count = n;
    return names;
}

static int add_bench(pd_results *r, const char *path, const char *rel) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 32;
        pd_bench *v = realloc(r->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        r->v = v;
        r->cap = cap;
    }
    int rc = pd_bench_decode(&r->v[r->n], path, rel[0] ? rel : ".");
    if (rc == 1)
        r->n++;
    else if (rc == 0)
        r->skipped++;
    return rc < 0 ? -1 : 0;
}

/* Loads root/rel (path) if it is a benchmark, then visits its subdirectories. */
static int walk_dir(pd_results *r, const char *root, const char *rel, const char *path,
                    int depth, char *err, size_t errlen) {
    char *marker = join(path, "new/benchmark.json");
    if (marker == NULL)
        return -1;
    int rc = is_file(marker) ? add_bench(r, path, rel) : 0;
    free(marker);
    if (rc != 0)
        return -1;
    size_t n = 0;
    char **names = list_subdirs(path, &n);
    if (names == NULL) {
        if (errno == ENOMEM)
            return -1;
        if (depth == 0) {
            snprintf(err, errlen, "cannot read results directory %s: %s", root, strerror(errno));
            return -1;
        }
        fprintf(stderr, "perfdoc: warning: cannot read %s: %s\n", path, strerror(errno));
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        char *child = rc == 0 ? join(rel, names[i]) : NULL;
        char *full = child ? join(root, child) : NULL;
        if (rc == 0 && full == NULL)
            rc = -1;
        else if (rc == 0 && depth < MAX_DEPTH && is_dir(full))
            rc = walk_dir(r, root, child, full, depth + 1, err, errlen);
        free(child);
        free(full);
        free(names[i]);
    }
    free(names);
    return rc;
}

int pd_results_load(pd_results *r, const char *dir, char *err, size_t errlen) {
    memset(r, 0, sizeof *r);
    err[0] = '\0';
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "results directory %s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "results directory %s: not a directory", dir);
        return -1;
    }
    char *root = strdup(dir);
    size_t n = root ? strlen(root) : 0;
    while (n > 1 && root[n - 1] == '/')
        root[--n] = '\0'; /* "results/" -> "results", for clean paths in messages */
    if (root == NULL || walk_dir(r, root, "", root, 0, err, errlen) != 0) {
        if (err[0] == '\0')
            snprintf(err, errlen, "out of memory");
        pd_results_free(r);
        free(root);
        return -1;
    }
    free(root);
    if (r->n > 1)
        qsort(r->v, r->n, sizeof *r->v, cmp_bench);
    return 0;
}

const pd_bench *pd_results_find(const pd_results *r, const char *id) {
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(r->v[mid].id, id);
        if (c == 0) {
            while (mid > 0 && strcmp(r->v[mid - 1].id, id) == 0)
                mid--;
            return &r->v[mid];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const pd_bench *pd_results_newest(const pd_results *r) {
    const pd_bench *best = NULL;
    for (size_t i = 0; i < r->n; i++) {
        const char *d = r->v[i].ctx[PD_CTX_DATE];
        if (!r->v[i].has_metrics)
            continue;
        if (best == NULL || (d != NULL && (best->ctx[PD_CTX_DATE] == NULL ||
                                           strcmp(d, best->ctx[PD_CTX_DATE]) > 0)))
            best = &r->v[i];
    }
    return best;
}

void pd_results_free(pd_results *r) {
    for (size_t i = 0; i < r->n; i++)
        pd_bench_free(&r->v[i]);
    free(r->v);
    memset(r, 0, sizeof *r);
}
