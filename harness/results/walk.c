/* walk.c: finds the benchmarks of a results directory for tools (crit_results.h): one walk
 * with the two rules the tools use (crit-compare: any saved baseline; perfdoc: a new/ run).
 * Reads only; never prints (unreadable directories become entries). */
#include "crit_results.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Deepest directory level searched for benchmarks (ids have at most 3 parts). */
#define MAX_DEPTH 16

/* "a/b", or a or b alone when the other is empty; malloc'd, NULL when out of memory. Not
 * crit_fs_join: that collapses a root's trailing '/', and the tools' messages and entry paths
 * keep the root exactly as the user typed it. */
static char *join(const char *a, const char *b) {
    size_t cap = strlen(a) + strlen(b) + 2;
    char *s = malloc(cap);
    if (s != NULL)
        snprintf(s, cap, "%s%s%s", a, *a && *b ? "/" : "", b);
    return s;
}

/* True when dir/name exists (lstat: a dangling symbolic link counts). */
static bool exists_nofollow(const char *dir, const char *name) {
    char *p = join(dir, name);
    struct stat st;
    bool ok = p != NULL && lstat(p, &st) == 0;
    free(p);
    return ok;
}

/* True when `path` is a directory (not a symlink to one) holding a saved baseline: its
 * sample.json or its benchmark.json exists. (A benchmark directory holds only the flat
 * estimates.json, so it never looks like a baseline.) */
static bool is_baseline_dir(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    return exists_nofollow(path, "sample.json") || exists_nofollow(path, "benchmark.json");
}

bool crit_results_has_baseline(const char *bench_path, const char *baseline) {
    char *p = join(bench_path, baseline);
    bool ok = p != NULL && is_baseline_dir(p);
    free(p);
    return ok;
}

/* True when path/new/benchmark.json is a regular file (stat: links followed). */
static bool has_new_run(const char *path) {
    char *marker = join(path, "new/benchmark.json");
    struct stat st;
    bool ok = marker != NULL && stat(marker, &st) == 0 && S_ISREG(st.st_mode);
    free(marker);
    return ok;
}

/* scandir order: byte-wise by name, whatever the locale. */
static int by_name(const struct dirent **x, const struct dirent **y) {
    return strcmp((*x)->d_name, (*y)->d_name);
}

/* Appends an entry for root/rel (copied). 0 or -CRIT_RESULTS_ENOMEM. */
static int list_add(crit_results_list *l, const char *path, const char *rel, int error) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        crit_results_entry *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return -CRIT_RESULTS_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    char *dir = strdup(rel), *p = strdup(path);
    if (dir == NULL || p == NULL) {
        free(dir);
        free(p);
        return -CRIT_RESULTS_ENOMEM;
    }
    l->v[l->n++] = (crit_results_entry){.dir = dir, .path = p, .error = error};
    return 0;
}

/* What a walk needs besides the directory it is in. */
typedef struct walker {
    const char *root;
    crit_results_rule rule;
    crit_results_list *out;
} walker;

/* Whether subdirectory `name` of the directory being visited is worth a look. */
static bool skipped_name(const char *name) {
    return name[0] == '.' || strcmp(name, "report") == 0 || strcmp(name, "change") == 0;
}

/* Visits <root>/<rel> (rel "" is the root) at `depth`: the benchmark rule of w->rule, then
 * its subdirectories in sorted order. 0 or -CRIT_RESULTS_ENOMEM. */
static int visit(const walker *w, const char *rel, int depth) {
    char *path = join(w->root, rel);
    if (path == NULL)
        return -CRIT_RESULTS_ENOMEM;
    int rc = 0;
    if (w->rule == CRIT_RESULTS_NEW_RUN && has_new_run(path))
        rc = list_add(w->out, path, rel, 0);
    struct dirent **names = NULL;
    int n = rc == 0 ? scandir(path, &names, NULL, by_name) : 0;
    if (n < 0)
        rc = errno == ENOMEM ? -CRIT_RESULTS_ENOMEM : list_add(w->out, path, rel, errno);
    bool is_bench = false;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char *sub = rc == 0 ? join(path, name) : NULL;
        char *sub_rel = sub ? join(rel, name) : NULL;
        struct stat st;
        if (sub_rel == NULL) {
            rc = -CRIT_RESULTS_ENOMEM;
        } else if (skipped_name(name) || lstat(sub, &st) != 0 || !S_ISDIR(st.st_mode)) {
            /* not a directory worth visiting */
        } else if (w->rule == CRIT_RESULTS_ANY_BASELINE && is_baseline_dir(sub)) {
            is_bench = is_bench || *rel != '\0';
        } else if (strcmp(name, "new") != 0 && depth < MAX_DEPTH) {
            rc = visit(w, sub_rel, depth + 1);
        }
        free(sub);
        free(sub_rel);
        free(names[i]);
    }
    free(names);
    if (is_bench && rc == 0)
        rc = list_add(w->out, path, rel, 0);
    free(path);
    return rc;
}

int crit_results_walk(const char *root, crit_results_rule rule, crit_results_list *out) {
    walker w = {root, rule, out};
    return visit(&w, "", 0);
}

void crit_results_list_fini(crit_results_list *l) {
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].dir);
        free(l->v[i].path);
    }
    free(l->v);
    *l = (crit_results_list){0};
}
