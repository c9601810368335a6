/* format.c: stage 5, values -> text exactly as CPython's str() and repr() print them: the
 * shortest round-tripping float repr, str quoting and escapes, list repr with [...] for cycles. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MAX_REPR_DEPTH 1000

/* The prec-digit decimal one unit in the last place above (step 1) or below (step -1) the one
 * in buf ("[-]D.DDDe+XX"); true (and the text in buf) when it reads back as d. */
static bool other_neighbour(double d, int prec, int step, char *buf, size_t cap) {
    const char *p = buf;
    bool neg = *p == '-';
    if (neg)
        p++;
    uint64_t m = 0, top = 1;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            m = m * 10 + (uint64_t)(*p - '0');
    int exp = atoi(p + 1);
    for (int i = 1; i < prec; i++)
        top *= 10; /* 10^(prec-1): the smallest prec-digit value */
    m = step > 0 ? m + 1 : m - 1;
    if (m == top * 10)
        m = top, exp++;
    else if (m < top)
        m = top * 10 - 1, exp--;
    char digits[24], alt[40];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)m);
    snprintf(alt, sizeof alt, "%s%c%s%.18se%+03d", neg ? "-" : "", digits[0], prec > 1 ? "." : "",
             digits + 1, exp);
    if (strtod(alt, NULL) != d)
        return false;
    snprintf(buf, cap, "%s", alt);
    return true;
}

/* CPython's repr(float): the shortest digits that round-trip, positional notation when the
 * decimal exponent is in [-4, 16), scientific with a 2+ digit exponent otherwise. */
int py_float_repr(double d, char *out) {
    if (isnan(d))
        return sprintf(out, "nan");
    if (isinf(d))
        return sprintf(out, d < 0 ? "-inf" : "inf");
    if (d == 0.0)
        return sprintf(out, signbit(d) ? "-0.0" : "0.0");
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, d);
        if (strtod(buf, NULL) == d)
            break;
        /* The nearest prec-digit decimal can miss when d sits exactly halfway between two
         * (printf breaks the tie to even) or at a power of two (its lower gap is half the
         * upper): the decimal on its other side may still round-trip, and CPython's shortest
         * repr then uses it (2.0 ** -24 -> 5.960464477539063e-08). */
        if (prec >= 15 && (other_neighbour(d, prec, 1, buf, sizeof buf) ||
                           other_neighbour(d, prec, -1, buf, sizeof buf)))
            break;
    }
    /* buf: [-]D[.DDD]e(+|-)XX */
    char digits[24];
    int nd = 0, i = 0, n = 0;
    bool neg = buf[0] == '-';
    if (neg)
        i++;
    for (; buf[i] && buf[i] != 'e'; i++)
        if (buf[i] != '.')
            digits[nd++] = buf[i];
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    int exp = atoi(buf + i + 1), decpt = exp + 1;
    if (neg)
        out[n++] = '-';
    if (decpt > 16 || decpt < -3) {
        out[n++] = digits[0];
        if (nd > 1) {
            out[n++] = '.';
            memcpy(out + n, digits + 1, (size_t)nd - 1);
            n += nd - 1;
        }
        n += sprintf(out + n, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else if (decpt <= 0) {
        out[n++] = '0';
        out[n++] = '.';
        for (int k = 0; k < -decpt; k++)
            out[n++] = '0';
        memcpy(out + n, digits, (size_t)nd);
        n += nd;
    } else {
        for (int k = 0; k < decpt; k++)
            out[n++] = k < nd ? digits[k] : '0';
        out[n++] = '.';
        if (nd > decpt) {
            memcpy(out + n, digits + decpt, (size_t)(nd - decpt));
            n += nd - decpt;
        } else {
            out[n++] = '0';
        }
    }
    out[n] = '\0';
    return n;
}

static bool printable(uint32_t cp) {
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0xad)
        return false;
    if ((cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) ||
        (cp >= 0x205f && cp <= 0x206f))
        return false;
    if (cp == 0x3000 || cp == 0xfeff || (cp >= 0xd800 && cp <= 0xf8ff) || cp >= 0xf0000)
        return false;
    return true;
}

static bool str_repr(py_state *s, py_buf *b, const py_str *str) {
    char q = memchr(str->data, '\'', str->len) && !memchr(str->data, '"', str->len) ? '"' : '\'';
    if (!py_buf_reserve(s, b, str->len + 2) || !py_buf_append(s, b, &q, 1))
        return false;
    for (uint32_t i = 0; i < str->len;) {
        unsigned char c = (unsigned char)str->data[i];
        char esc[12];
        int n = 0;
        if (c < 0x80) {
            if (c == (unsigned char)q || c == '\\')
                n = sprintf(esc, "\\%c", c);
            else if (c == '\n')
                n = sprintf(esc, "\\n");
            else if (c == '\r')
                n = sprintf(esc, "\\r");
            else if (c == '\t')
                n = sprintf(esc, "\\t");
            else if (c < 0x20 || c == 0x7f)
                n = sprintf(esc, "\\x%02x", c);
            if (!(n ? py_buf_append(s, b, esc, (size_t)n)
                    : py_buf_append(s, b, (const char *)&c, 1)))
                return false;
            i++;
            continue;
        }
        int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (int k = 1; k < len && i + (uint32_t)k < str->len; k++)
            cp = cp << 6 | (str->data[i + (uint32_t)k] & 0x3F);
        if (printable(cp)) {
            if (!py_buf_append(s, b, str->data + i, (size_t)len))
                return false;
        } else {
            n = cp < 0x100     ? sprintf(esc, "\\x%02x", cp)
                : cp < 0x10000 ? sprintf(esc, "\\u%04x", cp)
                               : sprintf(esc, "\\U%08x", cp);
            if (!py_buf_append(s, b, esc, (size_t)n))
                return false;
        }
        i += (uint32_t)len;
    }
    return py_buf_append(s, b, &q, 1);
}

static bool list_repr(py_state *s, py_buf *b, py_list *l) {
    for (size_t i = 0; i < s->nrepr_path; i++)
        if (s->repr_path[i] == l)
            return py_buf_append(s, b, "[...]", 5);
    if (s->nrepr_path >= MAX_REPR_DEPTH) {
        py_raise(s, PY_EXC_RECURSION_ERROR, 0,
                 "maximum recursion depth exceeded while getting the repr of an object");
        return false;
    }
    if (!py_grow(s, (void **)&s->repr_path, &s->caprepr_path, s->nrepr_path, sizeof(py_list *)))
        return false;
    s->repr_path[s->nrepr_path++] = l;
    bool ok = py_buf_append(s, b, "[", 1);
    for (uint32_t i = 0; ok && i < l->len; i++) {
        if (i)
            ok = py_buf_append(s, b, ", ", 2);
        ok = ok && py_format_value(s, b, l->items[i], true);
    }
    s->nrepr_path--;
    return ok && py_buf_append(s, b, "]", 1);
}

/* Appends str(v) or repr(v) to b. Returns false on failure (MemoryError or RecursionError
 * left in the state when s->err.kind is set; plain out-of-memory otherwise). */
bool py_format_value(py_state *s, py_buf *b, py_value v, bool repr) {
    char tmp[64];
    int n;
    switch (v.type) {
    case PY_T_NONE: return py_buf_append(s, b, "None", 4);
    case PY_T_BOOL:
        return v.as.i ? py_buf_append(s, b, "True", 4) : py_buf_append(s, b, "False", 5);
    case PY_T_INT: {
        /* hand-rolled: this is on the path of every print(int) */
        char *e = tmp + sizeof tmp, *p = e;
        uint64_t u = v.as.i < 0 ? 0 - (uint64_t)v.as.i : (uint64_t)v.as.i;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v.as.i < 0)
            *--p = '-';
        return py_buf_append(s, b, p, (size_t)(e - p));
    }
    case PY_T_FLOAT: n = py_float_repr(v.as.f, tmp); return py_buf_append(s, b, tmp, (size_t)n);
    case PY_T_STR:
        return repr ? str_repr(s, b, AS_STR(v))
                    : py_buf_append(s, b, AS_STR(v)->data, AS_STR(v)->len);
    case PY_T_LIST: return list_repr(s, b, AS_LIST(v));
    case PY_T_RANGE: {
        py_range *r = AS_RANGE(v); /* three 20-character ints do not fit a small buffer */
        if (r->step == 1)
            return py_buf_printf(s, b, "range(%" PRId64 ", %" PRId64 ")", r->start, r->stop);
        return py_buf_printf(s, b, "range(%" PRId64 ", %" PRId64 ", %" PRId64 ")", r->start,
                             r->stop, r->step);
    }
    case PY_T_FUNC:
        return py_buf_printf(s, b, "<function %.100s at %p>", AS_CODE(v)->name->data,
                             (void *)v.as.o);
    case PY_T_BUILTIN:
        return py_buf_printf(s, b, "<built-in function %s>", py_builtin_names[v.as.i]);
    default: return py_buf_append(s, b, "<undefined>", 11);
    }
}

py_status py_format(py_state *s, py_value v, int repr, const char **text, size_t *len) {
    py_clear_error(s);
    s->fmt.len = 0;
    s->nrepr_path = 0;
    if (v.type == PY_T_INT && s->fmt.cap >= 24) { /* the common case, straight into the buffer */
        uint64_t u = v.as.i < 0 ? 0 - (uint64_t)v.as.i : (uint64_t)v.as.i;
        size_t n = (v.as.i < 0) + 1;
        for (uint64_t rest = u; rest >= 10; rest /= 10)
            n++;
        char *p = s->fmt.data + n;
        *p = '\0';
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v.as.i < 0)
            *--p = '-';
        s->fmt.len = n;
        if (text)
            *text = s->fmt.data;
        if (len)
            *len = n;
        return PY_OK;
    }
    if (!py_format_value(s, &s->fmt, v, repr != 0)) {
        if (!s->err.kind)
            py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
        return PY_ERROR;
    }
    if (text)
        *text = s->fmt.data;
    if (len)
        *len = s->fmt.len;
    return PY_OK;
}
