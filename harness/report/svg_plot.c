/* svg_plot.c: svg.h's plots: document header, grid, a clipped data layer drawn in data
 * coordinates, then frame, ticks, axis titles, legend and note. Text only, in memory. */
#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define TITLE_Y 20.0
#define FRAME_TOP 34.0
#define BOTTOM 60.0
#define RIGHT 24.0
#define CHAR_W 6.6 /* mean advance of a 12 px sans-serif character */
#define LEGEND_MAX_CHARS 40

/* Pixel coordinates are clamped so that far-off data never produce huge numbers. */
static double clamp_px(double v) {
    if (isnan(v))
        return -1e4;
    return v < -1e4 ? -1e4 : v > 1e5 ? 1e5 : v;
}

static void put_xy(crit_sbuf *b, double x, double y) {
    crit_sbuf_fixed(b, clamp_px(x), 1);
    crit_sbuf_puts(b, ",");
    crit_sbuf_fixed(b, clamp_px(y), 1);
}

/* ` name="value"` with an escaped value. */
static void attr(crit_sbuf *b, const char *name, const char *value) {
    crit_sbuf_printf(b, " %s=\"", name);
    crit_sbuf_escape(b, value);
    crit_sbuf_puts(b, "\"");
}

static void put_style(crit_sbuf *b, const crit_svg_style *st) {
    if (st->stroke) {
        attr(b, "stroke", st->stroke);
        crit_sbuf_puts(b, " stroke-width=\"");
        crit_sbuf_fixed(b, st->width > 0 ? st->width : 1.5, 2);
        crit_sbuf_puts(b, "\"");
        if (st->dashed)
            crit_sbuf_puts(b, " stroke-dasharray=\"6 4\"");
    } else {
        crit_sbuf_puts(b, " stroke=\"none\"");
    }
    if (st->fill) {
        attr(b, "fill", st->fill);
        if (st->opacity > 0 && st->opacity < 1) {
            crit_sbuf_puts(b, " fill-opacity=\"");
            crit_sbuf_fixed(b, st->opacity, 2);
            crit_sbuf_puts(b, "\"");
        }
    } else {
        crit_sbuf_puts(b, " fill=\"none\"");
    }
}

static double map(const crit_axis *ax, double v) {
    if (ax->log) {
        double l0 = log10(ax->lo), l1 = log10(ax->hi);
        return v > 0 ? (log10(v) - l0) / (l1 - l0) : -1e3;
    }
    return (v - ax->lo) / (ax->hi - ax->lo);
}

double crit_plot_px(const crit_plot *p, double v) { return p->fx + map(&p->x, v) * p->fw; }

double crit_plot_py(const crit_plot *p, double v) { return p->fy + p->fh - map(&p->y, v) * p->fh; }

/* Opens (data) or closes (annotations) the clipped layer. */
static void layer(crit_plot *p, bool clipped) {
    if (clipped && !p->clipped)
        crit_sbuf_puts(&p->out, "<g clip-path=\"url(#frame)\">\n");
    else if (!clipped && p->clipped)
        crit_sbuf_puts(&p->out, "</g>\n");
    p->clipped = clipped;
}

static double y_label_width(const crit_axis *y) {
    size_t chars = 1;
    char buf[64];
    for (size_t i = 0; i < y->nticks; i++) {
        size_t c = crit_svg_text_chars(crit_axis_tick_label(y, i, buf, sizeof buf));
        chars = c > chars ? c : chars;
    }
    return (double)chars * CHAR_W;
}

static void grid(crit_plot *p) {
    crit_sbuf *b = &p->out;
    crit_sbuf_puts(b, "<g stroke=\"#e6e6e6\" stroke-width=\"1\">\n");
    for (size_t i = 0; i < p->x.nticks; i++) {
        double x = crit_plot_px(p, p->x.ticks[i]);
        crit_sbuf_puts(b, "<path d=\"M");
        put_xy(b, x, p->fy);
        crit_sbuf_puts(b, "V");
        crit_sbuf_fixed(b, p->fy + p->fh, 1);
        crit_sbuf_puts(b, "\"/>\n");
    }
    for (size_t i = 0; i < p->y.nticks; i++) {
        double y = crit_plot_py(p, p->y.ticks[i]);
        crit_sbuf_puts(b, "<path d=\"M");
        put_xy(b, p->fx, y);
        crit_sbuf_puts(b, "H");
        crit_sbuf_fixed(b, p->fx + p->fw, 1);
        crit_sbuf_puts(b, "\"/>\n");
    }
    crit_sbuf_puts(b, "</g>\n");
}

void crit_plot_begin(crit_plot *p, double width, double height, const char *title,
                     const crit_axis *x, const crit_axis *y, double left) {
    memset(p, 0, sizeof *p);
    p->x = *x, p->y = *y;
    p->width = width, p->height = height;
    if (left <= 0)
        left = fmax(48.0, 34.0 + y_label_width(y));
    p->fx = left, p->fy = FRAME_TOP;
    p->fw = fmax(10.0, width - left - RIGHT);
    p->fh = fmax(10.0, height - FRAME_TOP - BOTTOM);
    crit_sbuf *b = &p->out;
    crit_sbuf_printf(b,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www."
                     "w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
                     " font-family=\"sans-serif\" font-size=\"12\">\n<title>",
                     width, height, width, height);
    crit_sbuf_escape(b, title);
    crit_sbuf_printf(b,
                     "</title>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n"
                     "<text x=\"%.1f\" y=\"%.0f\" font-size=\"14\" font-weight=\"bold\">",
                     width, height, p->fx, TITLE_Y);
    crit_sbuf_escape(b, title);
    crit_sbuf_puts(b, "</text>\n");
    grid(p);
    crit_sbuf_puts(b, "<defs><clipPath id=\"frame\"><rect");
    crit_sbuf_printf(b,
                     " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/></clipPath>"
                     "</defs>\n",
                     p->fx, p->fy, p->fw, p->fh);
}

static void points(crit_plot *p, const double *x, const double *y, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i)
            crit_sbuf_puts(&p->out, " ");
        put_xy(&p->out, crit_plot_px(p, x[i]), crit_plot_py(p, y[i]));
    }
}

/* <tag points="..." style.../> through n data points; `tail` ends the element's attributes. */
static void poly(crit_plot *p, const char *tag, const double *x, const double *y, size_t n,
                 const crit_svg_style *st, const char *tail) {
    if (n == 0)
        return;
    layer(p, true);
    crit_sbuf_printf(&p->out, "<%s points=\"", tag);
    points(p, x, y, n);
    crit_sbuf_puts(&p->out, "\"");
    put_style(&p->out, st);
    crit_sbuf_puts(&p->out, tail);
}

void crit_plot_polyline(crit_plot *p, const double *x, const double *y, size_t n,
                        const crit_svg_style *st) {
    poly(p, "polyline", x, y, n, st, " stroke-linejoin=\"round\"/>\n");
}

void crit_plot_polygon(crit_plot *p, const double *x, const double *y, size_t n,
                       const crit_svg_style *st) {
    poly(p, "polygon", x, y, n, st, "/>\n");
}

void crit_plot_area(crit_plot *p, const double *x, const double *y_lo, const double *y_hi, size_t n,
                    const crit_svg_style *st) {
    if (n == 0)
        return;
    layer(p, true);
    crit_sbuf *b = &p->out;
    crit_sbuf_puts(b, "<path d=\"M");
    for (size_t i = 0; i < n; i++) {
        if (i)
            crit_sbuf_puts(b, "L");
        put_xy(b, crit_plot_px(p, x[i]), crit_plot_py(p, y_hi[i]));
    }
    for (size_t i = n; i-- > 0;) {
        crit_sbuf_puts(b, "L");
        put_xy(b, crit_plot_px(p, x[i]), y_lo ? crit_plot_py(p, y_lo[i]) : p->fy + p->fh);
    }
    crit_sbuf_puts(b, "Z\"");
    put_style(b, st);
    crit_sbuf_puts(b, "/>\n");
}

void crit_plot_segment(crit_plot *p, double x0, double y0, double x1, double y1,
                       const crit_svg_style *st) {
    layer(p, true);
    crit_sbuf_puts(&p->out, "<path d=\"M");
    put_xy(&p->out, crit_plot_px(p, x0), crit_plot_py(p, y0));
    crit_sbuf_puts(&p->out, "L");
    put_xy(&p->out, crit_plot_px(p, x1), crit_plot_py(p, y1));
    crit_sbuf_puts(&p->out, "\"");
    put_style(&p->out, st);
    crit_sbuf_puts(&p->out, "/>\n");
}

void crit_plot_vspan(crit_plot *p, double x0, double x1, const crit_svg_style *st) {
    double a = clamp_px(crit_plot_px(p, x0)), c = clamp_px(crit_plot_px(p, x1));
    layer(p, true);
    crit_sbuf_puts(&p->out, "<rect x=\"");
    crit_sbuf_fixed(&p->out, fmin(a, c), 1);
    crit_sbuf_printf(&p->out, "\" y=\"%.1f\" width=\"", p->fy);
    crit_sbuf_fixed(&p->out, fabs(c - a), 1);
    crit_sbuf_printf(&p->out, "\" height=\"%.1f\"", p->fh);
    put_style(&p->out, st);
    crit_sbuf_puts(&p->out, "/>\n");
}

void crit_plot_circles(crit_plot *p, const double *x, const double *y, size_t n, double r,
                       const crit_svg_style *st) {
    if (n == 0)
        return;
    layer(p, true);
    crit_sbuf *b = &p->out;
    crit_sbuf_puts(b, "<g");
    put_style(b, st);
    crit_sbuf_puts(b, ">\n");
    for (size_t i = 0; i < n; i++) {
        crit_sbuf_puts(b, "<circle cx=\"");
        crit_sbuf_fixed(b, clamp_px(crit_plot_px(p, x[i])), 1);
        crit_sbuf_puts(b, "\" cy=\"");
        crit_sbuf_fixed(b, clamp_px(crit_plot_py(p, y[i])), 1);
        crit_sbuf_puts(b, "\" r=\"");
        crit_sbuf_fixed(b, r, 1);
        crit_sbuf_puts(b, "\"/>\n");
    }
    crit_sbuf_puts(b, "</g>\n");
}

void crit_plot_edge_marker(crit_plot *p, double px, double py, char dir, const crit_svg_style *st) {
    static const double s = 5.0;
    double x[3], y[3], sign = dir == 'l' || dir == 'u' ? -1.0 : 1.0;
    if (dir == 'u' || dir == 'd')
        x[0] = px, y[0] = py + sign * s, x[1] = px - s, y[1] = py - sign * s, x[2] = px + s,
        y[2] = py - sign * s;
    else
        x[0] = px + sign * s, y[0] = py, x[1] = px - sign * s, y[1] = py - s, x[2] = px - sign * s,
        y[2] = py + s;
    layer(p, false);
    crit_sbuf_puts(&p->out, "<polygon points=\"");
    for (int i = 0; i < 3; i++) {
        crit_sbuf_puts(&p->out, i ? " " : "");
        put_xy(&p->out, x[i], y[i]);
    }
    crit_sbuf_puts(&p->out, "\"");
    put_style(&p->out, st);
    crit_sbuf_puts(&p->out, "/>\n");
}

void crit_plot_text(crit_plot *p, double px, double py, const char *anchor, const char *text) {
    layer(p, false);
    crit_sbuf_puts(&p->out, "<text x=\"");
    crit_sbuf_fixed(&p->out, clamp_px(px), 1);
    crit_sbuf_puts(&p->out, "\" y=\"");
    crit_sbuf_fixed(&p->out, clamp_px(py), 1);
    crit_sbuf_puts(&p->out, "\"");
    attr(&p->out, "text-anchor", anchor);
    crit_sbuf_puts(&p->out, ">");
    crit_sbuf_escape(&p->out, text);
    crit_sbuf_puts(&p->out, "</text>\n");
}

void crit_plot_legend(crit_plot *p, const char *label, const crit_svg_style *st,
                      crit_legend_kind kind) {
    if (p->nlegend >= CRIT_PLOT_MAX_LEGEND)
        return;
    crit_legend_entry *e = &p->legend[p->nlegend++];
    crit_svg_ellipsize(label, LEGEND_MAX_CHARS, e->label, sizeof e->label);
    snprintf(e->stroke, sizeof e->stroke, "%s", st->stroke ? st->stroke : "");
    snprintf(e->fill, sizeof e->fill, "%s", st->fill ? st->fill : "");
    e->opacity = st->opacity;
    e->dashed = st->dashed;
    e->kind = kind;
}

void crit_plot_legend_room(double width, double height, const char *const *labels, size_t n,
                           double *fw, double *fh) {
    size_t chars = 1;
    for (size_t i = 0; i < n; i++) {
        size_t c = crit_svg_text_chars(labels[i]);
        c = c > LEGEND_MAX_CHARS ? LEGEND_MAX_CHARS : c;
        chars = c > chars ? c : chars;
    }
    double frame_w = fmax(10.0, width - 60.0 - RIGHT),
           frame_h = fmax(10.0, height - FRAME_TOP - BOTTOM);
    *fw = fmin(1.0, (38 + CHAR_W * (double)chars + 8) / frame_w);
    *fh = fmin(1.0, (18.0 * (double)n + 8 + 8) / frame_h);
}

void crit_plot_note(crit_plot *p, const char *note) {
    snprintf(p->note, sizeof p->note, "%s", note);
}

/* The axis title with its unit: "Average time (µs)". */
static void axis_title(const crit_axis *ax, char *buf, size_t len) {
    if (ax->unit[0] && ax->title[0])
        snprintf(buf, len, "%s (%s)", ax->title, ax->unit);
    else
        snprintf(buf, len, "%s", ax->title);
}

static void ticks(crit_plot *p) {
    crit_sbuf *b = &p->out;
    char label[64];
    double bottom = p->fy + p->fh;
    crit_sbuf_puts(b, "<g stroke=\"#333\" stroke-width=\"1\">\n");
    for (size_t i = 0; i < p->x.nticks; i++) {
        crit_sbuf_puts(b, "<path d=\"M");
        put_xy(b, crit_plot_px(p, p->x.ticks[i]), bottom);
        crit_sbuf_puts(b, "v5\"/>\n");
    }
    for (size_t i = 0; i < p->y.nticks; i++) {
        crit_sbuf_puts(b, "<path d=\"M");
        put_xy(b, p->fx, crit_plot_py(p, p->y.ticks[i]));
        crit_sbuf_puts(b, "h-5\"/>\n");
    }
    crit_sbuf_puts(b, "</g>\n");
    for (size_t i = 0; i < p->x.nticks; i++)
        crit_plot_text(p, crit_plot_px(p, p->x.ticks[i]), bottom + 18, "middle",
                       crit_axis_tick_label(&p->x, i, label, sizeof label));
    for (size_t i = 0; i < p->y.nticks; i++)
        crit_plot_text(p, p->fx - 8, crit_plot_py(p, p->y.ticks[i]) + 4, "end",
                       crit_axis_tick_label(&p->y, i, label, sizeof label));
}

/* The legend: a box of one entry per line inside the frame's top-right (or top-left) corner. */
static void legend(crit_plot *p) {
    if (p->nlegend == 0)
        return;
    crit_sbuf *b = &p->out;
    size_t chars = 1;
    for (size_t i = 0; i < p->nlegend; i++) {
        size_t c = crit_svg_text_chars(p->legend[i].label);
        chars = c > chars ? c : chars;
    }
    double w = 38 + CHAR_W * (double)chars, h = 18.0 * (double)p->nlegend + 8;
    double x = p->legend_left ? p->fx + 8 : p->fx + p->fw - 8 - w, y = p->fy + 8;
    crit_sbuf_printf(b,
                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                     "fill=\"#fff\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n",
                     x, y, w, h);
    for (size_t i = 0; i < p->nlegend; i++) {
        const crit_legend_entry *e = &p->legend[i];
        crit_svg_style st = {e->stroke[0] ? e->stroke : NULL, e->fill[0] ? e->fill : NULL, 2.0,
                             e->opacity, e->dashed};
        double row = y + 17 + 18.0 * (double)i;
        if (e->kind == CRIT_LEGEND_AREA)
            crit_sbuf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"20\" height=\"10\"", x + 6,
                             row - 9);
        else if (e->kind == CRIT_LEGEND_DOT)
            crit_sbuf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"", x + 16, row - 4);
        else
            crit_sbuf_printf(b, "<path d=\"M%.1f,%.1fh20\"", x + 6, row - 4);
        if (e->kind == CRIT_LEGEND_LINE)
            st.fill = NULL;
        put_style(b, &st);
        crit_sbuf_puts(b, "/>\n");
        crit_plot_text(p, x + 32, row, "start", e->label);
    }
}

int crit_plot_end(crit_plot *p, char **out, size_t *len) {
    char title[160];
    crit_sbuf *b = &p->out;
    layer(p, false);
    crit_sbuf_printf(b,
                     "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                     "fill=\"none\" stroke=\"#333\"/>\n",
                     p->fx, p->fy, p->fw, p->fh);
    ticks(p);
    axis_title(&p->x, title, sizeof title);
    crit_plot_text(p, p->fx + p->fw / 2, p->fy + p->fh + 38, "middle", title);
    axis_title(&p->y, title, sizeof title);
    if (title[0]) {
        double cy = p->fy + p->fh / 2;
        crit_sbuf_printf(b,
                         "<text transform=\"rotate(-90 16 %.1f)\" x=\"16\" y=\"%.1f\" "
                         "text-anchor=\"middle\">",
                         cy, cy);
        crit_sbuf_escape(b, title);
        crit_sbuf_puts(b, "</text>\n");
    }
    legend(p);
    if (p->note[0]) {
        crit_sbuf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#a33\">", p->fx,
                         p->height - 6);
        crit_sbuf_escape(b, p->note);
        crit_sbuf_puts(b, "</text>\n");
    }
    crit_sbuf_puts(b, "</svg>\n");
    if (b->failed) {
        crit_sbuf_fini(b);
        return -CRIT_ENOMEM;
    }
    *out = b->data;
    *len = b->len;
    *b = (crit_sbuf){0};
    return 0;
}

void crit_plot_discard(crit_plot *p) { crit_sbuf_fini(&p->out); }
