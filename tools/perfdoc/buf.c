/* buf.c: perfdoc's text helpers: a growable string, Markdown cell escaping, the fixed number
 * formats every table uses (times through crit_format_time, so they read like the console),
 * and counting distinct values. Pure apart from malloc. */
#include "perfdoc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crit.h"

static int grow(pd_buf *b, size_t extra) {
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void pd_buf_add(pd_buf *b, const char *s, size_t len) {
    if (grow(b, len) != 0)
        return;
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void pd_buf_puts(pd_buf *b, const char *s) { pd_buf_add(b, s, strlen(s)); }

void pd_buf_printf(pd_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void pd_buf_cell(pd_buf *b, const char *s) {
    static const char blanks[] = " \t\r\n";
    size_t n = 0;
    if (s != NULL) {
        s += strspn(s, blanks);
        n = strlen(s);
        while (n > 0 && strchr(blanks, s[n - 1]) != NULL)
            n--;
    }
    if (n == 0) {
        pd_buf_puts(b, "unknown");
        return;
    }
    for (const char *end = s + n; s < end; s++) {
        if (*s == '|')
            pd_buf_add(b, "\\|", 2);
        else if (*s == '\n' || *s == '\r' || *s == '\t')
            pd_buf_add(b, " ", 1);
        else
            pd_buf_add(b, s, 1);
    }
}

void pd_buf_free(pd_buf *b) {
    free(b->data);
    memset(b, 0, sizeof *b);
}

char *pd_fmt_time(char *buf, size_t len, double ns) {
    if (!isfinite(ns)) {
        snprintf(buf, len, "\xE2\x80\x94"); /* — */
        return buf;
    }
    if (ns < 0) {
        char abs[64];
        crit_format_time(abs, sizeof abs, -ns);
        snprintf(buf, len, "-%s", abs);
        return buf;
    }
    return crit_format_time(buf, len, ns);
}

char *pd_fmt_fixed(char *buf, size_t len, int prec, double v) {
    snprintf(buf, len, "%.*f", prec, v);
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf)); /* "-0.0" -> "0.0" */
    return buf;
}

char *pd_fmt_count(char *buf, size_t len, double v) {
    if (v == floor(v) && fabs(v) < 1e15)
        return pd_fmt_fixed(buf, len, 0, v);
    return pd_fmt_fixed(buf, len, 2, v);
}

/* The console's precision: 4/3/2/1/0 decimals below 10/100/1000/10000/above. */
static char *fmt_short(char *buf, size_t len, double v) {
    int prec = v < 10.0 ? 4 : v < 100.0 ? 3 : v < 1000.0 ? 2 : v < 10000.0 ? 1 : 0;
    return pd_fmt_fixed(buf, len, prec, v);
}

char *pd_fmt_rate(char *buf, size_t len, const char *unit, double count, double ns) {
    static const char *const bytes[4] = {"B/s", "KiB/s", "MiB/s", "GiB/s"};
    static const char *const bytes_dec[4] = {"B/s", "KB/s", "MB/s", "GB/s"};
    static const char *const elems[4] = {"elem/s", "Kelem/s", "Melem/s", "Gelem/s"};
    static const char *const bits[4] = {"b/s", "Kb/s", "Mb/s", "Gb/s"};
    const char *const *units = elems;
    double base = 1000.0;
    if (strcmp(unit, "Bytes") == 0)
        units = bytes, base = 1024.0;
    else if (strcmp(unit, "BytesDecimal") == 0)
        units = bytes_dec;
    else if (strcmp(unit, "Bits") == 0)
        units = bits;
    if (!(ns > 0) || !isfinite(ns)) {
        snprintf(buf, len, "\xE2\x80\x94");
        return buf;
    }
    double per_sec = count * (1e9 / ns), div = 1.0;
    int k = 0;
    while (k < 3 && per_sec >= div * base) {
        div *= base;
        k++;
    }
    char num[64];
    snprintf(buf, len, "%s %s", fmt_short(num, sizeof num, per_sec / div), units[k]);
    return buf;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_tally(const void *a, const void *b) {
    const pd_tally *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

size_t pd_tally_values(const char **vals, size_t n, pd_tally *out) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i] != NULL)
            vals[m++] = vals[i];
    if (m > 1)
        qsort(vals, m, sizeof *vals, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < m; i++) {
        if (k > 0 && strcmp(out[k - 1].value, vals[i]) == 0) {
            out[k - 1].count++;
        } else {
            out[k].value = vals[i];
            out[k].count = 1;
            k++;
        }
    }
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_tally);
    return k;
}
