/* format.c: criterion.rs's console number formats, reproduced so that output diffs against a
 * criterion.rs run line up. Pure functions writing into caller buffers. */
#include "format.h"

#include <math.h>
#include <stdio.h>

char *crit_fmt_short(char *buf, size_t len, double n) {
    int prec = n < 10.0 ? 4 : n < 100.0 ? 3 : n < 1000.0 ? 2 : n < 10000.0 ? 1 : 0;
    snprintf(buf, len, "%.*f", prec, n);
    return buf;
}

static char *signed_short(char *buf, size_t len, double n) {
    double a = fabs(n);
    int prec = a < 10.0 ? 4 : a < 100.0 ? 3 : a < 1000.0 ? 2 : a < 10000.0 ? 1 : 0;
    snprintf(buf, len, "%+.*f", prec, n);
    return buf;
}

static const crit_time_unit time_units[] = {
    {"ps", 1e-3}, {"ns", 1.0}, {"\xC2\xB5s", 1e3}, {"ms", 1e6}, {"s", 1e9}};

const crit_time_unit *crit_time_unit_for(double ns) {
    size_t i = 0;
    while (i + 1 < sizeof time_units / sizeof time_units[0] && !(ns < time_units[i + 1].ns))
        i++;
    return &time_units[i];
}

double crit_time_in_unit(double ns, const crit_time_unit *u) {
    return u->ns < 1.0 ? ns * (1.0 / u->ns) : ns / u->ns; /* 1.0 / 1e-3 is exactly 1000 */
}

char *crit_fmt_time_aligned(char *buf, size_t len, double ns) {
    char num[64];
    const crit_time_unit *u = crit_time_unit_for(ns);
    snprintf(buf, len, "%6s %s", crit_fmt_short(num, sizeof num, crit_time_in_unit(ns, u)),
             u->name);
    return buf;
}

char *crit_format_time(char *buf, size_t len, double ns) {
    char padded[96];
    crit_fmt_time_aligned(padded, sizeof padded, ns);
    const char *p = padded;
    while (*p == ' ')
        p++;
    snprintf(buf, len, "%s", p);
    return buf;
}

char *crit_fmt_change(char *buf, size_t len, double fraction, int is_signed) {
    char num[64];
    if (is_signed)
        snprintf(buf, len, "%6s%%", signed_short(num, sizeof num, fraction * 1e2));
    else
        snprintf(buf, len, "%6s%%", crit_fmt_short(num, sizeof num, fraction * 1e2));
    return buf;
}

char *crit_fmt_iter_count(char *buf, size_t len, uint64_t it) {
    double d = (double)it;
    if (it < 10000ULL)
        snprintf(buf, len, "%llu iterations", (unsigned long long)it);
    else if (it < 1000000ULL)
        snprintf(buf, len, "%.0fk iterations", d / 1e3);
    else if (it < 10000000ULL)
        snprintf(buf, len, "%.1fM iterations", d / 1e6);
    else if (it < 1000000000ULL)
        snprintf(buf, len, "%.0fM iterations", d / 1e6);
    else if (it < 10000000000ULL)
        snprintf(buf, len, "%.1fB iterations", d / 1e9);
    else
        snprintf(buf, len, "%.0fB iterations", d / 1e9);
    return buf;
}

/* Picks the largest unit whose value stays >= 1, as criterion's DurationFormatter does. */
static void scale(double per_sec, double base, const char *const units[4], double *v,
                  const char **unit) {
    int k = 0;
    double div = 1.0;
    while (k < 3 && per_sec >= div * base) {
        div *= base;
        k++;
    }
    *v = per_sec / div;
    *unit = units[k];
}

char *crit_fmt_throughput(char *buf, size_t len, crit_throughput tp, double ns) {
    static const char *const bytes[4] = {"  B/s", "KiB/s", "MiB/s", "GiB/s"};
    static const char *const bytes_dec[4] = {"  B/s", "KB/s", "MB/s", "GB/s"};
    static const char *const elems[4] = {" elem/s", "Kelem/s", "Melem/s", "Gelem/s"};
    static const char *const bits[4] = {"  b/s", "Kb/s", "Mb/s", "Gb/s"};
    double per_sec = (double)tp.per_iter * (1e9 / ns), v = 0;
    const char *unit = "";
    char num[64];
    switch (tp.kind) {
    case CRIT_THROUGHPUT_BYTES: scale(per_sec, 1024.0, bytes, &v, &unit); break;
    case CRIT_THROUGHPUT_BYTES_DECIMAL: scale(per_sec, 1000.0, bytes_dec, &v, &unit); break;
    case CRIT_THROUGHPUT_ELEMENTS: scale(per_sec, 1000.0, elems, &v, &unit); break;
    case CRIT_THROUGHPUT_BITS: scale(per_sec, 1000.0, bits, &v, &unit); break;
    case CRIT_THROUGHPUT_NONE:
    default: snprintf(buf, len, "-"); return buf;
    }
    snprintf(buf, len, "%6s %s", crit_fmt_short(num, sizeof num, v), unit);
    return buf;
}

char *crit_fmt_duration(char *buf, size_t len, double ns) {
    if (ns >= 1e9)
        snprintf(buf, len, "%.1fs", ns / 1e9);
    else if (ns >= 1e6)
        snprintf(buf, len, "%.1fms", ns / 1e6);
    else if (ns >= 1e3)
        snprintf(buf, len, "%.1f\xC2\xB5s", ns / 1e3);
    else
        snprintf(buf, len, "%.1fns", ns);
    return buf;
}

char *crit_fmt_count(char *buf, size_t len, double v) {
    if (v == (double)(long long)v)
        snprintf(buf, len, "%lld", (long long)v);
    else
        snprintf(buf, len, "%.2f", v);
    return buf;
}
