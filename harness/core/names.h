/* names.h: the character rule for the names a user gives crit (benchmark id parts, baseline
 * names), which become directory names, JSON strings and console text, and a printable form
 * of any byte string for messages. Private to libcrit (core/). */
#ifndef CRIT_NAMES_H
#define CRIT_NAMES_H

#include <stddef.h>

/* NULL when s is a usable name: not empty, valid UTF-8 (no overlong forms, surrogates or code
 * points above U+10FFFF) and free of control characters (U+0000-U+001F, U+007F-U+009F).
 * Otherwise a static description of the first problem, for example "is empty" or "contains
 * a control character (byte 0x0a at offset 3)" written into buf (cap >= 64), and buf is
 * returned. s must not be NULL. */
const char *crit_name_problem(const char *s, char *buf, size_t cap);

/* Copies s into out (cap >= 8) with every byte that is not printable ASCII or part of valid
 * UTF-8 other than a control character written as \xNN, and '\\' as "\\\\"; cut with "..."
 * when it does not fit. Returns out. For messages about names crit_name_problem refused. */
char *crit_name_printable(const char *s, char *out, size_t cap);

#endif
