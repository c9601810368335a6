/* load.c: the benchmarks of a results directory. libcrit's walk (crit_results_walk, rule
 * CRIT_RESULTS_NEW_RUN) finds them: every directory (at any depth) that holds
 * new/benchmark.json is one benchmark; report/, new/, change/ and hidden directories are not
 * entered and symbolic links are not followed. Entries come in sorted order and the result is
 * sorted by full_id, so output and warnings are the same on every run. Several directories
 * (the shards of one `bench --shard K/N` run) load as one set; they must not share an id. */
#include "perfdoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crit_results.h"

static int cmp_bench(const void *a, const void *b) {
    const pd_bench *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c != 0 ? c : strcmp(x->dir, y->dir);
}

static int add_bench(pd_results *r, const char *root, const char *path, const char *rel) {
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
        r->v[r->n++].root = root;
    else if (rc == 0)
        r->skipped++;
    return rc < 0 ? -1 : 0;
}

/* Loads the benchmarks of the walk in its order (so warnings come in walk order), each
 * remembering `given` (the directory as the caller gave it) as its root; an unreadable
 * subdirectory is a warning, an unreadable root an error (err set). 0 or -1. */
static int load_entries(pd_results *r, const char *root, const char *given,
                        const crit_results_list *walk, char *err, size_t errlen) {
    for (size_t i = 0; i < walk->n; i++) {
        const crit_results_entry *e = &walk->v[i];
        if (e->error == 0) {
            if (add_bench(r, given, e->path, e->dir) != 0)
                return -1;
        } else if (e->dir[0] == '\0') {
            snprintf(err, errlen, "cannot read results directory %s: %s", root, strerror(e->error));
            return -1;
        } else {
            fprintf(stderr, "perfdoc: warning: cannot read %s: %s\n", e->path, strerror(e->error));
        }
    }
    return 0;
}

/* Loads the benchmarks of results directory dir into r (appended). 0 or -1 (err set). */
static int load_dir(pd_results *r, const char *dir, char *err, size_t errlen) {
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
    crit_results_list walk = {0};
    if (root == NULL || crit_results_walk(root, CRIT_RESULTS_NEW_RUN, &walk) != 0 ||
        load_entries(r, root, dir, &walk, err, errlen) != 0) {
        if (err[0] == '\0')
            snprintf(err, errlen, "out of memory");
        crit_results_list_fini(&walk);
        free(root);
        return -1;
    }
    crit_results_list_fini(&walk);
    free(root);
    return 0;
}

/* After the sort: 0, or -2 (err set) when an id is in two of the directories. */
static int check_disjoint(const pd_results *r, char *err, size_t errlen) {
    for (size_t i = 0; i + 1 < r->n; i++)
        for (size_t j = i + 1; j < r->n && strcmp(r->v[i].id, r->v[j].id) == 0; j++)
            if (r->v[i].root != r->v[j].root) {
                snprintf(err, errlen,
                         "benchmark %s is in both %s and %s: results directories read as one "
                         "must be disjoint (the shards of one run)",
                         r->v[i].id, r->v[i].root, r->v[j].root);
                return -2;
            }
    return 0;
}

int pd_results_load(pd_results *r, const char *const *dirs, size_t ndirs, char *err,
                    size_t errlen) {
    memset(r, 0, sizeof *r);
    err[0] = '\0';
    int rc = 0;
    for (size_t d = 0; rc == 0 && d < ndirs; d++)
        rc = load_dir(r, dirs[d], err, errlen);
    if (rc == 0 && r->n > 1)
        qsort(r->v, r->n, sizeof *r->v, cmp_bench);
    if (rc == 0 && ndirs > 1)
        rc = check_disjoint(r, err, errlen);
    if (rc != 0)
        pd_results_free(r);
    return rc;
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
