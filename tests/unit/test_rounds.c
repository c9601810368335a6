/* test_rounds.c: the interleaved rounds of a paired comparison (run/rounds.c) on fake sides
 * that only record when they ran: the rotating order (each side in each position equally
 * often), one iteration count for every run of a round, the iteration count's rule, the
 * minimum number of rounds, precision-based stopping, and a failing side reported by index and
 * left out while the rounds go on where they stopped. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "paired.h"
#include "rounds.h"

#define MAX_CALLS 4096

/* Every run of every fake side, in order. */
static struct {
    size_t n;
    int side[MAX_CALLS];
    uint64_t iters[MAX_CALLS];
} calls;

typedef struct fake {
    int index;
    double ns_per_iter;
    long fail_at; /* this side's run number (0-based) that fails, or -1 */
    long runs;
} fake;

static int fake_run(void *ctx, uint64_t iters, double *ns, char *err, size_t errlen) {
    fake *f = ctx;
    if (f->runs++ == f->fail_at) {
        snprintf(err, errlen, "side %d gave up", f->index);
        return -CRIT_EBENCH;
    }
    if (calls.n < MAX_CALLS) {
        calls.side[calls.n] = f->index;
        calls.iters[calls.n++] = iters;
    }
    *ns = f->ns_per_iter * (double)iters;
    return 0;
}

static void setup_sides(fake *f, crit_round_side *s, size_t n) {
    memset(&calls, 0, sizeof calls);
    for (size_t i = 0; i < n; i++) {
        f[i] = (fake){(int)i, 1.0 + (double)i, -1, 0};
        s[i] = (crit_round_side){fake_run, &f[i], true};
    }
}

/* A side left out (a member that failed or is not selected) does not unbalance the others:
 * with sides {0, 1, 2} and side 1 inactive, sides 0 and 2 alternate first, 5 times each in 10
 * rounds, in warm-up steps too. */
static void test_rotation_skips_inactive(void **state) {
    (void)state;
    fake f[3];
    crit_round_side s[3];
    setup_sides(f, s, 3);
    s[1].active = false;
    crit_rounds rd;
    assert_int_equal(crit_rounds_init(&rd, 3), 0);
    rd.iters = 1;
    crit_precision prec;
    size_t failed = 99;
    char err[128];
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 0, NULL, NULL, &prec, &failed, err, sizeof err),
                     0);
    assert_int_equal(calls.n, 2 * CRIT_PAIRED_MIN_ROUNDS);
    size_t first0 = 0;
    for (size_t k = 0; k < rd.n; k++) {
        assert_int_equal(calls.side[2 * k], k % 2 ? 2 : 0);
        assert_int_equal(calls.side[2 * k + 1], k % 2 ? 0 : 2);
        first0 += calls.side[2 * k] == 0;
    }
    assert_int_equal(first0, 5);
    crit_rounds_fini(&rd);
    setup_sides(f, s, 3);
    s[1].active = false;
    double per_iter[3];
    assert_int_equal(crit_rounds_warm_up(s, 3, 0, per_iter, &failed, err, sizeof err), 0);
    assert_int_equal(calls.n, 2);
    assert_int_equal(calls.side[0], 0);
    assert_int_equal(calls.side[1], 2);
}

static void test_iters_rule(void **state) {
    (void)state;
    assert_int_equal(crit_rounds_iters(1000, 5), (uint64_t)(CRIT_PAIRED_SAMPLE_NS / 1000));
    assert_int_equal(crit_rounds_iters(5500, 5), 182); /* 1 ms / 5.5 µs, rounded */
    /* a short measurement time caps a run at a twentieth of it */
    assert_int_equal(crit_rounds_iters(1, 0.002), 100000);
    assert_int_equal(crit_rounds_iters(1e9, 5), 1); /* slower than the target: 1 */
    assert_int_equal(crit_rounds_iters(0, 5), 1);   /* unknown: 1 */
    assert_int_equal(crit_rounds_iters(NAN, 5), 1);
    assert_int_equal(crit_rounds_iters(1e-9, 5), (uint64_t)1e12); /* capped */
}

static void test_rotation(void **state) {
    (void)state;
    fake f[3];
    crit_round_side s[3];
    setup_sides(f, s, 3);
    crit_rounds rd;
    assert_int_equal(crit_rounds_init(&rd, 3), 0);
    rd.iters = 7;
    crit_precision prec;
    size_t failed = 99;
    char err[128];
    /* no time: exactly the minimum number of rounds */
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 0, NULL, NULL, &prec, &failed, err, sizeof err),
                     0);
    assert_int_equal(rd.n, CRIT_PAIRED_MIN_ROUNDS);
    assert_int_equal(calls.n, 3 * CRIT_PAIRED_MIN_ROUNDS);
    size_t position[3][3] = {{0}};
    for (size_t k = 0; k < rd.n; k++)
        for (size_t j = 0; j < 3; j++) {
            size_t c = 3 * k + j;
            assert_int_equal(calls.side[c], (int)((k + j) % 3)); /* rotated by one each round */
            assert_int_equal(calls.iters[c], 7);
            position[calls.side[c]][j]++;
        }
    for (size_t i = 0; i < 3; i++) { /* 10 rounds: each position 3 or 4 times */
        assert_int_equal(position[i][0] + position[i][1] + position[i][2], rd.n);
        for (size_t j = 0; j < 3; j++)
            assert_true(position[i][j] == 3 || position[i][j] == 4);
    }
    for (size_t k = 0; k < rd.n; k++)
        for (size_t i = 0; i < 3; i++)
            assert_true(rd.ns[i][k] == 7.0 * (1.0 + (double)i));
    assert_false(prec.used);
    assert_int_equal(prec.samples, rd.n);
    crit_rounds_fini(&rd);

    /* two sides: side 0 first on even rounds, as bench --against runs NEW and OLD */
    setup_sides(f, s, 2);
    assert_int_equal(crit_rounds_init(&rd, 2), 0);
    rd.iters = 1;
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 0, NULL, NULL, &prec, &failed, err, sizeof err),
                     0);
    for (size_t k = 0; k < rd.n; k++)
        assert_int_equal(calls.side[2 * k], (int)(k % 2));
    crit_rounds_fini(&rd);
}

static void test_warm_up(void **state) {
    (void)state;
    fake f[2];
    crit_round_side s[2];
    setup_sides(f, s, 2);
    double per_iter[2];
    size_t failed;
    char err[128];
    assert_int_equal(crit_rounds_warm_up(s, 2, 0, per_iter, &failed, err, sizeof err), 0);
    assert_int_equal(calls.n, 2); /* no time: one step of 1 iteration on each side */
    assert_true(per_iter[0] == 1.0 && per_iter[1] == 2.0);
    setup_sides(f, s, 2);
    assert_int_equal(crit_rounds_warm_up(s, 2, 2e6, per_iter, &failed, err, sizeof err), 0);
    for (size_t c = 0; c + 1 < calls.n; c += 2) { /* doubling, both sides per step, rotating */
        assert_int_equal(calls.iters[c], calls.iters[c + 1]);
        assert_int_equal(calls.iters[c], (uint64_t)1 << (c / 2));
        assert_int_equal(calls.side[c], (int)((c / 2) % 2));
    }
    /* a failing side: its index and message; left out, the warm-up starts over without it */
    setup_sides(f, s, 2);
    f[1].fail_at = 0;
    assert_int_equal(crit_rounds_warm_up(s, 2, 0, per_iter, &failed, err, sizeof err),
                     -CRIT_EBENCH);
    assert_int_equal(failed, 1);
    assert_string_equal(err, "side 1 gave up");
    s[1].active = false;
    assert_int_equal(crit_rounds_warm_up(s, 2, 0, per_iter, &failed, err, sizeof err), 0);
    assert_true(per_iter[0] == 1.0 && per_iter[1] == 0);
}

static void test_failure_and_resume(void **state) {
    (void)state;
    fake f[3];
    crit_round_side s[3];
    setup_sides(f, s, 3);
    f[2].fail_at = 4; /* side 2's fifth run: in round 4 */
    crit_rounds rd;
    assert_int_equal(crit_rounds_init(&rd, 3), 0);
    rd.iters = 3;
    crit_precision prec;
    size_t failed = 99;
    char err[128];
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 0, NULL, NULL, &prec, &failed, err, sizeof err),
                     -CRIT_EBENCH);
    assert_int_equal(failed, 2);
    assert_string_equal(err, "side 2 gave up");
    assert_int_equal(rd.n, 4); /* the failed round is not kept */
    s[2].active = false;
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 0, NULL, NULL, &prec, &failed, err, sizeof err),
                     0);
    assert_int_equal(rd.n, CRIT_PAIRED_MIN_ROUNDS); /* went on where it stopped */
    for (size_t k = 4; k < rd.n; k++)
        assert_true(rd.ns[0][k] == 3 && rd.ns[1][k] == 6);
    crit_rounds_fini(&rd);

    /* a run that measures 0 ns fails its side: the clock is too coarse */
    setup_sides(f, s, 2);
    f[1].ns_per_iter = 0;
    assert_int_equal(crit_rounds_init(&rd, 2), 0);
    rd.iters = 5;
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 0, NULL, NULL, &prec, &failed, err, sizeof err),
                     -CRIT_EBENCH);
    assert_int_equal(failed, 1);
    assert_non_null(strstr(err, "too coarse"));
    crit_rounds_fini(&rd);
}

/* A precision that improves as 1 / rounds, and the round counts it was asked at. */
static size_t checked[64], nchecked;
static double one_over_n(const crit_rounds *rd, void *ctx) {
    (void)ctx;
    if (nchecked < 64)
        checked[nchecked++] = rd->n;
    return 1.0 / (double)rd->n;
}

/* However long the measurement time, the rounds stop at CRIT_PAIRED_MAX_ROUNDS (10 000): each
 * side's rounds become a sample.json, which its loaders refuse above that. Before the ceiling
 * a 30 s paired run of a fast benchmark wrote about 18 000 rounds. */
static void test_round_ceiling(void **state) {
    (void)state;
    fake f[2];
    crit_round_side s[2];
    setup_sides(f, s, 2);
    crit_rounds rd;
    assert_int_equal(crit_rounds_init(&rd, 2), 0);
    rd.iters = 1;
    crit_precision prec;
    size_t failed = 99;
    char err[128];
    assert_int_equal(crit_rounds_collect(&rd, s, 1e6, 0, NULL, NULL, &prec, &failed, err,
                                         sizeof err),
                     0);
    assert_int_equal(rd.n, 10000);
    assert_int_equal(CRIT_PAIRED_MAX_ROUNDS, CRIT_RESULTS_MAX_MEASUREMENTS);
    assert_int_equal(f[0].runs, 10000);
    crit_rounds_fini(&rd);
}

static void test_precision_stop(void **state) {
    (void)state;
    fake f[2];
    crit_round_side s[2];
    setup_sides(f, s, 2);
    crit_rounds rd;
    assert_int_equal(crit_rounds_init(&rd, 2), 0);
    rd.iters = 1;
    crit_precision prec;
    size_t failed;
    char err[128];
    nchecked = 0;
    /* 1/n <= 0.04 from 25 rounds on; checks at 10, 12, 15, 18, 22, 27: stops at 27 */
    assert_int_equal(crit_rounds_collect(&rd, s, 60, 0.04, one_over_n, NULL, &prec, &failed, err,
                                         sizeof err),
                     0);
    assert_int_equal(rd.n, 27);
    const size_t want[] = {10, 12, 15, 18, 22, 27};
    assert_true(nchecked >= 6);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(checked[i], want[i]);
    assert_true(prec.used && !prec.ceiling);
    assert_true(prec.target == 0.04 && prec.achieved == 1.0 / 27);
    assert_int_equal(prec.samples, 27);
    crit_rounds_fini(&rd);
    /* the time runs out first: the ceiling, with the precision of all the rounds */
    setup_sides(f, s, 2);
    assert_int_equal(crit_rounds_init(&rd, 2), 0);
    rd.iters = 1;
    assert_int_equal(crit_rounds_collect(&rd, s, 0, 1e-6, one_over_n, NULL, &prec, &failed, err,
                                         sizeof err),
                     0);
    assert_int_equal(rd.n, CRIT_PAIRED_MIN_ROUNDS);
    assert_true(prec.used && prec.ceiling && prec.achieved == 1.0 / CRIT_PAIRED_MIN_ROUNDS);
    /* reset: a new comparison on the same arrays, checked from the start again */
    crit_rounds_reset(&rd);
    assert_int_equal(rd.n, 0);
    assert_true(rd.seconds == 0 && rd.iters == 0);
    rd.iters = 2;
    nchecked = 0;
    assert_int_equal(crit_rounds_collect(&rd, s, 60, 0.04, one_over_n, NULL, &prec, &failed, err,
                                         sizeof err),
                     0);
    assert_int_equal(rd.n, 27);
    assert_int_equal(checked[0], 10);
    crit_rounds_fini(&rd);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iters_rule),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_warm_up),
        cmocka_unit_test(test_failure_and_resume),
        cmocka_unit_test(test_precision_stop),
        cmocka_unit_test(test_round_ceiling),
        cmocka_unit_test(test_rotation_skips_inactive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
