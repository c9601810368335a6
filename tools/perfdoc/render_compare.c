/* render_compare.c: the Breakdown section (each interpreter stage's mean as a share of the
 * cold start of `2 + 3`, then the parameterised stage x workload means) and the Comparison
 * section (CPython over minipy speedups with conservative and optimistic bounds taken from
 * the confidence intervals of both means). */
#include "perfdoc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EM_DASH "\xE2\x80\x94"

/* The stages in pipeline order; "<stage>_simple" and "<stage>/<workload>" are their ids. */
static const char *const stages[] = {"lexer", "parser", "compiler", "vm", "format"};
#define NSTAGES (sizeof stages / sizeof *stages)
static const char *const workloads[] = {"simple", "variables", "call",
                                        "fib15",  "loop1000",  "print"};
#define NWORKLOADS (sizeof workloads / sizeof *workloads)
#define MAX_EXTRA 64

static const pd_bench *find2(const pd_results *r, const char *a, const char *sep, const char *b) {
    char id[256];
    snprintf(id, sizeof id, "%s%s%s", a, sep, b);
    return pd_results_find(r, id);
}

static void share_row(pd_buf *out, const char *stage, const char *id, double ns, double cold) {
    char t[64], pct[64];
    pd_buf_printf(out, "| %s | %s | %s | %s %% |\n", stage, id, pd_fmt_time(t, sizeof t, ns),
                  pd_fmt_fixed(pct, sizeof pct, 1, 100.0 * ns / cold));
}

static void cold_start_shares(pd_buf *out, const pd_results *r) {
    const pd_bench *cold = pd_results_find(r, "cold_start_simple");
    char t[64];
    if (cold == NULL || !(cold->mean.point > 0)) {
        pd_buf_puts(out, "`cold_start_simple` was not measured, so the cold start cannot be "
                         "broken down into stages.\n");
        return;
    }
    pd_buf_printf(out,
                  "Each stage's mean as a share of the cold start of `2 + 3` "
                  "(`cold_start_simple`, mean %s):\n\n",
                  pd_fmt_time(t, sizeof t, cold->mean.point));
    pd_buf_puts(out, "| stage | benchmark | mean | share |\n| --- | --- | --- | --- |\n");
    double sum = 0, c = cold->mean.point;
    int missing = 0;
    for (size_t i = 0; i < NSTAGES; i++) {
        const pd_bench *b = find2(r, stages[i], "_", "simple");
        if (b == NULL) {
            pd_buf_printf(out, "| %s | %s_simple | not measured | " EM_DASH " |\n", stages[i],
                          stages[i]);
            missing = 1;
            continue;
        }
        share_row(out, stages[i], b->id, b->mean.point, c);
        sum += b->mean.point;
    }
    share_row(out, missing ? "other (reset, glue, unmeasured stages)" : "other (reset, glue)",
              "cold start − stages", c - sum, c);
    share_row(out, "**total**", "cold_start_simple", c, c);
}

/* Adds to extra the workloads of the stage groups beyond the fixed list, sorted. */
static size_t extra_workloads(const pd_results *r, const char **extra) {
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const char *id = r->v[i].id, *slash = strchr(id, '/');
        size_t glen = slash ? (size_t)(slash - id) : 0, k = 0;
        int known = slash == NULL || (glen == 10 && strncmp(id, "cold_start", 10) == 0);
        for (size_t s = 0; s < NSTAGES && !known; s++)
            known = strlen(stages[s]) == glen && strncmp(id, stages[s], glen) == 0;
        if (slash == NULL || !known)
            continue;
        for (k = 0; k < NWORKLOADS && strcmp(workloads[k], slash + 1) != 0; k++)
            ;
        for (size_t j = 0; k == NWORKLOADS && j < n; j++)
            k = strcmp(extra[j], slash + 1) == 0 ? 0 : k;
        if (k == NWORKLOADS && n < MAX_EXTRA)
            extra[n++] = slash + 1;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: n is small */
        for (size_t j = i; j > 0 && strcmp(extra[j - 1], extra[j]) > 0; j--) {
            const char *tmp = extra[j];
            extra[j] = extra[j - 1];
            extra[j - 1] = tmp;
        }
    return n;
}

/* One workload row of means, or of instruction counts when `counts`; returns 0 (and
 * appends nothing) when no stage has it. */
static int workload_row(pd_buf *out, const pd_results *r, const char *w, int counts) {
    const pd_bench *cells[NSTAGES + 1];
    int any = 0;
    for (size_t s = 0; s <= NSTAGES; s++) {
        cells[s] = find2(r, s < NSTAGES ? stages[s] : "cold_start", "/", w);
        if (cells[s] && counts && !cells[s]->has_instructions)
            cells[s] = NULL;
        any |= cells[s] != NULL;
    }
    if (!any)
        return 0;
    pd_buf_puts(out, "| ");
    pd_buf_cell(out, w);
    for (size_t s = 0; s <= NSTAGES; s++) {
        char t[64];
        pd_buf_printf(out, " | %s",
                      !cells[s] ? EM_DASH
                      : counts  ? pd_fmt_count(t, sizeof t, cells[s]->instructions)
                                : pd_fmt_time(t, sizeof t, cells[s]->mean.point));
    }
    pd_buf_puts(out, " |\n");
    return 1;
}

static void workload_table(pd_buf *out, const pd_results *r, int counts) {
    const char *extra[MAX_EXTRA];
    size_t nextra = extra_workloads(r, extra);
    pd_buf table = {0};
    int rows = 0;
    for (size_t i = 0; i < NWORKLOADS + nextra; i++)
        rows += workload_row(&table, r, i < NWORKLOADS ? workloads[i] : extra[i - NWORKLOADS],
                             counts);
    if (rows > 0) {
        pd_buf_puts(out, counts ? "\nInstructions per iteration of the same groups "
                                  "(`bench --measure instructions`: exact, from callgrind):\n\n"
                                : "\nMeans of the parameterised groups (`lexer/<workload>` ... "
                                  "`cold_start/<workload>`):\n\n");
        pd_buf_puts(out, "| workload | lexer | parser | compiler | vm | format | cold_start |\n"
                         "| --- | --- | --- | --- | --- | --- | --- |\n");
        pd_buf_add(out, table.data, table.len);
    }
    out->oom |= table.oom;
    pd_buf_free(&table);
}

void pd_render_breakdown(pd_buf *out, const pd_doc *doc) {
    cold_start_shares(out, doc->results);
    workload_table(out, doc->results, 0);
    workload_table(out, doc->results, 1); /* only when instruction counts were measured */
}

/* The comparisons: scope, CPython's benchmark, minipy's benchmark. */
static const struct {
    const char *scope, *theirs, *ours;
} pairs[] = {
    {"in-process", "cpython_pure_execution", "cold_start_simple"},
    {"in-process", "cpython_pure_vm", "vm_simple"},
    {"subprocess", "cpython_subprocess_baseline", "binary_subprocess_simple"},
    {"subprocess", "cpython_subprocess_baseline_nosite", "binary_subprocess_simple"},
};
#define NPAIRS (sizeof pairs / sizeof *pairs)

static void ratio(pd_buf *out, double num, double den) {
    char v[64];
    if (den > 0 && isfinite(num / den))
        pd_buf_printf(out, " | %sx", pd_fmt_fixed(v, sizeof v, 1, num / den));
    else
        pd_buf_puts(out, " | " EM_DASH);
}

static void comparison_row(pd_buf *out, const pd_results *r, size_t i) {
    const pd_bench *th = pd_results_find(r, pairs[i].theirs);
    const pd_bench *us = pd_results_find(r, pairs[i].ours);
    char t1[64], t2[64];
    pd_buf_printf(out, "| %s | %s | %s | %s | %s", pairs[i].scope, pairs[i].theirs,
                  th ? pd_fmt_time(t1, sizeof t1, th->mean.point) : "not measured", pairs[i].ours,
                  us ? pd_fmt_time(t2, sizeof t2, us->mean.point) : "not measured");
    if (th && us) {
        ratio(out, th->mean.point, us->mean.point);
        ratio(out, th->mean.lower, us->mean.upper);
        ratio(out, th->mean.upper, us->mean.lower);
    } else {
        pd_buf_puts(out, " | " EM_DASH " | " EM_DASH " | " EM_DASH);
    }
    pd_buf_puts(out, " |\n");
}

/* "CPython: exe (version)." from the CPython benchmarks' contexts, each distinct text once. */
static void python_lines(pd_buf *out, const pd_results *r) {
    pd_buf texts[NPAIRS];
    size_t n = 0;
    for (size_t i = 0; i < NPAIRS; i++) {
        const pd_bench *b = pd_results_find(r, pairs[i].theirs);
        if (b == NULL || (!b->ctx[PD_CTX_PYTHON_EXECUTABLE] && !b->ctx[PD_CTX_PYTHON_VERSION]))
            continue;
        pd_buf t = {0};
        pd_buf_cell(&t, b->ctx[PD_CTX_PYTHON_EXECUTABLE]);
        pd_buf_puts(&t, " (");
        pd_buf_cell(&t, b->ctx[PD_CTX_PYTHON_VERSION]);
        pd_buf_puts(&t, ")");
        int dup = t.oom;
        for (size_t j = 0; j < n && !dup; j++)
            dup = strcmp(texts[j].data, t.data) == 0;
        out->oom |= t.oom;
        if (dup)
            pd_buf_free(&t);
        else
            texts[n++] = t;
    }
    for (size_t j = 0; j < n; j++) {
        pd_buf_puts(out, j == 0 ? "\nCPython: " : "; ");
        pd_buf_add(out, texts[j].data, texts[j].len);
        pd_buf_free(&texts[j]);
    }
    if (n > 0)
        pd_buf_puts(out, ".\n");
}

void pd_render_comparison(pd_buf *out, const pd_doc *doc) {
    pd_buf_puts(out, "| scope | CPython | CPython mean | minipy | minipy mean | speedup "
                     "| conservative | optimistic |\n"
                     "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (size_t i = 0; i < NPAIRS; i++)
        comparison_row(out, doc->results, i);
    pd_buf_puts(out, "\nSpeedup is CPython's mean over minipy's. Conservative divides the "
                     "lower bound of CPython's interval by the upper bound of minipy's; "
                     "optimistic divides the upper bound by the lower bound.\n");
    python_lines(out, doc->results);
}
