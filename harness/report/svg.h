/* svg.h: a small SVG writer for the HTML reports (no gnuplot, no JavaScript): a growable
 * string buffer with XML escaping, axes with "nice" 1-2-5 ticks (linear or log) and the
 * console's time units (svg.c, with core's crit_time_unit_for ladder), and a plot (frame,
 * grid, clipped data layer, legend, note) drawing polylines, filled areas, circles, segments
 * and text (svg_plot.c). Private to report/. Pure: builds text in memory, never prints or
 * touches files. */
#ifndef CRIT_SVG_H
#define CRIT_SVG_H

#include <stdbool.h>
#include <stddef.h>

/* ---- string buffer ------------------------------------------------------------------------ */

/* A growable NUL-terminated string. Zero-initialise it; every append is a no-op once an
 * allocation has failed (failed is set), so callers check once at the end. */
typedef struct crit_sbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} crit_sbuf;

/* Appends printf-formatted text. */
void crit_sbuf_printf(crit_sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends the NUL-terminated s verbatim. */
void crit_sbuf_puts(crit_sbuf *b, const char *s);
/* Appends s escaped for XML/HTML text and attribute values: & < > " ' become entities,
 * control characters other than tab and newline become '?', and bytes that are not valid
 * UTF-8 become U+FFFD, so the output is always well-formed. */
void crit_sbuf_escape(crit_sbuf *b, const char *s);
/* Appends s percent-encoded for a URL path (bytes outside A-Z a-z 0-9 - . _ ~ / as %XX). */
void crit_sbuf_url(crit_sbuf *b, const char *s);
/* Appends v rounded to `decimals` (0..3) digits after the point, trailing zeros dropped
 * ("12.5", "12"), never "-0"; a non-finite v prints as 0. Fast (no printf) for coordinates. */
void crit_sbuf_fixed(crit_sbuf *b, double v, int decimals);
/* Frees the text and zeroes b. */
void crit_sbuf_fini(crit_sbuf *b);

/* Number of characters (UTF-8 code points) in s. */
size_t crit_svg_text_chars(const char *s);
/* Copies s into out (outlen bytes) cut to at most max_chars characters; a cut string ends in
 * "…" (counted in max_chars, max_chars >= 2). Never splits a UTF-8 sequence. Returns out. */
char *crit_svg_ellipsize(const char *s, size_t max_chars, char *out, size_t outlen);
/* crit_svg_ellipsize that cuts in the middle ("function_with…number_12"), keeping the end
 * that often tells labels apart. Returns out. */
char *crit_svg_ellipsize_middle(const char *s, size_t max_chars, char *out, size_t outlen);

/* ---- units and ticks ---------------------------------------------------------------------- */

/* Ticks at the multiples of a 1-2-5 step (1, 2 or 5 times a power of ten) chosen so that
 * about `target` (>= 2) intervals span [lo, hi]: writes the multiples inside [lo, hi] (with
 * a relative 1e-9 tolerance at the ends) to ticks, at most max, each computed as an integer
 * times or divided by a power of ten so that e.g. 0.6 is the double nearest 0.6. *decimals
 * (may be NULL) gets the digits needed after the point. Returns the count; 0 when lo or hi
 * is not finite or hi <= lo. */
size_t crit_svg_nice_ticks(double lo, double hi, size_t target, double *ticks, size_t max,
                           int *decimals);

/* Log-axis ticks inside [lo, hi] (0 < lo < hi): the powers of ten, plus 2x and 5x of each
 * when fewer than three powers fall inside. Returns the count (may be < 2 for a range
 * within one decade; crit_axis_init then falls back to linear ticks). */
size_t crit_svg_log_ticks(double lo, double hi, double *ticks, size_t max);

/* ---- axes --------------------------------------------------------------------------------- */

/* What an axis's data are: plain numbers (scaled by a power of 1000 shown as "×10⁶" when
 * large or small), durations in ns (shown in the console's unit), or fractions (shown as %). */
typedef enum { CRIT_AXIS_NUMBER = 0, CRIT_AXIS_TIME, CRIT_AXIS_PERCENT } crit_axis_kind;

/* crit_axis_init flags. */
enum {
    CRIT_AXIS_LOG = 1,    /* log10 scale (the range must be > 0, else the axis stays linear) */
    CRIT_AXIS_EXTEND = 2, /* widen [lo, hi] outward to the nearest ticks (linear only) */
    CRIT_AXIS_BARE = 4    /* no ticks, labels or grid (e.g. a category axis drawn by hand) */
};

#define CRIT_AXIS_MAX_TICKS 32

/* One axis: the data range [lo, hi] mapped onto the frame, the display unit, the ticks. */
typedef struct crit_axis {
    crit_axis_kind kind;
    bool log;
    bool per_tick_units; /* log axes: every tick label carries its own unit ("1 µs", "10k") */
    double lo, hi;       /* data units (ns for TIME, fractions for PERCENT) */
    double scale;        /* displayed number = data * scale */
    char unit[24];       /* "µs", "%", "×10⁶" or "" */
    char title[96];      /* e.g. "Average time"; drawn as "Average time (µs)" */
    size_t nticks;
    double ticks[CRIT_AXIS_MAX_TICKS]; /* data values */
    double shown[CRIT_AXIS_MAX_TICKS]; /* the displayed numbers (exact 1-2-5 multiples) */
    int decimals;                      /* digits after the point in the tick labels */
} crit_axis;

/* Sets up an axis over [lo, hi] in data units: picks the unit from max(|lo|, |hi|) (TIME:
 * core's crit_time_unit_for, the console's ladder; NUMBER: a power of 1000 when >= 1e4 or
 * < 1e-3), then about 5 nice ticks. A degenerate range (hi <= lo) is widened around lo;
 * non-finite ends become [0, 1]. title is copied (truncated to 95 bytes). */
void crit_axis_init(crit_axis *ax, crit_axis_kind kind, int flags, double lo, double hi,
                    const char *title);
/* The label of tick i, e.g. "0.2", "12.5", "1 µs", "10k", "-5". Returns buf. */
char *crit_axis_tick_label(const crit_axis *ax, size_t i, char *buf, size_t len);

/* ---- plots -------------------------------------------------------------------------------- */

/* Drawing style: colours are any SVG colour text ("#1f78b4"); NULL means none. */
typedef struct crit_svg_style {
    const char *stroke;
    const char *fill;
    double width;   /* stroke width in px (0: 1.5) */
    double opacity; /* fill-opacity (0: 1) */
    bool dashed;
} crit_svg_style;

/* How a legend entry is drawn: a line, a filled swatch or a dot. */
typedef enum { CRIT_LEGEND_LINE = 0, CRIT_LEGEND_AREA, CRIT_LEGEND_DOT } crit_legend_kind;

#define CRIT_PLOT_MAX_LEGEND 8

typedef struct crit_legend_entry {
    char label[64];
    char stroke[24], fill[24]; /* copies of the style's colours, "" for none */
    double opacity;
    bool dashed;
    crit_legend_kind kind;
} crit_legend_entry;

/* A plot being written: a document of width x height px with a title, a frame (the data area
 * fx, fy, fw, fh in px), two axes, and data drawn in data coordinates, clipped to the frame.
 * Call crit_plot_begin, then any drawing calls, then crit_plot_end exactly once. */
typedef struct crit_plot {
    crit_sbuf out;
    double width, height;
    double fx, fy, fw, fh;
    crit_axis x, y;
    size_t nlegend;
    crit_legend_entry legend[CRIT_PLOT_MAX_LEGEND];
    char note[200];
    bool legend_left; /* put the legend in the top-left corner (default: top-right) */
    bool clipped;     /* the clipped data layer is open */
} crit_plot;

/* Starts the document (<svg> with xmlns, width, height and viewBox; <title>; background;
 * grid lines at the ticks) and opens the clipped data layer. left is the left margin in px
 * (0: sized to the y tick labels). The axes are copied. */
void crit_plot_begin(crit_plot *p, double width, double height, const char *title,
                     const crit_axis *x, const crit_axis *y, double left);
/* Frame coordinates in px of data value v on the x / y axis (log axes map log10 v; values
 * <= 0 on a log axis map far outside the frame). */
double crit_plot_px(const crit_plot *p, double v);
double crit_plot_py(const crit_plot *p, double v);
/* Open polyline through n points (data coordinates). */
void crit_plot_polyline(crit_plot *p, const double *x, const double *y, size_t n,
                        const crit_svg_style *st);
/* Closed polygon through n points (data coordinates). */
void crit_plot_polygon(crit_plot *p, const double *x, const double *y, size_t n,
                       const crit_svg_style *st);
/* The area between y_lo[i] and y_hi[i] over x[i] (y_lo NULL: the bottom of the frame). */
void crit_plot_area(crit_plot *p, const double *x, const double *y_lo, const double *y_hi, size_t n,
                    const crit_svg_style *st);
/* A straight segment between two data points. */
void crit_plot_segment(crit_plot *p, double x0, double y0, double x1, double y1,
                       const crit_svg_style *st);
/* A band over [x0, x1] spanning the frame's full height (e.g. a noise threshold). */
void crit_plot_vspan(crit_plot *p, double x0, double x1, const crit_svg_style *st);
/* Circles of radius r px at n data points. */
void crit_plot_circles(crit_plot *p, const double *x, const double *y, size_t n, double r,
                       const crit_svg_style *st);
/* A small triangle centred at px coordinates pointing 'l'eft, 'r'ight, 'u'p or 'd'own: the
 * marker of points beyond the axis (drawn unclipped). */
void crit_plot_edge_marker(crit_plot *p, double px, double py, char dir, const crit_svg_style *st);
/* Text at px coordinates, drawn outside the clipped data layer (so labels in the margins
 * show), anchor "start", "middle" or "end"; escaped. */
void crit_plot_text(crit_plot *p, double px, double py, const char *anchor, const char *text);
/* Adds a legend entry (at most CRIT_PLOT_MAX_LEGEND; further ones are dropped). */
void crit_plot_legend(crit_plot *p, const char *label, const crit_svg_style *st,
                      crit_legend_kind kind);
/* The room a legend with these n labels takes in the frame of a width x height plot, as
 * fractions of the frame's width (*fw) and height (*fh), inset included (the frame estimated
 * with a 60 px left margin). Lets a caller pick a y range and corner that keep data clear of
 * the legend before crit_plot_begin. */
void crit_plot_legend_room(double width, double height, const char *const *labels, size_t n,
                           double *fw, double *fh);
/* Sets the one-line note printed under the plot (e.g. "1 point at 1.2 ms beyond the axis"). */
void crit_plot_note(crit_plot *p, const char *note);
/* Closes the data layer, draws the frame, tick marks and labels, axis titles, legend and note,
 * closes the document and hands its text to the caller (*out malloc'd, NUL-terminated, *len
 * its length; free()). Returns 0 or -CRIT_ENOMEM (nothing to free). */
int crit_plot_end(crit_plot *p, char **out, size_t *len);
/* Frees a plot abandoned before crit_plot_end. */
void crit_plot_discard(crit_plot *p);

#endif
