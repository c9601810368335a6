/* test_callgrind.c: store/callgrind.h on real callgrind profiles (tests/fixtures/callgrind,
 * made by make-fixtures.sh from src.c) and on hand-written ones: exact totals (checked against
 * callgrind_annotate, quoted below), the call tree's root chain and widest children against
 * `callgrind_annotate --inclusive=yes`, recursion (callgrind's fib'2 levels and plain self
 * edges), the same tree from compressed, uncompressed and per-instruction files, merges,
 * narrow frames, the depth cap, roots, and refused input with a message naming the file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callgrind.h"
#include "fs.h"
#include "model.h"

#define FIX "tests/fixtures/callgrind/"

/* ---- helpers ------------------------------------------------------------------------------ */

static int setup(void **state) {
    char tmpl[] = "/tmp/crit-test-callgrind.XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (dir == NULL)
        return -1;
    *state = strdup(dir);
    return *state ? 0 : -1;
}

static int teardown(void **state) {
    char *dir = *state;
    int rc = crit_fs_remove_tree(dir, NULL, 0);
    free(dir);
    return rc;
}

/* Writes len bytes of text to <dir>/<name>; returns the malloc'd path. */
static char *put_n(void **state, const char *name, const char *text, size_t len) {
    char *path = crit_fs_join(*state, name, (char *)NULL);
    assert_non_null(path);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static char *put(void **state, const char *name, const char *text) {
    return put_n(state, name, text, strlen(text));
}

static crit_callgrind_tree read_tree(const char *path) {
    crit_callgrind_tree t;
    char err[512] = "";
    int rc = crit_callgrind_read_tree(path, &t, err, sizeof err);
    if (rc != 0)
        fail_msg("%s: rc %d: %s", path, rc, err);
    return t;
}

static const crit_callgrind_node *kid(const crit_callgrind_tree *t, const crit_callgrind_node *n,
                                      size_t i) {
    assert_true(i < n->nchildren);
    return &t->nodes[n->first_child + i];
}

static const crit_callgrind_node *only_kid(const crit_callgrind_tree *t,
                                           const crit_callgrind_node *n) {
    assert_int_equal(n->nchildren, 1);
    return kid(t, n, 0);
}

static void assert_frame(const crit_callgrind_node *n, const char *name, uint64_t cost,
                         uint64_t self, size_t nchildren) {
    assert_string_equal(n->name, name);
    assert_int_equal(n->cost, cost);
    assert_int_equal(n->self, self);
    assert_int_equal(n->nchildren, nchildren);
}

/* What every tree must satisfy (callgrind.h): nodes[0] is "all"; every other node is exactly
 * one node's child, placed after it; cost = self + children's costs; children widest first,
 * one level up; no frame under 0.1 % of the total; depth within the cap. */
static void assert_well_formed(const crit_callgrind_tree *t) {
    assert_true(t->nnodes >= 1);
    assert_string_equal(t->nodes[0].name, "all");
    assert_int_equal(t->nodes[0].parent, CRIT_CALLGRIND_NO_NODE);
    assert_int_equal(t->nodes[0].depth, 0);
    uint64_t total = t->nodes[0].cost;
    size_t children = 0;
    for (size_t i = 0; i < t->nnodes; i++) {
        const crit_callgrind_node *n = &t->nodes[i];
        assert_true(n->depth <= CRIT_CALLGRIND_TREE_MAX_DEPTH);
        if (i > 0)
            assert_true(n->cost * 1000 >= total);
        uint64_t sum = 0;
        for (size_t c = 0; c < n->nchildren; c++) {
            const crit_callgrind_node *k = kid(t, n, c);
            assert_true(n->first_child + c > i);
            assert_int_equal(k->parent, i);
            assert_int_equal(k->depth, n->depth + 1);
            assert_true(k->cost <= n->cost);
            if (c > 0)
                assert_true(k->cost <= kid(t, n, c - 1)->cost);
            sum += k->cost;
            children++;
        }
        assert_int_equal(n->self + sum, n->cost);
    }
    assert_int_equal(children + 1, t->nnodes);
}

static void assert_same_tree(const crit_callgrind_tree *a, const crit_callgrind_tree *b) {
    assert_int_equal(a->nnodes, b->nnodes);
    for (size_t i = 0; i < a->nnodes; i++) {
        assert_string_equal(a->nodes[i].name, b->nodes[i].name);
        assert_string_equal(a->nodes[i].file, b->nodes[i].file);
        assert_int_equal(a->nodes[i].cost, b->nodes[i].cost);
        assert_int_equal(a->nodes[i].self, b->nodes[i].self);
        assert_int_equal(a->nodes[i].first_child, b->nodes[i].first_child);
        assert_int_equal(a->nodes[i].nchildren, b->nodes[i].nchildren);
    }
}

/* Walks the single-child chain of names from n; returns the last frame. */
static const crit_callgrind_node *chain(const crit_callgrind_tree *t, const crit_callgrind_node *n,
                                        const char *const *names, size_t k, uint64_t cost) {
    for (size_t i = 0; i < k; i++) {
        n = only_kid(t, n);
        assert_string_equal(n->name, names[i]);
        assert_int_equal(n->cost, cost);
    }
    return n;
}

/* ---- totals ------------------------------------------------------------------------------- */

/* `callgrind_annotate tests/fixtures/callgrind/ir.out`:
 *   12,038 (100.0%)  PROGRAM TOTALS
 * and the file's last line is "totals: 12038". */
static void test_totals_ir(void **state) {
    (void)state;
    crit_callgrind_totals t;
    char err[256];
    assert_int_equal(crit_callgrind_read_totals(FIX "ir.out", &t, err, sizeof err), 0);
    assert_int_equal(t.nevents, 1);
    assert_string_equal(t.names[0], "Ir");
    assert_int_equal(t.values[0], 12038);
    assert_false(t.from_summary);
    bool found = false;
    assert_int_equal(crit_callgrind_event(&t, "Ir", &found), 12038);
    assert_true(found);
    assert_int_equal(crit_callgrind_event(&t, "Dr", &found), 0);
    assert_false(found);
    assert_int_equal(crit_callgrind_event(&t, "ir", NULL), 0); /* exact names only */
    /* the second dump (20 iterations): annotate's "24,058 (100.0%)  PROGRAM TOTALS" */
    assert_int_equal(crit_callgrind_read_totals(FIX "ir_2x.out", &t, err, sizeof err), 0);
    assert_int_equal(crit_callgrind_event(&t, "Ir", NULL), 24058);
    /* the same run without name compression, and per instruction: 12,038 each */
    assert_int_equal(crit_callgrind_read_totals(FIX "plain.out", &t, err, sizeof err), 0);
    assert_int_equal(t.values[0], 12038);
    assert_int_equal(crit_callgrind_read_totals(FIX "instr.out", &t, err, sizeof err), 0);
    assert_int_equal(t.values[0], 12038);
    assert_int_equal(crit_callgrind_read_totals(FIX "recs1.out", &t, err, sizeof err), 0);
    assert_int_equal(t.values[0], 12038);
    /* the part written at exit, after the last dump: "totals: 0" */
    assert_int_equal(crit_callgrind_read_totals(FIX "empty.out", &t, err, sizeof err), 0);
    assert_int_equal(t.nevents, 1);
    assert_int_equal(t.values[0], 0);
}

/* --cache-sim=yes. `callgrind_annotate tests/fixtures/callgrind/cache.out` prints the
 * summary: line when there is one:
 *   12,035 951 957 5 0 0 5 . .  PROGRAM TOTALS
 * while the totals: line (the sum of the cost lines, which we read) is
 *   totals: 12026 951 951 4 0 0 4
 * (the summary has 9 instructions, 6 writes and a miss that no cost line has: callgrind
 * counts them at the switch of collection). Without the totals: line we read the summary. */
static void test_totals_cache_sim(void **state) {
    crit_callgrind_totals t;
    char err[256];
    assert_int_equal(crit_callgrind_read_totals(FIX "cache.out", &t, err, sizeof err), 0);
    const char *names[9] = {"Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw"};
    const uint64_t totals[9] = {12026, 951, 951, 4, 0, 0, 4, 0, 0};
    assert_int_equal(t.nevents, 9);
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(t.names[i], names[i]);
        assert_int_equal(t.values[i], totals[i]);
        bool found = false;
        assert_int_equal(crit_callgrind_event(&t, names[i], &found), totals[i]);
        assert_true(found);
    }
    assert_false(t.from_summary);

    char *text = NULL;
    size_t len = 0;
    assert_int_equal(crit_fs_read_file(FIX "cache.out", &text, &len, err, sizeof err), 0);
    char *tot = strstr(text, "\ntotals:");
    assert_non_null(tot);
    tot[1] = '\0';
    char *path = put(state, "no-totals.out", text);
    free(text);
    assert_int_equal(crit_callgrind_read_totals(path, &t, err, sizeof err), 0);
    const uint64_t summary[9] = {12035, 951, 957, 5, 0, 0, 5, 0, 0};
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(t.values[i], summary[i]);
    assert_true(t.from_summary);
    free(path);
}

/* ---- trees of real profiles --------------------------------------------------------------- */

/* `callgrind_annotate --inclusive=yes tests/fixtures/callgrind/ir.out` (paths shortened):
 *   12,038 (100.0%)  ./csu/../csu/libc-start.c:__libc_start_main@@GLIBC_2.34
 *   12,038 (100.0%)  ./csu/../sysdeps/nptl/libc_start_call_main.h:(below main)
 *   12,038 (100.0%)  src.c:main
 *   12,038 (100.0%)  ???:(below main)
 *   12,038 (100.0%)  ???:0x000000000001ab70
 *   12,038 (100.0%)  src.c:run_iters
 *   11,940 (99.19%)  src.c:cold_start
 *   10,180 (84.57%)  src.c:fib'2
 *    7,380 (61.31%)  src.c:leaf
 *    7,340 (60.97%)  src.c:compile
 *    3,840 (31.90%)  src.c:parse
 *    3,590 (29.82%)  src.c:fib
 *      840 ( 6.98%)  src.c:is_even'2
 *      600 ( 4.98%)  src.c:is_even
 *      600 ( 4.98%)  src.c:is_odd'2
 *      520 ( 4.32%)  src.c:is_odd
 *       20 ( 0.17%)  src.c:tiny
 * ld.so's entry point (0x...1ab70, called by nobody) is the root; the two "(below main)"
 * (one in the program, one in libc) are different functions, not a cycle. compile, parse,
 * is_even and tiny have one caller each, so their frames carry annotate's inclusive costs;
 * leaf's 7,380 is split between its callers by the edges ("3,720 => leaf" from parse,
 * "3,660 => leaf" from compile in --tree=calling). */
static void test_tree_ir(void **state) {
    (void)state;
    crit_callgrind_tree t = read_tree(FIX "ir.out");
    assert_well_formed(&t);
    assert_int_equal(t.totals.values[0], 12038);
    assert_string_equal(t.totals.names[0], "Ir");
    assert_int_equal(t.nnodes, 19);
    assert_frame(&t.nodes[0], "all", 12038, 0, 1);
    const char *const stem[] = {
        "0x000000000001ab70", "(below main)", "__libc_start_main@@GLIBC_2.34",
        "(below main)",       "main",         "run_iters"};
    const crit_callgrind_node *n = chain(&t, &t.nodes[0], stem, 6, 12038);
    assert_string_equal(t.nodes[1].object, "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
    assert_string_equal(kid(&t, &t.nodes[1], 0)->file, "???");
    assert_int_equal(n->depth, 6);
    assert_int_equal(n->self, 98);
    const crit_callgrind_node *cold = only_kid(&t, n);
    assert_frame(cold, "cold_start", 11940, 140, 4);
    assert_string_equal(cold->file, "/work/main/tests/fixtures/callgrind/src.c");
    const crit_callgrind_node *compile = kid(&t, cold, 0), *parse = kid(&t, cold, 1);
    assert_frame(compile, "compile", 7340, 90, 2);
    assert_frame(parse, "parse", 3840, 120, 1);
    assert_frame(kid(&t, cold, 2), "is_even", 600, 80, 1);
    assert_frame(kid(&t, cold, 3), "tiny", 20, 20, 0);
    assert_frame(kid(&t, compile, 0), "leaf", 3660, 3660, 0);
    assert_frame(kid(&t, compile, 1), "fib", 3590, 180, 1);
    assert_frame(only_kid(&t, parse), "leaf", 3720, 3720, 0);
    crit_callgrind_tree_fini(&t);
    assert_null(t.nodes);
    assert_int_equal(t.nnodes, 0);
    crit_callgrind_tree_fini(&t); /* a zeroed tree is fine */
}

/* The same run written without name or position compression (plain.out) and per instruction
 * with relative hexadecimal addresses (instr.out) gives the same tree. */
static void test_tree_formats_agree(void **state) {
    (void)state;
    crit_callgrind_tree ir = read_tree(FIX "ir.out");
    crit_callgrind_tree plain = read_tree(FIX "plain.out");
    crit_callgrind_tree instr = read_tree(FIX "instr.out");
    assert_same_tree(&ir, &plain);
    assert_same_tree(&ir, &instr);
    crit_callgrind_tree_fini(&ir);
    crit_callgrind_tree_fini(&plain);
    crit_callgrind_tree_fini(&instr);
}

/* Recursion. With callgrind's default --separate-recs=2 fib's deeper levels are "fib'2",
 * which calls itself: annotate counts those calls again (fib'2 10,180, 84.57 %, more than
 * the 3,590 of fib that contains it). The tree does not follow a call back into its path:
 * fib'2's frame is the 3,410 of the fib -> fib'2 edge, all of it self.
 * is_even -> is_odd -> is_even'2 -> is_odd'2 -> is_even'2 is a cycle: is_odd'2 is not expanded
 * and is_even'2's 440 are split by its profile: self 240, is_odd'2 600 (annotate
 * --tree=both), so is_odd'2 gets 440 * 600 / 840 = 314. */
static void test_tree_recursion(void **state) {
    (void)state;
    crit_callgrind_tree t = read_tree(FIX "ir.out");
    const crit_callgrind_node *fib = NULL, *even = NULL;
    for (size_t i = 0; i < t.nnodes; i++) {
        if (strcmp(t.nodes[i].name, "fib") == 0)
            fib = &t.nodes[i];
        if (strcmp(t.nodes[i].name, "is_even") == 0)
            even = &t.nodes[i];
    }
    assert_non_null(fib);
    assert_non_null(even);
    assert_frame(only_kid(&t, fib), "fib'2", 3410, 3410, 0);
    const crit_callgrind_node *odd = only_kid(&t, even);
    assert_frame(odd, "is_odd", 520, 80, 1);
    const crit_callgrind_node *even2 = only_kid(&t, odd);
    assert_frame(even2, "is_even'2", 440, 126, 1);
    assert_frame(only_kid(&t, even2), "is_odd'2", 314, 314, 0);
    crit_callgrind_tree_fini(&t);

    /* --separate-recs=1: fib calls fib. `callgrind_annotate --inclusive=yes recs1.out`:
     *   13,770 (114.4%)  src.c:fib
     * (self 3,590 plus its 10,180 of calls to itself); its frame under compile is the
     * "3,590 => fib (10x)" of the call from compile, all self. */
    t = read_tree(FIX "recs1.out");
    assert_well_formed(&t);
    assert_int_equal(t.nnodes, 16);
    fib = NULL;
    for (size_t i = 0; i < t.nnodes; i++)
        if (strcmp(t.nodes[i].name, "fib") == 0) {
            assert_null(fib); /* once */
            fib = &t.nodes[i];
        }
    assert_non_null(fib);
    assert_frame(fib, "fib", 3590, 3590, 0);
    assert_string_equal(t.nodes[fib->parent].name, "compile");
    crit_callgrind_tree_fini(&t);
}

/* The cache simulation's tree is of Ir, its first event. The root's width is the inclusive
 * cost of the calls from ld.so's entry, 12,035 (the summary), 9 more than the cost lines;
 * cold_start's 11,940 as annotate reports it. */
static void test_tree_cache_sim(void **state) {
    (void)state;
    crit_callgrind_tree t = read_tree(FIX "cache.out");
    assert_well_formed(&t);
    assert_int_equal(t.totals.nevents, 9);
    assert_int_equal(t.totals.values[0], 12026);
    assert_int_equal(t.nodes[0].cost, 12035);
    assert_int_equal(t.nnodes, 19);
    const crit_callgrind_node *cold = NULL;
    for (size_t i = 0; i < t.nnodes; i++)
        if (strcmp(t.nodes[i].name, "cold_start") == 0)
            cold = &t.nodes[i];
    assert_non_null(cold);
    /* run_iters: self 86 + 11,940 to cold_start in the file, drawn 12,035 wide: cold_start
     * gets 11,940 * 12,035 / 12,026 = 11,948 (rounded down), run_iters keeps 87 */
    assert_int_equal(cold->cost, 11948);
    assert_string_equal(t.nodes[cold->parent].name, "run_iters");
    crit_callgrind_tree_fini(&t);
}

static void test_tree_empty(void **state) {
    (void)state;
    crit_callgrind_tree t = read_tree(FIX "empty.out");
    assert_int_equal(t.nnodes, 1);
    assert_frame(&t.nodes[0], "all", 0, 0, 0);
    crit_callgrind_tree_fini(&t);
}

/* handmade.out (see its comments). `callgrind_annotate handmade.out`:
 *   76,450 (100.0%) 3 (100.0%)  PROGRAM TOTALS
 * main's self 2,400 is in two fn= blocks and an fi= line (annotate shows 2,100 for main.c:main
 * and files the 300 of inline.h under a function of its own); main -> work is two calls=
 * lines (50,000 + 4,050); helper lives in /lib/libutil.so (cob=, cfi=, cfl=). */
static void test_tree_handmade(void **state) {
    (void)state;
    crit_callgrind_totals tot;
    char err[256];
    assert_int_equal(crit_callgrind_read_totals(FIX "handmade.out", &tot, err, sizeof err), 0);
    assert_int_equal(tot.nevents, 2);
    assert_int_equal(crit_callgrind_event(&tot, "Ir", NULL), 76450);
    assert_int_equal(crit_callgrind_event(&tot, "Dr", NULL), 3);

    crit_callgrind_tree t = read_tree(FIX "handmade.out");
    assert_well_formed(&t);
    assert_int_equal(t.nnodes, 7);
    assert_frame(&t.nodes[0], "all", 76450, 0, 1);
    const crit_callgrind_node *main_ = only_kid(&t, &t.nodes[0]);
    assert_frame(main_, "main", 76450, 2400, 2);
    assert_string_equal(main_->file, "main.c");
    assert_string_equal(main_->object, "/bin/prog");
    const crit_callgrind_node *work = kid(&t, main_, 0);
    /* work: self 9,000 + helper 30,000 + rec_a 15,000 + tiny 50; tiny (under 76.45) is
     * lumped into work's self */
    assert_frame(work, "work", 54050, 9050, 2);
    const crit_callgrind_node *helper = kid(&t, main_, 1);
    assert_frame(helper, "helper", 20000, 20000, 0);
    assert_string_equal(helper->file, "util.c");
    assert_string_equal(helper->object, "/lib/libutil.so");
    assert_frame(kid(&t, work, 0), "helper", 30000, 30000, 0);
    /* rec_a: self 5,000 and 12,000 to rec_b spread over its 15,000: rec_b 10,588; rec_b's
     * calls back to rec_a are not followed */
    const crit_callgrind_node *rec_a = kid(&t, work, 1);
    assert_frame(rec_a, "rec_a", 15000, 4412, 1);
    assert_frame(only_kid(&t, rec_a), "rec_b", 10588, 10588, 0);
    for (size_t i = 0; i < t.nnodes; i++)
        assert_string_not_equal(t.nodes[i].name, "tiny");
    crit_callgrind_tree_fini(&t);
}

/* A chain f0 -> f1 -> ... -> f69 (self 10 each): frames stop at depth 64, f63 keeping what
 * is above it as self. */
static void test_tree_depth_cap(void **state) {
    char buf[16384];
    size_t len = (size_t)snprintf(buf, sizeof buf, "events: Ir\nfl=chain.c\n");
    for (int i = 0; i < 70; i++) {
        len += (size_t)snprintf(buf + len, sizeof buf - len, "fn=f%d\n%d 10\n", i, i + 1);
        if (i < 69)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "cfn=f%d\ncalls=1 1\n%d %d\n",
                                    i + 1, i + 1, 10 * (69 - i));
    }
    len += (size_t)snprintf(buf + len, sizeof buf - len, "totals: 700\n");
    assert_true(len < sizeof buf);
    char *path = put(state, "chain.out", buf);
    crit_callgrind_tree t = read_tree(path);
    assert_well_formed(&t);
    assert_int_equal(t.nnodes, 1 + CRIT_CALLGRIND_TREE_MAX_DEPTH);
    const crit_callgrind_node *last = &t.nodes[t.nnodes - 1];
    assert_int_equal(last->depth, CRIT_CALLGRIND_TREE_MAX_DEPTH);
    assert_frame(last, "f63", 70, 70, 0);
    assert_frame(&t.nodes[1], "f0", 700, 10, 1);
    crit_callgrind_tree_fini(&t);
    free(path);
}

/* Roots: main is called by nobody; x <-> y is a cycle nothing enters (its costs still
 * count): x, the wider of the two (30 + 50 to y), becomes a root too. Also: comments, blank
 * lines and CRLF line ends; and a cfl= names another file, so another function. */
static void test_tree_roots(void **state) {
    char *path = put(state, "roots.out",
                     "# callgrind format\r\nevents: Ir\r\n\r\nfn=main\r\n1 100\r\n"
                     "# a comment\nfn=x\n1 30\ncfn=y\ncalls=1 1\n1 50\n"
                     "fn=y\n1 20\ncfn=x\ncalls=1 1\n1 40\ntotals: 150\n");
    crit_callgrind_tree t = read_tree(path);
    assert_well_formed(&t);
    assert_int_equal(t.nnodes, 4);
    assert_frame(&t.nodes[0], "all", 180, 0, 2);
    assert_frame(kid(&t, &t.nodes[0], 0), "main", 100, 100, 0);
    const crit_callgrind_node *x = kid(&t, &t.nodes[0], 1);
    assert_frame(x, "x", 80, 30, 1);
    assert_frame(only_kid(&t, x), "y", 50, 50, 0);
    assert_string_equal(x->file, "");
    assert_string_equal(x->object, "");
    crit_callgrind_tree_fini(&t);
    free(path);

    /* y's call goes to x of file other.c, which has no cost of its own: a leaf of y */
    path = put(state, "roots2.out",
               "events: Ir\nfn=x\n1 30\ncfn=y\ncalls=1 1\n1 50\n"
               "fn=y\n1 20\ncfl=other.c\ncfn=x\ncalls=1 1\n1 30\ntotals: 50\n");
    t = read_tree(path);
    assert_well_formed(&t);
    assert_int_equal(t.nnodes, 4);
    x = only_kid(&t, &t.nodes[0]);
    assert_frame(x, "x", 80, 30, 1);
    assert_string_equal(x->file, "");
    const crit_callgrind_node *y = only_kid(&t, x);
    assert_frame(y, "y", 50, 20, 1);
    assert_frame(only_kid(&t, y), "x", 30, 30, 0);
    assert_string_equal(only_kid(&t, y)->file, "other.c");
    crit_callgrind_tree_fini(&t);
    free(path);

    /* a call made in inlined code (fi=) without cfi= goes to a function of that file, as
     * callgrind writes it; fi=/fe= do not change the caller */
    path = put(state, "inlined.out",
               "events: Ir\nfl=a.c\nfn=a\n1 10\nfi=inc.h\n2 5\ncfn=b\ncalls=1 1\n2 20\n"
               "fe=a.c\n3 5\nfl=inc.h\nfn=b\n1 20\ntotals: 40\n");
    t = read_tree(path);
    assert_well_formed(&t);
    assert_int_equal(t.nnodes, 3);
    const crit_callgrind_node *a = only_kid(&t, &t.nodes[0]);
    assert_frame(a, "a", 40, 20, 1);
    assert_string_equal(a->file, "a.c");
    assert_frame(only_kid(&t, a), "b", 20, 20, 0);
    assert_string_equal(only_kid(&t, a)->file, "inc.h");
    crit_callgrind_tree_fini(&t);
    free(path);
}

/* ---- refused input ------------------------------------------------------------------------ */

/* Both readers refuse `text` (totals_too: the totals reader as well; it does not interpret
 * body lines) with rc and a message that starts with the path and contains `what`. */
static void refused(void **state, const char *text, size_t len, bool totals_too, int rc,
                    const char *what) {
    char *path = put_n(state, "bad.out", text, len);
    char err[512] = "";
    crit_callgrind_tree t;
    memset(&t, 0xab, sizeof t);
    int got = crit_callgrind_read_tree(path, &t, err, sizeof err);
    if (got != rc || strncmp(err, path, strlen(path)) != 0 || strstr(err, what) == NULL)
        fail_msg("tree: rc %d (want %d), message \"%s\" (want the path and \"%s\")", got, rc, err,
                 what);
    assert_null(t.nodes);
    assert_null(t.strings);
    assert_int_equal(t.nnodes, 0);
    crit_callgrind_totals tot;
    memset(&tot, 0xab, sizeof tot);
    err[0] = '\0';
    got = crit_callgrind_read_totals(path, &tot, err, sizeof err);
    if (totals_too) {
        if (got != rc || strncmp(err, path, strlen(path)) != 0 || strstr(err, what) == NULL)
            fail_msg("totals: rc %d (want %d), message \"%s\" (want the path and \"%s\")", got, rc,
                     err, what);
        assert_int_equal(tot.nevents, 0);
        assert_int_equal(tot.values[0], 0);
    } else {
        if (got != 0)
            fail_msg("totals: rc %d: %s", got, err);
    }
    free(path);
}

#define REFUSED(text, totals_too, what) \
    refused(state, text, sizeof(text) - 1, totals_too, -CRIT_EPARSE, what)

static void test_refused_files(void **state) {
    char err[512];
    crit_callgrind_totals tot;
    crit_callgrind_tree t;
    char *missing = crit_fs_join(*state, "missing.out", (char *)NULL);
    assert_int_equal(crit_callgrind_read_totals(missing, &tot, err, sizeof err), -CRIT_ENOENT);
    assert_non_null(strstr(err, missing));
    assert_int_equal(crit_callgrind_read_tree(missing, &t, err, sizeof err), -CRIT_ENOENT);
    assert_non_null(strstr(err, missing));
    assert_null(t.nodes);
    free(missing);

    REFUSED("version: 1\ncreator: callgrind-3.19.0\ncmd: ./x\n", true, ": no events: line");
    REFUSED("events: Ir\n", true, ": no totals: or summary: line");
    REFUSED("\x7f"
            "ELF\x02\x01\x01 garbage\nmore\n",
            true, ":1: not a line of a callgrind profile");
    REFUSED("events: Ir\n\0\ntotals: 0\n", true, ":2: not a text file");
    REFUSED("events: Ir\ntotals: 18446744073709551616\n", true,
            ":2: totals: 18446744073709551616 does not fit in 64 bits");
    REFUSED("events: Ir\ntotals: 0x10000000000000000\n", true, "does not fit in 64 bits");
    REFUSED("events: Ir\ntotals: 12a\n", true, ":2: totals: \"12a\" is not a number");
    REFUSED("events: Ir Dr\ntotals: 1 2 3\n", true,
            ":2: more numbers than events (2) on the totals: line");
    REFUSED("totals: 5\nevents: Ir\n", true, ":1: totals: before the events: line");
    REFUSED("events: Ir\nevents: Ir\ntotals: 0\n", true, ":2: a second events: line");
    REFUSED("events: a b c d e f g h i j k l m n o p q\ntotals: 0\n", true,
            ":1: more than 16 events");
    REFUSED("events: Ir EventNameOfMoreThanThirtyOneBytes\ntotals: 0\n", true, "is too long");
    REFUSED("positions: column\nevents: Ir\ntotals: 0\n", true, ":1: unknown position \"column\"");
    REFUSED("1 10\nevents: Ir\ntotals: 10\n", true, ":1: cost line before the events: line");
    /* body lines: only the tree reader interprets them */
    REFUSED("events: Ir\nfn=f\n1 18446744073709551616\ntotals: 0\n", false,
            ":3: cost 18446744073709551616 does not fit in 64 bits");
    REFUSED("events: Ir\nfn=f\n1 18446744073709551615\n2 1\ntotals: 0\n", false,
            ":4: the cost lines add up to more than 64 bits");
    REFUSED("events: Ir\nfn=f\n1 10\ntotals: 11\n", false,
            ": the cost lines add up to 10 Ir but the totals: line says 11");
    REFUSED("events: Ir\n1 10\ntotals: 10\n", false, ":2: cost line before any fn= line");
    REFUSED("events: Ir\nfn=f\n1 2 3\ntotals: 2\n", false,
            ":3: more numbers than events (1) on the cost line");
    REFUSED("positions: instr line\nevents: Ir\nfn=f\n0x10\ntotals: 0\n", false,
            ":4: cost line with fewer than 2 positions");
    REFUSED("events: Ir\nfn=f\n+x 1\ntotals: 1\n", false, ":3: position \"x\" is not a number");
    REFUSED("events: Ir\nfn=(3)\ntotals: 0\n", false, ":2: name id (3) used before it is defined");
    REFUSED("events: Ir\nfn=(3 f\ntotals: 0\n", false, ":2: name id without its closing");
    REFUSED("events: Ir\nfn=\ntotals: 0\n", false, ":2: empty name");
    REFUSED("events: Ir\nfn=f\ncalls=1 1\n1 5\ntotals: 0\n", false,
            ":3: calls= without a fn= and a cfn= line before it");
    REFUSED("events: Ir\nfn=f\ncfn=g\ncalls=1 1\nfn=g\n1 5\ntotals: 5\n", false,
            ":5: the calls= line 4 is not followed by its cost line");
    REFUSED("events: Ir\ntotals: 0\nfn=f\ncfn=g\ncalls=1 1\n", false,
            ": the calls= line 5 is not followed by its cost line");
    REFUSED("events: Ir\nfn=f\ncfn=g\ncalls=x 1\n1 5\ntotals: 0\n", false,
            ":4: call count \"x\" is not a number");

    /* and what is accepted at the edges: the largest number, hexadecimal, fewer costs than
     * events (the rest 0) */
    char *path = put(state, "edge.out",
                     "events: Ir Dr\nfn=f\n0x10 18446744073709551614 7\n+1 1\n-2\n"
                     "totals: 0xffffffffffffffff 7\n");
    assert_int_equal(crit_callgrind_read_totals(path, &tot, err, sizeof err), 0);
    assert_int_equal(tot.values[0], UINT64_MAX);
    assert_int_equal(tot.values[1], 7);
    assert_int_equal(crit_callgrind_read_tree(path, &t, err, sizeof err), 0);
    assert_frame(&t.nodes[1], "f", UINT64_MAX, UINT64_MAX, 0);
    crit_callgrind_tree_fini(&t);
    free(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_totals_ir),
        cmocka_unit_test_setup_teardown(test_totals_cache_sim, setup, teardown),
        cmocka_unit_test(test_tree_ir),
        cmocka_unit_test(test_tree_formats_agree),
        cmocka_unit_test(test_tree_recursion),
        cmocka_unit_test(test_tree_cache_sim),
        cmocka_unit_test(test_tree_empty),
        cmocka_unit_test(test_tree_handmade),
        cmocka_unit_test_setup_teardown(test_tree_depth_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tree_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_files, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
