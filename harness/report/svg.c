/* svg.c: the string buffer, units, ticks and axes of svg.h. The plot drawing calls live in
 * svg_plot.c. */
#include "svg.h"

#include "format.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- string buffer ------------------------------------------------------------------------ */

static bool reserve(crit_sbuf *b, size_t extra) {
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

static void putn(crit_sbuf *b, const char *s, size_t n) {
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void crit_sbuf_puts(crit_sbuf *b, const char *s) { putn(b, s, strlen(s)); }

void crit_sbuf_printf(crit_sbuf *b, const char *fmt, ...) {
    va_list ap;
    for (int pass = 0; pass < 2 && !b->failed; pass++) {
        size_t room = b->cap > b->len ? b->cap - b->len : 0;
        va_start(ap, fmt);
        int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = true;
            return;
        }
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return;
        }
        if (!reserve(b, (size_t)n))
            return;
    }
}

/* Length of the valid UTF-8 sequence (2-4 bytes, no overlong form, surrogate or value above
 * U+10FFFF, and not U+FFFE/U+FFFF, which XML forbids) at s, or 0. */
static size_t utf8_seq(const unsigned char *s) {
    unsigned c = s[0];
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (n == 0 || (n == 3 && c > 0xEF))
        return 0;
    uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE)) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return n;
}

void crit_sbuf_escape(crit_sbuf *b, const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        const unsigned char *run = p;
        while (*p >= 0x20 && *p < 0x80 && !strchr("&<>\"'", *p))
            p++;
        putn(b, (const char *)run, (size_t)(p - run));
        if (!*p)
            break;
        size_t n;
        switch (*p) {
        case '&':
            crit_sbuf_puts(b, "&amp;");
            p++;
            continue;
        case '<':
            crit_sbuf_puts(b, "&lt;");
            p++;
            continue;
        case '>':
            crit_sbuf_puts(b, "&gt;");
            p++;
            continue;
        case '"':
            crit_sbuf_puts(b, "&quot;");
            p++;
            continue;
        case '\'':
            crit_sbuf_puts(b, "&#39;");
            p++;
            continue;
        case '\t':
        case '\n':
            putn(b, (const char *)p, 1);
            p++;
            continue;
        default: break;
        }
        if (*p < 0x80) {
            crit_sbuf_puts(b, "?");
            p++;
        } else if ((n = utf8_seq(p)) > 0) {
            putn(b, (const char *)p, n);
            p += n;
        } else {
            crit_sbuf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
            p++;
        }
    }
}

void crit_sbuf_url(crit_sbuf *b, const char *s) {
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            putn(b, (const char *)p, 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            putn(b, e, 3);
        }
    }
}

void crit_sbuf_fixed(crit_sbuf *b, double v, int decimals) {
    static const long long p10[4] = {1, 10, 100, 1000};
    int d = decimals < 0 ? 0 : decimals > 3 ? 3 : decimals;
    double r = isfinite(v) ? nearbyint(v * (double)p10[d]) : 0.0;
    if (fabs(r) > 9e15) {
        crit_sbuf_printf(b, "%.*f", d, v);
        return;
    }
    long long k = (long long)r;
    char tmp[32], *e = tmp + sizeof tmp, *q = e;
    unsigned long long u = k < 0 ? (unsigned long long)(-k) : (unsigned long long)k;
    unsigned long long ip = u / (unsigned long long)p10[d], fp = u % (unsigned long long)p10[d];
    if (fp) { /* fraction digits without trailing zeros */
        int nd = d;
        while (fp % 10 == 0) {
            fp /= 10;
            nd--;
        }
        for (int i = 0; i < nd; i++, fp /= 10)
            *--q = (char)('0' + fp % 10);
        *--q = '.';
    }
    do {
        *--q = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (k < 0)
        *--q = '-';
    putn(b, q, (size_t)(e - q));
}

void crit_sbuf_fini(crit_sbuf *b) {
    free(b->data);
    *b = (crit_sbuf){0};
}

size_t crit_svg_text_chars(const char *s) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

char *crit_svg_ellipsize(const char *s, size_t max_chars, char *out, size_t outlen) {
    static const char dots[] = "\xE2\x80\xA6"; /* … */
    if (outlen == 0)
        return out;
    size_t len = strlen(s);
    if (crit_svg_text_chars(s) <= max_chars && len < outlen) {
        memcpy(out, s, len + 1);
        return out;
    }
    /* cut: max_chars - 1 characters and "…", within outlen */
    size_t keep = max_chars > 1 ? max_chars - 1 : 0, chars = 0, i = 0;
    size_t room = outlen - 1 >= sizeof dots - 1 ? outlen - sizeof dots : 0;
    while (s[i] && chars < keep) {
        size_t j = i + 1;
        while (((unsigned char)s[j] & 0xC0) == 0x80)
            j++;
        if (j > room)
            break;
        chars++;
        i = j;
    }
    memcpy(out, s, i);
    out[i] = '\0';
    if (i + sizeof dots <= outlen)
        memcpy(out + i, dots, sizeof dots);
    return out;
}

/* Byte offset of character k of s (or its length). */
static size_t char_offset(const char *s, size_t k) {
    size_t i = 0;
    for (size_t c = 0; s[i] && c < k; c++) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

char *crit_svg_ellipsize_middle(const char *s, size_t max_chars, char *out, size_t outlen) {
    size_t chars = crit_svg_text_chars(s), len = strlen(s);
    if (chars <= max_chars || max_chars < 3 || outlen < len + 3)
        return crit_svg_ellipsize(s, max_chars, out, outlen);
    size_t head = (max_chars - 1) * 2 / 5, tail = max_chars - 1 - head;
    size_t h = char_offset(s, head), t = char_offset(s, chars - tail);
    memcpy(out, s, h);
    memcpy(out + h, "\xE2\x80\xA6", 3); /* … */
    memcpy(out + h + 3, s + t, len - t + 1);
    return out;
}

/* ---- units and ticks ---------------------------------------------------------------------- */

/* 10^e exactly for |e| <= 22 (beyond, pow's nearest). */
static double pow10_exact(int e) {
    double p = 1.0;
    int a = e < 0 ? -e : e;
    if (a > 22)
        return pow(10.0, (double)a);
    for (int i = 0; i < a; i++)
        p *= 10.0;
    return p;
}

/* m * 10^e, correctly rounded when |e| <= 22 (one multiplication or division of exact
 * doubles). */
static double scaled(double m, int e) { return e >= 0 ? m * pow10_exact(e) : m / pow10_exact(-e); }

size_t crit_svg_nice_ticks(double lo, double hi, size_t target, double *ticks, size_t max,
                           int *decimals) {
    if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || max == 0)
        return 0;
    double raw = (hi - lo) / (double)(target < 2 ? 2 : target);
    int e = (int)floor(log10(raw));
    double norm = raw / scaled(1.0, e);
    int m = norm < 1.5 ? 1 : norm < 3.0 ? 2 : norm < 7.0 ? 5 : 10;
    if (m == 10)
        m = 1, e++;
    double step = scaled(m, e), tol = 1e-9 * (hi - lo) / step;
    double k0 = ceil(lo / step - tol), k1 = floor(hi / step + tol);
    size_t n = 0;
    for (double k = k0; k <= k1 && n < max; k++)
        ticks[n++] = scaled(k * m, e);
    if (decimals)
        *decimals = e < 0 ? -e : 0;
    return n;
}

size_t crit_svg_log_ticks(double lo, double hi, double *ticks, size_t max) {
    if (!(lo > 0.0) || !(hi > lo) || !isfinite(hi) || max == 0)
        return 0;
    int e0 = (int)ceil(log10(lo) - 1e-9), e1 = (int)floor(log10(hi) + 1e-9), n = 0;
    if (e1 - e0 + 1 >= 3) {
        int every = (e1 - e0) / (int)max + 1;
        for (int e = e0; e <= e1 && (size_t)n < max; e += every)
            ticks[n++] = scaled(1.0, e);
        return (size_t)n;
    }
    static const double mult[3] = {1, 2, 5};
    for (int e = (int)floor(log10(lo)); e <= e1 && (size_t)n < max; e++)
        for (int i = 0; i < 3 && (size_t)n < max; i++) {
            double v = scaled(mult[i], e);
            if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
                ticks[n++] = v;
        }
    return (size_t)n;
}

/* ---- axes --------------------------------------------------------------------------------- */

/* "×10⁶"-style unit for a power-of-ten exponent. */
static void power_unit(char *out, size_t len, int e) {
    static const char *const sup[10] = {
        "\xE2\x81\xB0", "\xC2\xB9",     "\xC2\xB2",     "\xC2\xB3",     "\xE2\x81\xB4",
        "\xE2\x81\xB5", "\xE2\x81\xB6", "\xE2\x81\xB7", "\xE2\x81\xB8", "\xE2\x81\xB9"};
    char digits[16];
    snprintf(out, len,
             "\xC3\x97"
             "10%s",
             e < 0 ? "\xE2\x81\xBB" : ""); /* ×10, ⁻ */
    snprintf(digits, sizeof digits, "%d", e < 0 ? -e : e);
    for (const char *d = digits; *d; d++)
        strncat(out, sup[*d - '0'], len - strlen(out) - 1);
}

static void pick_unit(crit_axis *ax) {
    double maxabs = fmax(fabs(ax->lo), fabs(ax->hi));
    const char *unit = "";
    ax->scale = 1.0;
    if (ax->kind == CRIT_AXIS_TIME) {
        const crit_time_unit *u = crit_time_unit_for(maxabs);
        ax->scale = 1.0 / u->ns; /* 1000, 1, 1e-3, 1e-6, 1e-9 exactly as literals */
        unit = u->name;
    } else if (ax->kind == CRIT_AXIS_PERCENT) {
        ax->scale = 100.0, unit = "%";
    } else if (maxabs >= 1e4 || (maxabs > 0 && maxabs < 1e-3)) {
        int e3 = 3 * (int)floor(log10(maxabs) / 3.0);
        ax->scale = 1.0 / scaled(1.0, e3);
        power_unit(ax->unit, sizeof ax->unit, e3);
        return;
    }
    snprintf(ax->unit, sizeof ax->unit, "%s", unit);
}

static void linear_ticks(crit_axis *ax, bool extend) {
    double lo = ax->lo * ax->scale, hi = ax->hi * ax->scale;
    ax->nticks = crit_svg_nice_ticks(lo, hi, 5, ax->shown, CRIT_AXIS_MAX_TICKS, &ax->decimals);
    if (extend && ax->nticks >= 2) {
        double step = ax->shown[1] - ax->shown[0];
        if (ax->shown[0] > lo)
            lo = ax->shown[0] - step;
        if (ax->shown[ax->nticks - 1] < hi)
            hi = ax->shown[ax->nticks - 1] + step;
        ax->lo = lo / ax->scale, ax->hi = hi / ax->scale;
        ax->nticks = crit_svg_nice_ticks(lo, hi, 5, ax->shown, CRIT_AXIS_MAX_TICKS, &ax->decimals);
    }
    for (size_t i = 0; i < ax->nticks; i++)
        ax->ticks[i] = ax->shown[i] / ax->scale;
}

void crit_axis_init(crit_axis *ax, crit_axis_kind kind, int flags, double lo, double hi,
                    const char *title) {
    memset(ax, 0, sizeof *ax);
    ax->kind = kind;
    snprintf(ax->title, sizeof ax->title, "%s", title ? title : "");
    if (!isfinite(lo) || !isfinite(hi))
        lo = 0.0, hi = 1.0;
    if (hi < lo) {
        double t = lo;
        lo = hi, hi = t;
    }
    if (hi == lo) {
        double d = lo != 0.0 ? fabs(lo) * 0.05 : 1.0;
        lo -= d, hi += d;
    }
    ax->lo = lo, ax->hi = hi, ax->scale = 1.0;
    ax->log = (flags & CRIT_AXIS_LOG) && lo > 0.0;
    if (flags & CRIT_AXIS_BARE)
        return;
    pick_unit(ax);
    if (ax->log) {
        ax->nticks = crit_svg_log_ticks(lo, hi, ax->ticks, CRIT_AXIS_MAX_TICKS);
        if (ax->nticks >= 2) {
            ax->per_tick_units = true;
            ax->unit[0] = '\0';
            memcpy(ax->shown, ax->ticks, ax->nticks * sizeof ax->ticks[0]);
            return;
        }
    }
    linear_ticks(ax, (flags & CRIT_AXIS_EXTEND) && !ax->log);
}

/* A log axis's own-unit label: "500 ps", "2 µs", "10k", "5%". */
static void unit_label(const crit_axis *ax, double v, char *buf, size_t len) {
    static const struct {
        double size;
        const char *prefix;
    } si[] = {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1.0, ""}};
    if (ax->kind == CRIT_AXIS_TIME) {
        const crit_time_unit *u = crit_time_unit_for(fabs(v));
        snprintf(buf, len, "%g %s", crit_time_in_unit(v, u), u->name);
        return;
    }
    if (ax->kind == CRIT_AXIS_PERCENT) {
        snprintf(buf, len, "%g%%", v * 100.0);
        return;
    }
    size_t i = 0;
    while (i + 1 < sizeof si / sizeof si[0] && !(fabs(v) >= si[i].size))
        i++;
    snprintf(buf, len, "%g%s", v / si[i].size, si[i].prefix); /* v / 1.0 is v exactly */
}

char *crit_axis_tick_label(const crit_axis *ax, size_t i, char *buf, size_t len) {
    if (i >= ax->nticks) {
        snprintf(buf, len, "%s", "");
        return buf;
    }
    if (ax->per_tick_units) {
        unit_label(ax, ax->shown[i], buf, len);
        return buf;
    }
    double v = ax->shown[i];
    snprintf(buf, len, "%.*f", ax->decimals, v == 0.0 ? 0.0 : v); /* never "-0" */
    return buf;
}
