/* numbers.c: numbers.h's strict parsers of command-line values. Pure (errno is saved). */
#include "numbers.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int crit_parse_double(const char *s, double *out) {
    /* decimal notation only: no blank, no hex float, no inf or nan spelled out */
    if (strspn(s, "0123456789+-.eE") != strlen(s) || *s == 'e' || *s == 'E')
        return -1;
    char *end;
    int saved = errno;
    errno = 0;
    double v = strtod(s, &end);
    int bad = errno || end == s || *end != '\0' || !isfinite(v);
    errno = saved;
    if (bad)
        return -1;
    *out = v;
    return 0;
}

int crit_parse_u64(const char *s, uint64_t *out) {
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    int saved = errno;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    int bad = errno || *end != '\0';
    errno = saved;
    if (bad)
        return -1;
    *out = (uint64_t)v;
    return 0;
}
