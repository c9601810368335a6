/* parser_expr.c: stage 2's expression grammar (precedence climbing for binary operators, nodes in
 * the state's arena, constant folding as CPython's AST optimiser does), the helpers the statement
 * parser shares, and the fast path for one-line arithmetic expression statements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

#define MAX_HEIGHT 3000 /* expression tree height the compiler may recurse through */
#define MAX_DEPTH 1000  /* parser recursion through unary operators and nested expressions */
#define MAX_ARGS 255

void *py_parse_syntax(parser *p, const char *msg) {
    py_raise(p->s, PY_EXC_SYNTAX_ERROR, line(p), "%s", msg);
    return NULL;
}

void *py_parse_notimpl(parser *p, int ln, const char *what) {
    py_raise(p->s, PY_EXC_NOT_IMPLEMENTED_ERROR, ln, "%s not supported (line %d)", what, ln);
    return NULL;
}

/* Names the construct an unexpected token starts, or reports invalid syntax. */
void *py_parse_unexpected(parser *p) {
    const py_token *t = tok(p);
    char what[64];
    const char *text = p->s->src + t->start;
    int n = t->len > 20 ? 20 : (int)t->len;
    switch (t->kind) {
    case PY_TOK_KW_OTHER:
        snprintf(what, sizeof what, "'%.*s' is", n, text);
        return py_parse_notimpl(p, line(p), what);
    case PY_TOK_OTHER_OP:
        snprintf(what, sizeof what, "operator '%.*s' is", n, text);
        return py_parse_notimpl(p, line(p), what);
    case PY_TOK_LBRACE: return py_parse_notimpl(p, line(p), "dict and set displays are");
    case PY_TOK_INDENT:
        py_raise(p->s, PY_EXC_INDENTATION_ERROR, line(p), "unexpected indent");
        return NULL;
    case PY_TOK_DEDENT:
        py_raise(p->s, PY_EXC_INDENTATION_ERROR, line(p),
                 "unindent does not match any outer indentation level");
        return NULL;
    default: return py_parse_syntax(p, "invalid syntax");
    }
}

bool py_parse_expect(parser *p, uint32_t k) {
    if (kind(p) == k) {
        advance(p);
        return true;
    }
    if (k == PY_TOK_COLON && kind(p) != PY_TOK_KW_OTHER && kind(p) != PY_TOK_OTHER_OP) {
        py_parse_syntax(p, "expected ':'");
        return false;
    }
    py_parse_unexpected(p);
    return false;
}

void *py_parse_oom(parser *p) {
    py_raise(p->s, PY_EXC_MEMORY_ERROR, line(p), "%s", "");
    return NULL;
}

static py_expr *grew(parser *p, py_expr *e, const py_expr *child) {
    if (!e)
        return NULL;
    if (child && child->height + 1 > e->height)
        e->height = child->height + 1;
    if (e->height > MAX_HEIGHT) {
        py_raise(p->s, PY_EXC_RECURSION_ERROR, (int)e->line,
                 "maximum recursion depth exceeded during compilation");
        return NULL;
    }
    return e;
}

static bool is_number(const py_expr *e) {
    return e->kind == E_INT || e->kind == E_FLOAT || e->kind == E_BOOL;
}

static py_value const_value(const py_expr *e) {
    return e->kind == E_FLOAT  ? py_float(e->u.f)
           : e->kind == E_BOOL ? py_bool((int)e->u.i)
                               : py_int(e->u.i);
}

/* Stores a folded value into e when it is a number; returns false otherwise. */
static bool set_const(py_expr *e, py_value v) {
    if (v.type == PY_T_INT) {
        e->kind = E_INT;
        e->u.i = v.as.i;
    } else if (v.type == PY_T_FLOAT) {
        e->kind = E_FLOAT;
        e->u.f = v.as.f;
    } else if (v.type == PY_T_BOOL) {
        e->kind = E_BOOL;
        e->u.i = v.as.i;
    } else
        return false;
    e->height = 1;
    return true;
}

static py_expr *binop(parser *p, int op, py_expr *l, py_expr *r, int ln) {
    int64_t sum;
    if (l->kind == E_INT && r->kind == E_INT && op == PY_OP_ADD &&
        !__builtin_add_overflow(l->u.i, r->u.i, &sum)) {
        l->u.i = sum; /* the common case of py_binary below, without the call */
        return l;
    }
    if (is_number(l) && is_number(r)) {
        py_value v;
        if (py_binary(p->s, op, const_value(l), const_value(r), &v) == PY_OK && set_const(l, v))
            return l;
        py_clear_error(p->s); /* left for run time, as CPython does */
    }
    py_expr *e = py_parse_new_expr(p, E_BINOP, ln);
    if (!e)
        return NULL;
    e->op = (uint8_t)op;
    e->u.bin.l = l;
    e->u.bin.r = r;
    return grew(p, grew(p, e, l), r);
}

static py_expr *parse_number(parser *p) {
    const py_token *t = tok(p);
    int ln = line(p);
    py_expr *e = py_parse_new_expr(p, t->kind == PY_TOK_INT ? E_INT : E_FLOAT, ln);
    if (!e)
        return NULL;
    advance(p);
    if (t->kind == PY_TOK_FLOAT)
        return py_literal_float(p->s, p->s->src + t->start, t->len, &e->u.f) ? NULL : e;
    if (t->len <= 18) { /* plain decimal digits cannot overflow: no call */
        const char *d = p->s->src + t->start;
        int64_t v = 0;
        uint32_t i = 0;
        while (i < t->len && (unsigned)(d[i] - '0') < 10)
            v = v * 10 + (d[i++] - '0');
        if (i == t->len) {
            e->u.i = v;
            return e;
        }
    }
    return py_literal_int(p->s, p->s->src + t->start, t->len, ln, &e->u.i) ? NULL : e;
}

static py_expr *parse_strings(parser *p) {
    const py_token *first = p->cur;
    size_t total = 0;
    int ln = line(p);
    while (kind(p) == PY_TOK_STRING)
        total += tok(p)->len, advance(p);
    char *buf = py_arena_get(p->s, total * 2 + 1);
    if (!buf)
        return py_parse_oom(p);
    uint32_t len = 0;
    for (const py_token *t = first; t < p->cur; t++)
        if (py_literal_string(p->s, p->s->src + t->start, t->len, (int)t->line, buf, &len))
            return NULL;
    buf[len] = '\0';
    py_expr *e = py_parse_new_expr(p, E_STR, ln);
    if (!e)
        return NULL;
    e->u.str.data = buf;
    e->u.str.len = len;
    return e;
}

bool py_parse_starts_expr(uint32_t k) {
    switch (k) {
    case PY_TOK_NAME:
    case PY_TOK_INT:
    case PY_TOK_FLOAT:
    case PY_TOK_STRING:
    case PY_TOK_LPAR:
    case PY_TOK_LSQB:
    case PY_TOK_LBRACE:
    case PY_TOK_MINUS:
    case PY_TOK_PLUS:
    case PY_TOK_KW_NOT:
    case PY_TOK_KW_TRUE:
    case PY_TOK_KW_FALSE:
    case PY_TOK_KW_NONE:
    case PY_TOK_KW_OTHER:
    case PY_TOK_OTHER_OP: return true;
    default: return false;
    }
}

/* Comma-separated expressions up to `close` (consumed); items land on the scratch stack. */
static bool parse_items(parser *p, uint32_t close, bool call, size_t base) {
    while (kind(p) != close) {
        int ln = line(p);
        if (call && (kind(p) == PY_TOK_STAR || kind(p) == PY_TOK_DSTAR))
            return py_parse_notimpl(p, ln, "star arguments are");
        if (call && kind(p) == PY_TOK_NAME && peek_kind(p) == PY_TOK_ASSIGN)
            return py_parse_notimpl(p, ln, "keyword arguments are");
        py_expr *e = py_parse_expr(p);
        if (!e || !py_parse_push(p, e))
            return false;
        if (kind(p) == PY_TOK_KW_FOR)
            return py_parse_notimpl(p, ln, "comprehensions are");
        if (p->s->nscratch - base > MAX_ARGS)
            return py_parse_syntax(p, "too many arguments or items");
        if (kind(p) != PY_TOK_COMMA)
            break;
        advance(p);
    }
    return py_parse_expect(p, close);
}

static py_expr *parse_atom(parser *p) {
    int ln = line(p);
    const py_token *t = tok(p);
    py_expr *e;
    switch (t->kind) {
    case PY_TOK_NAME:
        if (!(e = py_parse_new_expr(p, E_NAME, ln)) || !(e->u.name = py_parse_name(p)))
            return NULL;
        return e;
    case PY_TOK_INT:
    case PY_TOK_FLOAT: return parse_number(p);
    case PY_TOK_STRING: return parse_strings(p);
    case PY_TOK_KW_TRUE:
    case PY_TOK_KW_FALSE:
        advance(p);
        if ((e = py_parse_new_expr(p, E_BOOL, ln)))
            e->u.i = t->kind == PY_TOK_KW_TRUE;
        return e;
    case PY_TOK_KW_NONE: advance(p); return py_parse_new_expr(p, E_NONE, ln);
    case PY_TOK_LPAR: {
        advance(p);
        if (kind(p) == PY_TOK_RPAR)
            return py_parse_notimpl(p, ln, "tuples are");
        py_expr *inner = py_parse_expr(p);
        if (!inner)
            return NULL;
        if (kind(p) == PY_TOK_COMMA)
            return py_parse_notimpl(p, ln, "tuples are");
        if (kind(p) == PY_TOK_KW_FOR)
            return py_parse_notimpl(p, ln, "generator expressions are");
        return py_parse_expect(p, PY_TOK_RPAR) ? inner : NULL;
    }
    case PY_TOK_LSQB: {
        advance(p);
        size_t base = p->s->nscratch;
        if (!(e = py_parse_new_expr(p, E_LIST, ln)) || !parse_items(p, PY_TOK_RSQB, false, base))
            return NULL;
        if (!(e->u.list.items = (py_expr **)py_parse_collect(p, base, &e->u.list.n)))
            return NULL;
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (!grew(p, e, e->u.list.items[i]))
                return NULL;
        return e;
    }
    default: return py_parse_unexpected(p);
    }
}

static py_expr *parse_call(parser *p, py_expr *fn, py_str *method, int ln) {
    size_t base = p->s->nscratch;
    py_expr *e = py_parse_new_expr(p, method ? E_METHOD : E_CALL, ln);
    if (!e || !parse_items(p, PY_TOK_RPAR, true, base))
        return NULL;
    e->u.call.fn = fn;
    e->u.call.method = method;
    if (!(e->u.call.args = (py_expr **)py_parse_collect(p, base, &e->u.call.n)))
        return NULL;
    if (!grew(p, e, fn))
        return NULL;
    for (uint32_t i = 0; i < e->u.call.n; i++)
        if (!grew(p, e, e->u.call.args[i]))
            return NULL;
    return e;
}

static py_expr *parse_primary(parser *p) {
    py_expr *e = parse_atom(p);
    while (e) {
        int ln = line(p);
        if (kind(p) == PY_TOK_LPAR) {
            advance(p);
            e = parse_call(p, e, NULL, ln);
        } else if (kind(p) == PY_TOK_LSQB) {
            advance(p);
            py_expr *idx = py_parse_expr(p);
            if (!idx)
                return NULL;
            if (kind(p) == PY_TOK_COLON)
                return py_parse_notimpl(p, ln, "slices are");
            if (kind(p) == PY_TOK_COMMA)
                return py_parse_notimpl(p, ln, "tuples are");
            if (!py_parse_expect(p, PY_TOK_RSQB))
                return NULL;
            py_expr *x = py_parse_new_expr(p, E_INDEX, ln);
            if (!x)
                return NULL;
            x->u.index.obj = e;
            x->u.index.index = idx;
            e = grew(p, grew(p, x, e), idx);
        } else if (kind(p) == PY_TOK_DOT) {
            advance(p);
            if (kind(p) != PY_TOK_NAME)
                return py_parse_syntax(p, "invalid syntax");
            py_str *m = py_parse_name(p);
            if (!m)
                return NULL;
            if (kind(p) != PY_TOK_LPAR)
                return py_parse_notimpl(p, ln, "attribute access other than method calls is");
            advance(p);
            e = parse_call(p, e, m, ln);
        } else {
            break;
        }
    }
    return e;
}

static py_expr *parse_unary(parser *p);

static py_expr *parse_power(parser *p) {
    py_expr *base = parse_primary(p);
    if (!base || kind(p) != PY_TOK_DSTAR)
        return base;
    int ln = line(p);
    advance(p);
    py_expr *exp = parse_unary(p);
    return exp ? binop(p, PY_OP_POW, base, exp, ln) : NULL;
}

/* Tokens that continue a primary after an atom (a call, an index, a method, a power). */
static const bool continues_primary[PY_TOK_COUNT] = {
    [PY_TOK_LPAR] = true, [PY_TOK_LSQB] = true, [PY_TOK_DOT] = true, [PY_TOK_DSTAR] = true};

static inline bool small_int(const py_token *t, const char *src, int64_t *out);

/* A name or a short int with nothing after it that binds tighter: the leaf parse_power would
 * return, built without descending through it (the most common operand). NULL with nothing
 * consumed when the operand is anything else. */
static inline py_expr *parse_leaf(parser *p, uint32_t k) {
    const py_token *t = tok(p);
    if (continues_primary[t[1].kind]) /* NAME and INT are never the last token */
        return NULL;
    py_expr *e;
    if (k == PY_TOK_NAME) {
        if (!(e = py_parse_new_expr(p, E_NAME, (int)t->line)) || !(e->u.name = py_parse_name(p)))
            return NULL;
        return e;
    }
    int64_t v;
    if (!small_int(t, p->s->src, &v))
        return parse_number(p);
    if ((e = py_parse_new_expr(p, E_INT, (int)t->line))) {
        e->u.i = v;
        p->cur++;
    }
    return e;
}

static py_expr *parse_unary(parser *p) {
    uint32_t k = kind(p);
    if (k == PY_TOK_NAME || k == PY_TOK_INT) {
        if (!continues_primary[tok(p)[1].kind])
            return parse_leaf(p, k);
        return parse_power(p);
    }
    if (k != PY_TOK_MINUS && k != PY_TOK_PLUS) {
        if (k == PY_TOK_OTHER_OP && p->s->src[tok(p)->start] == '~')
            return py_parse_notimpl(p, line(p), "operator '~' is");
        return parse_power(p);
    }
    int ln = line(p);
    if (++p->depth > MAX_DEPTH) {
        py_raise(p->s, PY_EXC_RECURSION_ERROR, ln,
                 "maximum recursion depth exceeded during compilation");
        return NULL;
    }
    advance(p);
    py_expr *operand = parse_unary(p);
    p->depth--;
    if (!operand)
        return NULL;
    int op = k == PY_TOK_MINUS ? PY_UN_NEG : PY_UN_POS;
    if (is_number(operand)) {
        py_value v;
        if (py_unary(p->s, op, const_value(operand), &v) == PY_OK && set_const(operand, v))
            return operand;
        py_clear_error(p->s);
    }
    py_expr *e = py_parse_new_expr(p, E_UNARY, ln);
    if (!e)
        return NULL;
    e->op = (uint8_t)op;
    e->u.operand = operand;
    return grew(p, e, operand);
}

/* Binary operators by precedence climbing (one loop instead of a function per level). The levels
 * and their nesting are Python's: or < and < not (prefix) < comparisons < + - < * / // % < unary.
 * Nodes are built, folded and checked in the same order as the grammar's recursive descent. */
enum { PREC_NONE, PREC_OR, PREC_AND, PREC_NOT, PREC_CMP, PREC_ARITH, PREC_TERM };

static const uint8_t prec_of[PY_TOK_COUNT] = {
    [PY_TOK_KW_OR] = PREC_OR,     [PY_TOK_KW_AND] = PREC_AND, [PY_TOK_EQ] = PREC_CMP,
    [PY_TOK_NE] = PREC_CMP,       [PY_TOK_LT] = PREC_CMP,     [PY_TOK_LE] = PREC_CMP,
    [PY_TOK_GT] = PREC_CMP,       [PY_TOK_GE] = PREC_CMP,     [PY_TOK_KW_IN] = PREC_CMP,
    [PY_TOK_KW_NOT] = PREC_CMP,   [PY_TOK_PLUS] = PREC_ARITH, [PY_TOK_MINUS] = PREC_ARITH,
    [PY_TOK_STAR] = PREC_TERM,    [PY_TOK_SLASH] = PREC_TERM, [PY_TOK_DSLASH] = PREC_TERM,
    [PY_TOK_PERCENT] = PREC_TERM,
};

static const int8_t binop_of[PY_TOK_COUNT] = {
    [PY_TOK_PLUS] = PY_OP_ADD,      [PY_TOK_MINUS] = PY_OP_SUB,       [PY_TOK_STAR] = PY_OP_MUL,
    [PY_TOK_SLASH] = PY_OP_TRUEDIV, [PY_TOK_DSLASH] = PY_OP_FLOORDIV, [PY_TOK_PERCENT] = PY_OP_MOD,
};

static int cmp_of(parser *p) {
    switch (kind(p)) {
    case PY_TOK_EQ: return PY_CMP_EQ;
    case PY_TOK_NE: return PY_CMP_NE;
    case PY_TOK_LT: return PY_CMP_LT;
    case PY_TOK_LE: return PY_CMP_LE;
    case PY_TOK_GT: return PY_CMP_GT;
    case PY_TOK_GE: return PY_CMP_GE;
    case PY_TOK_KW_IN: return PY_CMP_IN;
    case PY_TOK_KW_NOT: return peek_kind(p) == PY_TOK_KW_IN ? PY_CMP_NOT_IN : -1;
    default: return -1;
    }
}

static py_expr *parse_binary(parser *p, int min);

/* first (op arith)+ with the current token a comparison operator. */
static py_expr *parse_chain(parser *p, py_expr *first) {
    py_expr *e = py_parse_new_expr(p, E_COMPARE, line(p));
    if (!e)
        return NULL;
    size_t base = p->s->nscratch;
    uint8_t ops[MAX_ARGS];
    uint32_t nops = 0;
    if (!py_parse_push(p, first))
        return NULL;
    int op;
    while ((op = cmp_of(p)) >= 0) {
        if (nops == MAX_ARGS)
            return py_parse_syntax(p, "comparison chain too long");
        advance(p);
        if (op == PY_CMP_NOT_IN)
            advance(p);
        ops[nops++] = (uint8_t)op;
        py_expr *r = parse_binary(p, PREC_ARITH);
        if (!r || !py_parse_push(p, r))
            return NULL;
    }
    uint32_t n;
    if (!(e->u.cmp.items = (py_expr **)py_parse_collect(p, base, &n)))
        return NULL;
    if (!(e->u.cmp.ops = py_arena_get(p->s, nops)))
        return py_parse_oom(p);
    memcpy(e->u.cmp.ops, ops, nops);
    e->u.cmp.n = nops;
    for (uint32_t i = 0; i < n; i++)
        if (!grew(p, e, e->u.cmp.items[i]))
            return NULL;
    return e;
}

/* 'not' operand, or a comparison-level expression. */
static py_expr *parse_not(parser *p) {
    if (kind(p) != PY_TOK_KW_NOT)
        return parse_binary(p, PREC_CMP);
    int ln = line(p);
    if (++p->depth > MAX_DEPTH) {
        py_raise(p->s, PY_EXC_RECURSION_ERROR, ln,
                 "maximum recursion depth exceeded during compilation");
        return NULL;
    }
    advance(p);
    py_expr *operand = parse_not(p);
    p->depth--;
    if (!operand)
        return NULL;
    if (is_number(operand) || operand->kind == E_NONE) {
        bool t = operand->kind != E_NONE && py_truthy(const_value(operand));
        operand->kind = E_BOOL;
        operand->u.i = !t;
        operand->height = 1;
        return operand;
    }
    py_expr *e = py_parse_new_expr(p, E_UNARY, ln);
    if (!e)
        return NULL;
    e->op = PY_UN_NOT;
    e->u.operand = operand;
    return grew(p, e, operand);
}

static py_expr *logic_node(parser *p, int k, py_expr *l, py_expr *r, int ln) {
    py_expr *x = py_parse_new_expr(p, k, ln);
    if (!x)
        return NULL;
    x->u.bin.l = l;
    x->u.bin.r = r;
    return grew(p, grew(p, x, l), r);
}

/* An expression whose binary operators all bind at least as tightly as `min`. Recursion is bounded
 * by the number of levels: each nested call asks for a strictly higher one. */
static py_expr *parse_binary(parser *p, int min) {
    py_expr *e = min <= PREC_NOT && kind(p) == PY_TOK_KW_NOT ? parse_not(p) : parse_unary(p);
    while (e) {
        uint32_t k = kind(p);
        int prec = prec_of[k];
        if (prec < PREC_ARITH) {
            /* an arithmetic expression ends here: operators minipy lacks are named */
            if (k == PY_TOK_OTHER_OP && min <= PREC_ARITH)
                return py_parse_unexpected(p);
            if (k == PY_TOK_KW_NOT && peek_kind(p) != PY_TOK_KW_IN)
                prec = PREC_NONE;
        }
        if (prec < min || prec == PREC_NONE)
            return e;
        int ln = line(p);
        if (prec == PREC_CMP) {
            e = parse_chain(p, e);
            continue;
        }
        advance(p);
        if (prec >= PREC_ARITH) {
            py_expr *r = prec == PREC_TERM ? parse_unary(p) : parse_binary(p, PREC_TERM);
            e = r ? binop(p, binop_of[k], e, r, ln) : NULL;
        } else {
            py_expr *r = parse_binary(p, prec + 1);
            e = r ? logic_node(p, prec == PREC_OR ? E_OR : E_AND, e, r, ln) : NULL;
        }
    }
    return NULL;
}

/* Tokens after which an expression that is a lone operand is complete. */
static const bool ends_operand[PY_TOK_COUNT] = {
    [PY_TOK_NEWLINE] = true,  [PY_TOK_ASSIGN] = true,  [PY_TOK_COLON] = true,
    [PY_TOK_RPAR] = true,     [PY_TOK_RSQB] = true,    [PY_TOK_COMMA] = true,
    [PY_TOK_SEMI] = true,     [PY_TOK_PLUSEQ] = true,  [PY_TOK_MINUSEQ] = true,
    [PY_TOK_STAREQ] = true,   [PY_TOK_SLASHEQ] = true, [PY_TOK_DSLASHEQ] = true,
    [PY_TOK_PERCENTEQ] = true};

py_expr *py_parse_expr(parser *p) {
    uint32_t k = kind(p);
    if ((k == PY_TOK_NAME || k == PY_TOK_INT) && ends_operand[p->cur[1].kind])
        return parse_leaf(p, k); /* the same leaf as the whole descent below would build */
    if (++p->depth > MAX_DEPTH) {
        py_raise(p->s, PY_EXC_RECURSION_ERROR, line(p),
                 "maximum recursion depth exceeded during compilation");
        return NULL;
    }
    py_expr *e = parse_binary(p, PREC_OR);
    if (e && kind(p) == PY_TOK_KW_IF) {
        int ln = line(p);
        advance(p);
        py_expr *cond = parse_binary(p, PREC_OR);
        if (!cond || !py_parse_expect(p, PY_TOK_KW_ELSE))
            return NULL;
        py_expr *orelse = py_parse_expr(p);
        py_expr *x = orelse ? py_parse_new_expr(p, E_IFEXP, ln) : NULL;
        if (!x)
            return NULL;
        x->u.ifx.cond = cond;
        x->u.ifx.then = e;
        x->u.ifx.orelse = orelse;
        e = grew(p, grew(p, grew(p, x, cond), e), orelse);
    }
    p->depth--;
    return e;
}

/* expr (',' expr)* [','] -> one expression or an E_TUPLE */
py_expr *py_parse_exprlist(parser *p) {
    int ln = line(p);
    py_expr *first = py_parse_expr(p);
    if (!first || kind(p) != PY_TOK_COMMA)
        return first;
    size_t base = p->s->nscratch;
    if (!py_parse_push(p, first))
        return NULL;
    while (kind(p) == PY_TOK_COMMA) {
        advance(p);
        if (!py_parse_starts_expr(kind(p)))
            break;
        py_expr *e = py_parse_expr(p);
        if (!e || !py_parse_push(p, e))
            return NULL;
        if (p->s->nscratch - base > MAX_ARGS)
            return py_parse_syntax(p, "too many items");
    }
    py_expr *t = py_parse_new_expr(p, E_TUPLE, ln);
    if (!t || !(t->u.list.items = (py_expr **)py_parse_collect(p, base, &t->u.list.n)))
        return NULL;
    for (uint32_t i = 0; i < t->u.list.n; i++)
        if (!grew(p, t, t->u.list.items[i]))
            return NULL;
    return t;
}

/* ---- the fast path --------------------------------------------------------------------- */

#define SIMPLE_MAX_OPERANDS 16

static bool simple_operand(uint32_t k) {
    return k == PY_TOK_INT || k == PY_TOK_FLOAT || k == PY_TOK_NAME;
}

static py_expr *simple_operand_expr(parser *p) {
    if (kind(p) != PY_TOK_NAME)
        return parse_number(p);
    py_expr *e = py_parse_new_expr(p, E_NAME, line(p));
    return e && (e->u.name = py_parse_name(p)) ? e : NULL;
}

/* term (('+' | '-') term)* with term = operand (('*' | '/' | '//' | '%') operand)*, built and
 * folded in the order parse_binary builds them (operands and operators already checked). */
static py_expr *simple_arith(parser *p) {
    py_expr *sum = NULL;
    int sum_op = 0, sum_line = 0;
    for (;;) {
        py_expr *term = simple_operand_expr(p);
        while (term && prec_of[kind(p)] == PREC_TERM) {
            int op = binop_of[kind(p)], ln = line(p);
            advance(p);
            py_expr *r = simple_operand_expr(p);
            term = r ? binop(p, op, term, r, ln) : NULL;
        }
        if (!term)
            return NULL;
        if (sum && !(sum = binop(p, sum_op, sum, term, sum_line)))
            return NULL;
        if (!sum)
            sum = term;
        if (prec_of[kind(p)] != PREC_ARITH)
            return sum;
        sum_op = binop_of[kind(p)];
        sum_line = line(p);
        advance(p);
    }
}

/* The value of t when it is an INT of at most 18 plain decimal digits (no overflow possible);
 * false for anything else (hex, underscores, longer). */
static inline bool small_int(const py_token *t, const char *src, int64_t *out) {
    if (t->kind != PY_TOK_INT || t->len > 18)
        return false;
    const char *d = src + t->start;
    if (t->len == 1 && (unsigned)(d[0] - '0') <= 9) { /* the most common literal */
        *out = d[0] - '0';
        return true;
    }
    int64_t v = 0;
    for (uint32_t i = 0; i < t->len; i++) {
        unsigned digit = (unsigned)(d[i] - '0');
        if (digit > 9)
            return false;
        v = v * 10 + digit;
    }
    *out = v;
    return true;
}

/* Ints joined by + - * from token t: the value binop() folds the same tokens to (products first,
 * then sums left to right), and the token after them. NULL at any other operand, an operator
 * other than + - *, a long literal or an overflow: the tree-building path then takes over. */
static const py_token *simple_int_value(const py_token *t, const char *src, int64_t *out) {
    int64_t sum = 0, term, v;
    uint32_t join = PY_TOK_PLUS;
    for (;;) {
        if (!small_int(t++, src, &term))
            return NULL;
        while (t->kind == PY_TOK_STAR) {
            if (!small_int(t + 1, src, &v) || __builtin_mul_overflow(term, v, &term))
                return NULL;
            t += 2;
        }
        if (join == PY_TOK_PLUS ? __builtin_add_overflow(sum, term, &sum)
                                : __builtin_sub_overflow(sum, term, &sum))
            return NULL;
        if (t->kind != PY_TOK_PLUS && t->kind != PY_TOK_MINUS)
            break;
        join = t++->kind;
    }
    *out = sum;
    return t;
}

/* The fast path for a whole program that is one line of arithmetic on numbers and names
 * ("2 + 3", "a * b - 1"): operands joined by + - * / // %, then NEWLINE ENDMARKER. Returns the
 * expression, or NULL without raising when the tokens have any other shape. The tree is the one
 * the general parser builds; on a raised error (a bad literal, out of memory) the caller clears
 * it and parses again the general way, which raises the same error with its full context. */
py_expr *py_parse_simple_line(parser *p) {
    const py_token *t = p->t, *after;
    int64_t v;
    if ((after = simple_int_value(t, p->s->src, &v)) && after->kind == PY_TOK_NEWLINE &&
        after[1].kind == PY_TOK_ENDMARKER) { /* all folded: one node */
        py_expr *e = py_parse_new_expr(p, E_INT, (int)t[0].line);
        if (e) {
            e->u.i = v;
            p->cur = after;
        }
        return e;
    }
    size_t i = 0;
    for (;; i += 2) {
        if (i / 2 >= SIMPLE_MAX_OPERANDS || !simple_operand(t[i].kind))
            return NULL;
        uint32_t k = t[i + 1].kind;
        if (k == PY_TOK_NEWLINE)
            break;
        if (prec_of[k] < PREC_ARITH)
            return NULL;
    }
    if (t[i + 2].kind != PY_TOK_ENDMARKER)
        return NULL;
    return simple_arith(p);
}
