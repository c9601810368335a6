/* crit.h: libcrit's public header for benchmark authors (tools that read results use
 * crit_results.h). A benchmark harness for C with criterion.rs's method:
 * warm-up, linear/flat sampling, slope fit, bootstrap intervals, Tukey outliers, saved
 * baselines with a Welch t-test verdict, and results in criterion's file layout.
 *
 * Ownership: every string passed in (ids, argv) is copied; callbacks' `arg` pointers are
 * borrowed and must outlive the call that receives them, except in a compared group
 * (crit_group_compare), whose benchmarks run at crit_group_finish: there they must live until
 * crit_group_finish returns. Nothing returned needs freeing except where a function says so.
 *
 * Minimal use:
 *
 *   static void bench_add(crit_bencher *b, void *arg) {
 *       uint64_t x = 1;
 *       CRIT_ITER(b) { x += 3; CRIT_BLACK_BOX(x); }
 *   }
 *   static void my_group(crit_runner *r) {
 *       crit_group *g = crit_group_new(r, "arith");
 *       crit_bench(g, "add", bench_add, NULL);
 *       crit_group_finish(g);
 *   }
 *   CRIT_MAIN(my_group)
 */
#ifndef CRIT_H
#define CRIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The run: command-line configuration, filter, output directory, summary. */
typedef struct crit_runner crit_runner;
/* A group of benchmarks sharing settings (criterion's BenchmarkGroup). */
typedef struct crit_group crit_group;
/* Handed to a benchmark function; its iter routines do the timing (criterion's Bencher). */
typedef struct crit_bencher crit_bencher;

/* A benchmark body. Called once per warm-up step and per sample; it must call exactly one
 * of the iter routines below (CRIT_ITER, crit_iter, crit_iter_batched, crit_iter_custom,
 * crit_iter_command), which runs crit_bencher_iters(b) iterations and records their time. */
typedef void (*crit_bench_fn)(crit_bencher *b, void *arg);
/* A target registered with CRIT_GROUP/CRIT_MAIN: creates groups and benchmarks. */
typedef void (*crit_target_fn)(crit_runner *r);

typedef enum {
    CRIT_THROUGHPUT_NONE = 0,
    CRIT_THROUGHPUT_BYTES,         /* binary units: KiB/s, MiB/s, GiB/s */
    CRIT_THROUGHPUT_BYTES_DECIMAL, /* decimal units: KB/s, MB/s, GB/s */
    CRIT_THROUGHPUT_ELEMENTS,      /* elem/s, Kelem/s, ... */
    CRIT_THROUGHPUT_BITS           /* b/s, Kb/s, ... */
} crit_throughput_kind;

/* Work done by one iteration, for the thrpt line. */
typedef struct crit_throughput {
    crit_throughput_kind kind;
    uint64_t per_iter;
} crit_throughput;

typedef enum {
    CRIT_SAMPLING_AUTO = 0, /* Linear unless that would take over twice the target time */
    CRIT_SAMPLING_LINEAR,   /* sample i runs i*d iterations; enables the slope estimate */
    CRIT_SAMPLING_FLAT      /* every sample runs the same count; for long benchmarks */
} crit_sampling_mode;

/* criterion's BatchSize: how many setup() inputs are prepared (untimed) per timed batch. */
typedef enum {
    CRIT_BATCH_SMALL_INPUT = 0, /* ceil(iters / 10) per batch */
    CRIT_BATCH_LARGE_INPUT,     /* ceil(iters / 1000) per batch */
    CRIT_BATCH_PER_ITERATION,   /* 1 per batch: setup before every single iteration */
    CRIT_BATCH_NUM_BATCHES,     /* exactly n batches: ceil(iters / n) per batch */
    CRIT_BATCH_NUM_ITERATIONS   /* exactly n inputs per batch */
} crit_batch_kind;

typedef struct crit_batch_size {
    crit_batch_kind kind;
    uint64_t n; /* for NUM_BATCHES and NUM_ITERATIONS; ignored otherwise */
} crit_batch_size;

/* ---- running ------------------------------------------------------------------------- */

/* Parses argv (see `bench --help`), runs every target in order and prints the summary.
 * Returns the process exit status: 0 success, 1 a benchmark failed, 2 bad command line
 * (nothing measured or written), 3 a benchmark regressed under --fail-on-regression. */
int crit_main(int argc, char **argv, const crit_target_fn *targets, size_t ntargets);

/* criterion_group!: defines `static void name(crit_runner *)` running the targets in order. */
#define CRIT_GROUP(name, ...)                                                             \
    static void name(crit_runner *crit_r_) {                                              \
        static const crit_target_fn crit_t_[] = {__VA_ARGS__};                            \
        for (size_t crit_i_ = 0; crit_i_ < sizeof crit_t_ / sizeof crit_t_[0]; crit_i_++) \
            crit_t_[crit_i_](crit_r_);                                                    \
    }

/* criterion_main!: defines main() running the listed targets (CRIT_GROUP names or plain
 * crit_target_fn functions) through crit_main. */
#define CRIT_MAIN(...)                                                             \
    int main(int argc, char **argv) {                                              \
        static const crit_target_fn crit_m_[] = {__VA_ARGS__};                     \
        return crit_main(argc, argv, crit_m_, sizeof crit_m_ / sizeof crit_m_[0]); \
    }

/* Whether the benchmark with this full id runs in this invocation (the filter selects it and
 * this is not --list), so a suite can start an expensive fixture (a helper process, a large
 * input) only when needed and before the benchmark's first timed call. Under --shard K/N it
 * is also true when shard K holds the id or one of its '/'-prefixes (a compared group's
 * members go to their group's shard, and the group is not known yet): never false for a
 * benchmark that runs, sometimes true for one that does not. */
bool crit_runner_selects(const crit_runner *r, const char *full_id);

/* What the run measures (`bench --measure time|instructions`). */
typedef enum { CRIT_MEASURE_TIME = 0, CRIT_MEASURE_INSTRUCTIONS } crit_measurement;

/* Selects the run's measurement from the program, as --measure does: call it first in the
 * first target, before any benchmark is registered. --measure on the command line wins (the
 * call is then a no-op), and so do --list and --test. Instructions need valgrind and a libcrit
 * built with <valgrind/callgrind.h> (docs/results-format.md). Returns false, with an error
 * reported and counted against the run (exit 1), when instructions cannot be counted here, when
 * benchmarks were already registered, or when the command line asked for something that does
 * not mix with it (--against, --quick, ...); the run then goes on measuring time. */
bool crit_runner_measure(crit_runner *r, crit_measurement m);

/* ---- groups and registration --------------------------------------------------------- */

/* Opens a group named `group_id` (copied). Settings made on the group apply to benchmarks
 * registered after them; explicit command-line options win over group settings. Never NULL
 * (allocation failure aborts the run with a message). Close with crit_group_finish. */
crit_group *crit_group_new(crit_runner *r, const char *group_id);
/* Closes the group and frees it. */
void crit_group_finish(crit_group *g);

void crit_group_sample_size(crit_group *g, size_t n);            /* 10..10000, default 100 */
void crit_group_warm_up_time(crit_group *g, double seconds);     /* > 0, default 3 */
void crit_group_measurement_time(crit_group *g, double seconds); /* > 0, default 5 */
void crit_group_nresamples(crit_group *g, size_t n);             /* > 0, default 100000 */
void crit_group_confidence_level(crit_group *g, double cl);      /* (0,1), default 0.95 */
void crit_group_significance_level(crit_group *g, double sl);    /* (0,1), default 0.05 */
void crit_group_noise_threshold(crit_group *g, double nt);       /* >= 0, default 0.01 */
void crit_group_sampling_mode(crit_group *g, crit_sampling_mode m);
void crit_group_throughput(crit_group *g, crit_throughput_kind kind, uint64_t per_iter);
/* Per-iteration limit for command benchmarks (default 60 s); past it the child is killed
 * and the benchmark fails naming the command. */
void crit_group_command_timeout(crit_group *g, double seconds);

/* Counts allocations in this group's benchmarks registered after the call (as --count-allocs
 * does for every benchmark; the command line's flag wins): calls of malloc, calloc, realloc,
 * posix_memalign, aligned_alloc, memalign, valloc and pvalloc, frees and requested bytes inside
 * the timed region on the benchmark's thread, reported per iteration (docs/results-format.md).
 * libcrit.a defines malloc & co. to count them, so this needs libcrit linked statically and
 * glibc's allocator; in a sanitizer build it is not available (a warning says so). Command and
 * custom-timer benchmarks are not counted (their work is elsewhere). */
void crit_group_count_allocs(crit_group *g, bool on);

/* Paired comparison inside one program (call right after crit_group_new, before the group's
 * first benchmark). From this call on, the group's benchmarks are registered, NOT run: they run
 * together at crit_group_finish, so their `arg` pointers (and whatever they point to) must live
 * until crit_group_finish returns. There every member the filter selects is warmed up in turn,
 * one iteration count is picked for all of them (from the slowest member, so that its run
 * takes about 1 ms), and rounds follow back to back, each running every member once with that
 * count in an order that rotates each round, until the measurement time is used or
 * --target-precision is met by the widest member-vs-baseline interval (at least 10 rounds).
 * The rounds use the group's settings as they stand at crit_group_finish.
 *
 * Each member is then reported as any benchmark (a Flat sample of its rounds: console, files,
 * report, exports, saved-baseline comparison), and every member but the baseline also gets its
 * time relative to the baseline member's from the same rounds (the median per-round ratio with
 * a distribution-free interval): "vs group/base: 1.27x slower [1.25x 1.29x] (paired, N rounds)"
 * on the console, "relative" in metrics.json, the group's report page and the exports.
 *
 * The baseline is the member whose id inside the group (its full id without "group/":
 * function_id for crit_bench, "function_id/value" or, without a function id, "value" for
 * crit_bench_with_input) equals baseline_function_id (copied). When the group registers no such
 * member, every selected member fails (exit 1). When the filter selects other members but not
 * the baseline, the baseline runs anyway (it is needed for the ratios) and is reported too, with
 * a note. A member that fails or skips itself is left out; when the baseline does, the others
 * are not compared (failed, or skipped when the baseline skipped itself).
 *
 * A fixture started only when crit_runner_selects says so must therefore be started for the
 * baseline whenever any member is selected.
 *
 * Under --list, --test, --quick, --against, --aa and --load-baseline (and OLD's --serve) the
 * call has no effect: each benchmark runs (or is listed) at registration as in any group, with
 * no ratio. */
void crit_group_compare(crit_group *g, const char *baseline_function_id);

/* Registers and (if it passes the filter) runs benchmark `group/function_id`. */
void crit_bench(crit_group *g, const char *function_id, crit_bench_fn fn, void *arg);
/* Parameterised benchmark (criterion's BenchmarkId): id `group/function_id/value`, or
 * `group/value` when function_id is NULL. */
void crit_bench_with_input(crit_group *g, const char *function_id, const char *value,
                           crit_bench_fn fn, void *arg);
/* A lone benchmark whose id is just `id` (criterion's Criterion::bench_function). */
void crit_bench_function(crit_runner *r, const char *id, crit_bench_fn fn, void *arg);
/* A command benchmark: every iteration fork/execs argv (argv[0] searched in PATH) with stdin
 * from /dev/null and output discarded. A non-zero exit, a signal, a failed exec or the
 * group's timeout fails the benchmark with a message naming the command. argv is copied.
 * The command leads a process group of its own (a timeout kills all of it) and is killed
 * when the thread that started it dies (PR_SET_PDEATHSIG), so a run killed mid-command
 * leaves no command running; what the command itself starts is not covered by that. */
void crit_bench_command(crit_group *g, const char *function_id, const char *const *argv);

/* ---- inside a benchmark function ----------------------------------------------------- */

/* Iterations the current call must run. */
uint64_t crit_bencher_iters(const crit_bencher *b);

/* Times `routine(arg)` called crit_bencher_iters(b) times (one indirect call per iteration). */
void crit_iter(crit_bencher *b, void (*routine)(void *arg), void *arg);

/* Times `routine(input, arg)` on inputs made by `setup(arg)` beforehand; neither setup nor
 * teardown(input, arg) (may be NULL) is timed. Inputs are prepared per batch as `size` says. */
void crit_iter_batched(crit_bencher *b, void *(*setup)(void *arg),
                       void (*routine)(void *input, void *arg),
                       void (*teardown)(void *input, void *arg), void *arg, crit_batch_size size);

/* For external timers: `timed(iters, arg)` runs iters iterations itself and returns the total
 * elapsed ns it measured. A negative or non-finite return fails the benchmark. */
void crit_iter_custom(crit_bencher *b, double (*timed)(uint64_t iters, void *arg), void *arg);

/* Times crit_bencher_iters(b) fork/exec runs of argv (see crit_bench_command). */
void crit_iter_command(crit_bencher *b, const char *const *argv, double timeout_seconds);

/* Marks the benchmark failed with a message (printf format); the runner reports it, skips
 * the benchmark's analysis and files, and the run exits 1. The iter routine may be skipped. */
void crit_bencher_fail(crit_bencher *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Skips the benchmark because it cannot run here (e.g. an external program is missing), with
 * a reason (printf format). The runner prints "<id>: skipped: <reason>", writes no files, and
 * the run's exit status is unaffected. Call it instead of an iter routine. */
void crit_bencher_skip(crit_bencher *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Records a per-iteration metric (e.g. "allocs_per_iter") written to metrics.json; the last
 * value set during the benchmark is kept. At most 8 names of up to 31 bytes. Under
 * --count-allocs a benchmark's own allocs_per_iter/bytes_per_iter win: the interposer's counts
 * fill them only when the benchmark sets none (its own always go to heap_*_per_iter). The
 * usage names (cpu_time_per_iter, heap_*_per_iter, child_*) are reserved. */
void crit_bencher_metric(crit_bencher *b, const char *name, double value);

/* Adds "key": "value" to this benchmark's metrics.json context block, e.g. the path and
 * version of an external program it measured. Both are copied; setting a key again replaces
 * its value. At most 4 keys of up to 31 bytes with values of up to 4095 bytes, and not one of
 * the run's own keys (date, host, ...); otherwise the benchmark fails naming the key. */
void crit_bencher_context(crit_bencher *b, const char *key, const char *value);

/* ---- formatting for tools and reporters ------------------------------------------------ */

/* Writes `ns` (a duration in nanoseconds) as the console prints it, without padding:
 * "279.65 ps", "7.5231 ns", "1.0930 µs" (UTF-8 micro sign), "143.61 ms", "5.0001 s"
 * (4/3/2/1/0 decimals below 10/100/1000/10000/above). At most len bytes including the NUL;
 * returns buf. Pure. */
char *crit_format_time(char *buf, size_t len, double ns);

/* Hooks used by CRIT_ITER; not for direct use. */
uint64_t crit_bencher_begin_(crit_bencher *b);
void crit_bencher_end_(crit_bencher *b);

/* The zero-call-overhead loop: `CRIT_ITER(b) { body }` runs body crit_bencher_iters(b) times
 * between two clock reads, inlined. Do not `break` or `return` out of the body. */
#define CRIT_ITER(b)                                                                             \
    for (uint64_t crit_n_ = crit_bencher_begin_(b); crit_n_ > 0 ? 1 : (crit_bencher_end_(b), 0); \
         crit_n_--)

/* Compiler barriers (as Google Benchmark's DoNotOptimize/ClobberMemory).
 * CRIT_BLACK_BOX(x): x (a scalar lvalue) is treated as read and possibly changed, so its
 * computation cannot be folded or hoisted, without adding a memory access.
 * crit_black_box(p): the object at p is treated as read and all memory as changed. */
#if defined(__GNUC__)
#define CRIT_BLACK_BOX(x) __asm__ __volatile__("" : "+r"(x))
static inline void crit_black_box(const void *p) { __asm__ __volatile__("" : : "r"(p) : "memory"); }
static inline void crit_clobber_memory(void) { __asm__ __volatile__("" : : : "memory"); }
#else
#error "crit.h needs GCC or Clang inline asm for its compiler barriers"
#endif

#ifdef __cplusplus
}
#endif
#endif
