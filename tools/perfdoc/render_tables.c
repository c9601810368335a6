/* render_tables.c: the Results section (one row per benchmark, sorted by id: mean with its
 * interval, median, std dev, CV, outliers, allocations and throughput) and the Variance section
 * (CV per benchmark, largest first, flagged at 10 % and above). */
#include "perfdoc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define EM_DASH "\xE2\x80\x94"
#define HIGH_CV_PERCENT 10 /* flagged at and above */

/* The common confidence level of the means as "%g", or "mixed". */
static void confidence_level(char *buf, size_t len, const pd_results *r) {
    snprintf(buf, len, "%g", r->n ? r->v[0].mean.level : 0.95);
    for (size_t i = 1; i < r->n; i++)
        if (r->v[i].mean.level != r->v[0].mean.level)
            snprintf(buf, len, "mixed, see Methodology");
}

static void result_row(pd_buf *out, const pd_bench *b, int with_tp) {
    char lo[64], mid[64], hi[64], med[64], sd[64], cv[64], s1[64], s2[64], al[64], tp[64];
    pd_buf_puts(out, "| ");
    pd_buf_cell(out, b->id);
    pd_buf_printf(out, " | [%s %s %s] | %s | %s | %s %% | ",
                  pd_fmt_time(lo, sizeof lo, b->mean.lower),
                  pd_fmt_time(mid, sizeof mid, b->mean.point),
                  pd_fmt_time(hi, sizeof hi, b->mean.upper),
                  pd_fmt_time(med, sizeof med, b->median.point),
                  pd_fmt_time(sd, sizeof sd, b->std_dev.point),
                  pd_fmt_fixed(cv, sizeof cv, 2, b->cv * 100.0));
    if (b->has_metrics)
        pd_buf_printf(out, "%s/%s | ", pd_fmt_count(s1, sizeof s1, b->outliers),
                      pd_fmt_count(s2, sizeof s2, b->samples));
    else
        pd_buf_puts(out, EM_DASH " | ");
    pd_buf_puts(out, b->has_allocs ? pd_fmt_count(al, sizeof al, b->allocs) : EM_DASH);
    if (with_tp)
        pd_buf_printf(out, " | %s",
                      b->tp_unit
                          ? pd_fmt_rate(tp, sizeof tp, b->tp_unit, b->tp_count, b->mean.point)
                          : EM_DASH);
    pd_buf_puts(out, " |\n");
}

void pd_render_results(pd_buf *out, const pd_doc *doc) {
    const pd_results *r = doc->results;
    int with_tp = 0;
    char cl[64];
    for (size_t i = 0; i < r->n; i++)
        with_tp |= r->v[i].tp_unit != NULL;
    pd_buf_puts(out, "| benchmark | mean [lower estimate upper] | median | std dev | CV "
                     "| outliers | allocs/iter |");
    pd_buf_puts(out, with_tp ? " throughput |\n" : "\n");
    pd_buf_puts(out, "| --- | --- | --- | --- | --- | --- | --- |");
    pd_buf_puts(out, with_tp ? " --- |\n" : "\n");
    for (size_t i = 0; i < r->n; i++)
        result_row(out, &r->v[i], with_tp);
    confidence_level(cl, sizeof cl, r);
    pd_buf_printf(out,
                  "\nTimes are per iteration. The interval is the bootstrap confidence "
                  "interval of the mean (confidence level %s); outliers counts all four "
                  "Tukey classes against the number of samples%s.\n",
                  cl, with_tp ? "; throughput is at the mean" : "");
}

static const pd_results *sort_ctx; /* qsort has no user pointer */

static int cmp_cv(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double cx = sort_ctx->v[x].cv, cy = sort_ctx->v[y].cv;
    if (cx != cy)
        return cx > cy ? -1 : 1;
    return x < y ? -1 : x > y;
}

void pd_render_variance(pd_buf *out, const pd_doc *doc) {
    const pd_results *r = doc->results;
    size_t *idx = malloc((r->n ? r->n : 1) * sizeof *idx), high = 0;
    if (idx == NULL) {
        out->oom = 1;
        return;
    }
    for (size_t i = 0; i < r->n; i++)
        idx[i] = i;
    sort_ctx = r;
    qsort(idx, r->n, sizeof *idx, cmp_cv);
    pd_buf_puts(out, "| benchmark | CV | flag |\n| --- | --- | --- |\n");
    for (size_t i = 0; i < r->n; i++) {
        const pd_bench *b = &r->v[idx[i]];
        char cv[64];
        int is_high = floor(b->cv * 1e4 + 0.5) >= HIGH_CV_PERCENT * 100; /* as shown */
        high += is_high != 0;
        pd_buf_puts(out, "| ");
        pd_buf_cell(out, b->id);
        pd_buf_printf(out, " | %s %% | %s |\n", pd_fmt_fixed(cv, sizeof cv, 2, b->cv * 100.0),
                      is_high ? "**high**" : "");
    }
    free(idx);
    pd_buf_printf(out,
                  "\nCV is the standard deviation over the mean of the per-iteration "
                  "times; **high** marks a CV of 10 %% or more (%zu of %zu benchmarks).\n",
                  high, r->n);
}
