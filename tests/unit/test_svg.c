/* test_svg.c: svg.h: nice ticks on hand-picked ranges, units picked as the console picks
 * them, log ticks and labels, number formatting, escaping and URLs, label shortening, and the
 * exact text of a tiny plot. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "svg.h"

static void assert_ticks(const crit_axis *ax, const double *want, size_t n) {
    assert_int_equal(ax->nticks, n);
    for (size_t i = 0; i < n; i++)
        if (ax->ticks[i] != want[i])
            fail_msg("tick %zu = %.17g, expected %.17g", i, ax->ticks[i], want[i]);
}

static void assert_labels(const crit_axis *ax, const char *const *want, size_t n) {
    char buf[64];
    assert_int_equal(ax->nticks, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(crit_axis_tick_label(ax, i, buf, sizeof buf), want[i]);
}

static void test_nice_ticks(void **state) {
    (void)state;
    double t[32];
    int dec = -1;
    /* [0, 1]: step 0.2, and each tick is the double nearest its decimal (6/10, not 3*0.2) */
    assert_int_equal(crit_svg_nice_ticks(0, 1, 5, t, 32, &dec), 6);
    const double unit[6] = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
    for (int i = 0; i < 6; i++)
        assert_true(t[i] == unit[i]);
    assert_int_equal(dec, 1);
    /* [3, 97]: raw step 18.8 -> 20 */
    assert_int_equal(crit_svg_nice_ticks(3, 97, 5, t, 32, &dec), 4);
    assert_true(t[0] == 20 && t[3] == 80 && dec == 0);
    /* [-1, 1]: raw 0.4 -> 0.5 */
    assert_int_equal(crit_svg_nice_ticks(-1, 1, 5, t, 32, &dec), 5);
    assert_true(t[0] == -1 && t[2] == 0 && t[4] == 1 && dec == 1);
    /* [0.0012, 0.0099]: raw 0.00174 -> 0.002 */
    assert_int_equal(crit_svg_nice_ticks(0.0012, 0.0099, 5, t, 32, &dec), 4);
    assert_true(t[0] == 0.002 && t[3] == 0.008 && dec == 3);
    /* degenerate or not finite: nothing */
    assert_int_equal(crit_svg_nice_ticks(1, 1, 5, t, 32, NULL), 0);
    assert_int_equal(crit_svg_nice_ticks(0, INFINITY, 5, t, 32, NULL), 0);
}

static void test_axis_units(void **state) {
    (void)state;
    crit_axis ax;
    /* [0, 1] plain numbers */
    crit_axis_init(&ax, CRIT_AXIS_NUMBER, 0, 0, 1, "x");
    const char *const unit_labels[6] = {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"};
    assert_labels(&ax, unit_labels, 6);
    assert_string_equal(ax.unit, "");
    /* [1.2e3, 9.9e3] ns: microseconds, ticks 2 4 6 8 µs = 2000 ... 8000 ns */
    crit_axis_init(&ax, CRIT_AXIS_TIME, 0, 1.2e3, 9.9e3, "Average time");
    assert_string_equal(ax.unit, "\xC2\xB5s");
    const double us[4] = {2000, 4000, 6000, 8000};
    assert_ticks(&ax, us, 4);
    const char *const us_labels[4] = {"2", "4", "6", "8"};
    assert_labels(&ax, us_labels, 4);
    /* [0.2, 0.9] ns -> ps; [2e6, 9e6] -> ms; [1e9, 5e9] -> s */
    crit_axis_init(&ax, CRIT_AXIS_TIME, 0, 0.2, 0.9, "t");
    assert_string_equal(ax.unit, "ps");
    crit_axis_init(&ax, CRIT_AXIS_TIME, 0, 2e6, 9e6, "t");
    assert_string_equal(ax.unit, "ms");
    crit_axis_init(&ax, CRIT_AXIS_TIME, 0, 1e9, 5e9, "t");
    assert_string_equal(ax.unit, "s");
    /* percentages and large counts */
    crit_axis_init(&ax, CRIT_AXIS_PERCENT, 0, -0.05, 0.05, "Relative change");
    assert_string_equal(ax.unit, "%");
    const char *const pct[5] = {"-4", "-2", "0", "2", "4"};
    assert_labels(&ax, pct, 5);
    crit_axis_init(&ax, CRIT_AXIS_NUMBER, CRIT_AXIS_EXTEND, 0, 47000, "Iterations");
    assert_string_equal(ax.unit, "\xC3\x97"
                                 "10\xC2\xB3"); /* ×10³ */
    assert_true(ax.hi == 50000.0);
    assert_true(ax.ticks[ax.nticks - 1] == 50000.0);
}

/* The axis unit is the one crit_fmt_time_aligned prints for the same value. */
static void test_units_match_console(void **state) {
    (void)state;
    const double ns[] = {0.0004, 0.999, 1.0, 999.9, 1000.0, 999999.0, 1e6, 5e8, 1e9, 3e11};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        char buf[64];
        crit_axis ax;
        crit_axis_init(&ax, CRIT_AXIS_TIME, 0, 0.0, ns[i], "t");
        crit_fmt_time_aligned(buf, sizeof buf, ns[i]);
        const char *printed = strrchr(buf, ' ') + 1;
        assert_string_equal(ax.unit, printed);
    }
}

static void test_log_ticks(void **state) {
    (void)state;
    double t[32];
    assert_int_equal(crit_svg_log_ticks(1, 1e4, t, 32), 5);
    assert_true(t[0] == 1 && t[1] == 10 && t[4] == 1e4);
    assert_int_equal(crit_svg_log_ticks(2, 50, t, 32), 5); /* 2 5 10 20 50 */
    assert_true(t[0] == 2 && t[1] == 5 && t[2] == 10 && t[3] == 20 && t[4] == 50);
    crit_axis ax;
    crit_axis_init(&ax, CRIT_AXIS_TIME, CRIT_AXIS_LOG, 100, 1e6, "Average time");
    const char *const labels[5] = {"100 ns", "1 \xC2\xB5s", "10 \xC2\xB5s", "100 \xC2\xB5s",
                                   "1 ms"};
    assert_labels(&ax, labels, 5);
    crit_axis_init(&ax, CRIT_AXIS_NUMBER, CRIT_AXIS_LOG, 1, 1e6, "Parameter");
    const char *const si[7] = {"1", "10", "100", "1k", "10k", "100k", "1M"};
    assert_labels(&ax, si, 7);
}

static void test_buffer_escaping_numbers(void **state) {
    (void)state;
    crit_sbuf b = {0};
    crit_sbuf_escape(&b, "a<b>&\"c'd\x01\t\xC2\xB5\xFFz");
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&#39;d?\t\xC2\xB5\xEF\xBF\xBDz");
    crit_sbuf_fini(&b);
    crit_sbuf_url(&b, "g/a b&c/\xC2\xB5");
    assert_string_equal(b.data, "g/a%20b%26c/%C2%B5");
    crit_sbuf_fini(&b);
    crit_sbuf_fixed(&b, 3.14159, 1);
    crit_sbuf_puts(&b, " ");
    crit_sbuf_fixed(&b, -0.04, 1);
    crit_sbuf_puts(&b, " ");
    crit_sbuf_fixed(&b, 5.0, 2);
    crit_sbuf_puts(&b, " ");
    crit_sbuf_fixed(&b, -1234.56, 2);
    crit_sbuf_printf(&b, " %d", 42);
    assert_string_equal(b.data, "3.1 0 5 -1234.56 42");
    assert_int_equal(b.len, strlen(b.data));
    crit_sbuf_fini(&b);
    assert_null(b.data);
}

static void test_label_shortening(void **state) {
    (void)state;
    char out[64];
    assert_string_equal(crit_svg_ellipsize("abcdef", 4, out, sizeof out), "abc\xE2\x80\xA6");
    assert_string_equal(crit_svg_ellipsize("abcd", 4, out, sizeof out), "abcd");
    /* never splits a UTF-8 sequence: µµµµµ cut to 3 characters */
    assert_string_equal(crit_svg_ellipsize("\xC2\xB5\xC2\xB5\xC2\xB5\xC2\xB5\xC2\xB5", 3, out,
                                           sizeof out),
                        "\xC2\xB5\xC2\xB5\xE2\x80\xA6");
    assert_int_equal(crit_svg_text_chars("a\xC2\xB5\xE2\x80\xA6"), 3);
    /* the middle cut keeps the end: 4 + "…" + 7 characters */
    assert_string_equal(crit_svg_ellipsize_middle("function_with_a_long_name_42", 12, out,
                                                  sizeof out),
                        "func\xE2\x80\xA6name_42");
    /* a tiny buffer still gets a terminated, whole-character string */
    assert_string_equal(crit_svg_ellipsize("\xC2\xB5\xC2\xB5\xC2\xB5", 2, out, 4), "\xE2\x80\xA6");
    assert_string_equal(crit_svg_ellipsize("\xC2\xB5\xC2\xB5\xC2\xB5", 2, out, 3), "");
}

static void test_tiny_plot(void **state) {
    (void)state;
    crit_axis x, y;
    crit_axis_init(&x, CRIT_AXIS_NUMBER, 0, 0, 1, "x");
    crit_axis_init(&y, CRIT_AXIS_NUMBER, 0, 0, 1, "y");
    crit_plot p;
    /* y labels "0.0".."1.0": left margin 34 + 3 * 6.6 = 53.8; frame 53.8..276 x 34..140 */
    crit_plot_begin(&p, 300, 200, "a<b", &x, &y, 0);
    const double xs[2] = {0, 1}, ys[2] = {0, 1};
    const crit_svg_style line = {"#1f78b4", NULL, 2, 0, false};
    const crit_svg_style dash = {"#888", NULL, 1, 0, true};
    const crit_svg_style dot = {NULL, "red", 0, 0, false};
    crit_plot_polyline(&p, xs, ys, 2, &line);
    crit_plot_segment(&p, 0.5, 0, 0.5, 1, &dash);
    crit_plot_circles(&p, xs, ys, 1, 3, &dot);
    crit_plot_legend(&p, "PDF & more", &line, CRIT_LEGEND_LINE);
    crit_plot_note(&p, "1 point at 1.2 ms beyond the axis");
    char *svg;
    size_t len;
    assert_int_equal(crit_plot_end(&p, &svg, &len), 0);
    assert_int_equal(len, strlen(svg));
    const char *const want[] = {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
        "width=\"300\" height=\"200\" viewBox=\"0 0 300 200\"",
        "<title>a&lt;b</title>",
        "<clipPath id=\"frame\"><rect x=\"53.8\" y=\"34.0\" width=\"222.2\" height=\"106.0\"/>",
        "<g clip-path=\"url(#frame)\">\n<polyline points=\"53.8,140 276,34\" stroke=\"#1f78b4\" "
        "stroke-width=\"2\" fill=\"none\" stroke-linejoin=\"round\"/>",
        "<path d=\"M164.9,140L164.9,34\" stroke=\"#888\" stroke-width=\"1\" "
        "stroke-dasharray=\"6 4\" fill=\"none\"/>",
        "<circle cx=\"53.8\" cy=\"140\" r=\"3\"/>",
        ">0.6</text>",
        ">PDF &amp; more</text>",
        ">1 point at 1.2 ms beyond the axis</text>",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(svg, want[i]))
            fail_msg("missing %s in\n%s", want[i], svg);
    assert_string_equal(svg + len - 7, "</svg>\n");
    free(svg);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nice_ticks),
        cmocka_unit_test(test_axis_units),
        cmocka_unit_test(test_units_match_console),
        cmocka_unit_test(test_log_ticks),
        cmocka_unit_test(test_buffer_escaping_numbers),
        cmocka_unit_test(test_label_shortening),
        cmocka_unit_test(test_tiny_plot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
