/* literal.c: decoding of number and string literals for the parser (underscores, 0x/0o/0b
 * prefixes, 64-bit range checks, escape sequences, raw strings, triple quotes). */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

py_status py_literal_int(py_state *s, const char *text, uint32_t n, int ln, int64_t *out) {
    uint64_t v = 0;
    unsigned base = 10;
    uint32_t i = 0;
    if (n > 2 && text[0] == '0' && strchr("xXoObB", text[1])) {
        base = (text[1] | 0x20) == 'x' ? 16 : (text[1] | 0x20) == 'o' ? 8 : 2;
        i = 2;
    }
    bool any = false;
    for (; i < n; i++) {
        char c = text[i];
        if (c == '_')
            continue;
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 99;
        if (d >= base)
            return py_raise(s, PY_EXC_SYNTAX_ERROR, ln, "invalid digit '%c' in literal", c);
        if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v) ||
            v > INT64_MAX)
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, ln,
                            "int literal too large for a 64-bit int (line %d)", ln);
        any = true;
    }
    if (!any)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, ln, "invalid literal");
    *out = (int64_t)v;
    return PY_OK;
}

py_status py_literal_float(py_state *s, const char *text, uint32_t n, double *out) {
    char buf[128];
    char *b = n < sizeof buf ? buf : py_arena_alloc(s, n + 1);
    if (!b)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (text[i] != '_')
            b[k++] = text[i];
    b[k] = '\0';
    *out = strtod(b, NULL);
    return PY_OK;
}

static int hexval(char c) {
    return c >= '0' && c <= '9'                     ? c - '0'
           : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                    : -1;
}

size_t py_utf8_encode(char *out, uint32_t cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes one escape at q (after the backslash); returns the bytes consumed, or 0 on error. */
static size_t escape(py_state *s, int ln, const char *q, const char *end, char *out, size_t *nout) {
    static const char simple_in[] = "ntr\\'\"abfv\n";
    static const char simple_out[] = "\n\t\r\\'\"\a\b\f\v";
    const char *hit = strchr(simple_in, *q);
    if (hit) {
        if (*q == '\n') {
            *nout = 0;
            return 1;
        }
        out[0] = simple_out[hit - simple_in];
        *nout = 1;
        return 1;
    }
    if (*q >= '0' && *q <= '7') {
        uint32_t cp = 0;
        size_t k = 0;
        while (k < 3 && q + k < end && q[k] >= '0' && q[k] <= '7')
            cp = cp * 8 + (uint32_t)(q[k++] - '0');
        *nout = py_utf8_encode(out, cp);
        return k;
    }
    int digits = *q == 'x' ? 2 : *q == 'u' ? 4 : *q == 'U' ? 8 : 0;
    if (!digits) {
        out[0] = '\\';
        out[1] = *q;
        *nout = 2;
        return 1;
    }
    uint32_t cp = 0;
    for (int k = 1; k <= digits; k++) {
        int h = q + k < end ? hexval(q[k]) : -1;
        if (h < 0) {
            py_raise(s, PY_EXC_SYNTAX_ERROR, ln,
                     "(unicode error) 'unicodeescape' codec can't "
                     "decode bytes: truncated \\%cXX escape",
                     *q);
            return 0;
        }
        cp = cp * 16 + (uint32_t)h;
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, ln,
                 "surrogate and out-of-range code points are not supported (line %d)", ln);
        return 0;
    }
    *nout = py_utf8_encode(out, cp);
    return (size_t)digits + 1;
}

py_status py_literal_string(py_state *s, const char *q, uint32_t n, int ln, char *out,
                            uint32_t *len) {
    const char *end = q + n;
    bool raw = false;
    while (*q != '\'' && *q != '"')
        raw |= (*q++ | 0x20) == 'r';
    size_t qlen = (end - q >= 6 && q[1] == q[0] && q[2] == q[0]) ? 3 : 1;
    q += qlen;
    end -= qlen;
    uint32_t k = *len;
    while (q < end) {
        if (*q == '\\' && !raw) {
            size_t produced, used = escape(s, ln, q + 1, end, out + k, &produced);
            if (!used)
                return PY_ERROR;
            k += (uint32_t)produced;
            q += 1 + used;
        } else if (*q == '\\' && q + 1 < end) {
            out[k++] = *q++;
            out[k++] = *q++;
        } else if (*q == '\r') {
            out[k++] = '\n';
            q += (q + 1 < end && q[1] == '\n') ? 2 : 1;
        } else {
            out[k++] = *q++;
        }
    }
    *len = k;
    return PY_OK;
}
