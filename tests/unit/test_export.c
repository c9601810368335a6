/* test_export.c: the Markdown and CSV exports against golden text, the JSON builders' exact
 * keys, and the run-context helpers behind the warnings (steal from /proc/stat lines, the
 * once-per-run steal warning, debug/sanitizer/governor/load warnings). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "benchid.h"
#include "context.h"
#include "export.h"
#include "run_output.h"
#include "sample.h"

static crit_estimate est(double point, double lower, double upper) {
    return (crit_estimate){point, lower, upper, 0.5, 0.95};
}

/* Two records: a Linear one with Elements throughput and a comparison, a Flat one whose id
 * needs escaping in both formats. */
static void make_records(crit_run_record r[2]) {
    memset(r, 0, 2 * sizeof *r);
    assert_int_equal(crit_bench_id_init(&r[0].id, "vm", NULL, "fib15",
                                        (crit_throughput){CRIT_THROUGHPUT_ELEMENTS, 1973}),
                     0);
    assert_int_equal(crit_sample_init(&r[0].sample, 2), 0);
    r[0].sample.mode = CRIT_MODE_LINEAR;
    r[0].sample.iters[0] = 10, r[0].sample.iters[1] = 20;
    r[0].sample.times[0] = 227000, r[0].sample.times[1] = 454000;
    r[0].est.mean = est(22700, 22600, 22800);
    r[0].est.median = est(22650, 22600, 22700);
    r[0].est.median_abs_dev = est(50, 40, 60);
    r[0].est.std_dev = est(100, 90, 110);
    r[0].est.slope = est(22700, 22650, 22750);
    r[0].est.has_slope = true;
    r[0].cv = 100.0 / 22700.0;
    r[0].compared = true;
    r[0].change.mean = est(-0.125, -0.15, -0.1);
    r[0].change.median = est(-0.12, -0.14, -0.1);
    r[0].change.verdict = CRIT_VERDICT_IMPROVED;
    assert_int_equal(crit_bench_id_init(&r[1].id, "odd", "a,b|c", "\"q\"",
                                        (crit_throughput){CRIT_THROUGHPUT_NONE, 0}),
                     0);
    assert_int_equal(crit_sample_init(&r[1].sample, 2), 0);
    r[1].sample.mode = CRIT_MODE_FLAT;
    r[1].sample.iters[0] = r[1].sample.iters[1] = 4;
    r[1].sample.times[0] = 30, r[1].sample.times[1] = 34;
    r[1].est.mean = est(8, 7.5, 8.5);
    r[1].est.median = est(8, 7.5, 8.5);
    r[1].est.std_dev = est(0.5, 0, 0.7);
    r[1].cv = 0.0625;
}

static void free_records(crit_run_record r[2]) {
    crit_record_fini(&r[0]);
    crit_record_fini(&r[1]);
}

static void test_markdown_golden(void **state) {
    (void)state;
    crit_run_record r[2];
    make_records(r);
    char *md = crit_export_markdown(r, 2);
    assert_non_null(md);
    assert_string_equal(
        md, "| benchmark | lower | estimate | upper | throughput | change (mean) |\n"
            "| --- | ---: | ---: | ---: | ---: | --- |\n"
            "| vm/fib15 | 22.650 \xC2\xB5s | 22.700 \xC2\xB5s | 22.750 \xC2\xB5s | 86.916 Melem/s "
            "| -12.500% (improved) |\n"
            "| odd/a,b\\|c/\"q\" | 7.5000 ns | 8.0000 ns | 8.5000 ns | - | - |\n");
    free(md);
    md = crit_export_markdown(r, 0);
    assert_string_equal(md,
                        "| benchmark | lower | estimate | upper | throughput | change (mean) |\n"
                        "| --- | ---: | ---: | ---: | ---: | --- |\n");
    free(md);
    free_records(r);
}

static void test_csv_golden(void **state) {
    (void)state;
    crit_run_record r[2];
    make_records(r);
    char *csv = crit_export_csv(r, 2);
    assert_non_null(csv);
    assert_string_equal(
        csv, "id,mean,lower,upper,median,std_dev,cv,unit,throughput,throughput_unit\r\n"
             "vm/fib15,22700,22600,22800,22650,100,0.004405286343612335,ns,86916299.55947137,"
             "elements/s\r\n"
             "\"odd/a,b|c/\"\"q\"\"\",8,7.5,8.5,8,0.5,0.0625,ns,,\r\n");
    free(csv);
    free_records(r);
}

static void test_json_builders(void **state) {
    (void)state;
    crit_run_record r[2];
    make_records(r);
    char *m = crit_export_message_benchmark(&r[0], "results");
    assert_string_equal(
        m,
        "{\"reason\":\"benchmark-complete\",\"id\":\"vm/fib15\",\"report_directory\":"
        "\"results/vm/fib15\",\"iteration_count\":[10,20],\"measured_values\":[227000,454000],"
        "\"unit\":\"ns\",\"throughput\":[{\"per_iteration\":1973,\"unit\":\"elements\"}],"
        "\"typical\":{\"estimate\":22700,\"lower_bound\":22650,\"upper_bound\":22750,\"unit\":"
        "\"ns\"},\"mean\":{\"estimate\":22700,\"lower_bound\":22600,\"upper_bound\":22800,"
        "\"unit\":\"ns\"},\"median\":{\"estimate\":22650,\"lower_bound\":22600,\"upper_bound\":"
        "22700,\"unit\":\"ns\"},\"median_abs_dev\":{\"estimate\":50,\"lower_bound\":40,"
        "\"upper_bound\":60,\"unit\":\"ns\"},\"slope\":{\"estimate\":22700,\"lower_bound\":22650,"
        "\"upper_bound\":22750,\"unit\":\"ns\"},\"change\":{\"mean\":{\"estimate\":-0.125,"
        "\"lower_bound\":-0.15,\"upper_bound\":-0.1,\"unit\":\"%\"},\"median\":{\"estimate\":"
        "-0.12,\"lower_bound\":-0.14,\"upper_bound\":-0.1,\"unit\":\"%\"},\"change\":"
        "\"Improved\"}}");
    free(m);
    m = crit_export_message_benchmark(&r[1], "out");
    assert_non_null(strstr(m, "\"slope\":null,\"change\":null}"));
    assert_non_null(strstr(m, "\"throughput\":[],"));
    free(m);
    m = crit_export_message_group("odd", &r[1], 1, "out");
    assert_string_equal(m, "{\"reason\":\"group-complete\",\"group_name\":\"odd\",\"benchmarks\":"
                           "[\"odd/a,b|c/\\\"q\\\"\"],\"report_directory\":\"out/odd\"}");
    free(m);
    crit_context ctx;
    memset(&ctx, 0, sizeof ctx);
    strcpy(ctx.date, "2026-12-01T00:00:00Z");
    strcpy(ctx.host, "box");
    strcpy(ctx.governor, "powersave");
    strcpy(ctx.build_mode, "release");
    ctx.cores = 2;
    char *gb = crit_export_gbench_json(r, 2, &ctx, "build/bin/bench");
    assert_non_null(strstr(gb, "{\"context\":{\"date\":\"2026-12-01T00:00:00Z\",\"host_name\":"
                               "\"box\",\"executable\":\"build/bin/bench\",\"num_cpus\":2,"
                               "\"mhz_per_cpu\":0,\"cpu_scaling_enabled\":true,\"caches\":[],"));
    assert_non_null(strstr(gb, "{\"name\":\"vm/fib15\",\"family_index\":0,"
                               "\"per_family_instance_index\":0,\"run_name\":\"vm/fib15\","
                               "\"run_type\":\"iteration\",\"repetitions\":1,"
                               "\"repetition_index\":0,\"threads\":1,\"iterations\":30,"
                               "\"real_time\":22700,\"cpu_time\":22700,\"time_unit\":\"ns\","
                               "\"items_per_second\":86916299.55947137}"));
    assert_non_null(strstr(gb, "\"iterations\":8,\"real_time\":8,\"cpu_time\":8,"
                               "\"time_unit\":\"ns\"}]}"));
    free(gb);
    free_records(r);
}

static void test_steal_from_proc_stat(void **state) {
    (void)state;
    crit_cpu_times a, b;
    assert_true(crit_cpu_times_parse("cpu  100 0 50 800 10 0 5 35 0 0", &a));
    assert_int_equal(a.total, 1000);
    assert_int_equal(a.steal, 35);
    assert_true(crit_cpu_times_parse("cpu  200 0 100 1500 10 0 5 185 0 0", &b));
    assert_true(fabs(crit_cpu_steal_percent(&a, &b) - 15.0) < 1e-12); /* 150 of 1000 ticks */
    assert_true(crit_cpu_times_parse("cpu 1 2 3 4", &a));             /* a kernel without steal */
    assert_int_equal(a.steal, 0);
    assert_false(crit_cpu_times_parse("cpu0 1 2 3 4 5 6 7 8", &a));
    assert_false(crit_cpu_times_parse("intr 12", &a));
    assert_true(isnan(crit_cpu_steal_percent(&a, &b))); /* a failed reading */
    assert_true(isnan(crit_cpu_steal_percent(&b, &b))); /* no time passed */
}

static void test_steal_warning_once(void **state) {
    (void)state;
    crit_run_output o;
    memset(&o, 0, sizeof o);
    char buf[300];
    assert_string_equal(crit_run_output_steal(&o, "a", 5.0, buf, sizeof buf), "");
    assert_string_equal(crit_run_output_steal(&o, "b", NAN, buf, sizeof buf), "");
    assert_string_equal(crit_run_output_steal(&o, "c", 12.34, buf, sizeof buf),
                        "c: 12.3% of the CPU time was stolen by other virtual machines while it "
                        "ran (a shared VM): its times are inflated and noisier; this is reported "
                        "once per run");
    assert_string_equal(crit_run_output_steal(&o, "d", 20, buf, sizeof buf), "");
    assert_int_equal(o.nstolen, 2);
    assert_true(o.max_steal == 20);
}

static void test_context_warnings(void **state) {
    (void)state;
    crit_context c;
    char lines[4][160];
    memset(&c, 0, sizeof c);
    strcpy(c.build_mode, "release");
    strcpy(c.governor, "unknown");
    strcpy(c.flags, "-O2 -g");
    c.cores = 2;
    c.load_average = 1.5;
    assert_int_equal(crit_context_warnings(&c, lines, 4), 0);
    strcpy(c.build_mode, "debug+address,undefined");
    strcpy(c.flags, "-O0 -g3");
    strcpy(c.governor, "powersave");
    c.load_average = 2.5;
    assert_int_equal(crit_context_warnings(&c, lines, 4), 4);
    assert_string_equal(lines[0], "this is a debug build (-O0 -g3): timings are not "
                                  "representative of optimised code; build without MODE=debug");
    assert_string_equal(lines[1], "this build has sanitizers (address,undefined): timings are "
                                  "inflated; build without SANITIZER=");
    assert_string_equal(lines[2], "the CPU frequency governor is 'powersave', not 'performance': "
                                  "clock speed may change during a benchmark");
    assert_string_equal(lines[3], "the load average (2.50) is above the 2 cores: other work is "
                                  "competing for the CPU");
    assert_int_equal(crit_context_warnings(&c, lines, 1), 1);
    strcpy(c.governor, "performance");
    c.load_average = NAN;
    strcpy(c.build_mode, "release");
    assert_int_equal(crit_context_warnings(&c, lines, 4), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_golden),    cmocka_unit_test(test_csv_golden),
        cmocka_unit_test(test_json_builders),      cmocka_unit_test(test_steal_from_proc_stat),
        cmocka_unit_test(test_steal_warning_once), cmocka_unit_test(test_context_warnings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
