/* numbers.h: strict parsing of the numeric values given on a command line, one rule for bench's
 * options and for the tools (through crit_results.h), so `--seed` means the same everywhere. */
#ifndef CRIT_NUMBERS_H
#define CRIT_NUMBERS_H

#include <stdint.h>

/* The whole of s as a finite double in decimal notation (digits, sign, point, exponent: "-2e-3",
 * ".5"; no blank, no hex float, no trailing text). Returns 0 with *out set, or -1 (out
 * untouched) for anything else, including "", " 5", "0x10", "nan", "inf" and overflows. */
int crit_parse_double(const char *s, double *out);

/* The whole of s as a decimal unsigned integer: it must start with a digit (no sign, no
 * blank) and fit in 64 bits. Returns 0 with *out set, or -1 (out untouched). */
int crit_parse_u64(const char *s, uint64_t *out);

#endif
