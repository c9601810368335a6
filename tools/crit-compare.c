/* crit-compare.c: critcmp for crit. Compares two saved baselines of every benchmark under a
 * results directory and prints one row per benchmark saved in both: each mean with its
 * interval (estimates.json), the change of B's mean against A's, and the verdict the harness
 * gives B against A (crit_analyze on the two sample.json files, seeded, so the output is
 * deterministic). Benchmarks saved in only one baseline are listed after the table.
 *
 *   crit-compare [--results DIR] [--seed N] [--nresamples N] ... BASELINE_A BASELINE_B [FILTER]
 *
 * Exit status: 0 ok; 1 a baseline file is damaged (named on stderr, the other benchmarks are
 * still compared) or no benchmark has both baselines; 2 a bad command line. Run with --help
 * for the options. Reads the results directory only; never writes anything. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis.h"
#include "benchid.h"
#include "crit.h"
#include "format.h"
#include "fs.h"
#include "model.h"
#include "sample.h"
#include "store.h"

/* Resamples per comparison unless --nresamples says otherwise. The harness uses 100 000; a
 * comparison then costs ~0.15 s on 2 cores (crit_analyze bootstraps B's estimates as well as
 * the change), so 50 benchmarks took ~8 s. 20 000 keeps 50 benchmarks near 1.5 s; p-values
 * and change intervals move only in their last digits, so a verdict can differ from the
 * harness's only for a benchmark on the edge of significance or of the noise band.
 * --nresamples 100000 reproduces the harness's verdict exactly. */
#define DEFAULT_NRESAMPLES 20000
/* Deepest directory level searched for benchmarks (ids have at most 3 parts). */
#define MAX_DEPTH 16

static const char usage_text[] =
    "Usage: crit-compare [OPTIONS] BASELINE_A BASELINE_B [FILTER]\n"
    "\n"
    "Compares two saved baselines (e.g. from `bench --save-baseline NAME`; \"new\" is the\n"
    "latest run) of every benchmark under the results directory. One row per benchmark saved\n"
    "in both: the mean of A and of B with their intervals [lower mean upper] (estimates.json),\n"
    "change = mean(B)/mean(A) - 1 (+ means B is slower), the t-test's p and the verdict that\n"
    "`bench --baseline A` gives B (regressed, improved, within_noise or no_change), computed\n"
    "from the two sample.json files. Rows are sorted by change, largest regression first.\n"
    "Benchmarks saved in only one of the two are listed after the table. FILTER is a POSIX\n"
    "extended regex searched (not anchored) in the benchmark id.\n"
    "\n"
    "Options:\n"
    "  --results DIR              results directory (default $CRIT_HOME or results/)\n"
    "  --seed N                   bootstrap RNG seed (default 1); same files + seed = same output\n"
    "  --nresamples N             bootstrap resamples per comparison (default 20000; the\n"
    "                             harness uses 100000, which is ~5x slower)\n"
    "  --confidence-level CL      confidence of the change interval, in (0,1) (default 0.95)\n"
    "  --significance-level SL    p-value threshold of the t-test, in (0,1) (default 0.05)\n"
    "  --noise-threshold NT       changes smaller than this fraction are noise (default 0.01)\n"
    "  --help                     this text\n"
    "\n"
    "Exit status: 0 ok; 1 a baseline file is damaged (named on stderr; the others are still\n"
    "compared) or no benchmark has both baselines; 2 bad command line.\n";

/* The parsed command line. Strings point into argv or the environment (not owned). */
typedef struct options {
    const char *results;
    const char *a, *b;
    const char *filter; /* NULL = every benchmark */
    crit_analysis_config cfg;
    bool help;
} options;

/* One benchmark directory found under the results directory. */
typedef struct bench {
    char *dir;    /* path relative to the results directory (owned) */
    char *id;     /* full_id from benchmark.json, else dir (owned) */
    bool in_a, in_b;
    bool selected; /* its id matches FILTER */
    bool damaged;  /* a file could not be used: reported, not compared */
} bench;

typedef struct bench_list {
    bench *v;
    size_t n, cap;
} bench_list;

/* One row of the table. */
typedef struct row {
    const bench *bench;
    crit_estimate mean_a, mean_b;
    double change; /* mean_b.point / mean_a.point - 1 */
    double p;
    crit_verdict verdict;
} row;

/* ---- command line ------------------------------------------------------------------------ */

static int usage_error(char *err, size_t len, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes the message into err and returns -1 (a usage error). */
static int usage_error(char *err, size_t len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
    return -1;
}

/* strtod of the whole string, finite; 0 or -1. */
static int parse_double(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* A decimal non-negative integer of the whole string; 0 or -1. */
static int parse_u64(const char *s, uint64_t *out) {
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end != '\0')
        return -1;
    *out = (uint64_t)v;
    return 0;
}

/* Applies option `name` (one that takes a value) with value v; 0, or -1 with err set. */
static int apply_option(options *o, const char *name, const char *v, char *err, size_t len) {
    uint64_t u;
    double x;
    if (strcmp(name, "--results") == 0) {
        if (*v == '\0')
            return usage_error(err, len, "--results needs a directory, not an empty string");
        o->results = v;
    } else if (strcmp(name, "--seed") == 0) {
        if (parse_u64(v, &u))
            return usage_error(err, len, "invalid value '%s' for --seed: expected a "
                                         "non-negative integer", v);
        o->cfg.seed = u;
    } else if (strcmp(name, "--nresamples") == 0) {
        if (parse_u64(v, &u) || u == 0 || u > (uint64_t)1 << 40)
            return usage_error(err, len, "invalid value '%s' for --nresamples: expected an "
                                         "integer from 1 to 2^40", v);
        o->cfg.nresamples = (size_t)u;
    } else if (strcmp(name, "--noise-threshold") == 0) {
        if (parse_double(v, &x) || x < 0)
            return usage_error(err, len, "invalid value '%s' for --noise-threshold: expected "
                                         "a number >= 0", v);
        o->cfg.noise_threshold = x;
    } else {
        if (parse_double(v, &x) || !(x > 0 && x < 1))
            return usage_error(err, len, "invalid value '%s' for %s: expected a number in "
                                         "(0,1)", v, name);
        if (strcmp(name, "--confidence-level") == 0)
            o->cfg.confidence_level = x;
        else
            o->cfg.significance_level = x;
    }
    return 0;
}

/* A name the tool can read a baseline from: a single non-hidden directory name that is not
 * one of the layout's own directories (change/, report/). "new" is allowed: the latest run. */
static bool readable_baseline_name(const char *s) {
    return s[0] != '\0' && s[0] != '.' && strchr(s, '/') == NULL && strcmp(s, "change") != 0 &&
           strcmp(s, "report") != 0;
}

/* Stores positional argument number k (0-based): A, B, then FILTER. */
static int apply_positional(options *o, size_t k, const char *arg, char *err, size_t len) {
    if (k >= 3)
        return usage_error(err, len, "unexpected argument '%s': only BASELINE_A BASELINE_B "
                                     "[FILTER] are taken", arg);
    if (k < 2 && !readable_baseline_name(arg))
        return usage_error(err, len, "invalid baseline name '%s': expected a directory name "
                                     "(no '/', not hidden, not change or report)", arg);
    if (k == 0)
        o->a = arg;
    else if (k == 1)
        o->b = arg;
    else
        o->filter = arg;
    return 0;
}

/* Parses argv into *o (defaults first; $CRIT_HOME sets the default results directory).
 * Options may come anywhere, as `--name value` or `--name=value`; `--` ends them. Returns 0,
 * or -1 with one line (no newline) in err. Does not print. */
static int parse_args(int argc, char **argv, options *o, char *err, size_t len) {
    static const char *const valued[] = {"--results", "--seed", "--nresamples",
                                         "--confidence-level", "--significance-level",
                                         "--noise-threshold"};
    const char *home = getenv("CRIT_HOME");
    *o = (options){.results = home && *home ? home : "results",
                   .cfg = {.nresamples = DEFAULT_NRESAMPLES, .confidence_level = 0.95,
                           .significance_level = 0.05, .noise_threshold = 0.01, .seed = 1}};
    size_t npos = 0;
    bool options_done = false;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            if (apply_positional(o, npos++, arg, err, len))
                return -1;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            o->help = true;
            return 0;
        }
        const char *eq = strchr(arg, '=');
        size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
        const char *name = NULL;
        for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
            if (strlen(valued[k]) == name_len && strncmp(arg, valued[k], name_len) == 0)
                name = valued[k];
        if (name == NULL)
            return usage_error(err, len, "unknown option '%.*s'", (int)name_len, arg);
        if (eq == NULL && i + 1 >= argc)
            return usage_error(err, len, "%s needs a value", name);
        if (apply_option(o, name, eq ? eq + 1 : argv[++i], err, len))
            return -1;
    }
    if (npos < 2)
        return usage_error(err, len, "missing %s: usage: crit-compare [OPTIONS] BASELINE_A "
                                     "BASELINE_B [FILTER]", npos == 0 ? "BASELINE_A and "
                                     "BASELINE_B" : "BASELINE_B");
    return 0;
}

/* ---- finding the benchmarks ---------------------------------------------------------------- */

/* "a/b", or a or b alone when the other is empty; malloc'd, NULL when out of memory. */
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

/* scandir order: byte-wise by name, whatever the locale. */
static int by_name(const struct dirent **x, const struct dirent **y) {
    return strcmp((*x)->d_name, (*y)->d_name);
}

/* Appends a benchmark at relative directory rel (copied). 0 or -CRIT_ENOMEM. */
static int list_add(bench_list *l, const char *rel, bool in_a, bool in_b) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        bench *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL)
            return -CRIT_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    char *dir = strdup(rel);
    if (dir == NULL)
        return -CRIT_ENOMEM;
    l->v[l->n++] = (bench){.dir = dir, .in_a = in_a, .in_b = in_b};
    return 0;
}

/* Visits <root>/<rel> (rel "" is the root itself, which is never a benchmark): a directory is
 * a benchmark when one of its subdirectories is a baseline (is_baseline_dir; new/ counts).
 * Other subdirectories are searched in sorted order, except hidden ones, report/ and change/;
 * symbolic links are not followed. Benchmarks with A or B saved are appended to *out.
 * Returns 0; -CRIT_EIO when a directory could not be read (reported on stderr, the rest is
 * still searched); -CRIT_ENOMEM. */
static int walk(const char *root, const char *rel, int depth, const options *o,
                bench_list *out) {
    char *path = join(root, rel);
    struct dirent **names = NULL;
    int n = path ? scandir(path, &names, NULL, by_name) : -1;
    if (n < 0) {
        int rc = path == NULL || errno == ENOMEM ? -CRIT_ENOMEM : -CRIT_EIO;
        if (rc == -CRIT_EIO)
            fprintf(stderr, "error: cannot read directory %s: %s\n", path, strerror(errno));
        free(path);
        return rc;
    }
    int rc = 0;
    bool is_bench = false;
    for (int i = 0; i < n; i++) {
        const char *name = names[i]->d_name;
        char *sub = rc != -CRIT_ENOMEM ? join(path, name) : NULL;
        char *sub_rel = sub ? join(rel, name) : NULL;
        struct stat st;
        if (sub_rel == NULL) {
            rc = -CRIT_ENOMEM;
        } else if (name[0] == '.' || strcmp(name, "report") == 0 ||
                   strcmp(name, "change") == 0 || lstat(sub, &st) != 0 ||
                   !S_ISDIR(st.st_mode)) {
            /* not a directory worth visiting */
        } else if (is_baseline_dir(sub)) {
            is_bench = is_bench || *rel != '\0';
        } else if (strcmp(name, "new") != 0 && depth < MAX_DEPTH) {
            int r = walk(root, sub_rel, depth + 1, o, out);
            rc = rc == -CRIT_ENOMEM || r == 0 ? rc : r;
        }
        free(sub);
        free(sub_rel);
        free(names[i]);
    }
    free(names);
    if (is_bench && rc != -CRIT_ENOMEM) {
        char *pa = join(path, o->a), *pb = join(path, o->b);
        bool in_a = pa && is_baseline_dir(pa), in_b = pb && is_baseline_dir(pb);
        if (pa == NULL || pb == NULL)
            rc = -CRIT_ENOMEM;
        else if ((in_a || in_b) && list_add(out, rel, in_a, in_b) != 0)
            rc = -CRIT_ENOMEM;
        free(pa);
        free(pb);
    }
    free(path);
    return rc;
}

/* Sets b->id from <dir>/<A or B>/benchmark.json (A when saved there), or to the directory
 * name when that file does not exist. A file that cannot be decoded marks b damaged, with
 * the line to report in err, and the directory name is used. 0 or -CRIT_ENOMEM. */
static int resolve_id(const options *o, bench *b, char *err, size_t errlen) {
    char *path = crit_fs_join(o->results, b->dir, b->in_a ? o->a : o->b, "benchmark.json",
                              (char *)NULL);
    char *json = NULL;
    size_t len = 0;
    crit_bench_id id = {0};
    int rc = path ? crit_fs_read_file(path, &json, &len, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0)
        rc = crit_store_decode_benchmark(json, len, path, &id, err, errlen);
    free(path);
    free(json);
    if (rc == -CRIT_ENOMEM)
        return rc;
    b->damaged = rc != 0 && rc != -CRIT_ENOENT;
    b->id = strdup(rc == 0 ? id.full_id : b->dir);
    crit_bench_id_fini(&id);
    return b->id ? 0 : -CRIT_ENOMEM;
}

/* ---- comparing --------------------------------------------------------------------------- */

/* Loads <dir>/<name>/sample.json and estimates.json. Returns 0; -CRIT_ENOMEM; any other
 * failure prints one "error: damaged baseline file: <path>: <what>" line and returns
 * -CRIT_EPARSE. On failure *s is zeroed. */
static int load_baseline(const options *o, const bench *b, const char *name, crit_sample *s,
                         crit_estimates *e) {
    char err[1400], why[256];
    crit_bench_id id = {.directory_name = b->dir};
    int rc = crit_store_load_sample(o->results, &id, name, s, err, sizeof err);
    if (rc == 0 && !crit_sample_usable(s, why, sizeof why)) {
        snprintf(err, sizeof err, "%.400s/%.400s/%.100s/sample.json: %s", o->results, b->dir,
                 name, why);
        crit_sample_fini(s);
        rc = -CRIT_EPARSE;
    }
    if (rc == 0)
        rc = crit_store_load_estimates(o->results, &id, name, e, err, sizeof err);
    if (rc == 0 && !(e->mean.point > 0)) {
        snprintf(err, sizeof err, "%.400s/%.400s/%.100s/estimates.json: the mean is %g ns, "
                 "so there is nothing to compare", o->results, b->dir, name, e->mean.point);
        rc = -CRIT_EPARSE;
    }
    if (rc == 0)
        return 0;
    crit_sample_fini(s);
    if (rc == -CRIT_ENOMEM)
        return rc;
    fprintf(stderr, "error: damaged baseline file: %s; %s not compared\n", err, b->id);
    return -CRIT_EPARSE;
}

/* Compares B against A for one benchmark into *r, as the runner does under --baseline A:
 * crit_analyze(sample B, baseline sample A). Returns 0, -CRIT_EPARSE (damaged: reported) or
 * -CRIT_ENOMEM. */
static int compare_one(const options *o, const bench *b, row *r) {
    crit_sample sa = {0}, sb = {0};
    crit_estimates ea, eb;
    int rc = load_baseline(o, b, o->a, &sa, &ea);
    if (rc == 0)
        rc = load_baseline(o, b, o->b, &sb, &eb);
    crit_analysis an = {0};
    if (rc == 0) {
        rc = crit_analyze(&sb, &sa, &o->cfg, &an);
        /* crit_sample_usable() passed, so this cannot happen; say so if it does */
        if (rc == -CRIT_EINVAL) {
            fprintf(stderr, "error: %s: the samples of %s and %s could not be analysed; "
                    "not compared\n", b->id, o->a, o->b);
            rc = -CRIT_EPARSE;
        }
    }
    if (rc == 0)
        *r = (row){.bench = b, .mean_a = ea.mean, .mean_b = eb.mean,
                   .change = eb.mean.point / ea.mean.point - 1.0, .p = an.change.p_value,
                   .verdict = an.change.verdict};
    crit_analysis_fini(&an);
    crit_sample_fini(&sa);
    crit_sample_fini(&sb);
    return rc;
}

/* Largest change (regression) first; equal changes by id. */
static int by_change(const void *x, const void *y) {
    const row *a = x, *b = y;
    if (a->change != b->change)
        return a->change > b->change ? -1 : 1;
    return strcmp(a->bench->id, b->bench->id);
}

/* ---- printing ---------------------------------------------------------------------------- */

enum { COL_ID, COL_A, COL_B, COL_CHANGE, COL_P, COL_VERDICT, NCOLS };
#define CELL_LEN 400 /* bytes per cell, NUL included */

/* The display width of UTF-8 text: its characters, not its bytes ("µs" is 2 wide). */
static size_t width_of(const char *s) {
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80; /* count UTF-8 characters, not bytes */
    return w;
}

/* The verdict as metrics.json spells it. */
static const char *verdict_name(crit_verdict v) {
    switch (v) {
    case CRIT_VERDICT_IMPROVED: return "improved";
    case CRIT_VERDICT_REGRESSED: return "regressed";
    case CRIT_VERDICT_WITHIN_NOISE: return "within_noise";
    case CRIT_VERDICT_NO_CHANGE: break;
    }
    return "no_change";
}

/* "[lower mean upper]" with crit_format_time. */
static void fmt_interval(char *buf, size_t len, const crit_estimate *e) {
    char lo[32], pt[32], hi[32];
    snprintf(buf, len, "[%s %s %s]", crit_format_time(lo, sizeof lo, e->lower),
             crit_format_time(pt, sizeof pt, e->point), crit_format_time(hi, sizeof hi, e->upper));
}

/* The cells of one row (an id longer than CELL_LEN - 1 bytes is cut, never mid-character). */
static void fill_cells(char cells[NCOLS][CELL_LEN], const row *r) {
    char tmp[64];
    const char *id = r->bench->id;
    size_t n = strlen(id);
    if (n >= CELL_LEN)
        for (n = CELL_LEN - 1; n > 0 && ((unsigned char)id[n] & 0xC0) == 0x80; n--)
            ; /* id[n] is the first byte left out: back off while it continues a character */
    snprintf(cells[COL_ID], CELL_LEN, "%.*s", (int)n, id);
    fmt_interval(cells[COL_A], CELL_LEN, &r->mean_a);
    fmt_interval(cells[COL_B], CELL_LEN, &r->mean_b);
    crit_fmt_change(tmp, sizeof tmp, r->change, 1);
    snprintf(cells[COL_CHANGE], CELL_LEN, "%s", tmp + strspn(tmp, " "));
    snprintf(cells[COL_P], CELL_LEN, "%.2f", r->p);
    snprintf(cells[COL_VERDICT], CELL_LEN, "%s", verdict_name(r->verdict));
}

/* Prints cells separated by two spaces, padded to widths (change and p right-aligned, the last
 * column unpadded). */
static void print_cells(char cells[NCOLS][CELL_LEN], const size_t *widths) {
    for (int c = 0; c < NCOLS; c++) {
        size_t pad = widths[c] - width_of(cells[c]);
        bool right = c == COL_CHANGE || c == COL_P;
        if (right)
            printf("%*s", (int)pad, "");
        fputs(cells[c], stdout);
        if (c == NCOLS - 1)
            putchar('\n');
        else
            printf("%*s", (int)(right ? 2 : pad + 2), "");
    }
}

/* Prints the legend, the header and one line per row, columns aligned. */
static void print_table(const options *o, const row *rows, size_t n) {
    char head[NCOLS][CELL_LEN], cells[NCOLS][CELL_LEN];
    snprintf(head[COL_ID], CELL_LEN, "id");
    snprintf(head[COL_A], CELL_LEN, "%.100s: [lower mean upper]", o->a);
    snprintf(head[COL_B], CELL_LEN, "%.100s: [lower mean upper]", o->b);
    snprintf(head[COL_CHANGE], CELL_LEN, "change");
    snprintf(head[COL_P], CELL_LEN, "p");
    snprintf(head[COL_VERDICT], CELL_LEN, "verdict");
    size_t widths[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        widths[c] = width_of(head[c]);
    for (size_t i = 0; i < n; i++) {
        fill_cells(cells, &rows[i]);
        for (int c = 0; c < NCOLS; c++)
            if (width_of(cells[c]) > widths[c])
                widths[c] = width_of(cells[c]);
    }
    printf("%s against %s: change = mean(%s)/mean(%s) - 1 (+ is slower), largest regression "
           "first;\nverdict as `bench --baseline %s` (significance %g, noise %g, %zu resamples, "
           "seed %llu)\n\n", o->b, o->a, o->b, o->a, o->a, o->cfg.significance_level,
           o->cfg.noise_threshold, o->cfg.nresamples, (unsigned long long)o->cfg.seed);
    print_cells(head, widths);
    for (size_t i = 0; i < n; i++) {
        fill_cells(cells, &rows[i]);
        print_cells(cells, widths);
    }
}

/* Prints "only in NAME: id, id, ..." for the selected benchmarks saved in A only (want_a) or
 * in B only; nothing when there are none. *gap: print a blank line first (then cleared). */
static void print_only(const bench_list *l, const char *name, bool want_a, bool *gap) {
    const char *sep = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const bench *b = &l->v[i];
        if (!b->selected || b->in_a == b->in_b || b->in_a != want_a)
            continue;
        if (sep == NULL)
            printf("%sonly in %s: ", *gap ? "\n" : "", name);
        *gap = false;
        printf("%s%s", sep ? sep : "", b->id);
        sep = ", ";
    }
    if (sep != NULL)
        putchar('\n');
}

/* ---- main -------------------------------------------------------------------------------- */

/* Frees every benchmark's strings and the array. */
static void list_free(bench_list *l) {
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].dir);
        free(l->v[i].id);
    }
    free(l->v);
}

/* Checks the results directory; 0, or -1 with err set (a usage error). */
static int check_results_dir(const char *dir, char *err, size_t len) {
    struct stat st;
    if (stat(dir, &st) != 0)
        return usage_error(err, len, "results directory '%s': %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return usage_error(err, len, "results directory '%s' is not a directory", dir);
    return 0;
}

/* Finds the benchmarks, compares every selected one saved in both baselines into rows
 * (caller-allocated, l->n entries) and counts them in *nrows and *nboth (saved in both,
 * damaged or not). Damaged files are reported as they are met. Returns the exit status so
 * far: 0, or 1 (something damaged or unreadable); -CRIT_ENOMEM. */
static int compare_all(const options *o, const regex_t *re, bench_list *l, row *rows,
                       size_t *nrows, size_t *nboth) {
    char err[1024];
    int status = 0;
    *nrows = *nboth = 0;
    for (size_t i = 0; i < l->n; i++) {
        bench *b = &l->v[i];
        if (resolve_id(o, b, err, sizeof err) != 0)
            return -CRIT_ENOMEM;
        b->selected = re == NULL || regexec(re, b->id, 0, NULL, 0) == 0;
        if (!b->selected)
            continue;
        if (b->damaged) {
            fprintf(stderr, "error: damaged baseline file: %s; %s not compared\n", err, b->id);
            status = 1;
        }
        if (!b->in_a || !b->in_b)
            continue;
        ++*nboth;
        if (b->damaged)
            continue;
        int rc = compare_one(o, b, &rows[*nrows]);
        if (rc == -CRIT_ENOMEM)
            return rc;
        if (rc == 0)
            ++*nrows;
        else
            status = 1;
    }
    return status;
}

int main(int argc, char **argv) {
    options o;
    char err[1024];
    regex_t re;
    if (parse_args(argc, argv, &o, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        return 2;
    }
    if (o.help) {
        fputs(usage_text, stdout);
        return 0;
    }
    int e = o.filter ? regcomp(&re, o.filter, REG_EXTENDED | REG_NOSUB) : 0;
    if (e != 0) {
        regerror(e, &re, err, sizeof err);
        fprintf(stderr, "error: invalid FILTER regex '%s': %s\n", o.filter, err);
        return 2;
    }
    if (check_results_dir(o.results, err, sizeof err) != 0) {
        fprintf(stderr, "error: %s\n", err);
        if (o.filter)
            regfree(&re);
        return 2;
    }
    bench_list l = {0};
    size_t nrows = 0, nboth = 0;
    int status = walk(o.results, "", 0, &o, &l);
    row *rows = status == -CRIT_ENOMEM ? NULL : malloc((l.n + 1) * sizeof *rows);
    if (rows != NULL) {
        int rc = compare_all(&o, o.filter ? &re : NULL, &l, rows, &nrows, &nboth);
        status = rc != 0 ? rc : status == -CRIT_EIO ? 1 : 0;
    }
    if (rows == NULL || status == -CRIT_ENOMEM) {
        fprintf(stderr, "error: out of memory\n");
        status = 1;
    } else {
        qsort(rows, nrows, sizeof *rows, by_change);
        bool gap = nrows > 0;
        if (nrows > 0)
            print_table(&o, rows, nrows);
        print_only(&l, o.a, true, &gap);
        print_only(&l, o.b, false, &gap);
    }
    if (rows != NULL && nboth == 0) {
        fprintf(stderr, "error: no benchmark under %s%s%s%s has both baselines '%s' and '%s'\n",
                o.results, o.filter ? " matching '" : "", o.filter ? o.filter : "",
                o.filter ? "'" : "", o.a, o.b);
        status = 1;
    }
    free(rows);
    list_free(&l);
    if (o.filter)
        regfree(&re);
    return status;
}
