/* format.h: criterion.rs's number formatting (times, changes, throughput, iteration counts,
 * Rust's Duration Debug) into caller buffers. Pure: no I/O, used by the console reporter. */
#ifndef CRIT_FORMAT_H
#define CRIT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "crit.h"

/* Every function writes a NUL-terminated string of at most `len` bytes into buf and returns buf. */

/* criterion's format::short: 4/3/2/1/0 decimals below 10/100/1000/10000/above. */
char *crit_fmt_short(char *buf, size_t len, double n);
/* criterion's format::time: "{:>6} ns" with the unit (ps, ns, µs, ms, s) picked from ns. */
char *crit_fmt_time(char *buf, size_t len, double ns);
/* criterion's format::change: a fraction as "+1.2345%" (signed) or "1.2345%", right-aligned. */
char *crit_fmt_change(char *buf, size_t len, double fraction, int is_signed);
/* criterion's format::iter_count: "52M iterations", "5.2M iterations", "1234 iterations". */
char *crit_fmt_iter_count(char *buf, size_t len, uint64_t iterations);
/* The throughput `tp` achieved at `ns` per iteration, e.g. "12.345 MiB/s", "1.2000 Gelem/s". */
char *crit_fmt_throughput(char *buf, size_t len, crit_throughput tp, double ns);
/* Rust's `{:.1?}` of a Duration: "5.0s", "12.3ms", "900.0µs", "500.0ns". */
char *crit_fmt_duration(char *buf, size_t len, double ns);

#endif
