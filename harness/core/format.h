/* format.h: criterion.rs's number formatting (times, changes, throughput, iteration counts,
 * Rust's Duration Debug) and the time-unit ladder, into caller buffers. Pure: no I/O. Used by
 * every module that shows a number (console, report, exports, measure's warnings, results). */
#ifndef CRIT_FORMAT_H
#define CRIT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "crit.h"

/* Every function writes a NUL-terminated string of at most `len` bytes into buf and returns buf. */

/* criterion's format::short: 4/3/2/1/0 decimals below 10/100/1000/10000/above. */
char *crit_fmt_short(char *buf, size_t len, double n);
/* The time-unit ladder, written once: the unit a duration is shown in and its size in ns. */
typedef struct crit_time_unit {
    const char *name; /* "ps", "ns", "µs" (UTF-8 micro sign), "ms" or "s" */
    double ns;        /* nanoseconds in one unit: 1e-3, 1, 1e3, 1e6, 1e9 */
} crit_time_unit;
/* The unit for a duration of `ns`: below 1 ns ps, below 1e3 ns, below 1e6 µs, below 1e9 ms,
 * else s (NaN: s). A negative duration is below 1 ns, so ps, as criterion's format::time does;
 * a caller that wants a unit by magnitude passes fabs(ns). Pure. */
const crit_time_unit *crit_time_unit_for(double ns);
/* ns expressed in unit u: ns / u->ns, computed as ns * 1000 for ps so it rounds as a product. */
double crit_time_in_unit(double ns, const crit_time_unit *u);
/* criterion's format::time: "{:>6} ns" with the unit of crit_time_unit_for, right-aligned as
 * the console's columns need (crit_format_time in crit.h is the same without the padding). */
char *crit_fmt_time_aligned(char *buf, size_t len, double ns);
/* A count per iteration (instructions, misses): whole numbers as such ("4004"), anything else
 * with 2 decimals ("3.50"). Returns buf. */
char *crit_fmt_count(char *buf, size_t len, double v);
/* criterion's format::change: a fraction as "+1.2345%" (signed) or "1.2345%", right-aligned. */
char *crit_fmt_change(char *buf, size_t len, double fraction, int is_signed);
/* criterion's format::iter_count: "52M iterations", "5.2M iterations", "1234 iterations". */
char *crit_fmt_iter_count(char *buf, size_t len, uint64_t iterations);
/* The throughput `tp` achieved at `ns` per iteration, e.g. "12.345 MiB/s", "1.2000 Gelem/s". */
char *crit_fmt_throughput(char *buf, size_t len, crit_throughput tp, double ns);
/* Rust's `{:.1?}` of a Duration: "5.0s", "12.3ms", "900.0µs", "500.0ns". */
char *crit_fmt_duration(char *buf, size_t len, double ns);

#endif
