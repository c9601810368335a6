/* report_index.c: crit_report_index: finds every benchmark under the output directory, reads
 * its files through the store, writes the index page (groups, parameter tables) and has
 * report_group.c write one page per group. */
#include "report.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "benchid.h"
#include "format.h"
#include "fs.h"
#include "report_group.h"
#include "report_util.h"
#include "sample.h"
#include "store.h"

#define MAX_DEPTH 3 /* group/function/value */

typedef struct list {
    crit_report_entry *v;
    size_t n, cap;
} list;

static bool is_file(const char *dir, const char *rel) {
    struct stat st;
    char *path = crit_fs_join(dir, rel, (char *)NULL);
    bool yes = path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
    free(path);
    return yes;
}

static int push(list *l, const char *rel) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        crit_report_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -CRIT_ENOMEM;
        l->v = v, l->cap = cap;
    }
    crit_report_entry *e = &l->v[l->n];
    memset(e, 0, sizeof *e);
    if (!(e->dir = strdup(rel)))
        return -CRIT_ENOMEM;
    l->n++;
    return 0;
}

/* Adds every benchmark directory under <out_dir>/<rel> (rel NULL: out_dir itself). Baselines
 * and new/ (they hold benchmark.json directly), hidden entries, symbolic links and report/
 * folders are skipped; unreadable directories are ignored. */
static int scan(const char *out_dir, const char *rel, int depth, list *l) {
    char *path = rel ? crit_fs_join(out_dir, rel, (char *)NULL) : strdup(out_dir);
    DIR *d = path ? opendir(path) : NULL;
    int rc = path ? 0 : -CRIT_ENOMEM;
    struct dirent *de;
    while (d && rc == 0 && (de = readdir(d)) != NULL) {
        struct stat st;
        char *child = de->d_name[0] == '.' ? NULL : crit_fs_join(path, de->d_name, (char *)NULL);
        char *crel = !child ? NULL
                     : rel  ? crit_fs_join(rel, de->d_name, (char *)NULL)
                            : strdup(de->d_name);
        if (child && !crel)
            rc = -CRIT_ENOMEM;
        if (crel && lstat(child, &st) == 0 && S_ISDIR(st.st_mode) &&
            !is_file(child, "benchmark.json")) {
            bool bench = is_file(child, "new/benchmark.json");
            if (bench)
                rc = push(l, crel);
            if (rc == 0 && (bench || strcmp(de->d_name, "report") != 0) && depth + 1 < MAX_DEPTH)
                rc = scan(out_dir, crel, depth + 1, l);
        }
        free(child);
        free(crel);
    }
    if (d)
        closedir(d);
    free(path);
    return rc;
}

static bool parse_number(const char *s, double *out) {
    char *end;
    if (!s || !*s || strchr(" \t\n\r\f\v", *s))
        return false;
    double v = strtod(s, &end);
    if (*end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

/* Reads e's three files; on failure e->ok stays false and e->why says why. */
static void load(const char *out_dir, crit_report_entry *e) {
    char err[300];
    char *path = crit_fs_join(out_dir, e->dir, "new", "benchmark.json", (char *)NULL);
    char *text = NULL;
    size_t len = 0;
    int rc = path ? crit_store_read_file(path, &text, &len, err, sizeof err) : -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_store_decode_benchmark(text, len, path, &e->id, err, sizeof err);
    free(text);
    free(path);
    if (rc == 0) {
        crit_bench_id at = e->id; /* read where it was found */
        at.directory_name = e->dir;
        rc = crit_store_load_sample(out_dir, &at, "new", &e->sample, err, sizeof err);
        if (rc == 0)
            rc = crit_store_load_estimates(out_dir, &at, "new", &e->est, err, sizeof err);
    }
    if (rc != 0) {
        snprintf(e->why, sizeof e->why, "%s", rc == -CRIT_ENOMEM ? "out of memory" : err);
        return;
    }
    e->numeric = parse_number(e->id.value_str, &e->value);
    e->ok = true;
}

static void entry_fini(crit_report_entry *e) {
    free(e->dir);
    crit_bench_id_fini(&e->id);
    crit_sample_fini(&e->sample);
}

/* Order inside a group: function (none first, then by name), then value (numerically when
 * the whole group's values are numbers, else by name), then directory. */
static int cmp_opt(const char *a, const char *b) {
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_value(const crit_report_entry *a, const crit_report_entry *b, bool numeric) {
    if (numeric && a->numeric && b->numeric && a->value != b->value)
        return a->value < b->value ? -1 : 1;
    return cmp_opt(a->id.value_str, b->id.value_str);
}

static int cmp_in_group(const crit_report_entry *a, const crit_report_entry *b, bool numeric) {
    int c = cmp_opt(a->id.function_id, b->id.function_id);
    if (c == 0)
        c = cmp_value(a, b, numeric);
    return c ? c : strcmp(a->dir, b->dir);
}

/* Readable entries first, by group id, then by directory (qsort's order; groups are then
 * sorted inside by cmp_in_group). */
static int cmp_entries(const void *pa, const void *pb) {
    const crit_report_entry *a = pa, *b = pb;
    if (a->ok != b->ok)
        return a->ok ? -1 : 1;
    int c = a->ok ? strcmp(a->id.group_id, b->id.group_id) : 0;
    return c ? c : strcmp(a->dir, b->dir);
}

/* True when every value in e[0..n) that is present is a number (and one is present). */
static bool all_numeric(const crit_report_entry *const *e, size_t n) {
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (e[i]->id.value_str && !e[i]->numeric)
            return false;
        any |= e[i]->id.value_str != NULL;
    }
    return any;
}

static void sort_group(const crit_report_entry **e, size_t n) {
    bool numeric = all_numeric(e, n);
    for (size_t i = 1; i < n; i++) { /* insertion sort: groups are small, and it is stable */
        const crit_report_entry *x = e[i];
        size_t j = i;
        for (; j > 0 && cmp_in_group(e[j - 1], x, numeric) > 0; j--)
            e[j] = e[j - 1];
        e[j] = x;
    }
}

static void link_to(crit_sbuf *b, const char *dir, const char *text) {
    crit_sbuf_puts(b, "<a href=\"../");
    crit_sbuf_url(b, dir);
    crit_sbuf_puts(b, "/report/index.html\">");
    crit_sbuf_escape(b, text);
    crit_sbuf_puts(b, "</a>");
}

static void time_link(crit_sbuf *b, const crit_report_entry *e) {
    char t[64];
    link_to(b, e->dir, crit_format_time(t, sizeof t, crit_report_entry_time(e)));
}

/* The distinct values (by name) of a sorted group, in order, into vals; returns the count. */
static size_t distinct_values(const crit_report_entry *const *e, size_t n, const char **vals) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = e[i]->id.value_str;
        size_t j = 0;
        while (j < k && cmp_opt(vals[j], v) != 0)
            j++;
        if (j == k)
            vals[k++] = v;
    }
    return k;
}

/* Sorts the distinct values as the group's entries are sorted. */
static void sort_values(const char **vals, size_t k, bool numeric) {
    for (size_t i = 1; i < k; i++) {
        const char *x = vals[i];
        double xv = 0, yv = 0;
        size_t j = i;
        for (; j > 0; j--) {
            const char *y = vals[j - 1];
            bool num = numeric && parse_number(x, &xv) && parse_number(y, &yv);
            int c = num && xv != yv ? (yv < xv ? -1 : 1) : cmp_opt(y, x);
            if (c <= 0)
                break;
            vals[j] = y;
        }
        vals[j] = x;
    }
}

/* A parameterised group: functions down, values across. */
static int param_table(crit_sbuf *b, const crit_report_entry *const *e, size_t n) {
    const char **vals = malloc(2 * n * sizeof *vals);
    if (!vals)
        return -CRIT_ENOMEM;
    const char **funcs = vals + n;
    size_t nv = distinct_values(e, n, vals), nf = 0;
    sort_values(vals, nv, all_numeric(e, n));
    for (size_t i = 0; i < n; i++)
        if (nf == 0 || cmp_opt(funcs[nf - 1], e[i]->id.function_id) != 0)
            funcs[nf++] = e[i]->id.function_id;
    crit_sbuf_puts(b, "<div class=\"wide\"><table>\n<thead><tr><th></th>");
    for (size_t c = 0; c < nv; c++) {
        crit_sbuf_puts(b, "<th scope=\"col\">");
        crit_sbuf_escape(b, vals[c] ? vals[c] : "\xE2\x80\x94"); /* — */
        crit_sbuf_puts(b, "</th>");
    }
    crit_sbuf_puts(b, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < nf; r++) {
        crit_sbuf_puts(b, "<tr><th scope=\"row\">");
        crit_sbuf_escape(b, funcs[r] ? funcs[r] : e[0]->id.group_id);
        crit_sbuf_puts(b, "</th>");
        for (size_t c = 0; c < nv; c++) {
            crit_sbuf_puts(b, "<td>");
            for (size_t i = 0; i < n; i++)
                if (cmp_opt(e[i]->id.function_id, funcs[r]) == 0 &&
                    cmp_opt(e[i]->id.value_str, vals[c]) == 0) {
                    time_link(b, e[i]);
                    break;
                }
            crit_sbuf_puts(b, "</td>");
        }
        crit_sbuf_puts(b, "</tr>\n");
    }
    crit_sbuf_puts(b, "</tbody>\n</table></div>\n");
    free(vals);
    return 0;
}

static int group_section(crit_sbuf *b, const crit_report_entry *const *e, size_t n,
                         const char *gdir, bool has_page) {
    crit_sbuf_puts(b, "<h2>");
    if (has_page)
        link_to(b, gdir, e[0]->id.group_id);
    else
        crit_sbuf_escape(b, e[0]->id.group_id);
    crit_sbuf_puts(b, "</h2>\n");
    bool param = false;
    for (size_t i = 0; i < n; i++)
        param |= e[i]->id.value_str != NULL;
    if (param)
        return param_table(b, e, n);
    crit_sbuf_puts(b, "<table>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        crit_sbuf_puts(b, "<tr><td class=\"l\">");
        link_to(b, e[i]->dir, e[i]->id.title);
        crit_sbuf_puts(b, "</td><td>");
        time_link(b, e[i]);
        crit_sbuf_puts(b, "</td></tr>\n");
    }
    crit_sbuf_puts(b, "</tbody>\n</table>\n");
    return 0;
}

/* Sorts each group, writes its page when it is a group (not a lone benchmark) and appends
 * its section. */
static int groups(const char *out_dir, list *l, size_t nok, crit_sbuf *b, char *err,
                  size_t errlen) {
    const crit_report_entry **e = malloc((nok ? nok : 1) * sizeof *e);
    if (!e)
        return -CRIT_ENOMEM;
    for (size_t i = 0; i < nok; i++)
        e[i] = &l->v[i];
    int rc = 0;
    for (size_t start = 0, end; rc == 0 && start < nok; start = end) {
        const char *group = e[start]->id.group_id;
        for (end = start + 1; end < nok && strcmp(e[end]->id.group_id, group) == 0;)
            end++;
        sort_group(e + start, end - start);
        char gdir[CRIT_DIR_PART_MAX + 1]; /* the first part of the directory names */
        size_t glen = strcspn(e[start]->dir, "/");
        glen = glen < CRIT_DIR_PART_MAX ? glen : CRIT_DIR_PART_MAX;
        snprintf(gdir, sizeof gdir, "%.*s", (int)glen, e[start]->dir);
        bool lone = false;
        for (size_t i = start; i < end; i++)
            lone |= strcmp(e[i]->dir, gdir) == 0;
        if (!lone)
            rc = crit_report_group_page(out_dir, gdir, e + start, end - start, err, errlen);
        if (rc == 0)
            rc = group_section(b, e + start, end - start, gdir, !lone);
    }
    free(e);
    return rc;
}

static int write_index(const char *out_dir, list *l, char *err, size_t errlen) {
    size_t nok = 0, ngroups = 0;
    while (nok < l->n && l->v[nok].ok)
        nok++;
    for (size_t i = 0; i < nok; i++)
        ngroups += i == 0 || strcmp(l->v[i].id.group_id, l->v[i - 1].id.group_id) != 0;
    crit_sbuf b = {0};
    crit_report_html_begin(&b, "All benchmarks", "../", NULL, NULL);
    crit_sbuf_printf(&b,
                     "<p class=\"muted\">%zu benchmark%s in %zu group%s. Times are the slope "
                     "estimate (Linear sampling) or the mean, per iteration.</p>\n",
                     nok, nok == 1 ? "" : "s", ngroups, ngroups == 1 ? "" : "s");
    int rc = groups(out_dir, l, nok, &b, err, errlen);
    if (rc == 0 && nok < l->n) {
        crit_sbuf_puts(&b, "<h2>Unreadable benchmarks</h2>\n<ul>\n");
        for (size_t i = nok; i < l->n; i++) {
            crit_sbuf_puts(&b, "<li>");
            crit_sbuf_escape(&b, l->v[i].dir);
            crit_sbuf_puts(&b, ": ");
            crit_sbuf_escape(&b, l->v[i].why);
            crit_sbuf_puts(&b, "</li>\n");
        }
        crit_sbuf_puts(&b, "</ul>\n");
    }
    crit_report_html_end(&b);
    char *dir = crit_fs_join(out_dir, "report", (char *)NULL);
    if (rc == 0 && !dir)
        rc = -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_fs_mkdir_p(dir, err, errlen);
    if (rc == 0)
        rc = crit_report_write(dir, "index.html", &b, err, errlen);
    free(dir);
    crit_sbuf_fini(&b);
    return rc;
}

int crit_report_index(const char *out_dir, char *err, size_t errlen) {
    list l = {0};
    if (!out_dir) {
        if (err && errlen)
            snprintf(err, errlen, "report index: no output directory");
        return -CRIT_EINVAL;
    }
    int rc = scan(out_dir, NULL, 0, &l);
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        load(out_dir, &l.v[i]);
    if (rc == 0) {
        if (l.n)
            qsort(l.v, l.n, sizeof *l.v, cmp_entries);
        rc = write_index(out_dir, &l, err, errlen);
    } else if (err && errlen) {
        snprintf(err, errlen, "%s: out of memory scanning for benchmarks", out_dir);
    }
    for (size_t i = 0; i < l.n; i++)
        entry_fini(&l.v[i]);
    free(l.v);
    return rc;
}
