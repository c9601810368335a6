/* test_flame.c: report/flame.h's SVG flame graph on a hand-made tree (the exact rectangles:
 * count, rows with the root at the bottom, widths in proportion to the costs, children from
 * their parent's left edge; names cut to fit or left out; escaping; tooltips; colours) and on
 * the tree of a real profile (tests/fixtures/callgrind/ir.out); refused trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callgrind.h"
#include "flame.h"
#include "model.h"
#include "svg.h"

#define NO CRIT_CALLGRIND_NO_NODE

/* all 1000 -> main 1000 (self 50) -> a<b>&c 600 (-> leaf 300), b 285,
 * a_rather_long_function_name 50, narrow 15. */
static crit_callgrind_node hand_nodes[] = {
    {"all", "", "", 1000, 0, NO, 1, 1, 0},
    {"main", "main.c", "/bin/prog", 1000, 50, 0, 2, 4, 1},
    {"a<b>&c", "t&x.c", "/bin/prog", 600, 300, 1, 6, 1, 2},
    {"b", "???", "/bin/prog", 285, 285, 1, NO, 0, 2},
    {"a_rather_long_function_name", "main.c", "/bin/prog", 50, 50, 1, NO, 0, 2},
    {"narrow", "main.c", "/bin/prog", 15, 15, 1, NO, 0, 2},
    {"leaf", "main.c", "/bin/prog", 300, 300, 2, NO, 0, 3},
};

static crit_callgrind_tree hand_tree(void) {
    crit_callgrind_tree t;
    memset(&t, 0, sizeof t);
    t.totals.nevents = 1;
    strcpy(t.totals.names[0], "Ir");
    t.totals.values[0] = 1000;
    t.nodes = hand_nodes;
    t.nnodes = sizeof hand_nodes / sizeof hand_nodes[0];
    return t;
}

static size_t count(const char *s, const char *what) {
    size_t n = 0;
    for (const char *p = strstr(s, what); p != NULL; p = strstr(p + 1, what))
        n++;
    return n;
}

/* The number in attribute `name` of the element starting at p. */
static double attr(const char *p, const char *name) {
    char key[32];
    snprintf(key, sizeof key, " %s=\"", name);
    const char *end = strchr(p, '>');
    const char *a = strstr(p, key);
    assert_non_null(a);
    assert_true(a < end);
    return strtod(a + strlen(key), NULL);
}

typedef struct rect {
    double x, y, w, h;
    char fill[8];
} rect;

/* The frames' rectangles in document order (the first <rect> is the background). */
static size_t frames(const char *svg, rect *out, size_t max) {
    const char *p = strstr(svg, "<rect");
    assert_non_null(p);
    size_t n = 0;
    while ((p = strstr(p + 1, "<rect x=")) != NULL) {
        assert_true(n < max);
        out[n].x = attr(p, "x");
        out[n].y = attr(p, "y");
        out[n].w = attr(p, "width");
        out[n].h = attr(p, "height");
        const char *f = strstr(p, " fill=\"");
        assert_non_null(f);
        memcpy(out[n].fill, f + 7, 7);
        out[n].fill[7] = '\0';
        n++;
    }
    return n;
}

static char *render(const crit_callgrind_tree *t, const char *title) {
    crit_sbuf b = {0};
    assert_int_equal(crit_report_flame_svg(&b, t, title), 0);
    assert_false(b.failed);
    assert_non_null(b.data);
    return b.data;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_structure(void **state) {
    (void)state;
    crit_callgrind_tree t = hand_tree();
    char *svg = render(&t, "bench: 1000 instructions per iteration");
    assert_true(strncmp(svg, "<?xml", 5) == 0);
    assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\""));
    assert_true(strcmp(svg + strlen(svg) - 7, "</svg>\n") == 0);
    assert_null(strstr(svg, "<script"));
    /* the background and one rectangle per node, one <g> per node */
    assert_int_equal(count(svg, "<rect"), 1 + t.nnodes);
    assert_int_equal(count(svg, "<g>"), t.nnodes);
    assert_int_equal(count(svg, "</g>"), t.nnodes);
    rect r[16];
    assert_int_equal(frames(svg, r, 16), t.nnodes);
    /* rows: the root at the bottom (largest y), one row of 16 px per level, 15 px high */
    const int level[] = {0, 1, 2, 2, 2, 2, 3};
    for (size_t i = 0; i < t.nnodes; i++) {
        assert_true(fabs(r[i].y - (r[0].y - 16.0 * level[i])) < 1e-9);
        assert_true(r[i].h == 15.0);
    }
    assert_true(r[0].y == 84.0); /* 36 px of title above three rows */
    /* widths in proportion to the costs, over 1180 px (10 px margins) */
    assert_true(r[0].x == 10.0 && r[0].w == 1180.0);
    for (size_t i = 0; i < t.nnodes; i++)
        if (fabs(r[i].w / r[0].w - (double)hand_nodes[i].cost / 1000.0) > 0.0001)
            fail_msg("frame %zu: width %g for cost %llu", i, r[i].w,
                     (unsigned long long)hand_nodes[i].cost);
    /* children from the parent's left edge, in order, self on the right */
    assert_true(r[1].x == 10.0);
    assert_true(r[2].x == 10.0);
    assert_true(fabs(r[3].x - (r[2].x + r[2].w)) < 0.11);
    assert_true(fabs(r[4].x - (r[3].x + r[3].w)) < 0.11);
    assert_true(fabs(r[5].x - (r[4].x + r[4].w)) < 0.11);
    assert_true(r[5].x + r[5].w < r[1].x + r[1].w - 50); /* main's self: 59 px on the right */
    assert_true(r[6].x == 10.0);
    free(svg);
}

static void test_text(void **state) {
    (void)state;
    crit_callgrind_tree t = hand_tree();
    char *svg = render(&t, "x < y & z");
    /* the title, escaped, as the document's <title> and first line */
    assert_non_null(strstr(svg, "<title>x &lt; y &amp; z</title>"));
    assert_non_null(strstr(svg, "font-weight=\"bold\">x &lt; y &amp; z</text>"));
    /* names: escaped, never raw */
    assert_non_null(strstr(svg, ">a&lt;b&gt;&amp;c</text>"));
    assert_null(strstr(svg, "a<b>"));
    assert_null(strstr(svg, "t&x"));
    assert_non_null(strstr(svg, ">main</text>"));
    assert_non_null(strstr(svg, ">leaf</text>"));
    /* 59 px hold 7 characters: cut with an ellipsis; 17.7 px hold 1: no text at all */
    assert_non_null(strstr(svg, ">a_rath\xE2\x80\xA6</text>"));
    const char *narrow = strstr(svg, "<title>narrow");
    assert_non_null(narrow);
    const char *text = strstr(narrow, "<text"), *end = strstr(narrow, "</g>");
    assert_true(text == NULL || text > end);
    /* title + 6 names + the note */
    assert_int_equal(count(svg, "<text"), 8);
    /* tooltips: name (file unless unknown): cost event, share */
    assert_non_null(strstr(svg, "<title>main (main.c): 1000 Ir, 100.00 %</title>"));
    assert_non_null(strstr(svg, "<title>a&lt;b&gt;&amp;c (t&amp;x.c): 600 Ir, 60.00 %</title>"));
    assert_non_null(strstr(svg, "<title>b: 285 Ir, 28.50 %</title>"));
    assert_non_null(strstr(svg, "<title>narrow (main.c): 15 Ir, 1.50 %</title>"));
    assert_non_null(strstr(svg, "<title>a_rather_long_function_name (main.c): 50 Ir, 5.00 %"));
    assert_non_null(strstr(svg, "Callgrind Ir by call path, the root at the bottom"));
    free(svg);
}

static void test_colours(void **state) {
    (void)state;
    char a[8], b[8];
    const char *names[] = {"main", "leaf", "all", "a<b>&c", "", "fib'2", "x"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        crit_report_flame_colour(names[i], a, sizeof a);
        assert_int_equal(strlen(a), 7);
        assert_int_equal(a[0], '#');
        unsigned r, g, bl;
        assert_int_equal(sscanf(a + 1, "%2x%2x%2x", &r, &g, &bl), 3);
        assert_true(r >= 205 && r <= 254); /* warm: red high, blue low */
        assert_true(g <= 229);
        assert_true(bl <= 54);
        assert_string_equal(crit_report_flame_colour(names[i], b, sizeof b), a);
    }
    assert_string_not_equal(crit_report_flame_colour("main", a, sizeof a),
                            crit_report_flame_colour("leaf", b, sizeof b));
    /* a frame's fill is its name's colour */
    crit_callgrind_tree t = hand_tree();
    char *svg = render(&t, "t");
    rect r[16];
    assert_int_equal(frames(svg, r, 16), t.nnodes);
    for (size_t i = 0; i < t.nnodes; i++)
        assert_string_equal(r[i].fill, crit_report_flame_colour(hand_nodes[i].name, a, sizeof a));
    free(svg);
}

/* ir.out: 19 frames; leaf appears under compile and under parse, in one colour. */
static void test_real_profile(void **state) {
    (void)state;
    crit_callgrind_tree t;
    char err[256];
    assert_int_equal(crit_callgrind_read_tree("tests/fixtures/callgrind/ir.out", &t, err,
                                              sizeof err),
                     0);
    char *svg = render(&t, "cold_start_simple: 1204 instructions per iteration");
    assert_int_equal(count(svg, "<rect"), 1 + t.nnodes);
    assert_non_null(strstr(svg, ">cold_start</text>"));
    assert_non_null(strstr(svg, "<title>cold_start (/work/main/tests/fixtures/callgrind/src.c): "
                                "11940 Ir, 99.19 %</title>"));
    assert_non_null(strstr(svg, "<title>0x000000000001ab70: 12038 Ir, 100.00 %</title>"));
    rect r[32];
    assert_int_equal(frames(svg, r, 32), t.nnodes);
    size_t leaves = 0;
    char fill[8] = "";
    for (size_t i = 0; i < t.nnodes; i++) {
        if (strcmp(t.nodes[i].name, "leaf") != 0)
            continue;
        if (leaves++ == 0)
            strcpy(fill, r[i].fill);
        assert_string_equal(r[i].fill, fill);
        /* 3,660 or 3,720 of 12,038 */
        assert_true(fabs(r[i].w - 1180.0 * (double)t.nodes[i].cost / 12038.0) < 0.051);
    }
    assert_int_equal(leaves, 2);
    /* twelve rows: the root and eleven call levels, up to is_odd'2 (is_even, is_odd,
     * is_even'2, is_odd'2 above cold_start, at level 7) */
    double top = r[0].y;
    for (size_t i = 0; i < t.nnodes; i++)
        top = fmin(top, r[i].y);
    assert_true(r[0].y - top == 16.0 * 11);
    free(svg);
    crit_callgrind_tree_fini(&t);
}

static void test_empty_and_refused(void **state) {
    (void)state;
    crit_callgrind_node root = {"all", "", "", 0, 0, NO, NO, 0, 0};
    crit_callgrind_tree t;
    memset(&t, 0, sizeof t);
    t.nodes = &root;
    t.nnodes = 1;
    char *svg = render(&t, "nothing");
    assert_int_equal(count(svg, "<rect"), 1);
    assert_non_null(strstr(svg, ">no cost was collected</text>"));
    free(svg);

    crit_sbuf b = {0};
    assert_int_equal(crit_report_flame_svg(&b, NULL, "t"), -CRIT_EINVAL);
    t.nnodes = 0;
    assert_int_equal(crit_report_flame_svg(&b, &t, "t"), -CRIT_EINVAL);
    /* a child before its parent, or outside the array */
    crit_callgrind_node loop[2] = {{"all", "", "", 10, 0, NO, 1, 1, 0},
                                   {"f", "", "", 10, 10, 0, 0, 1, 1}};
    t.nodes = loop;
    t.nnodes = 2;
    assert_int_equal(crit_report_flame_svg(&b, &t, "t"), -CRIT_EINVAL);
    loop[1].nchildren = 0;
    loop[0].nchildren = 2;
    assert_int_equal(crit_report_flame_svg(&b, &t, "t"), -CRIT_EINVAL);
    assert_int_equal(b.len, 0);
    loop[0].nchildren = 1;
    assert_int_equal(crit_report_flame_svg(&b, &t, "t"), 0);
    assert_int_equal(count(b.data, "<rect"), 3);
    crit_sbuf_fini(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),         cmocka_unit_test(test_text),
        cmocka_unit_test(test_colours),           cmocka_unit_test(test_real_profile),
        cmocka_unit_test(test_empty_and_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
