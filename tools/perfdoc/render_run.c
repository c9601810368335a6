/* render_run.c: the Methodology section (hardware and build from the newest benchmark's
 * context, a note when benchmarks disagree on git revision or build mode, the fixed description
 * of criterion.rs's method, the settings) and the Reproduction section (the commands and the
 * git revision to check out). */
#include "perfdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Context rows of the hardware table: key index and label. */
static const struct {
    int key;
    const char *label;
} context_rows[] = {
    {PD_CTX_CPU_MODEL, "CPU"},
    {PD_CTX_CORES, "cores"},
    {PD_CTX_KERNEL, "kernel"},
    {PD_CTX_GOVERNOR, "governor"},
    {PD_CTX_COMPILER, "compiler"},
    {PD_CTX_FLAGS, "flags"},
    {PD_CTX_BUILD_MODE, "build mode"},
    {PD_CTX_GIT_REVISION, "git revision"},
    {PD_CTX_DATE, "date"},
    {PD_CTX_HOST, "host"},
};

static const char *const settings_labels[PD_SET_COUNT] = {
    "sample size",      "warm-up time",       "measurement time", "bootstrap resamples",
    "confidence level", "significance level", "noise threshold",  "sampling mode",
};

static const char *const method_lines =
    "Method (criterion.rs's):\n"
    "\n"
    "- **Warm-up.** Each routine runs 1, 2, 4, ... iterations until the warm-up time has "
    "passed; the time per iteration seen so far sizes the samples.\n"
    "- **Linear sampling.** Sample *i* runs *i·d* iterations so that all samples together fill "
    "the measurement time; the slope of total time over iterations (least squares through the "
    "origin) cancels fixed per-sample overhead.\n"
    "- **Bootstrap.** Mean, median and standard deviation of the per-iteration times each get a "
    "percentile interval from 100 000 resamples (criterion's default; the count used is under "
    "Settings).\n"
    "- **Outliers.** Tukey fences at 1.5 and 3 IQR beyond the quartiles classify each sample; "
    "outliers are counted and shown, never removed.\n";

/* Appends the distinct values of vals (n entries, NULL skipped, reordered), most frequent
 * first, as "v1 (n1 benchmarks), v2 (n2 benchmarks)"; the counts are left out when there is
 * one value and with_counts is 0. Returns the number of distinct values. */
static size_t put_tally(pd_buf *out, const char **vals, size_t n, int with_counts) {
    pd_tally *t = malloc((n ? n : 1) * sizeof *t);
    if (t == NULL) {
        out->oom = 1;
        return 0;
    }
    size_t k = pd_tally_values(vals, n, t);
    for (size_t i = 0; i < k; i++) {
        pd_buf_puts(out, i ? ", " : "");
        pd_buf_cell(out, t[i].value);
        if (with_counts || k > 1)
            pd_buf_printf(out, " (%zu benchmark%s)", t[i].count, t[i].count == 1 ? "" : "s");
    }
    free(t);
    return k;
}

/* put_tally over one context key (key >= 0) or settings key (-1 - index) of every benchmark
 * that has a metrics.json (or settings). */
static size_t tally_key(pd_buf *out, const pd_results *r, int key, int with_counts) {
    const char **vals = malloc((r->n ? r->n : 1) * sizeof *vals);
    if (vals == NULL) {
        out->oom = 1;
        return 0;
    }
    for (size_t i = 0; i < r->n; i++) {
        const pd_bench *b = &r->v[i];
        vals[i] = key >= 0 ? (b->has_metrics ? b->ctx[key] : NULL)
                           : (b->has_settings ? b->set[-1 - key] : NULL);
    }
    size_t k = put_tally(out, vals, r->n, with_counts);
    free(vals);
    return k;
}

/* One row of the inferred settings: the sample counts (which 0) or confidence levels (1). */
static void inferred_row(pd_buf *out, const pd_results *r, const char *label, int which) {
    size_t n = r->n ? r->n : 1;
    const char **vals = malloc(n * sizeof *vals);
    char(*num)[32] = malloc(n * sizeof *num);
    if (vals != NULL && num != NULL) {
        for (size_t i = 0; i < r->n; i++) {
            const pd_bench *b = &r->v[i];
            if (which == 0)
                pd_fmt_count(num[i], sizeof num[i], b->samples);
            else
                snprintf(num[i], sizeof num[i], "%g", b->mean.level);
            vals[i] = which == 0 && !b->has_metrics ? NULL : num[i];
        }
        pd_buf_printf(out, "| %s | ", label);
        if (put_tally(out, vals, r->n, 0) == 0)
            pd_buf_puts(out, "unknown");
        pd_buf_puts(out, " |\n");
    } else {
        out->oom = 1;
    }
    free(vals);
    free(num);
}

/* A note for each of git revision and build mode on which the benchmarks disagree. */
static void mixed_runs(pd_buf *out, const pd_results *r) {
    static const struct {
        int key;
        const char *what;
    } keys[] = {{PD_CTX_GIT_REVISION, "git revisions"}, {PD_CTX_BUILD_MODE, "build modes"}};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        pd_buf scratch = {0};
        size_t k = tally_key(&scratch, r, keys[i].key, 1);
        if (k > 1)
            pd_buf_printf(out,
                          "\n**Mixed runs:** the benchmarks were measured at %zu different "
                          "%s: %s.\n",
                          k, keys[i].what, scratch.data);
        out->oom |= scratch.oom;
        pd_buf_free(&scratch);
    }
}

static void hardware(pd_buf *out, const pd_results *r) {
    const pd_bench *nb = pd_results_newest(r);
    if (nb == NULL) {
        pd_buf_puts(out, "No run context was recorded (no benchmark has a metrics.json).\n");
        return;
    }
    pd_buf_puts(out, "Hardware and build, from the context of the newest benchmark (`");
    pd_buf_cell(out, nb->id);
    pd_buf_puts(out, "`):\n\n| property | value |\n| --- | --- |\n");
    for (size_t i = 0; i < sizeof context_rows / sizeof *context_rows; i++) {
        pd_buf_printf(out, "| %s | ", context_rows[i].label);
        pd_buf_cell(out, nb->ctx[context_rows[i].key]);
        pd_buf_puts(out, " |\n");
    }
    mixed_runs(out, r);
}

static void settings(pd_buf *out, const pd_results *r) {
    size_t with = 0;
    for (size_t i = 0; i < r->n; i++)
        with += r->v[i].has_settings != 0;
    if (with == 0) {
        pd_buf_puts(out, "Settings (not recorded in metrics.json; inferred from the sample "
                         "counts and the estimates):\n\n| setting | value |\n| --- | --- |\n");
        inferred_row(out, r, "samples per benchmark", 0);
        inferred_row(out, r, "confidence level", 1);
        return;
    }
    pd_buf_puts(out, "Settings (from metrics.json):\n\n| setting | value |\n| --- | --- |\n");
    for (int i = 0; i < PD_SET_COUNT; i++) {
        pd_buf_printf(out, "| %s | ", settings_labels[i]);
        if (tally_key(out, r, -1 - i, 0) == 0)
            pd_buf_puts(out, "unknown");
        pd_buf_puts(out, " |\n");
    }
    if (with < r->n)
        pd_buf_printf(out, "\n%zu of %zu benchmarks recorded no settings.\n", r->n - with, r->n);
}

void pd_render_methodology(pd_buf *out, const pd_doc *doc) {
    hardware(out, doc->results);
    pd_buf_puts(out, "\n");
    pd_buf_puts(out, method_lines);
    pd_buf_puts(out, "\n");
    settings(out, doc->results);
}

void pd_render_reproduction(pd_buf *out, const pd_doc *doc) {
    const pd_bench *nb = pd_results_newest(doc->results);
    const char *rev = nb ? nb->ctx[PD_CTX_GIT_REVISION] : NULL;
    int known = rev != NULL && rev[0] != '\0' && strpbrk(rev, "`|\n") == NULL;
    if (known)
        pd_buf_printf(out, "The newest benchmark was measured at git revision `%s`. ", rev);
    else
        pd_buf_puts(out, "The git revision of the measurements is unknown. ");
    pd_buf_puts(out, "To measure again and regenerate these tables:\n\n```sh\n");
    if (known)
        pd_buf_printf(out, "git checkout %s\n", rev);
    pd_buf_puts(out,
                "make bench                        # every suite with criterion's defaults\n"
                "make perfdoc                      # tools/gates.sh --json, then these tables\n"
                "tools/gates.sh                    # the acceptance gates alone\n"
                "tools/compare_pure_execution.sh   # minipy against CPython\n"
                "```\n");
}
