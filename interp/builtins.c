/* builtins.c: the builtin functions (print, len, range, str, int, float, abs, min, max, list),
 * subscripting, unpacking and conversions, with CPython's error messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *const py_builtin_names[PY_BI_COUNT] = {
#define X(name) #name,
    PY_BUILTIN_LIST(X)
#undef X
};

/* Item k of r (k < its length): start + k * step computed modulo 2^64, which is exact since
 * the result lies between start and stop. */
static py_value range_item(const py_range *r, uint64_t k) {
    return py_int((int64_t)((uint64_t)r->start + k * (uint64_t)r->step));
}

static py_status nomem(py_state *s) { return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", ""); }

static bool is_intlike(py_value v) { return v.type == PY_T_INT || v.type == PY_T_BOOL; }

py_status py_to_int(py_state *s, py_value v, int64_t *out) {
    if (is_intlike(v)) {
        *out = v.as.i;
        return PY_OK;
    }
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "'%s' object cannot be interpreted as an integer",
                    py_type_name(v));
}

py_status py_str_char_at(py_state *s, const py_str *str, uint32_t *pos, py_value *out) {
    uint8_t c = (uint8_t)str->data[*pos];
    if (c < 0x80) {
        *out = py_obj_value(PY_T_STR, s->chars[c]);
        (*pos)++;
        return PY_OK;
    }
    uint32_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (*pos + n > str->len)
        n = str->len - *pos;
    py_str *r = py_str_new(s, str->data + *pos, n);
    if (!r)
        return nomem(s);
    *pos += n;
    *out = py_obj_value(PY_T_STR, r);
    return PY_OK;
}

/* The items of a list, str or range as a list (the list itself for a list). */
static py_status to_items(py_state *s, py_value v, py_list **out) {
    if (v.type == PY_T_LIST) {
        *out = AS_LIST(v);
        return PY_OK;
    }
    py_list *l;
    if (v.type == PY_T_STR) {
        py_str *str = AS_STR(v);
        if (!(l = py_list_new(s, str->nchars)))
            return nomem(s);
        for (uint32_t p = 0; p < str->len;)
            if (py_str_char_at(s, str, &p, &l->items[l->len++]))
                return PY_ERROR;
    } else if (v.type == PY_T_RANGE) {
        py_range *r = AS_RANGE(v);
        uint64_t n = py_range_len(r);
        if (n > UINT32_MAX / 4 || !(l = py_list_new(s, (size_t)n)))
            return nomem(s);
        for (uint64_t i = 0; i < n; i++)
            l->items[l->len++] = range_item(r, i);
    } else {
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "'%s' object is not iterable", py_type_name(v));
    }
    *out = l;
    return PY_OK;
}

py_status py_inplace(py_state *s, int op, py_value a, py_value b, py_value *out) {
    if (a.type != PY_T_LIST || (op == PY_OP_MUL && b.type != PY_T_INT && b.type != PY_T_BOOL))
        return py_binary(s, op, a, b, out);
    py_list *l = AS_LIST(a);
    *out = a;
    if (op == PY_OP_ADD) {
        py_list *src;
        if (to_items(s, b, &src))
            return PY_ERROR;
        for (uint32_t i = 0, n = src->len; i < n; i++)
            if (!py_list_push(s, l, src->items[i]))
                return nomem(s);
        return PY_OK;
    }
    int64_t times = b.as.i;
    uint32_t n = l->len;
    if (times <= 0 || n == 0) {
        l->len = 0;
        return PY_OK;
    }
    if ((uint64_t)times > (UINT32_MAX / 4) / n)
        return nomem(s);
    for (int64_t k = 1; k < times; k++)
        for (uint32_t i = 0; i < n; i++)
            if (!py_list_push(s, l, l->items[i]))
                return nomem(s);
    return PY_OK;
}

py_status py_unpack(py_state *s, py_value seq, uint32_t n, py_value *dst) {
    if (seq.type != PY_T_LIST && seq.type != PY_T_STR && seq.type != PY_T_RANGE)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "cannot unpack non-iterable %s object",
                        py_type_name(seq));
    py_list *l;
    if (to_items(s, seq, &l))
        return PY_ERROR;
    if (l->len > n)
        return py_raise(s, PY_EXC_VALUE_ERROR, 0, "too many values to unpack (expected %u)", n);
    if (l->len < n)
        return py_raise(s, PY_EXC_VALUE_ERROR, 0,
                        "not enough values to unpack (expected %u, got %u)", n, l->len);
    for (uint32_t k = 0; k < n; k++)
        dst[k] = l->items[n - 1 - k];
    return PY_OK;
}

/* what: "list", "string", ...; type_msg: the TypeError's text before the index's type name. */
static py_status index_of(py_state *s, py_value idx, int64_t len, int64_t *out, const char *what,
                          const char *type_msg) {
    if (!is_intlike(idx)) {
        const char *q = what[0] == 's' ? "'" : "";
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s%s%s%s", type_msg, q, py_type_name(idx), q);
    }
    int64_t i = idx.as.i < 0 ? idx.as.i + len : idx.as.i;
    if (i < 0 || i >= len)
        return py_raise(s, PY_EXC_INDEX_ERROR, 0, "%s index out of range", what);
    *out = i;
    return PY_OK;
}

py_status py_subscr(py_state *s, py_value obj, py_value idx, py_value *out) {
    int64_t i;
    switch (obj.type) {
    case PY_T_LIST:
        if (index_of(s, idx, AS_LIST(obj)->len, &i, "list",
                     "list indices must be integers or slices, not "))
            return PY_ERROR;
        *out = AS_LIST(obj)->items[i];
        return PY_OK;
    case PY_T_STR: {
        py_str *str = AS_STR(obj);
        if (index_of(s, idx, str->nchars, &i, "string", "string indices must be integers, not "))
            return PY_ERROR;
        uint32_t pos = (uint32_t)py_utf8_offset(str, i);
        return py_str_char_at(s, str, &pos, out);
    }
    case PY_T_RANGE: {
        py_range *r = AS_RANGE(obj);
        uint64_t n = py_range_len(r), k;
        if (!is_intlike(idx))
            return index_of(s, idx, 0, &i, "range object",
                            "range indices must be integers or slices, not ");
        /* in unsigned arithmetic: a range can hold more than INT64_MAX items */
        k = idx.as.i < 0 ? n - (0 - (uint64_t)idx.as.i) : (uint64_t)idx.as.i;
        if ((idx.as.i < 0 && 0 - (uint64_t)idx.as.i > n) || k >= n)
            return py_raise(s, PY_EXC_INDEX_ERROR, 0, "range object index out of range");
        *out = range_item(r, k);
        return PY_OK;
    }
    default:
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "'%s' object is not subscriptable",
                        py_type_name(obj));
    }
}

py_status py_store_subscr(py_state *s, py_value obj, py_value idx, py_value v) {
    if (obj.type != PY_T_LIST)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "'%s' object does not support item assignment",
                        py_type_name(obj));
    int64_t i;
    if (index_of(s, idx, AS_LIST(obj)->len, &i, "list assignment",
                 "list indices must be integers or slices, not "))
        return PY_ERROR;
    AS_LIST(obj)->items[i] = v;
    return PY_OK;
}

static py_status bi_print(py_state *s, py_value *args, int n, py_value *out) {
    py_buf *b = s->out_fn ? &s->pbuf : &s->out;
    if (s->out_fn)
        b->len = 0;
    for (int i = 0; i < n; i++) {
        if (i && !py_buf_append(s, b, " ", 1))
            return nomem(s);
        if (!py_format_value(s, b, args[i], false))
            return s->err.kind ? PY_ERROR : nomem(s);
    }
    if (!py_buf_append(s, b, "\n", 1))
        return nomem(s);
    if (s->out_fn)
        s->out_fn(s->out_ctx, b->data, b->len);
    *out = py_none();
    return PY_OK;
}

static py_status bi_len(py_state *s, py_value *args, int n, py_value *out) {
    if (n != 1)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "len() takes exactly one argument (%d given)", n);
    switch (args[0].type) {
    case PY_T_STR: *out = py_int(AS_STR(args[0])->nchars); return PY_OK;
    case PY_T_LIST: *out = py_int(AS_LIST(args[0])->len); return PY_OK;
    case PY_T_RANGE: {
        uint64_t count = py_range_len(AS_RANGE(args[0]));
        if (count > INT64_MAX)
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0,
                            "Python int too large to convert to C ssize_t");
        *out = py_int((int64_t)count);
        return PY_OK;
    }
    default:
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "object of type '%s' has no len()",
                        py_type_name(args[0]));
    }
}

static py_status bi_range(py_state *s, py_value *args, int n, py_value *out) {
    if (n < 1)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "range expected at least 1 argument, got %d", n);
    if (n > 3)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "range expected at most 3 arguments, got %d", n);
    int64_t v[3];
    for (int i = 0; i < n; i++)
        if (py_to_int(s, args[i], &v[i]))
            return PY_ERROR;
    int64_t start = n == 1 ? 0 : v[0], stop = n == 1 ? v[0] : v[1], step = n == 3 ? v[2] : 1;
    if (step == 0)
        return py_raise(s, PY_EXC_VALUE_ERROR, 0, "range() arg 3 must not be zero");
    py_range *r = py_range_new(s, start, stop, step);
    if (!r)
        return nomem(s);
    *out = py_obj_value(PY_T_RANGE, r);
    return PY_OK;
}

static py_status bi_str(py_state *s, py_value *args, int n, py_value *out) {
    if (n == 0) {
        *out = py_obj_value(PY_T_STR, py_intern(s, "", 0));
        return out->as.o ? PY_OK : nomem(s);
    }
    if (n > 1)
        return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0,
                        "str() with an encoding is not supported");
    if (args[0].type == PY_T_STR) {
        *out = args[0];
        return PY_OK;
    }
    s->pbuf.len = 0;
    if (!py_format_value(s, &s->pbuf, args[0], false))
        return s->err.kind ? PY_ERROR : nomem(s);
    py_str *r = py_str_new(s, s->pbuf.data, s->pbuf.len);
    if (!r)
        return nomem(s);
    *out = py_obj_value(PY_T_STR, r);
    return PY_OK;
}

static py_status bi_repr(py_state *s, py_value *args, int n, py_value *out) {
    if (n != 1)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "repr() takes exactly one argument (%d given)", n);
    s->pbuf.len = 0;
    if (!py_format_value(s, &s->pbuf, args[0], true))
        return s->err.kind ? PY_ERROR : nomem(s);
    py_str *r = py_str_new(s, s->pbuf.data, s->pbuf.len);
    if (!r)
        return nomem(s);
    *out = py_obj_value(PY_T_STR, r);
    return PY_OK;
}

static bool is_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == '\x1c' || c == '\x1d' || c == '\x1e' ||
           c == '\x1f';
}

/* Python's int(str): optional sign, decimal digits with single underscores, outer whitespace. */
static bool parse_int_text(const char *p, size_t n, int64_t *out, bool *overflowed) {
    while (n && is_space(*p))
        p++, n--;
    while (n && is_space(p[n - 1]))
        n--;
    bool neg = false;
    if (n && (*p == '+' || *p == '-'))
        neg = *p == '-', p++, n--;
    if (!n)
        return false;
    uint64_t v = 0;
    *overflowed = false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '_' && i > 0 && i + 1 < n && p[i - 1] != '_')
            continue;
        if (p[i] < '0' || p[i] > '9')
            return false;
        if (v > (UINT64_MAX - 9) / 10)
            *overflowed = true;
        else
            v = v * 10 + (uint64_t)(p[i] - '0');
    }
    if (v > (uint64_t)INT64_MAX + neg)
        *overflowed = true;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static py_status bi_int(py_state *s, py_value *args, int n, py_value *out) {
    if (n == 0) {
        *out = py_int(0);
        return PY_OK;
    }
    if (n > 1)
        return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0, "int() with a base is not supported");
    py_value v = args[0];
    if (is_intlike(v)) {
        *out = py_int(v.as.i);
        return PY_OK;
    }
    if (v.type == PY_T_FLOAT) {
        double d = v.as.f;
        if (isnan(d))
            return py_raise(s, PY_EXC_VALUE_ERROR, 0, "cannot convert float NaN to integer");
        if (isinf(d))
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0,
                            "cannot convert float infinity to integer");
        d = trunc(d);
        if (d >= 9223372036854775808.0 || d < -9223372036854775808.0)
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0,
                            "int too large to convert to a 64-bit int");
        *out = py_int((int64_t)d);
        return PY_OK;
    }
    if (v.type == PY_T_STR) {
        py_str *str = AS_STR(v);
        int64_t r;
        bool ovf;
        if (!parse_int_text(str->data, str->len, &r, &ovf)) {
            s->pbuf.len = 0;
            if (!py_format_value(s, &s->pbuf, v, true))
                return nomem(s);
            return py_raise(s, PY_EXC_VALUE_ERROR, 0,
                            "invalid literal for int() with base 10: %.200s", s->pbuf.data);
        }
        if (ovf)
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0,
                            "int too large to convert to a 64-bit int");
        *out = py_int(r);
        return PY_OK;
    }
    return py_raise(
        s, PY_EXC_TYPE_ERROR, 0,
        "int() argument must be a string, a bytes-like object or a real number, not '%s'",
        py_type_name(v));
}

/* Python's float(str) grammar (no hex floats), then strtod. */
static bool parse_float_text(const char *p, size_t n, double *out) {
    char buf[4096]; /* longer literals are refused (CPython has no limit) */
    while (n && is_space(*p))
        p++, n--;
    while (n && is_space(p[n - 1]))
        n--;
    if (!n || n >= sizeof buf)
        return false;
    size_t k = 0, i = 0;
    if (p[i] == '+' || p[i] == '-')
        buf[k++] = p[i++];
    const char *rest = p + i;
    size_t rn = n - i;
    static const char *const words[] = {"inf", "infinity", "nan"};
    for (int w = 0; w < 3; w++)
        if (rn == strlen(words[w]) && strncasecmp(rest, words[w], rn) == 0) {
            memcpy(buf + k, words[w], rn);
            buf[k + rn] = '\0';
            *out = strtod(buf, NULL);
            return true;
        }
    bool digits = false, dot = false, exp = false;
    for (; i < n; i++) {
        char c = p[i];
        if (c >= '0' && c <= '9') {
            digits = true;
            buf[k++] = c;
            continue;
        }
        if (c == '_' && i > 0 && i + 1 < n && p[i - 1] >= '0' && p[i - 1] <= '9' &&
            p[i + 1] >= '0' && p[i + 1] <= '9')
            continue;
        if (c == '.' && !dot && !exp) {
            dot = true;
            buf[k++] = c;
            continue;
        }
        if ((c == 'e' || c == 'E') && digits && !exp) {
            exp = true;
            buf[k++] = c;
            if (i + 1 < n && (p[i + 1] == '+' || p[i + 1] == '-'))
                buf[k++] = p[++i];
            if (i + 1 >= n || p[i + 1] < '0' || p[i + 1] > '9')
                return false;
            continue;
        }
        return false;
    }
    if (!digits)
        return false;
    buf[k] = '\0';
    *out = strtod(buf, NULL);
    return true;
}

static py_status bi_float(py_state *s, py_value *args, int n, py_value *out) {
    if (n == 0) {
        *out = py_float(0.0);
        return PY_OK;
    }
    if (n > 1)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "float expected at most 1 argument, got %d", n);
    py_value v = args[0];
    if (is_intlike(v)) {
        *out = py_float((double)v.as.i);
        return PY_OK;
    }
    if (v.type == PY_T_FLOAT) {
        *out = v;
        return PY_OK;
    }
    if (v.type == PY_T_STR) {
        double d;
        if (!parse_float_text(AS_STR(v)->data, AS_STR(v)->len, &d)) {
            s->pbuf.len = 0;
            if (!py_format_value(s, &s->pbuf, v, true))
                return nomem(s);
            return py_raise(s, PY_EXC_VALUE_ERROR, 0, "could not convert string to float: %.200s",
                            s->pbuf.data);
        }
        *out = py_float(d);
        return PY_OK;
    }
    return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                    "float() argument must be a string or a real number, not '%s'",
                    py_type_name(v));
}

static py_status bi_abs(py_state *s, py_value *args, int n, py_value *out) {
    if (n != 1)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "abs() takes exactly one argument (%d given)", n);
    py_value v = args[0];
    if (is_intlike(v)) {
        if (v.as.i == INT64_MIN)
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0, "integer result does not fit in 64 bits");
        *out = py_int(v.as.i < 0 ? -v.as.i : v.as.i);
        return PY_OK;
    }
    if (v.type == PY_T_FLOAT) {
        *out = py_float(fabs(v.as.f));
        return PY_OK;
    }
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "bad operand type for abs(): '%s'", py_type_name(v));
}

static py_status min_max(py_state *s, py_value *args, int n, py_value *out, bool is_max) {
    const char *name = is_max ? "max" : "min";
    if (n == 0)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s expected at least 1 argument, got 0", name);
    py_value *items = args;
    uint32_t count = (uint32_t)n;
    if (n == 1) {
        py_list *l;
        if (to_items(s, args[0], &l))
            return PY_ERROR;
        items = l->items;
        count = l->len;
        if (count == 0)
            return py_raise(s, PY_EXC_VALUE_ERROR, 0, "%s() arg is an empty sequence", name);
    }
    py_value best = items[0];
    for (uint32_t i = 1; i < count; i++) {
        bool better;
        if (py_order(s, is_max ? PY_CMP_GT : PY_CMP_LT, items[i], best, &better))
            return PY_ERROR;
        if (better)
            best = items[i];
    }
    *out = best;
    return PY_OK;
}

static py_status bi_min(py_state *s, py_value *args, int n, py_value *out) {
    return min_max(s, args, n, out, false);
}
static py_status bi_max(py_state *s, py_value *args, int n, py_value *out) {
    return min_max(s, args, n, out, true);
}

static py_status bi_list(py_state *s, py_value *args, int n, py_value *out) {
    if (n > 1)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "list expected at most 1 argument, got %d", n);
    py_list *l;
    if (n == 0) {
        if (!(l = py_list_new(s, 0)))
            return nomem(s);
    } else {
        if (to_items(s, args[0], &l))
            return PY_ERROR;
        if (args[0].type == PY_T_LIST) {
            py_list *copy = py_list_new(s, l->len);
            if (!copy)
                return nomem(s);
            if (l->len)
                memcpy(copy->items, l->items, l->len * sizeof(py_value));
            copy->len = l->len;
            l = copy;
        }
    }
    *out = py_obj_value(PY_T_LIST, l);
    return PY_OK;
}

typedef py_status (*builtin_fn)(py_state *, py_value *, int, py_value *);

static const builtin_fn builtins[PY_BI_COUNT] = {
#define X(name) bi_##name,
    PY_BUILTIN_LIST(X)
#undef X
};

py_status py_call_builtin(py_state *s, int64_t id, py_value *args, int nargs, py_value *out) {
    return builtins[id](s, args, nargs, out);
}
