/* methods.c: the str and list methods in the subset. Method names are interned once per state
 * and carry their id, so a call dispatches on an integer, never on a string compare. */
#include <string.h>

#include "internal.h"

/* clang-format off */
#define METHOD_LIST(X)                                                                         \
    X(append) X(pop) X(insert) X(index) X(count) X(reverse) X(extend) X(sort) X(remove)       \
    X(clear) X(copy) X(upper) X(lower) X(strip) X(lstrip) X(rstrip) X(split) X(join)          \
    X(replace) X(find) X(startswith) X(endswith) X(isdigit) X(isalpha) X(isspace)

enum {
#define X(name) M_##name,
    METHOD_LIST(X)
#undef X
    M_COUNT
};
/* clang-format on */

static const char *const method_names[M_COUNT] = {
#define X(name) #name,
    METHOD_LIST(X)
#undef X
};

void py_register_methods(py_state *s) {
    for (int i = 0; i < M_COUNT; i++) {
        py_str *n = py_intern(s, method_names[i], strlen(method_names[i]));
        if (n)
            n->method = (int16_t)i;
    }
}

#define NO_METHOD ((py_status)2)

static py_status nomem(py_state *s) { return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", ""); }

static py_status nargs_error(py_state *s, const char *type, const char *name, int lo, int hi,
                             int n) {
    if (strcmp(name, "sort") == 0) /* keyword-only in CPython */
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "sort() takes no positional arguments");
    if (lo == hi && lo == 0)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s.%s() takes no arguments (%d given)", type,
                        name, n);
    /* CPython's one-argument methods say "takes exactly one argument", except index, whose
     * full signature (value, start, stop) takes 1 to 3 */
    if (lo == hi && lo == 1 && strcmp(name, "index") != 0)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s.%s() takes exactly one argument (%d given)",
                        type, name, n);
    if (lo == hi && lo > 1 && strcmp(type, "list") == 0) /* list.insert: exactly 2 */
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s expected %d arguments, got %d", name, lo, n);
    if (n < lo)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s expected at least %d argument%s, got %d", name,
                        lo, lo == 1 ? "" : "s", n);
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s expected at most %d argument%s, got %d", name, hi,
                    hi == 1 ? "" : "s", n);
}

static py_status need_str(py_state *s, py_value v, const char *what) {
    if (v.type == PY_T_STR)
        return PY_OK;
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s, not %s", what, py_type_name(v));
}

/* CPython's argument-clinic wording, which calls None "None", not "NoneType". */
static py_status need_str_arg(py_state *s, py_value v, const char *what) {
    if (v.type == PY_T_STR)
        return PY_OK;
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s, not %s", what,
                    v.type == PY_T_NONE ? "None" : py_type_name(v));
}

static py_status make_str(py_state *s, const char *p, size_t n, py_value *out) {
    py_str *r = py_str_new(s, p, n);
    if (!r)
        return nomem(s);
    *out = py_obj_value(PY_T_STR, r);
    return PY_OK;
}

/* ---- list ------------------------------------------------------------------------------- */

/* Stable sort with CPython's comparison order for short lists (count_run, then binary
 * insertion), so a TypeError names the same operand types; merge sort above 64 items. */
static py_status binary_sort(py_state *s, py_value *a, uint32_t n) {
    if (n < 2)
        return PY_OK;
    bool less;
    uint32_t run = 2;
    if (py_order(s, PY_CMP_LT, a[1], a[0], &less))
        return PY_ERROR;
    bool descending = less;
    for (; run < n; run++) {
        if (py_order(s, PY_CMP_LT, a[run], a[run - 1], &less))
            return PY_ERROR;
        if (less != descending)
            break;
    }
    if (descending)
        for (uint32_t i = 0, j = run - 1; i < j; i++, j--) {
            py_value t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    for (uint32_t i = run; i < n; i++) {
        py_value pivot = a[i];
        uint32_t l = 0, r = i;
        while (l < r) {
            uint32_t p = l + ((r - l) >> 1);
            if (py_order(s, PY_CMP_LT, pivot, a[p], &less))
                return PY_ERROR;
            if (less)
                r = p;
            else
                l = p + 1;
        }
        memmove(a + l + 1, a + l, (i - l) * sizeof(py_value));
        a[l] = pivot;
    }
    return PY_OK;
}

static py_status merge_sort(py_state *s, py_value *a, py_value *tmp, uint32_t n) {
    if (n < 64)
        return binary_sort(s, a, n);
    uint32_t h = n / 2;
    if (merge_sort(s, a, tmp, h) || merge_sort(s, a + h, tmp, n - h))
        return PY_ERROR;
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        bool less;
        if (py_order(s, PY_CMP_LT, a[j], a[i], &less))
            return PY_ERROR;
        tmp[k++] = less ? a[j++] : a[i++];
    }
    while (i < h)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof(py_value));
    return PY_OK;
}

static py_status find_item(py_state *s, py_list *l, py_value x, int64_t *at) {
    py_status st = PY_OK;
    for (uint32_t i = 0; i < l->len; i++) {
        if (py_equal(s, l->items[i], x, 0, &st)) {
            *at = i;
            return PY_OK;
        }
        if (st)
            return st;
    }
    *at = -1;
    return PY_OK;
}

static py_status list_method(py_state *s, int m, py_list *l, py_value *a, int n, py_value *out) {
    static const signed char lo[M_COUNT] = {[M_append] = 1, [M_insert] = 2, [M_index] = 1,
                                            [M_count] = 1,  [M_extend] = 1, [M_remove] = 1};
    static const signed char hi[M_COUNT] = {
        [M_append] = 1, [M_pop] = 1,    [M_insert] = 2, [M_index] = 1,
        [M_count] = 1,  [M_extend] = 1, [M_remove] = 1};
    if (n < lo[m] || n > hi[m])
        return nargs_error(s, "list", method_names[m], lo[m], hi[m], n);
    *out = py_none();
    int64_t at;
    switch (m) {
    case M_append: return py_list_push(s, l, a[0]) ? PY_OK : nomem(s);
    case M_pop: {
        if (n && py_to_int(s, a[0], &at))
            return PY_ERROR; /* the argument first, as CPython */
        if (l->len == 0)
            return py_raise(s, PY_EXC_INDEX_ERROR, 0, "pop from empty list");
        int64_t i = n ? (at < 0 ? at + l->len : at) : (int64_t)l->len - 1;
        if (i < 0 || i >= l->len)
            return py_raise(s, PY_EXC_INDEX_ERROR, 0, "pop index out of range");
        *out = l->items[i];
        memmove(l->items + i, l->items + i + 1, (l->len - (uint32_t)i - 1) * sizeof(py_value));
        l->len--;
        return PY_OK;
    }
    case M_insert: {
        if (py_to_int(s, a[0], &at))
            return PY_ERROR;
        int64_t len = l->len, i = at < 0 ? (at + len < 0 ? 0 : at + len) : (at > len ? len : at);
        if (!py_list_push(s, l, a[1]))
            return nomem(s);
        memmove(l->items + i + 1, l->items + i, (size_t)(len - i) * sizeof(py_value));
        l->items[i] = a[1];
        return PY_OK;
    }
    case M_index:
    case M_remove:
        if (find_item(s, l, a[0], &at))
            return PY_ERROR;
        if (at < 0) {
            if (m == M_remove)
                return py_raise(s, PY_EXC_VALUE_ERROR, 0, "list.remove(x): x not in list");
            s->pbuf.len = 0;
            if (!py_format_value(s, &s->pbuf, a[0], true))
                return nomem(s);
            return py_raise(s, PY_EXC_VALUE_ERROR, 0, "%.200s is not in list", s->pbuf.data);
        }
        if (m == M_index) {
            *out = py_int(at);
            return PY_OK;
        }
        memmove(l->items + at, l->items + at + 1, (l->len - (uint32_t)at - 1) * sizeof(py_value));
        l->len--;
        return PY_OK;
    case M_count: {
        int64_t c = 0;
        py_status st = PY_OK;
        for (uint32_t i = 0; i < l->len; i++) {
            c += py_equal(s, l->items[i], a[0], 0, &st);
            if (st)
                return st;
        }
        *out = py_int(c);
        return PY_OK;
    }
    case M_reverse:
        for (uint32_t i = 0, j = l->len; i + 1 < j; i++, j--) {
            py_value t = l->items[i];
            l->items[i] = l->items[j - 1];
            l->items[j - 1] = t;
        }
        return PY_OK;
    case M_extend: {
        py_value src;
        if (a[0].type == PY_T_LIST)
            src = a[0];
        else if (py_call_builtin(s, PY_BI_list, a, 1, &src))
            return PY_ERROR;
        py_list *o = AS_LIST(src);
        for (uint32_t i = 0, n0 = o->len; i < n0; i++)
            if (!py_list_push(s, l, o->items[i]))
                return nomem(s);
        return PY_OK;
    }
    case M_sort: {
        if (l->len < 2)
            return PY_OK;
        py_value *tmp = py_mem_realloc(s, NULL, 0, l->len * sizeof(py_value));
        if (!tmp)
            return nomem(s);
        py_status st = merge_sort(s, l->items, tmp, l->len);
        py_mem_realloc(s, tmp, l->len * sizeof(py_value), 0);
        return st;
    }
    case M_clear: l->len = 0; return PY_OK;
    default: { /* copy */
        py_list *c = py_list_new(s, l->len);
        if (!c)
            return nomem(s);
        if (l->len)
            memcpy(c->items, l->items, l->len * sizeof(py_value));
        c->len = l->len;
        *out = py_obj_value(PY_T_LIST, c);
        return PY_OK;
    }
    }
}

/* ---- str -------------------------------------------------------------------------------- */

static bool ws(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}

static py_status strip(py_state *s, int m, py_str *str, py_value *a, int n, py_value *out) {
    const char *chars = NULL;
    uint32_t nchars = 0;
    if (n && a[0].type != PY_T_NONE) {
        if (a[0].type != PY_T_STR)
            return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s arg must be None or str", method_names[m]);
        if (!AS_STR(a[0])->ascii)
            return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0,
                            "non-ASCII strip characters are not supported");
        chars = AS_STR(a[0])->data;
        nchars = AS_STR(a[0])->len;
    }
    uint32_t lo = 0, hi = str->len;
#define STRIPPABLE(c) (chars ? memchr(chars, (c), nchars) != NULL : ws(c))
    if (m != M_rstrip)
        while (lo < hi && STRIPPABLE(str->data[lo]))
            lo++;
    if (m != M_lstrip)
        while (hi > lo && STRIPPABLE(str->data[hi - 1]))
            hi--;
#undef STRIPPABLE
    return make_str(s, str->data + lo, hi - lo, out);
}

static py_status split(py_state *s, py_str *str, py_value *a, int n, py_value *out) {
    py_list *l = py_list_new(s, 0);
    if (!l)
        return nomem(s);
    *out = py_obj_value(PY_T_LIST, l);
    const char *p = str->data, *end = p + str->len;
    py_value item;
    if (n == 0 || a[0].type == PY_T_NONE) {
        for (;;) {
            while (p < end && ws(*p))
                p++;
            if (p == end)
                return PY_OK;
            const char *q = p;
            while (q < end && !ws(*q))
                q++;
            if (make_str(s, p, (size_t)(q - p), &item) || !py_list_push(s, l, item))
                return PY_ERROR;
            p = q;
        }
    }
    if (need_str(s, a[0], "must be str or None"))
        return PY_ERROR;
    py_str *sep = AS_STR(a[0]);
    if (sep->len == 0)
        return py_raise(s, PY_EXC_VALUE_ERROR, 0, "empty separator");
    for (;;) {
        const char *q = py_memmem(p, (size_t)(end - p), sep->data, sep->len);
        const char *stop = q ? q : end;
        if (make_str(s, p, (size_t)(stop - p), &item) || !py_list_push(s, l, item))
            return PY_ERROR;
        if (!q)
            return PY_OK;
        p = q + sep->len;
    }
}

static py_status join(py_state *s, py_str *sep, py_value arg, py_value *out) {
    py_value lv = arg;
    if (arg.type != PY_T_LIST && arg.type != PY_T_STR && arg.type != PY_T_RANGE)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "can only join an iterable");
    if (arg.type != PY_T_LIST && py_call_builtin(s, PY_BI_list, &arg, 1, &lv))
        return PY_ERROR;
    py_list *l = AS_LIST(lv);
    size_t total = 0;
    for (uint32_t i = 0; i < l->len; i++) {
        if (l->items[i].type != PY_T_STR)
            return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                            "sequence item %u: expected str instance, %s found", i,
                            py_type_name(l->items[i]));
        total += AS_STR(l->items[i])->len + (i ? sep->len : 0);
    }
    if (total >= UINT32_MAX)
        return nomem(s);
    py_str *r = py_str_new(s, NULL, total);
    if (!r)
        return nomem(s);
    char *w = r->data;
    for (uint32_t i = 0; i < l->len; i++) {
        if (i)
            memcpy(w, sep->data, sep->len), w += sep->len;
        memcpy(w, AS_STR(l->items[i])->data, AS_STR(l->items[i])->len);
        w += AS_STR(l->items[i])->len;
    }
    bool ascii;
    r->nchars = py_utf8_count(r->data, r->len, &ascii);
    r->ascii = ascii;
    *out = py_obj_value(PY_T_STR, r);
    return PY_OK;
}

static py_status replace(py_state *s, py_str *str, py_str *old, py_str *rep, py_value *out) {
    py_buf *b = &s->pbuf;
    b->len = 0;
    const char *p = str->data, *end = p + str->len;
    if (old->len == 0) { /* insert rep around every code point */
        for (uint32_t pos = 0;;) {
            if (!py_buf_append(s, b, rep->data, rep->len))
                return nomem(s);
            if (pos >= str->len)
                break;
            uint32_t start = pos++;
            while (pos < str->len && ((uint8_t)str->data[pos] & 0xC0) == 0x80)
                pos++;
            if (!py_buf_append(s, b, str->data + start, pos - start))
                return nomem(s);
        }
    } else {
        for (;;) {
            const char *q = py_memmem(p, (size_t)(end - p), old->data, old->len);
            const char *stop = q ? q : end;
            if (!py_buf_append(s, b, p, (size_t)(stop - p)))
                return nomem(s);
            if (!q)
                break;
            if (!py_buf_append(s, b, rep->data, rep->len))
                return nomem(s);
            p = q + old->len;
        }
    }
    if (b->len >= UINT32_MAX)
        return nomem(s);
    return make_str(s, b->data ? b->data : "", b->len, out);
}

static uint32_t char_index(const py_str *str, size_t byte) {
    bool ascii;
    return str->ascii ? (uint32_t)byte : py_utf8_count(str->data, byte, &ascii);
}

static py_status search(py_state *s, int m, py_str *str, py_str *sub, py_value *out) {
    const char *p = str->data, *end = p + str->len;
    if (m == M_count) {
        int64_t c = 0;
        if (sub->len == 0)
            c = str->nchars + 1;
        else
            for (const char *q; (q = py_memmem(p, (size_t)(end - p), sub->data, sub->len));
                 p = q + sub->len)
                c++;
        *out = py_int(c);
        return PY_OK;
    }
    if (m == M_startswith || m == M_endswith) {
        bool r = sub->len <= str->len &&
                 memcmp(m == M_startswith ? p : end - sub->len, sub->data, sub->len) == 0;
        *out = py_bool(r);
        return PY_OK;
    }
    const char *q = sub->len ? py_memmem(p, str->len, sub->data, sub->len) : p;
    if (!q && m == M_index)
        return py_raise(s, PY_EXC_VALUE_ERROR, 0, "substring not found");
    *out = py_int(q ? (int64_t)char_index(str, (size_t)(q - p)) : -1);
    return PY_OK;
}

static py_status str_method(py_state *s, int m, py_str *str, py_value *a, int n, py_value *out) {
    switch (m) {
    case M_upper:
    case M_lower:
    case M_isdigit:
    case M_isalpha:
    case M_isspace:
        if (n)
            return nargs_error(s, "str", method_names[m], 0, 0, n);
        if (m == M_upper || m == M_lower) {
            py_str *r = py_str_new(s, str->data, str->len);
            if (!r)
                return nomem(s);
            for (uint32_t i = 0; i < r->len; i++) {
                char c = r->data[i];
                if (m == M_upper && c >= 'a' && c <= 'z')
                    r->data[i] = (char)(c - 32);
                if (m == M_lower && c >= 'A' && c <= 'Z')
                    r->data[i] = (char)(c + 32);
            }
            *out = py_obj_value(PY_T_STR, r);
            return PY_OK;
        }
        bool all = str->len > 0;
        for (uint32_t i = 0; i < str->len && all; i++) {
            unsigned char c = (unsigned char)str->data[i];
            all = m == M_isdigit   ? (c >= '0' && c <= '9')
                  : m == M_isspace ? ws((char)c)
                                   : ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
        }
        *out = py_bool(all);
        return PY_OK;
    case M_strip:
    case M_lstrip:
    case M_rstrip:
        if (n > 1)
            return nargs_error(s, "str", method_names[m], 0, 1, n);
        return strip(s, m, str, a, n, out);
    case M_split:
        if (n > 1)
            return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0,
                            "split() with maxsplit is not supported");
        return split(s, str, a, n, out);
    case M_join:
        if (n != 1)
            return nargs_error(s, "str", "join", 1, 1, n);
        return join(s, str, a[0], out);
    case M_replace:
        if (n != 2)
            return nargs_error(s, "str", "replace", 2, 2, n);
        if (need_str_arg(s, a[0], "replace() argument 1 must be str") ||
            need_str_arg(s, a[1], "replace() argument 2 must be str"))
            return PY_ERROR;
        return replace(s, str, AS_STR(a[0]), AS_STR(a[1]), out);
    case M_find:
    case M_index:
    case M_count:
    case M_startswith:
    case M_endswith:
        if (n != 1) {
            if (n == 0)
                return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s() takes at least 1 argument (0 given)",
                                method_names[m]);
            return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0,
                            "%s() with start/end is not supported", method_names[m]);
        }
        if (a[0].type != PY_T_STR) {
            if (m == M_startswith || m == M_endswith)
                return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                                "%s first arg must be str or a tuple of str, not %s",
                                method_names[m], py_type_name(a[0]));
            return py_raise(s, PY_EXC_TYPE_ERROR, 0, "must be str, not %s", py_type_name(a[0]));
        }
        return search(s, m, str, AS_STR(a[0]), out);
    default: return NO_METHOD;
    }
}

py_status py_call_method(py_state *s, py_str *name, py_value *self, int nargs, py_value *out) {
    int m = name->method;
    py_value v = *self;
    py_status st = NO_METHOD;
    if (m >= 0 && v.type == PY_T_LIST && m <= M_copy)
        st = list_method(s, m, AS_LIST(v), self + 1, nargs, out);
    else if (m >= 0 && v.type == PY_T_STR && (m >= M_upper || m == M_index || m == M_count))
        st = str_method(s, m, AS_STR(v), self + 1, nargs, out);
    if (st == NO_METHOD)
        return py_raise(s, PY_EXC_ATTRIBUTE_ERROR, 0, "'%s' object has no attribute '%s'",
                        py_type_name(v), name->data);
    return st;
}
