/* show.c: `crit-history show BENCH`: a benchmark's series over the runs as an aligned table,
 * Markdown, CSV (raw ns, every recorded field) or JSON (cJSON; the same fields, null where the
 * run has no value). */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crit.h"
#include "crit_results.h"

#define NCOLS 11

static const char *const HEAD[NCOLS] = {
    "run", "date", "commit",      "host",   "typical [lower upper]", "mean", "median",
    "cv",  "p99",  "allocs/iter", "measure"};

/* A time or count for the table: the console's form for times, a plain number for counts. */
static void cell_value(char *buf, size_t len, double v, const crit_history_point *p) {
    if (!isfinite(v))
        snprintf(buf, len, "-");
    else if (!strcmp(p->measure, "instructions"))
        snprintf(buf, len, "%.0f", v);
    else
        crit_format_time(buf, len, v);
}

/* The row of point p: NCOLS cells of 160 bytes. */
static void row_cells(const crit_history_point *p, char cells[NCOLS][160]) {
    char lo[32], pt[32], hi[32];
    snprintf(cells[0], 160, "%zu", p->run_index);
    snprintf(cells[1], 160, "%s", p->date);
    snprintf(cells[2], 160, "%s%s", p->commit, p->dirty == 1 ? "+dirty" : "");
    snprintf(cells[3], 160, "%s", p->host);
    cell_value(lo, sizeof lo, p->typical_lower, p);
    cell_value(pt, sizeof pt, p->typical, p);
    cell_value(hi, sizeof hi, p->typical_upper, p);
    snprintf(cells[4], 160, "%s [%s %s]", pt, lo, hi);
    cell_value(cells[5], 160, p->mean, p);
    cell_value(cells[6], 160, p->median, p);
    if (isfinite(p->cv))
        snprintf(cells[7], 160, "%.2f%%", p->cv * 100.0);
    else
        snprintf(cells[7], 160, "-");
    cell_value(cells[8], 160, p->p99, p);
    if (isfinite(p->allocs_per_iter))
        snprintf(cells[9], 160, "%.6g", p->allocs_per_iter);
    else
        snprintf(cells[9], 160, "-");
    snprintf(cells[10], 160, "%s", p->measure);
}

/* Characters (UTF-8 code points) of s: the micro sign is two bytes, one column. */
static size_t width(const char *s) {
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void pad(FILE *f, const char *s, size_t w) {
    fputs(s, f);
    for (size_t i = width(s); i < w; i++)
        fputc(' ', f);
}

/* Markdown cell text: '|' escaped. */
static void md(FILE *f, const char *s) {
    for (; *s; s++)
        fputs(*s == '|' ? "\\|" : (char[2]){*s, 0}, f);
}

static void show_table(FILE *f, const crit_history_series *s, bool markdown) {
    size_t w[NCOLS];
    char cells[NCOLS][160];
    for (int c = 0; c < NCOLS; c++)
        w[c] = width(HEAD[c]);
    for (size_t i = 0; i < s->n; i++) {
        row_cells(&s->v[i], cells);
        for (int c = 0; c < NCOLS; c++)
            if (width(cells[c]) > w[c])
                w[c] = width(cells[c]);
    }
    for (size_t i = 0; i <= s->n; i++) {
        if (i > 0)
            row_cells(&s->v[i - 1], cells);
        for (int c = 0; c < NCOLS; c++) {
            const char *t = i == 0 ? HEAD[c] : cells[c];
            if (markdown) {
                fputs(c ? " | " : "| ", f);
                md(f, t);
            } else {
                if (c)
                    fputs("  ", f);
                pad(f, t, c == NCOLS - 1 ? 0 : w[c]);
            }
        }
        fputs(markdown ? " |\n" : "\n", f);
        if (i == 0 && markdown) {
            for (int c = 0; c < NCOLS; c++)
                fputs(c ? " | ---" : "| ---", f);
            fputs(" |\n", f);
        }
    }
}

/* The numeric fields of a point, named as in the CSV header and the JSON keys. */
#define NNUM 24
static const char *const NUM_NAMES[NNUM] = {"typical",
                                            "typical_lower",
                                            "typical_upper",
                                            "mean",
                                            "mean_lower",
                                            "mean_upper",
                                            "median",
                                            "median_lower",
                                            "median_upper",
                                            "std_dev",
                                            "cv",
                                            "p50",
                                            "p90",
                                            "p95",
                                            "p99",
                                            "throughput",
                                            "allocs_per_iter",
                                            "instructions",
                                            "sample_size",
                                            "warm_up_time",
                                            "measurement_time",
                                            "nresamples",
                                            "confidence_level",
                                            "run_index"};

static void num_values(const crit_history_point *p, double v[NNUM]) {
    const double x[NNUM] = {p->typical,
                            p->typical_lower,
                            p->typical_upper,
                            p->mean,
                            p->mean_lower,
                            p->mean_upper,
                            p->median,
                            p->median_lower,
                            p->median_upper,
                            p->std_dev,
                            p->cv,
                            p->p50,
                            p->p90,
                            p->p95,
                            p->p99,
                            p->throughput,
                            p->allocs_per_iter,
                            p->instructions,
                            p->sample_size,
                            p->warm_up_time,
                            p->measurement_time,
                            p->nresamples,
                            p->confidence_level,
                            (double)p->run_index};
    memcpy(v, x, sizeof x);
}

static const char *dirty_text(int d) { return d == 1 ? "true" : d == 0 ? "false" : ""; }

static void show_csv(FILE *f, const char *bench, const crit_history_series *s) {
    fputs("bench,run_id,date,commit,dirty,branch,host,measure,typical_kind,throughput_kind", f);
    for (int i = 0; i < NNUM; i++)
        fprintf(f, ",%s", NUM_NAMES[i]);
    fputs("\r\n", f);
    for (size_t i = 0; i < s->n; i++) {
        const crit_history_point *p = &s->v[i];
        const char *t[] = {bench,     p->run_id, p->date,    p->commit,       dirty_text(p->dirty),
                           p->branch, p->host,   p->measure, p->typical_kind, p->throughput_kind};
        for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
            if (k)
                fputc(',', f);
            crit_results_csv_field(f, t[k]);
        }
        double v[NNUM];
        num_values(p, v);
        for (int k = 0; k < NNUM; k++) {
            if (isfinite(v[k]))
                fprintf(f, ",%.17g", v[k]);
            else
                fputc(',', f);
        }
        fputs("\r\n", f);
    }
}

static cJSON *point_json(const crit_history_point *p) {
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    const char *keys[] = {"run_id", "date",    "commit",       "branch",
                          "host",   "measure", "typical_kind", "throughput_kind"};
    const char *vals[] = {p->run_id, p->date,    p->commit,       p->branch,
                          p->host,   p->measure, p->typical_kind, p->throughput_kind};
    for (size_t k = 0; ok && k < sizeof keys / sizeof keys[0]; k++)
        ok = cJSON_AddStringToObject(o, keys[k], vals[k]) != NULL;
    if (ok)
        ok = (p->dirty < 0 ? cJSON_AddNullToObject(o, "dirty")
                           : cJSON_AddBoolToObject(o, "dirty", p->dirty == 1)) != NULL;
    double v[NNUM];
    num_values(p, v);
    for (int k = 0; ok && k < NNUM; k++)
        ok = (isfinite(v[k]) ? cJSON_AddNumberToObject(o, NUM_NAMES[k], v[k])
                             : cJSON_AddNullToObject(o, NUM_NAMES[k])) != NULL;
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int show_json(FILE *f, const char *bench, const crit_history_series *s) {
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = root ? cJSON_AddArrayToObject(root, "points") : NULL;
    bool ok = arr != NULL && cJSON_AddStringToObject(root, "bench", bench) != NULL;
    for (size_t i = 0; ok && i < s->n; i++) {
        cJSON *p = point_json(&s->v[i]);
        ok = p != NULL && cJSON_AddItemToArray(arr, p);
    }
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (text == NULL)
        return -1;
    fprintf(f, "%s\n", text);
    free(text);
    return 0;
}

int show_series(FILE *f, const char *bench, const crit_history_series *s, show_format fmt) {
    switch (fmt) {
    case FORMAT_CSV: show_csv(f, bench, s); return 0;
    case FORMAT_JSON: return show_json(f, bench, s);
    case FORMAT_MARKDOWN:
        fprintf(f, "### ");
        md(f, bench);
        fprintf(f, "\n\n");
        show_table(f, s, true);
        return 0;
    default:
        fprintf(f, "%s\n", bench);
        show_table(f, s, false);
        return 0;
    }
}
