/* test_analysis.c: crit_analyze end to end: every field of crit_analysis on a hand-computed
 * sample, Flat mode, reproducibility, n = 2, all-equal samples, bad input, and each of the
 * four verdicts from constructed baselines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "analysis.h"

#define assert_close(a, b, tol) close_or_fail((a), (b), (tol), #a, __FILE__, __LINE__)

static void close_or_fail(double a, double b, double tol, const char *what, const char *file,
                          int line) {
    if (!(fabs(a - b) <= tol))
        fail_msg("%s:%d: %s = %.17g, expected %.17g (tol %g)", file, line, what, a, b, tol);
}

static const crit_analysis_config cfg = {2000, 0.95, 0.05, 0.01, 20261123, false};

static void assert_estimate_sane(const crit_estimate *e) {
    assert_true(e->confidence_level == 0.95);
    assert_true(e->lower <= e->upper);
    assert_true(e->std_err >= 0.0);
}

/* iters {1..5}, times {10, 20, 30, 40, 500}: a = {10, 10, 10, 10, 100}. */
static double it5[5] = {1, 2, 3, 4, 5}, tm5[5] = {10, 20, 30, 40, 500};

static void test_every_field_by_hand(void **state) {
    (void)state;
    crit_sample s = {CRIT_MODE_LINEAR, 5, it5, tm5};
    crit_analysis a;
    assert_int_equal(crit_analyze(&s, NULL, &cfg, &a), 0);
    /* mean 140/5 = 28; deviations -18 x4, 72: (4*324 + 5184)/4 = 1620; median 10;
     * |a - 10| = {0,0,0,0,90} -> MAD 0 */
    assert_true(a.est.mean.point == 28.0);
    assert_true(a.est.std_dev.point == sqrt(1620.0));
    assert_true(a.est.median.point == 10.0);
    assert_true(a.est.median_abs_dev.point == 0.0);
    assert_true(a.est.mean.lower <= 28.0 && 28.0 <= a.est.mean.upper);
    assert_estimate_sane(&a.est.mean);
    assert_estimate_sane(&a.est.std_dev);
    assert_estimate_sane(&a.est.median);
    assert_estimate_sane(&a.est.median_abs_dev);
    /* slope = sum(xy)/sum(xx) = (10+40+90+160+2500)/55 = 2800/55. mean(y) = 120,
     * SS_tot = 110^2+100^2+90^2+80^2+380^2 = 181000, SS_res = 253000 - 2800^2/55 = 1215000/11,
     * R^2 = 1 - 1215/1991 = 776/1991 */
    assert_true(a.est.has_slope);
    assert_true(a.est.slope.point == 2800.0 / 55.0);
    assert_estimate_sane(&a.est.slope);
    assert_close(a.r2, 776.0 / 1991.0, 1e-12);
    assert_true(isfinite(a.r2_lower) && isfinite(a.r2_upper));
    assert_true(a.r2_lower <= a.r2 && a.r2_upper <= a.r2); /* the point fit is the best one */
    /* q1 = q3 = 10 (ranks 1 and 3): all four fences at 10; only 100 lies beyond */
    assert_true(a.fences.low_severe == 10.0 && a.fences.low_mild == 10.0);
    assert_true(a.fences.high_mild == 10.0 && a.fences.high_severe == 10.0);
    assert_int_equal(a.n, 5);
    assert_non_null(a.labels);
    for (int i = 0; i < 4; i++)
        assert_int_equal(a.labels[i], CRIT_OUTLIER_NONE);
    assert_int_equal(a.labels[4], CRIT_OUTLIER_HIGH_SEVERE);
    assert_int_equal(a.counts.low_severe, 0);
    assert_int_equal(a.counts.low_mild, 0);
    assert_int_equal(a.counts.not_outlier, 4);
    assert_int_equal(a.counts.high_mild, 0);
    assert_int_equal(a.counts.high_severe, 1);
    /* cv = sd / mean; percentiles at ranks 4p: 2 -> 10, 3.6 -> 10 + .6*90, 3.8, 3.96 */
    assert_true(a.cv == sqrt(1620.0) / 28.0);
    assert_true(a.p50 == 10.0);
    assert_close(a.p90, 64.0, 1e-12);
    assert_close(a.p95, 82.0, 1e-12);
    assert_close(a.p99, 96.4, 1e-12);
    assert_false(a.compared);
    crit_analysis_fini(&a);
    assert_null(a.labels);
    crit_analysis_fini(&a); /* idempotent */
}

static void test_flat_mode_and_reproducibility(void **state) {
    (void)state;
    crit_sample lin = {CRIT_MODE_LINEAR, 5, it5, tm5}, flat = {CRIT_MODE_FLAT, 5, it5, tm5};
    crit_analysis a, b, c;
    assert_int_equal(crit_analyze(&lin, &lin, &cfg, &a), 0);
    assert_int_equal(crit_analyze(&flat, &lin, &cfg, &b), 0);
    assert_false(b.est.has_slope);
    assert_true(isnan(b.est.slope.point) && isnan(b.est.slope.lower) && isnan(b.r2));
    assert_true(isnan(b.r2_lower) && isnan(b.r2_upper));
    assert_true(b.est.slope.confidence_level == 0.95);
    /* each statistic has its own stream: the slope does not shift the other numbers */
    assert_memory_equal(&a.est.mean, &b.est.mean, sizeof a.est.mean);
    assert_memory_equal(&a.est.median_abs_dev, &b.est.median_abs_dev, sizeof a.est.mean);
    assert_memory_equal(&a.change, &b.change, sizeof a.change);
    /* same input, same seed: the same bits */
    assert_int_equal(crit_analyze(&lin, &lin, &cfg, &c), 0);
    assert_memory_equal(&a.est, &c.est, sizeof a.est);
    assert_memory_equal(&a.change, &c.change, sizeof a.change);
    assert_memory_equal(a.labels, c.labels, a.n);
    crit_analysis_fini(&c);
    /* another seed: other intervals */
    crit_analysis_config other = cfg;
    other.seed++;
    assert_int_equal(crit_analyze(&lin, &lin, &other, &c), 0);
    assert_true(c.est.mean.point == a.est.mean.point);
    assert_memory_not_equal(&a.est.mean, &c.est.mean, sizeof a.est.mean);
    crit_analysis_fini(&a);
    crit_analysis_fini(&b);
    crit_analysis_fini(&c);
}

static void test_two_samples(void **state) {
    (void)state;
    /* quick mode: n = 2 for the sample and its baseline */
    double it[2] = {1, 2}, t_new[2] = {10, 22}, t_base[2] = {10, 20};
    crit_sample s = {CRIT_MODE_LINEAR, 2, it, t_new}, base = {CRIT_MODE_LINEAR, 2, it, t_base};
    crit_analysis a;
    assert_int_equal(crit_analyze(&s, &base, &cfg, &a), 0);
    /* a = {10, 11}: mean 10.5, median 10.5, sd sqrt(0.5), MAD 0.5 * 1.4826 */
    assert_true(a.est.mean.point == 10.5 && a.est.median.point == 10.5);
    assert_true(a.est.std_dev.point == sqrt(0.5));
    assert_true(a.est.median_abs_dev.point == 0.5 * 1.4826);
    assert_true(a.compared);
    /* base {10, 10} vs new {10, 11}: +5% on the mean, +5% on the median */
    assert_close(a.change.mean.point, 0.05, 1e-12);
    assert_close(a.change.median.point, 0.05, 1e-12);
    assert_true(a.change.p_value >= 0.0 && a.change.p_value <= 1.0);
    assert_true(isfinite(a.change.mean.lower) && isfinite(a.change.mean.upper));
    crit_analysis_fini(&a);
}

static void test_all_equal(void **state) {
    (void)state;
    /* a_i = 5 everywhere, in the sample and its baseline */
    double it[4] = {1, 2, 3, 4}, tm[4] = {5, 10, 15, 20};
    crit_sample s = {CRIT_MODE_LINEAR, 4, it, tm};
    crit_analysis a;
    assert_int_equal(crit_analyze(&s, &s, &cfg, &a), 0);
    const crit_estimate five = {5, 5, 5, 0, 0.95}, zero = {0, 0, 0, 0, 0.95};
    assert_memory_equal(&a.est.mean, &five, sizeof five);
    assert_memory_equal(&a.est.median, &five, sizeof five);
    assert_memory_equal(&a.est.std_dev, &zero, sizeof zero);
    assert_memory_equal(&a.est.median_abs_dev, &zero, sizeof zero);
    assert_memory_equal(&a.est.slope, &five, sizeof five); /* times = 5 iters exactly */
    assert_true(a.r2 == 1.0);
    assert_true(a.fences.low_severe == 5.0 && a.fences.high_severe == 5.0);
    assert_int_equal(a.counts.not_outlier, 4);
    assert_true(a.cv == 0.0);
    /* t = 0/0: documented as p = 1, no change */
    assert_true(isnan(a.change.t_value));
    assert_true(a.change.p_value == 1.0);
    assert_int_equal(a.change.verdict, CRIT_VERDICT_NO_CHANGE);
    assert_memory_equal(&a.change.mean, &zero, sizeof zero);
    assert_memory_equal(&a.change.median, &zero, sizeof zero);
    crit_analysis_fini(&a);
}

static void test_rejects_bad_input(void **state) {
    (void)state;
    double it[3] = {1, 2, 3}, tm[3] = {1, 2, 3}, zero_it[3] = {1, 0, 3}, nan_tm[3] = {1, NAN, 3};
    crit_sample ok = {CRIT_MODE_LINEAR, 3, it, tm}, one = {CRIT_MODE_LINEAR, 1, it, tm};
    crit_sample zi = {CRIT_MODE_LINEAR, 3, zero_it, tm}, nt = {CRIT_MODE_LINEAR, 3, it, nan_tm};
    crit_analysis a;
    crit_analysis_config bad_cl = cfg, no_resamples = cfg, bad_sig = cfg, bad_noise = cfg;
    bad_cl.confidence_level = 1.0;
    no_resamples.nresamples = 0;
    bad_sig.significance_level = 0.0;
    bad_noise.noise_threshold = -0.01;
    assert_int_equal(crit_analyze(&one, NULL, &cfg, &a), -CRIT_EINVAL);
    assert_null(a.labels);
    assert_int_equal(crit_analyze(&zi, NULL, &cfg, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&nt, NULL, &cfg, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, &one, &cfg, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, NULL, &bad_cl, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, NULL, &no_resamples, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, &ok, &bad_sig, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, &ok, &bad_noise, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(NULL, NULL, &cfg, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, NULL, NULL, &a), -CRIT_EINVAL);
    assert_int_equal(crit_analyze(&ok, NULL, &cfg, NULL), -CRIT_EINVAL);
    /* without a baseline the comparison settings are not consulted */
    assert_int_equal(crit_analyze(&ok, NULL, &bad_sig, &a), 0);
    crit_analysis_fini(&a);
}

/* A Flat sample of 100 points of 1000 iterations whose averages are N(mean, sd). */
typedef struct flat100 {
    double iters[100], times[100];
    crit_sample s;
} flat100;

static void flat_normal(flat100 *f, double mean, double sd, unsigned long seed) {
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < 100; i++) {
        f->iters[i] = 1000.0;
        f->times[i] = 1000.0 * (mean + gsl_ran_gaussian(r, sd));
    }
    gsl_rng_free(r);
    f->s = (crit_sample){CRIT_MODE_FLAT, 100, f->iters, f->times};
}

static crit_verdict verdict(double base_mean, double new_mean, double *change, double *p) {
    flat100 base, nw;
    flat_normal(&base, base_mean, 1.0, 1);
    flat_normal(&nw, new_mean, 1.0, 2);
    crit_analysis a;
    assert_int_equal(crit_analyze(&nw.s, &base.s, &cfg, &a), 0);
    assert_true(a.compared);
    assert_true(a.change.significance_level == 0.05 && a.change.noise_threshold == 0.01);
    *change = a.change.mean.point;
    *p = a.change.p_value;
    print_message("base %g new %g: change %+.5f [%+.5f %+.5f], p = %g\n", base_mean, new_mean,
                  a.change.mean.point, a.change.mean.lower, a.change.mean.upper, *p);
    crit_verdict v = a.change.verdict;
    crit_analysis_fini(&a);
    return v;
}

static void test_four_verdicts(void **state) {
    (void)state;
    double change, p;
    /* same distribution, other draws: p = 0.423 with these seeds */
    assert_int_equal(verdict(100, 100, &change, &p), CRIT_VERDICT_NO_CHANGE);
    assert_true(p >= 0.05);
    /* -20%: significant, interval far below -1% */
    assert_int_equal(verdict(100, 80, &change, &p), CRIT_VERDICT_IMPROVED);
    assert_close(change, -0.2, 0.005);
    /* +20% */
    assert_int_equal(verdict(100, 120, &change, &p), CRIT_VERDICT_REGRESSED);
    assert_close(change, 0.2, 0.005);
    /* +0.5% with sd 0.1%: clearly significant, but inside the 1% noise band */
    assert_int_equal(verdict(1000, 1005, &change, &p), CRIT_VERDICT_WITHIN_NOISE);
    assert_true(p < 0.05);
    assert_close(change, 0.005, 0.0005);
}

/* crit_analyze_paired by hand. Rounds (new/old): 110/100, 220/200, 330/300, 105/100, 420/400,
 * 99/100, so the ratios are 1.1, 1.1, 1.1, 1.05, 1.05, 0.99 and n = 6. Sorted logs: ln .99,
 * ln 1.05, ln 1.05, ln 1.1, ln 1.1, ln 1.1; median (ln 1.05 + ln 1.1) / 2, so the change is
 * sqrt(1.05 * 1.1) - 1 = sqrt(1.155) - 1. Interval at 0.95: k = 1 covers 1 - 2/64 = 0.96875,
 * k = 2 only 1 - 2 * 7/64 = 0.78125, so [x_(1), x_(6)] = [0.99 - 1, 1.1 - 1]. Sign test: 5
 * positive, 1 negative: p = 2 * P(B <= 1), B ~ Bin(6, 1/2) = 2 * 7/64 = 0.21875 >= 0.05:
 * no change. Normal quantile of 0.984375 = 2.153875..., so std_err = (0.1 + 0.01) / 2 / z. */
static void test_paired_by_hand(void **state) {
    (void)state;
    const double nw[] = {110, 220, 330, 105, 420, 99}, old[] = {100, 200, 300, 100, 400, 100};
    crit_analysis_config pcfg = {1000, 0.95, 0.05, 0.01, 1, false};
    crit_change c;
    assert_int_equal(crit_analyze_paired(nw, old, 6, &pcfg, &c), 0);
    assert_true(fabs(c.mean.point - (sqrt(1.155) - 1)) < 1e-12);
    assert_true(fabs(c.mean.lower - (0.99 - 1)) < 1e-12);
    assert_true(fabs(c.mean.upper - 0.1) < 1e-12);
    assert_true(fabs(c.mean.std_err - 0.11 / 2 / 2.1538746940614564) < 1e-9);
    assert_true(c.median.point == c.mean.point && c.median.upper == c.mean.upper);
    assert_true(fabs(c.p_value - 0.21875) < 1e-12);
    assert_true(isnan(c.t_value));
    assert_int_equal(c.verdict, CRIT_VERDICT_NO_CHANGE);
    assert_int_equal(c.method, CRIT_CHANGE_PAIRED);
    assert_int_equal(c.rounds, 6);
    /* the sixth round at 103/100 instead: all six ratios above 1.02, p = 2/64 = 0.03125 < 0.05
     * and the whole interval [+3 %, +10 %] beyond the 1 % threshold: regressed */
    const double nw2[] = {110, 220, 330, 105, 420, 103};
    assert_int_equal(crit_analyze_paired(nw2, old, 6, &pcfg, &c), 0);
    assert_true(fabs(c.p_value - 0.03125) < 1e-12);
    assert_true(fabs(c.mean.lower - 0.03) < 1e-12);
    assert_int_equal(c.verdict, CRIT_VERDICT_REGRESSED);
    /* the same rounds the other way round: improved; a 50 % threshold: within noise */
    assert_int_equal(crit_analyze_paired(old, nw2, 6, &pcfg, &c), 0);
    assert_int_equal(c.verdict, CRIT_VERDICT_IMPROVED);
    pcfg.noise_threshold = 0.5;
    assert_int_equal(crit_analyze_paired(nw2, old, 6, &pcfg, &c), 0);
    assert_int_equal(c.verdict, CRIT_VERDICT_WITHIN_NOISE);
    /* refusals: no rounds, a zero time, a level of 1 */
    assert_int_equal(crit_analyze_paired(nw, old, 0, &pcfg, &c), -CRIT_EINVAL);
    const double zero[] = {0, 1};
    assert_int_equal(crit_analyze_paired(zero, old, 2, &pcfg, &c), -CRIT_EINVAL);
    pcfg.confidence_level = 1;
    assert_int_equal(crit_analyze_paired(nw, old, 6, &pcfg, &c), -CRIT_EINVAL);
}

/* crit_analysis_aa by hand: changes +0.1 %, -0.3 %, +2 % (regressed), -0.2 % (within noise):
 * 1 false alarm, 1 within noise; |change| sorted 0.001, 0.002, 0.003, 0.02, so the 0.95
 * quantile sits at rank 0.95 * 3 = 2.85: 0.003 + 0.85 * (0.02 - 0.003) = 0.01745. */
static void test_aa_summary_by_hand(void **state) {
    (void)state;
    crit_change ch[4] = {0};
    const double pts[4] = {0.001, -0.003, 0.02, -0.002};
    const crit_verdict v[4] = {CRIT_VERDICT_NO_CHANGE, CRIT_VERDICT_NO_CHANGE,
                               CRIT_VERDICT_REGRESSED, CRIT_VERDICT_WITHIN_NOISE};
    for (int i = 0; i < 4; i++)
        ch[i].mean.point = pts[i], ch[i].verdict = v[i];
    crit_aa aa;
    assert_int_equal(crit_analysis_aa(ch, 4, &aa), 0);
    assert_true(aa.used);
    assert_int_equal(aa.runs, 4);
    assert_int_equal(aa.false_alarms, 1);
    assert_int_equal(aa.within_noise, 1);
    assert_true(fabs(aa.noise_floor - 0.01745) < 1e-15);
    assert_int_equal(crit_analysis_aa(ch, 0, &aa), -CRIT_EINVAL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_field_by_hand),
        cmocka_unit_test(test_flat_mode_and_reproducibility),
        cmocka_unit_test(test_two_samples),
        cmocka_unit_test(test_all_equal),
        cmocka_unit_test(test_rejects_bad_input),
        cmocka_unit_test(test_four_verdicts),
        cmocka_unit_test(test_paired_by_hand),
        cmocka_unit_test(test_aa_summary_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
