/* jsonio.h: helpers shared by the results-store codecs: exact number tokens for cJSON trees
 * and strict, message-producing accessors for decoding. Used by store/ and by export/ (exact
 * numbers in the JSON exports). */
#ifndef CRIT_JSONIO_H
#define CRIT_JSONIO_H

#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRIT_JSON_TWO_POW_53 9007199254740992.0

/* Writes "<file>: <formatted message>" into err (when err and errlen allow) and returns
 * code unchanged, so callers can `return crit_json_fail(-CRIT_EINVAL, ...)`. */
int crit_json_fail(int code, char *err, size_t errlen, const char *file, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* crit_json_fail(-CRIT_ENOMEM, ..., "out of memory"). */
int crit_json_nomem(char *err, size_t errlen, const char *file);

/* Formats finite v with the fewest of 15, 16, 17 significant digits that strtod reads back
 * bit-identical (cJSON's own printer tolerates a 1-ulp error). cap >= 32. */
void crit_json_format_double(double v, char *buf, size_t cap);

/* Add a number token to an object (key) or an array. A non-finite v is added as null (the
 * encoders reject non-finite values first wherever null is not allowed). Return false when
 * out of memory. */
bool crit_json_add_num(cJSON *obj, const char *key, double v);
bool crit_json_add_uint(cJSON *obj, const char *key, uint64_t v);
bool crit_json_add_int(cJSON *obj, const char *key, long v);
bool crit_json_append_num(cJSON *arr, double v);

/* Prints root compactly into *out (malloc'd; free()) and deletes root (may be NULL). ok false
 * means building the tree ran out of memory. Returns 0 or -CRIT_ENOMEM. */
int crit_json_finish(cJSON *root, bool ok, char **out, char *err, size_t errlen, const char *file);

/* 0 when v is finite, else -CRIT_EINVAL with "<file>: "<what>" is not a finite number". */
int crit_json_check_finite(double v, const char *file, const char *what, char *err, size_t errlen);

/* The decoding context: the file name used in messages and the caller's error buffer. */
typedef struct crit_json_dec {
    const char *file;
    char *err;
    size_t errlen;
} crit_json_dec;

/* Writes "<file>: <message>" and returns -CRIT_EPARSE. */
int crit_json_bad(const crit_json_dec *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* "a number", "a string", ... for messages. */
const char *crit_json_type_name(const cJSON *j);

/* Parses exactly len bytes of json as one value (trailing whitespace allowed; NUL bytes,
 * trailing text or an empty input are errors). On success *root is owned by the caller
 * (cJSON_Delete); on failure it is NULL and -CRIT_EPARSE is returned. */
int crit_json_parse(const crit_json_dec *d, const char *json, size_t len, cJSON **root);

/* Zeroes out (size bytes), parses json (as crit_json_parse) and hands the tree to
 * decode(d, root, out); the tree is freed before returning. On failure out is released with
 * undo(out) when undo is not NULL (it owns memory), then zeroed again, so a failed decode
 * leaves nothing behind. Returns 0 or decode's / the parser's negative code. */
typedef int (*crit_json_tree_fn)(const crit_json_dec *d, const cJSON *root, void *out);
int crit_json_decode_doc(const char *json, size_t len, const char *name, char *err, size_t errlen,
                         crit_json_tree_fn decode, void *out, size_t size, void (*undo)(void *out));

/* Accessors for obj[key]; `where` ("" at top level) prefixes the key in messages as
 * "where.key". Each returns 0 or -CRIT_EPARSE (missing key, wrong type, non-finite number,
 * out of range). Strings from crit_json_get_string are borrowed from the tree. */
int crit_json_get_item(const crit_json_dec *d, const cJSON *obj, const char *where, const char *key,
                       const cJSON **out);
int crit_json_want_object(const crit_json_dec *d, const cJSON *j, const char *what);
int crit_json_check_number(const crit_json_dec *d, const cJSON *j, const char *what, double *out);
/* A finite number; null reads as NaN when nullable. */
int crit_json_get_number(const crit_json_dec *d, const cJSON *obj, const char *where,
                         const char *key, bool nullable, double *out);
/* An integral number in [lo, hi]. */
int crit_json_get_integer(const crit_json_dec *d, const cJSON *obj, const char *where,
                          const char *key, double lo, double hi, double *out);
/* A string; null reads as NULL when nullable. */
int crit_json_get_string(const crit_json_dec *d, const cJSON *obj, const char *where,
                         const char *key, bool nullable, const char **out);
/* A string copied into buf (cap bytes including the NUL; longer is an error). */
int crit_json_get_string_into(const crit_json_dec *d, const cJSON *obj, const char *where,
                              const char *key, char *buf, size_t cap);

#endif
