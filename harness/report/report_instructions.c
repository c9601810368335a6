/* report_instructions.c: the report page of --measure instructions,
 * <out>/<id>/instructions/report/index.html: the count per iteration (and the cache figures),
 * the change against the baseline with its verdict, and a flame graph of where the
 * instructions go, drawn from the callgrind output kept in instructions/new/. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callgrind.h"
#include "flame.h"
#include "format.h"
#include "fs.h"
#include "report.h"
#include "report_util.h"
#include "store.h"
#include "svg.h"

/* "../" once per directory level between <out> and <out>/<dir>/instructions/report/. */
static void up_path(const char *dir, char *up, size_t len) {
    size_t levels = 3, n = 0; /* instructions/report/ and the first part of dir */
    for (const char *p = dir; *p; p++)
        levels += *p == '/';
    up[0] = '\0';
    for (size_t i = 0; i < levels && n + 3 < len; i++, n += 3)
        memcpy(up + n, "../", 4);
}

static void figures(crit_sbuf *b, const crit_instructions *in) {
    crit_sbuf_printf(b,
                     "<table>\n<tbody>\n<tr><th>Instructions per iteration</th><td>%.2f</td>"
                     "</tr>\n",
                     in->instructions);
    if (in->cache_sim)
        crit_sbuf_printf(b,
                         "<tr><th>L1 misses per iteration</th><td>%.2f</td></tr>\n"
                         "<tr><th>LL misses per iteration</th><td>%.2f</td></tr>\n"
                         "<tr><th>Estimated cycles per iteration</th><td>%.2f</td></tr>\n",
                         in->l1_misses, in->ll_misses, in->estimated_cycles);
    crit_sbuf_printf(b,
                     "<tr><th>Counted</th><td>%llu and %llu iterations under callgrind; the "
                     "difference over %llu</td></tr>\n</tbody>\n</table>\n",
                     (unsigned long long)in->iters[0], (unsigned long long)in->iters[1],
                     (unsigned long long)(in->iters[1] - in->iters[0]));
}

static void change_part(crit_sbuf *b, const crit_change *c) {
    char pct[64];
    const crit_verdict_text *v = crit_verdict_texts(c->verdict);
    bool coloured = c->verdict == CRIT_VERDICT_IMPROVED || c->verdict == CRIT_VERDICT_REGRESSED;
    crit_sbuf_printf(
        b,
        "<h2>Change since the baseline</h2>\n<p class=\"verdict %s\">%s</p>\n"
        "<p>%s instructions per iteration (exact; noise threshold &#177;%.2f%%).</p>\n",
        coloured ? v->name : "", v->sentence, crit_fmt_change(pct, sizeof pct, c->mean.point, 1),
        c->noise_threshold * 100);
}

/* flame.svg from the callgrind output beside the counts; false (and a note on the page) when it
 * cannot be drawn. */
static bool flame(const char *dir, const char *callgrind_file, const crit_bench_id *id,
                  const crit_instructions *in, char *err, size_t errlen) {
    crit_callgrind_tree t;
    crit_sbuf svg = {0};
    char title[512];
    snprintf(title, sizeof title, "%s: %.0f instructions per iteration (%llu iterations shown)",
             id->title, in->instructions, (unsigned long long)in->iters[1]);
    int rc = crit_callgrind_read_tree(callgrind_file, &t, err, errlen);
    if (rc == 0) {
        rc = crit_report_flame_svg(&svg, &t, title);
        crit_callgrind_tree_fini(&t);
    }
    if (rc == 0)
        rc = crit_report_write(dir, "flame.svg", &svg, err, errlen);
    crit_sbuf_fini(&svg);
    return rc == 0;
}

int crit_report_instructions(const char *out_dir, const crit_bench_id *id,
                             const crit_instructions *in, const crit_change *change, char *err,
                             size_t errlen) {
    char up[256], e2[512];
    char *dir = crit_fs_join(out_dir, id->directory_name, CRIT_STORE_INSTRUCTIONS, "report",
                             (char *)NULL);
    char *cg = crit_fs_join(out_dir, id->directory_name, CRIT_STORE_INSTRUCTIONS, "new",
                            "callgrind.out", (char *)NULL);
    int rc = dir && cg ? crit_fs_mkdir_p(dir, err, errlen) : -CRIT_ENOMEM;
    if (rc == 0) {
        crit_sbuf b = {0};
        up_path(id->directory_name, up, sizeof up);
        crit_report_html_begin(&b, id->title, up, NULL, NULL);
        crit_sbuf_puts(&b, "<h2>Instructions (callgrind)</h2>\n");
        figures(&b, in);
        if (change)
            change_part(&b, change);
        crit_sbuf_puts(&b, "<h2>Where the instructions go</h2>\n");
        if (flame(dir, cg, id, in, e2, sizeof e2))
            crit_sbuf_puts(&b, "<p><img src=\"flame.svg\" alt=\"flame graph\" width=\"1200\"></p>\n"
                               "<p class=\"muted\">Inclusive instructions per call path over "
                               "the counted iterations, the stack's root at the bottom; from "
                               "<code>../new/callgrind.out</code> (callgrind_annotate, "
                               "kcachegrind).</p>\n");
        else {
            crit_sbuf_puts(&b, "<p class=\"muted\">No flame graph: ");
            crit_sbuf_escape(&b, e2);
            crit_sbuf_puts(&b, "</p>\n");
        }
        crit_report_html_end(&b);
        rc = crit_report_write(dir, "index.html", &b, err, errlen);
        crit_sbuf_fini(&b);
    }
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(dir);
    free(cg);
    return rc;
}

/* ---- the index of a run: a bar per benchmark ---------------------------------------------- */

#define BAR_X 330.0 /* where bars start (names to the left) */
#define BAR_W 560.0 /* the widest bar */
#define ROW_H 20.0

static void bar_row(crit_sbuf *b, const crit_report_count *c, size_t i, double top) {
    char name[96], pct[64];
    double y = 30 + (double)i * ROW_H;
    double w = top > 0 ? BAR_W * log10(1 + c->instructions) / log10(1 + top) : 0;
    crit_svg_ellipsize_middle(c->id->title, 48, name, sizeof name);
    crit_sbuf_puts(b, "<a href=\"../");
    crit_sbuf_url(b, c->id->directory_name);
    crit_sbuf_puts(b, "/instructions/report/index.html\"><text x=\"10\" y=\"");
    crit_sbuf_fixed(b, y + 14, 1);
    crit_sbuf_puts(b, "\">");
    crit_sbuf_escape(b, name);
    crit_sbuf_printf(b,
                     "</text></a>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" "
                     "fill=\"#4c78a8\"/>\n<text x=\"%.1f\" y=\"%.1f\">%.0f</text>\n",
                     BAR_X, y + 3, w, BAR_X + w + 6, y + 14, c->instructions);
    if (c->change) {
        crit_verdict v = c->change->verdict;
        const char *colour = v == CRIT_VERDICT_REGRESSED  ? "#b00"
                             : v == CRIT_VERDICT_IMPROVED ? "#080"
                                                          : "#666";
        crit_sbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%s</text>\n",
                         BAR_X + BAR_W + 80, y + 14, colour,
                         crit_fmt_change(pct, sizeof pct, c->change->mean.point, 1));
    }
}

int crit_report_instructions_index(const char *out_dir, const crit_report_count *c, size_t n,
                                   char *err, size_t errlen) {
    char *dir = crit_fs_join(out_dir, "report", (char *)NULL);
    int rc = dir ? crit_fs_mkdir_p(dir, err, errlen) : -CRIT_ENOMEM;
    double top = 0;
    for (size_t i = 0; i < n; i++)
        top = c[i].instructions > top ? c[i].instructions : top;
    if (rc == 0) {
        crit_sbuf b = {0};
        crit_report_html_begin(&b, "Instructions per iteration", "../", NULL, NULL);
        crit_sbuf_printf(&b,
                         "<p>From <code>--measure instructions</code> (callgrind, exact); bars "
                         "on a log scale, the change against the baseline at the right.</p>\n"
                         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1080\" "
                         "height=\"%.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
                         40 + (double)n * ROW_H);
        for (size_t i = 0; i < n; i++)
            bar_row(&b, &c[i], i, top);
        crit_sbuf_puts(&b, "</svg>\n");
        crit_report_html_end(&b);
        rc = crit_report_write(dir, "instructions.html", &b, err, errlen);
        crit_sbuf_fini(&b);
    }
    if (rc == -CRIT_ENOMEM)
        snprintf(err, errlen, "out of memory");
    free(dir);
    return rc;
}
