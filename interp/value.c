/* value.c: the semantics of operators on values, exactly as CPython 3.11 defines them for the
 * subset: 64-bit ints that raise OverflowError instead of wrapping, floor division and modulo
 * rounding toward negative infinity, float special cases, exact int/float comparison,
 * sequence concatenation and repetition, lexicographic list and str ordering. */
#include <math.h>
#include <string.h>

#include "internal.h"

const char *const py_op_symbols[PY_OP_COUNT] = {"+", "-", "*", "/", "//", "%", "**"};
const char *const py_cmp_symbols[PY_CMP_COUNT] = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"};

#define MAX_DEPTH 1000

static bool is_intlike(py_value v) { return v.type == PY_T_INT || v.type == PY_T_BOOL; }
static bool is_number(py_value v) { return is_intlike(v) || v.type == PY_T_FLOAT; }
static double as_double(py_value v) { return v.type == PY_T_FLOAT ? v.as.f : (double)v.as.i; }

/* The number of items, which can exceed INT64_MAX (range(-2, 2**63 - 1)): unsigned. */
static uint64_t range_len(const py_range *r) {
    if (r->step > 0 && r->start < r->stop)
        return ((uint64_t)r->stop - (uint64_t)r->start - 1) / (uint64_t)r->step + 1;
    if (r->step < 0 && r->start > r->stop)
        return ((uint64_t)r->start - (uint64_t)r->stop - 1) / (0 - (uint64_t)r->step) + 1;
    return 0;
}

bool py_truthy(py_value v) {
    switch (v.type) {
    case PY_T_NONE: return false;
    case PY_T_BOOL:
    case PY_T_INT: return v.as.i != 0;
    case PY_T_FLOAT: return v.as.f != 0.0;
    case PY_T_STR: return AS_STR(v)->len != 0;
    case PY_T_LIST: return AS_LIST(v)->len != 0;
    case PY_T_RANGE: return range_len(AS_RANGE(v)) != 0;
    default: return true;
    }
}

static py_status overflow(py_state *s) {
    return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0, "integer result does not fit in 64 bits");
}

static py_status int_pow(py_state *s, int64_t a, int64_t b, py_value *out) {
    if (b < 0) {
        if (a == 0)
            return py_raise(s, PY_EXC_ZERO_DIVISION_ERROR, 0,
                            "0.0 cannot be raised to a negative power");
        *out = py_float(pow((double)a, (double)b));
        return PY_OK;
    }
    int64_t r = 1, base = a;
    while (b) {
        if ((b & 1) && __builtin_mul_overflow(r, base, &r))
            return overflow(s);
        b >>= 1;
        if (b && __builtin_mul_overflow(base, base, &base))
            return overflow(s);
    }
    *out = py_int(r);
    return PY_OK;
}

static py_status int_binary(py_state *s, int op, int64_t a, int64_t b, py_value *out) {
    int64_t r;
    switch (op) {
    case PY_OP_ADD:
        if (__builtin_add_overflow(a, b, &r))
            return overflow(s);
        break;
    case PY_OP_SUB:
        if (__builtin_sub_overflow(a, b, &r))
            return overflow(s);
        break;
    case PY_OP_MUL:
        if (__builtin_mul_overflow(a, b, &r))
            return overflow(s);
        break;
    case PY_OP_TRUEDIV:
        if (b == 0)
            return py_raise(s, PY_EXC_ZERO_DIVISION_ERROR, 0, "division by zero");
        if (a > -(1LL << 53) && a < (1LL << 53) && b > -(1LL << 53) && b < (1LL << 53))
            *out = py_float((double)a / (double)b);
        else
            *out = py_float((double)((long double)a / (long double)b));
        return PY_OK;
    case PY_OP_FLOORDIV:
    case PY_OP_MOD:
        if (b == 0)
            return py_raise(s, PY_EXC_ZERO_DIVISION_ERROR, 0,
                            op == PY_OP_MOD ? "integer modulo by zero"
                                            : "integer division or modulo by zero");
        if (b == -1) {
            if (op == PY_OP_MOD) {
                r = 0;
                break;
            }
            if (a == INT64_MIN)
                return overflow(s);
            r = -a;
            break;
        }
        if (op == PY_OP_FLOORDIV) {
            r = a / b;
            if (a % b != 0 && ((a < 0) != (b < 0)))
                r--;
        } else {
            r = a % b;
            if (r != 0 && ((r < 0) != (b < 0)))
                r += b;
        }
        break;
    default: return int_pow(s, a, b, out);
    }
    *out = py_int(r);
    return PY_OK;
}

static bool is_odd_integer(double w) { return fmod(fabs(w), 2.0) == 1.0; }

/* CPython's float_pow special cases, then C pow with overflow detection. */
static py_status float_pow(py_state *s, double v, double w, py_value *out) {
    double r;
    if (w == 0)
        r = 1.0;
    else if (isnan(v))
        r = v;
    else if (isnan(w))
        r = v == 1.0 ? 1.0 : w;
    else if (isinf(w)) {
        double av = fabs(v);
        r = av == 1.0 ? 1.0 : ((w > 0) == (av > 1.0)) ? fabs(w) : 0.0;
    } else if (isinf(v)) {
        bool odd = is_odd_integer(w);
        r = w > 0 ? (odd ? v : fabs(v)) : (odd ? copysign(0.0, v) : 0.0);
    } else if (v == 0.0) {
        if (w < 0)
            return py_raise(s, PY_EXC_ZERO_DIVISION_ERROR, 0,
                            "0.0 cannot be raised to a negative power");
        r = is_odd_integer(w) ? v : 0.0;
    } else if (v < 0 && w != floor(w)) {
        return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0, "complex numbers are not supported");
    } else if (v == 1.0) {
        r = 1.0;
    } else {
        r = pow(v, w);
        if (isinf(r))
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0, "(34, 'Numerical result out of range')");
    }
    *out = py_float(r);
    return PY_OK;
}

static py_status float_binary(py_state *s, int op, double a, double b, py_value *out) {
    double r;
    switch (op) {
    case PY_OP_ADD: r = a + b; break;
    case PY_OP_SUB: r = a - b; break;
    case PY_OP_MUL: r = a * b; break;
    case PY_OP_TRUEDIV:
        if (b == 0.0)
            return py_raise(s, PY_EXC_ZERO_DIVISION_ERROR, 0, "float division by zero");
        r = a / b;
        break;
    case PY_OP_FLOORDIV:
    case PY_OP_MOD: {
        if (b == 0.0)
            return py_raise(s, PY_EXC_ZERO_DIVISION_ERROR, 0,
                            op == PY_OP_MOD ? "float modulo" : "float floor division by zero");
        double mod = fmod(a, b), div = (a - mod) / b, floordiv;
        if (mod != 0.0) {
            if ((b < 0) != (mod < 0)) {
                mod += b;
                div -= 1.0;
            }
        } else {
            mod = copysign(0.0, b);
        }
        if (div != 0.0) {
            floordiv = floor(div);
            if (div - floordiv > 0.5)
                floordiv += 1.0;
        } else {
            floordiv = copysign(0.0, a / b);
        }
        r = op == PY_OP_MOD ? mod : floordiv;
        break;
    }
    default: return float_pow(s, a, b, out);
    }
    *out = py_float(r);
    return PY_OK;
}

static py_status repeat(py_state *s, py_value seq, int64_t n, py_value *out) {
    if (n < 0)
        n = 0;
    if (seq.type == PY_T_STR) {
        py_str *a = AS_STR(seq);
        if (a->len && (uint64_t)n > (uint64_t)INT64_MAX / a->len) /* CPython: past ssize_t */
            return py_raise(s, PY_EXC_OVERFLOW_ERROR, 0, "repeated string is too long");
        if (a->len && (uint64_t)n > (UINT32_MAX - 1) / a->len)
            return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
        py_str *r = py_str_new(s, NULL, (size_t)n * a->len);
        if (!r)
            return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
        for (int64_t i = 0; a->len && i < n; i++)
            memcpy(r->data + (size_t)i * a->len, a->data, a->len);
        r->nchars = (uint32_t)(a->nchars * n);
        r->ascii = a->ascii;
        *out = py_obj_value(PY_T_STR, r);
        return PY_OK;
    }
    py_list *a = AS_LIST(seq);
    if (a->len && (uint64_t)n > (UINT32_MAX / 4) / a->len)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    size_t total = (size_t)n * a->len;
    py_list *r = py_list_new(s, total);
    if (!r)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    for (int64_t i = 0; a->len && i < n; i++)
        memcpy(r->items + (size_t)i * a->len, a->items, a->len * sizeof(py_value));
    r->len = (uint32_t)total;
    *out = py_obj_value(PY_T_LIST, r);
    return PY_OK;
}

static py_status concat(py_state *s, py_value a, py_value b, py_value *out) {
    if (a.type == PY_T_STR) {
        py_str *x = AS_STR(a), *y = AS_STR(b);
        if ((uint64_t)x->len + y->len >= UINT32_MAX)
            return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
        py_str *r = py_str_new(s, NULL, (size_t)x->len + y->len);
        if (!r)
            return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
        memcpy(r->data, x->data, x->len);
        memcpy(r->data + x->len, y->data, y->len);
        r->nchars = x->nchars + y->nchars;
        r->ascii = x->ascii && y->ascii;
        *out = py_obj_value(PY_T_STR, r);
        return PY_OK;
    }
    py_list *x = AS_LIST(a), *y = AS_LIST(b);
    size_t total = (size_t)x->len + y->len;
    if (total >= UINT32_MAX / 4)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    py_list *r = py_list_new(s, total);
    if (!r)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    if (x->len)
        memcpy(r->items, x->items, x->len * sizeof(py_value));
    if (y->len)
        memcpy(r->items + x->len, y->items, y->len * sizeof(py_value));
    r->len = (uint32_t)total;
    *out = py_obj_value(PY_T_LIST, r);
    return PY_OK;
}

py_status py_binary(py_state *s, int op, py_value a, py_value b, py_value *out) {
    if (is_intlike(a) && is_intlike(b))
        return int_binary(s, op, a.as.i, b.as.i, out);
    if (is_number(a) && is_number(b))
        return float_binary(s, op, as_double(a), as_double(b), out);
    bool seq_a = a.type == PY_T_STR || a.type == PY_T_LIST,
         seq_b = b.type == PY_T_STR || b.type == PY_T_LIST;
    if (op == PY_OP_ADD && seq_a) {
        if (a.type == b.type)
            return concat(s, a, b, out);
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "can only concatenate %s (not \"%s\") to %s",
                        py_type_name(a), py_type_name(b), py_type_name(a));
    }
    if (op == PY_OP_MUL && (seq_a || seq_b)) {
        py_value seq = seq_a ? a : b, n = seq_a ? b : a;
        if (is_intlike(n))
            return repeat(s, seq, n.as.i, out);
        if (!(seq_a && seq_b) || seq_a)
            return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                            "can't multiply sequence by non-int of type '%s'", py_type_name(n));
    }
    if (op == PY_OP_MOD && a.type == PY_T_STR)
        return py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0,
                        "printf-style string formatting is not supported");
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "unsupported operand type(s) for %s%s: '%s' and '%s'",
                    py_op_symbols[op], op == PY_OP_POW ? " or pow()" : "", py_type_name(a),
                    py_type_name(b));
}

py_status py_unary(py_state *s, int op, py_value a, py_value *out) {
    if (op == PY_UN_NOT) {
        *out = py_bool(!py_truthy(a));
        return PY_OK;
    }
    if (is_intlike(a)) {
        if (op == PY_UN_NEG && a.as.i == INT64_MIN)
            return overflow(s);
        *out = py_int(op == PY_UN_NEG ? -a.as.i : a.as.i);
        return PY_OK;
    }
    if (a.type == PY_T_FLOAT) {
        *out = py_float(op == PY_UN_NEG ? -a.as.f : a.as.f);
        return PY_OK;
    }
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "bad operand type for unary %s: '%s'",
                    op == PY_UN_NEG ? "-" : "+", py_type_name(a));
}

/* Exact comparison of an int with a non-NaN double: -1, 0 or 1. */
static int cmp_int_double(int64_t i, double d) {
    if (d >= 9223372036854775808.0)
        return -1;
    if (d < -9223372036854775808.0)
        return 1;
    double fl = floor(d);
    int64_t di = (int64_t)fl;
    if (i != di)
        return i < di ? -1 : 1;
    return fl < d ? -1 : 0;
}

static py_status depth_error(py_state *s) {
    return py_raise(s, PY_EXC_RECURSION_ERROR, 0, "maximum recursion depth exceeded in comparison");
}

bool py_equal(py_state *s, py_value a, py_value b, int depth, py_status *st) {
    if (is_intlike(a) && is_intlike(b))
        return a.as.i == b.as.i;
    if (is_number(a) && is_number(b)) {
        if (a.type == PY_T_FLOAT && b.type == PY_T_FLOAT)
            return a.as.f == b.as.f;
        if (a.type == PY_T_FLOAT) {
            py_value t = a;
            a = b;
            b = t;
        }
        return !isnan(b.as.f) && cmp_int_double(a.as.i, b.as.f) == 0;
    }
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case PY_T_NONE: return true;
    case PY_T_STR: {
        py_str *x = AS_STR(a), *y = AS_STR(b);
        return x == y || (x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
    }
    case PY_T_LIST: {
        py_list *x = AS_LIST(a), *y = AS_LIST(b);
        if (x == y)
            return true;
        if (x->len != y->len)
            return false;
        if (depth > MAX_DEPTH) {
            *st = depth_error(s);
            return false;
        }
        for (uint32_t i = 0; i < x->len && i < y->len; i++) {
            if (!py_equal(s, x->items[i], y->items[i], depth + 1, st))
                return false;
            if (*st)
                return false;
        }
        return x->len == y->len;
    }
    case PY_T_RANGE: {
        py_range *x = AS_RANGE(a), *y = AS_RANGE(b);
        uint64_t n = range_len(x);
        if (n != range_len(y))
            return false;
        return n == 0 || (x->start == y->start && (n == 1 || x->step == y->step));
    }
    default: return a.as.o == b.as.o;
    }
}

static bool apply(int op, int c) {
    switch (op) {
    case PY_CMP_LT: return c < 0;
    case PY_CMP_LE: return c <= 0;
    case PY_CMP_GT: return c > 0;
    default: return c >= 0;
    }
}

/* Ordering comparison (op one of LT LE GT GE). */
static py_status order(py_state *s, int op, py_value a, py_value b, bool *out, int depth) {
    if (is_intlike(a) && is_intlike(b)) {
        *out = apply(op, (a.as.i > b.as.i) - (a.as.i < b.as.i));
        return PY_OK;
    }
    if (is_number(a) && is_number(b)) {
        if (a.type == PY_T_FLOAT && b.type == PY_T_FLOAT) {
            double x = a.as.f, y = b.as.f;
            *out = op == PY_CMP_LT   ? x < y
                   : op == PY_CMP_LE ? x <= y
                   : op == PY_CMP_GT ? x > y
                                     : x >= y;
        } else if (a.type == PY_T_FLOAT) {
            *out = !isnan(a.as.f) && apply(op, -cmp_int_double(b.as.i, a.as.f));
        } else {
            *out = !isnan(b.as.f) && apply(op, cmp_int_double(a.as.i, b.as.f));
        }
        return PY_OK;
    }
    if (a.type == PY_T_STR && b.type == PY_T_STR) {
        py_str *x = AS_STR(a), *y = AS_STR(b);
        int c = memcmp(x->data, y->data, x->len < y->len ? x->len : y->len);
        if (c == 0)
            c = (x->len > y->len) - (x->len < y->len);
        *out = apply(op, c);
        return PY_OK;
    }
    if (a.type == PY_T_LIST && b.type == PY_T_LIST) {
        py_list *x = AS_LIST(a), *y = AS_LIST(b);
        if (depth > MAX_DEPTH)
            return depth_error(s);
        for (uint32_t i = 0; i < x->len && i < y->len; i++) {
            py_status st = PY_OK;
            if (!py_equal(s, x->items[i], y->items[i], depth + 1, &st)) {
                if (st)
                    return st;
                return order(s, op, x->items[i], y->items[i], out, depth + 1);
            }
            if (st)
                return st;
        }
        *out = apply(op, (x->len > y->len) - (x->len < y->len));
        return PY_OK;
    }
    return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                    "'%s' not supported between instances of '%s' and '%s'", py_cmp_symbols[op],
                    py_type_name(a), py_type_name(b));
}

py_status py_order(py_state *s, int op, py_value a, py_value b, bool *out) {
    return order(s, op, a, b, out, 0);
}

uint64_t py_range_len(const py_range *r) { return range_len(r); }

py_status py_contains(py_state *s, py_value c, py_value item, bool *out) {
    py_status st = PY_OK;
    switch (c.type) {
    case PY_T_LIST: {
        py_list *l = AS_LIST(c);
        *out = false;
        for (uint32_t i = 0; i < l->len && !*out; i++) {
            *out = py_equal(s, l->items[i], item, 0, &st);
            if (st)
                return st;
        }
        return PY_OK;
    }
    case PY_T_STR: {
        if (item.type != PY_T_STR)
            return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                            "'in <string>' requires string as left operand, not %s",
                            py_type_name(item));
        py_str *h = AS_STR(c), *n = AS_STR(item);
        *out = n->len == 0 ||
               (n->len <= h->len && py_memmem(h->data, h->len, n->data, n->len) != NULL);
        return PY_OK;
    }
    case PY_T_RANGE: {
        py_range *r = AS_RANGE(c);
        *out = false;
        if (is_intlike(item) || (item.type == PY_T_FLOAT && item.as.f == floor(item.as.f) &&
                                 fabs(item.as.f) < 9.2e18)) {
            int64_t v = item.type == PY_T_FLOAT ? (int64_t)item.as.f : item.as.i;
            bool inside = r->step > 0 ? (v >= r->start && v < r->stop)
                                      : (v <= r->start && v > r->stop);
            uint64_t diff = r->step > 0 ? (uint64_t)v - (uint64_t)r->start
                                        : (uint64_t)r->start - (uint64_t)v;
            uint64_t step = r->step > 0 ? (uint64_t)r->step : 0 - (uint64_t)r->step;
            *out = inside && diff % step == 0;
        }
        return PY_OK;
    }
    default:
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "argument of type '%s' is not iterable",
                        py_type_name(c));
    }
}

py_status py_compare(py_state *s, int op, py_value a, py_value b, py_value *out) {
    py_status st = PY_OK;
    bool r;
    switch (op) {
    case PY_CMP_EQ: r = py_equal(s, a, b, 0, &st); break;
    case PY_CMP_NE: r = !py_equal(s, a, b, 0, &st); break;
    case PY_CMP_IN: st = py_contains(s, b, a, &r); break;
    case PY_CMP_NOT_IN:
        st = py_contains(s, b, a, &r);
        r = !r;
        break;
    default: st = order(s, op, a, b, &r, 0); break;
    }
    if (st)
        return st;
    *out = py_bool(r);
    return PY_OK;
}
