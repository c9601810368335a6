/* crit-compare.c: critcmp for crit. Compares two saved baselines of every benchmark under a
 * results directory and prints one row per benchmark saved in both: each mean with its
 * interval (estimates.json), the change of B's mean against A's, and the verdict the harness
 * gives B against A (crit_analyze on the two sample.json files, seeded, so the output is
 * deterministic). Benchmarks saved in only one baseline are listed after the table. Several
 * --results directories (the shards of one `bench --shard K/N` run) are read as one; an id found
 * in two of them is refused.
 *
 *   crit-compare [--results DIR]... [--seed N] [--nresamples N] ... BASELINE_A BASELINE_B [FILTER]
 *
 * Exit status: 0 ok; 1 a baseline file is damaged (named on stderr, the other benchmarks are
 * still compared) or no benchmark has both baselines; 2 a bad command line, or results
 * directories that share a benchmark. Run with --help
 * for the options. Reads the results directory only; never writes anything. */
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

#include "crit.h"
#include "crit_results.h"

/* Resamples per comparison unless --nresamples says otherwise. The harness uses 100 000; a
 * comparison then costs ~0.15 s on 2 cores (crit_analyze bootstraps B's estimates as well as
 * the change), so 50 benchmarks took ~8 s. 20 000 keeps 50 benchmarks near 1.5 s; p-values
 * and change intervals move only in their last digits, so a verdict can differ from the
 * harness's only for a benchmark on the edge of significance or of the noise band.
 * --nresamples 100000 reproduces the harness's verdict exactly. */
#define DEFAULT_NRESAMPLES 20000

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
    "  --results DIR              results directory (default $CRIT_HOME or results/); give it\n"
    "                             once per directory to read several as one (the shards of a\n"
    "                             `bench --shard K/N` run): an id in two of them is an error\n"
    "  --seed N                   bootstrap RNG seed (default 1); same files + seed = same output\n"
    "  --nresamples N             bootstrap resamples per comparison (default 20000; the\n"
    "                             harness uses 100000, which is ~5x slower)\n"
    "  --confidence-level CL      confidence of the change interval, in (0,1) (default 0.95)\n"
    "  --significance-level SL    p-value threshold of the t-test, in (0,1) (default 0.05)\n"
    "  --noise-threshold NT       changes smaller than this fraction are noise (default 0.01)\n"
    "  --help                     this text\n"
    "\n"
    "Exit status: 0 ok; 1 a baseline file is damaged (named on stderr; the others are still\n"
    "compared) or no benchmark has both baselines; 2 bad command line, or two results\n"
    "directories holding the same benchmark.\n";

/* The parsed command line. Strings point into argv or the environment (not owned). */
typedef struct options {
    const char **results; /* the --results directories, in order (malloc'd array) */
    size_t nresults;
    const char *a, *b;
    const char *filter; /* NULL = every benchmark */
    crit_results_config cfg;
    bool help;
} options;

/* One benchmark directory found under the results directory. */
typedef struct bench {
    const char *root; /* the results directory it was found in */
    const char *dir;  /* path relative to root (the walk's entry) */
    char *id;         /* full_id from benchmark.json, else dir (owned) */
    char *why;        /* why its benchmark.json could not be decoded (owned), or NULL */
    bool in_a, in_b;
    bool selected; /* its id matches FILTER */
    bool damaged;  /* a file could not be used: reported, not compared */
} bench;

typedef struct bench_list {
    bench *v;
    size_t n;
} bench_list;

/* One row of the table. */
typedef struct row {
    const bench *bench;
    crit_results_change cmp; /* B against A */
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

/* Applies option `name` (one that takes a value) with value v; 0, or -1 with err set. */
static int apply_option(options *o, const char *name, const char *v, char *err, size_t len) {
    uint64_t u;
    double x;
    if (strcmp(name, "--results") == 0) {
        if (*v == '\0')
            return usage_error(err, len, "--results needs a directory, not an empty string");
        o->results[o->nresults++] = v;
    } else if (strcmp(name, "--seed") == 0) {
        if (crit_results_parse_u64(v, &u))
            return usage_error(err, len,
                               "invalid value '%s' for --seed: expected a "
                               "non-negative integer",
                               v);
        o->cfg.seed = u;
    } else if (strcmp(name, "--nresamples") == 0) {
        if (crit_results_parse_u64(v, &u) || u == 0 || u > CRIT_RESULTS_MAX_NRESAMPLES)
            return usage_error(err, len,
                               "invalid value '%s' for --nresamples: expected an "
                               "integer from 1 to %d",
                               v, CRIT_RESULTS_MAX_NRESAMPLES);
        o->cfg.nresamples = (size_t)u;
    } else if (strcmp(name, "--noise-threshold") == 0) {
        if (crit_results_parse_double(v, &x) || x < 0)
            return usage_error(err, len,
                               "invalid value '%s' for --noise-threshold: expected "
                               "a number >= 0",
                               v);
        o->cfg.noise_threshold = x;
    } else {
        if (crit_results_parse_double(v, &x) || !(x > 0 && x < 1))
            return usage_error(err, len,
                               "invalid value '%s' for %s: expected a number in "
                               "(0,1)",
                               v, name);
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
        return usage_error(err, len,
                           "unexpected argument '%s': only BASELINE_A BASELINE_B "
                           "[FILTER] are taken",
                           arg);
    if (k < 2 && !readable_baseline_name(arg))
        return usage_error(err, len,
                           "invalid baseline name '%s': expected a directory name "
                           "(no '/', not hidden, not change or report)",
                           arg);
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
    static const char *const valued[] = {
        "--results",        "--seed", "--nresamples", "--confidence-level", "--significance-level",
        "--noise-threshold"};
    const char *home = getenv("CRIT_HOME");
    const char **dirs = malloc(((size_t)argc + 1) * sizeof *dirs);
    *o = (options){0};
    if (dirs == NULL)
        return usage_error(err, len, "out of memory");
    *o = (options){.results = dirs,
                   .cfg = {.nresamples = DEFAULT_NRESAMPLES,
                           .confidence_level = 0.95,
                           .significance_level = 0.05,
                           .noise_threshold = 0.01,
                           .seed = 1}};
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
    if (o->nresults == 0)
        o->results[o->nresults++] = home && *home ? home : "results";
    if (npos < 2)
        return usage_error(err, len,
                           "missing %s: usage: crit-compare [OPTIONS] BASELINE_A "
                           "BASELINE_B [FILTER]",
                           npos == 0 ? "BASELINE_A and "
                                       "BASELINE_B"
                                     : "BASELINE_B");
    return 0;
}

/* ---- finding the benchmarks ---------------------------------------------------------------- */

/* Lists the benchmarks of every results directory's walk (walks[d] is o->results[d]'s: a
 * directory below the root with a saved baseline, after the ones below it) that have A or B
 * saved into *out (zeroed; its array is allocated here, room for every entry). A directory that
 * could not be read is reported on stderr (the rest was still searched) and makes it return 1;
 * else 0; -CRIT_RESULTS_ENOMEM. */
static int find_benches(const options *o, const crit_results_list *walks, bench_list *out) {
    int status = 0;
    size_t total = 0;
    for (size_t d = 0; d < o->nresults; d++)
        total += walks[d].n;
    out->v = malloc((total + 1) * sizeof *out->v);
    if (out->v == NULL)
        return -CRIT_RESULTS_ENOMEM;
    for (size_t d = 0; d < o->nresults; d++) {
        for (size_t i = 0; i < walks[d].n; i++) {
            const crit_results_entry *e = &walks[d].v[i];
            if (e->error != 0) {
                fprintf(stderr, "error: cannot read directory %s: %s\n", e->path,
                        strerror(e->error));
                status = 1;
                continue;
            }
            bool in_a = crit_results_has_baseline(e->path, o->a);
            bool in_b = crit_results_has_baseline(e->path, o->b);
            if (in_a || in_b)
                out->v[out->n++] = (bench){
                    .root = o->results[d], .dir = e->dir, .in_a = in_a, .in_b = in_b};
        }
    }
    return status;
}

/* Sets b->id from <root>/<dir>/<A or B>/benchmark.json (A when saved there), or to the
 * directory name when that file does not exist. A file that cannot be decoded marks b damaged,
 * with the line to report in b->why, and the directory name is used. 0 or
 * -CRIT_RESULTS_ENOMEM. */
static int resolve_id(const options *o, bench *b) {
    char *id = NULL, err[1024];
    int rc = crit_results_read_id(b->root, b->dir, b->in_a ? o->a : o->b, &id, err, sizeof err);
    if (rc == -CRIT_RESULTS_ENOMEM)
        return rc;
    b->damaged = rc != 0 && rc != -CRIT_RESULTS_ENOENT;
    if (b->damaged && (b->why = strdup(err)) == NULL)
        return -CRIT_RESULTS_ENOMEM;
    b->id = rc == 0 ? id : strdup(b->dir);
    return b->id ? 0 : -CRIT_RESULTS_ENOMEM;
}

/* Orders benchmarks by id (for check_disjoint). */
static int by_id(const void *x, const void *y) {
    const bench *const *a = x, *const *b = y;
    return strcmp((*a)->id, (*b)->id);
}

/* Several results directories are the disjoint shards of one run: an id found in two of them
 * (selected or not) is reported on stderr, naming both, and returns -1; else 0 (also with
 * one directory: ids repeated inside one directory are that directory's business). */
static int check_disjoint(const options *o, const bench_list *l) {
    if (o->nresults < 2 || l->n < 2)
        return 0;
    const bench **v = malloc(l->n * sizeof *v);
    if (v == NULL) {
        fprintf(stderr, "error: out of memory\n");
        return -1;
    }
    for (size_t i = 0; i < l->n; i++)
        v[i] = &l->v[i];
    qsort(v, l->n, sizeof *v, by_id);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i + 1 < l->n; i++)
        for (size_t j = i + 1; rc == 0 && j < l->n && strcmp(v[i]->id, v[j]->id) == 0; j++)
            if (v[i]->root != v[j]->root) {
                fprintf(stderr,
                        "error: benchmark %s is in both %s and %s: results directories "
                        "read as one must be disjoint (the shards of one run)\n",
                        v[i]->id, v[i]->root, v[j]->root);
                rc = -1;
            }
    free(v);
    return rc;
}

/* ---- comparing --------------------------------------------------------------------------- */

/* Compares B against A for one benchmark into *r, as the runner does under --baseline A.
 * Returns 0, -CRIT_RESULTS_EPARSE (damaged or not analysable: reported) or
 * -CRIT_RESULTS_ENOMEM. */
static int compare_one(const options *o, const bench *b, row *r) {
    char err[1400];
    int rc = crit_results_compare(b->root, b->dir, o->a, o->b, &o->cfg, &r->cmp, err, sizeof err);
    r->bench = b;
    if (rc == -CRIT_RESULTS_EPARSE)
        fprintf(stderr, "error: damaged baseline file: %s; %s not compared\n", err, b->id);
    /* the samples were found usable, so this cannot happen; say so if it does */
    if (rc == -CRIT_RESULTS_EINVAL) {
        fprintf(stderr,
                "error: %s: the samples of %s and %s could not be analysed; "
                "not compared\n",
                b->id, o->a, o->b);
        rc = -CRIT_RESULTS_EPARSE;
    }
    return rc;
}

/* Largest change (regression) first; equal changes by id. */
static int by_change(const void *x, const void *y) {
    const row *a = x, *b = y;
    if (a->cmp.change != b->cmp.change)
        return a->cmp.change > b->cmp.change ? -1 : 1;
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

/* "[lower mean upper]" with crit_format_time. */
static void fmt_interval(char *buf, size_t len, const crit_results_interval *e) {
    char lo[32], pt[32], hi[32];
    snprintf(buf, len, "[%s %s %s]", crit_format_time(lo, sizeof lo, e->lower),
             crit_format_time(pt, sizeof pt, e->point), crit_format_time(hi, sizeof hi, e->upper));
}

/* The cells of one row (an id longer than CELL_LEN - 1 bytes is cut, never mid-character). */
static void fill_cells(char cells[NCOLS][CELL_LEN], const row *r) {
    const char *id = r->bench->id;
    size_t n = strlen(id);
    if (n >= CELL_LEN)
        for (n = CELL_LEN - 1; n > 0 && ((unsigned char)id[n] & 0xC0) == 0x80; n--)
            ; /* id[n] is the first byte left out: back off while it continues a character */
    snprintf(cells[COL_ID], CELL_LEN, "%.*s", (int)n, id);
    fmt_interval(cells[COL_A], CELL_LEN, &r->cmp.mean_a);
    fmt_interval(cells[COL_B], CELL_LEN, &r->cmp.mean_b);
    crit_results_format_change(cells[COL_CHANGE], CELL_LEN, r->cmp.change);
    snprintf(cells[COL_P], CELL_LEN, "%.2f", r->cmp.p);
    snprintf(cells[COL_VERDICT], CELL_LEN, "%s", r->cmp.verdict);
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
           "seed %llu)\n\n",
           o->b, o->a, o->b, o->a, o->a, o->cfg.significance_level, o->cfg.noise_threshold,
           o->cfg.nresamples, (unsigned long long)o->cfg.seed);
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

/* Frees every benchmark's id and the array. */
static void list_free(bench_list *l) {
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].id);
        free(l->v[i].why);
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

/* Compares every selected benchmark saved in both baselines into rows (caller-allocated,
 * l->n entries; ids resolved) and counts them in *nrows and *nboth (saved in both, damaged or
 * not). Damaged files are reported as they are met. Returns the exit status so far: 0, or 1
 * (something damaged or unreadable); -CRIT_RESULTS_ENOMEM. */
static int compare_all(const options *o, const regex_t *re, bench_list *l, row *rows, size_t *nrows,
                       size_t *nboth) {
    int status = 0;
    *nrows = *nboth = 0;
    for (size_t i = 0; i < l->n; i++) {
        bench *b = &l->v[i];
        b->selected = re == NULL || regexec(re, b->id, 0, NULL, 0) == 0;
        if (!b->selected)
            continue;
        if (b->damaged) {
            fprintf(stderr, "error: damaged baseline file: %s; %s not compared\n", b->why, b->id);
            status = 1;
        }
        if (!b->in_a || !b->in_b)
            continue;
        ++*nboth;
        if (b->damaged)
            continue;
        int rc = compare_one(o, b, &rows[*nrows]);
        if (rc == -CRIT_RESULTS_ENOMEM)
            return rc;
        if (rc == 0)
            ++*nrows;
        else
            status = 1;
    }
    return status;
}

/* Walks every results directory into walks (o->nresults entries, zeroed), lists the
 * benchmarks into *l and resolves their ids. Returns 0, 1 (a directory could not be read:
 * reported), 2 (two directories share an id: reported) or -CRIT_RESULTS_ENOMEM. */
static int gather(const options *o, crit_results_list *walks, bench_list *l) {
    for (size_t d = 0; d < o->nresults; d++)
        if (crit_results_walk(o->results[d], CRIT_RESULTS_ANY_BASELINE, &walks[d]) != 0)
            return -CRIT_RESULTS_ENOMEM;
    int status = find_benches(o, walks, l);
    for (size_t i = 0; status >= 0 && i < l->n; i++)
        if (resolve_id(o, &l->v[i]) != 0)
            return -CRIT_RESULTS_ENOMEM;
    return status >= 0 && check_disjoint(o, l) != 0 ? 2 : status;
}

/* "DIR" or "DIR1, DIR2, ..." for messages. */
static void print_dirs(const options *o) {
    for (size_t d = 0; d < o->nresults; d++)
        fprintf(stderr, "%s%s", d ? ", " : "", o->results[d]);
}

/* Everything after the command line (the results directories checked, FILTER compiled into re
 * or NULL): finds, compares and prints; returns the exit status. */
static int run(const options *o, const regex_t *re) {
    crit_results_list *walks = calloc(o->nresults, sizeof *walks);
    bench_list l = {0};
    size_t nrows = 0, nboth = 0;
    int status = walks ? gather(o, walks, &l) : -CRIT_RESULTS_ENOMEM;
    row *rows = status < 0 || status == 2 ? NULL : malloc((l.n + 1) * sizeof *rows);
    if (rows != NULL) {
        int rc = compare_all(o, re, &l, rows, &nrows, &nboth);
        status = rc != 0 ? rc : status;
    }
    if (status == 2) {
        /* overlapping directories: reported, nothing compared */
    } else if (rows == NULL || status == -CRIT_RESULTS_ENOMEM) {
        fprintf(stderr, "error: out of memory\n");
        status = 1;
    } else {
        qsort(rows, nrows, sizeof *rows, by_change);
        bool gap = nrows > 0;
        if (nrows > 0)
            print_table(o, rows, nrows);
        print_only(&l, o->a, true, &gap);
        print_only(&l, o->b, false, &gap);
    }
    if (rows != NULL && nboth == 0) {
        fprintf(stderr, "error: no benchmark under ");
        print_dirs(o);
        fprintf(stderr, "%s%s%s has both baselines '%s' and '%s'\n", o->filter ? " matching '" : "",
                o->filter ? o->filter : "", o->filter ? "'" : "", o->a, o->b);
        status = 1;
    }
    free(rows);
    list_free(&l);
    for (size_t d = 0; walks && d < o->nresults; d++)
        crit_results_list_fini(&walks[d]);
    free(walks);
    return status;
}

/* Entry point: see usage_text. Bad command lines, FILTERs and results directories exit 2. */
int main(int argc, char **argv) {
    options o;
    char err[1024];
    regex_t re;
    int status = parse_args(argc, argv, &o, err, sizeof err) != 0 ? 2 : 0;
    if (status == 0 && o.help) {
        fputs(usage_text, stdout);
        free(o.results);
        return 0;
    }
    bool compiled = status == 0 && o.filter != NULL;
    int e = compiled ? regcomp(&re, o.filter, REG_EXTENDED | REG_NOSUB) : 0;
    if (e != 0) {
        regerror(e, &re, err, sizeof err);
        fprintf(stderr, "error: invalid FILTER regex '%s': %s\n", o.filter, err);
        free(o.results);
        return 2;
    }
    for (size_t d = 0; status == 0 && d < o.nresults; d++)
        if (check_results_dir(o.results[d], err, sizeof err) != 0)
            status = 2;
    if (status == 0)
        status = run(&o, compiled ? &re : NULL);
    else
        fprintf(stderr, "error: %s\n", err);
    if (compiled)
        regfree(&re);
    free(o.results);
    return status;
}
