/* parser.c: stage 2, tokens -> AST: recursive descent for statements (expressions are in
 * parser_expr.c), nodes in the state's arena. Names every unsupported construct with its line.
 * A one-line arithmetic expression statement takes a fast path that builds the same tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"

static py_status parse_statement(parser *p);

/* ---- statements ------------------------------------------------------------------------ */

static inline py_stmt *new_stmt(parser *p, int k, int ln) {
    py_stmt *st = py_arena_get(p->s, sizeof *st);
    if (!st)
        return py_parse_oom(p);
    *st = (py_stmt){.kind = (uint8_t)k, .line = (uint32_t)ln}; /* the rest zeroed */
    return st;
}

/* ':' then NEWLINE INDENT statements DEDENT, or simple statements on the same line. */
static bool parse_block(parser *p, const char *what, int header_line, py_block *out) {
    if (!py_parse_expect(p, PY_TOK_COLON))
        return false;
    size_t base = p->s->nscratch;
    if (kind(p) == PY_TOK_NEWLINE) {
        advance(p);
        if (kind(p) != PY_TOK_INDENT) {
            py_raise(p->s, PY_EXC_INDENTATION_ERROR, line(p),
                     "expected an indented block after %s on line %d", what, header_line);
            return false;
        }
        advance(p);
        while (kind(p) != PY_TOK_DEDENT && kind(p) != PY_TOK_ENDMARKER)
            if (parse_statement(p))
                return false;
        advance(p);
    } else if (parse_statement(p)) {
        return false;
    }
    return (out->items = (py_stmt **)py_parse_collect(p, base, &out->n)) != NULL;
}

static bool check_target(parser *p, py_expr *t, bool allow_tuple) {
    if (t->kind == E_NAME || t->kind == E_INDEX)
        return true;
    if (t->kind == E_TUPLE && allow_tuple) {
        for (uint32_t i = 0; i < t->u.list.n; i++)
            if (!check_target(p, t->u.list.items[i], false))
                return false;
        return true;
    }
    if (t->kind == E_TUPLE || t->kind == E_LIST)
        return py_parse_notimpl(p, (int)t->line, "nested target lists are");
    if (t->kind == E_METHOD || t->kind == E_CALL)
        return py_parse_syntax(p, "cannot assign to function call");
    return py_parse_syntax(p, "cannot assign to expression");
}

static int augop_of(uint32_t k) {
    switch (k) {
    case PY_TOK_PLUSEQ: return PY_OP_ADD;
    case PY_TOK_MINUSEQ: return PY_OP_SUB;
    case PY_TOK_STAREQ: return PY_OP_MUL;
    case PY_TOK_SLASHEQ: return PY_OP_TRUEDIV;
    case PY_TOK_DSLASHEQ: return PY_OP_FLOORDIV;
    case PY_TOK_PERCENTEQ: return PY_OP_MOD;
    default: return -1;
    }
}

static py_stmt *parse_expr_stmt(parser *p) {
    int ln = line(p);
    py_expr *first = py_parse_exprlist(p);
    if (!first)
        return NULL;
    int op = augop_of(kind(p));
    if (op >= 0) {
        if (first->kind == E_TUPLE)
            return py_parse_syntax(p, "'tuple' is an illegal expression for augmented assignment");
        if (!check_target(p, first, false))
            return NULL;
        advance(p);
        py_stmt *st = new_stmt(p, S_AUG, ln);
        if (!st || !(st->u.aug.value = py_parse_exprlist(p)))
            return NULL;
        if (st->u.aug.value->kind == E_TUPLE)
            return py_parse_notimpl(p, ln, "tuples are");
        st->op = (uint8_t)op;
        st->u.aug.target = first;
        return st;
    }
    if (kind(p) == PY_TOK_COLON)
        return py_parse_notimpl(p, ln, "variable annotations are");
    if (kind(p) != PY_TOK_ASSIGN) {
        if (first->kind == E_TUPLE)
            return py_parse_notimpl(p, ln, "tuples are");
        py_stmt *st = new_stmt(p, S_EXPR, ln);
        if (st)
            st->u.expr = first;
        return st;
    }
    advance(p);
    py_expr *value = py_parse_exprlist(p);
    if (!value)
        return NULL;
    py_stmt *st;
    if (kind(p) != PY_TOK_ASSIGN) { /* one target, the common case: no scratch round trip */
        py_expr **targets = py_arena_get(p->s, sizeof *targets);
        if (!targets || !(st = new_stmt(p, S_ASSIGN, ln)))
            return py_parse_oom(p);
        targets[0] = first;
        st->u.assign.targets = targets;
        st->u.assign.n = 1;
        st->u.assign.value = value;
    } else { /* a = b = value: every target on the scratch stack, the value last */
        size_t base = p->s->nscratch;
        if (!py_parse_push(p, first) || !py_parse_push(p, value))
            return NULL;
        while (kind(p) == PY_TOK_ASSIGN) {
            advance(p);
            py_expr *e = py_parse_exprlist(p);
            if (!e || !py_parse_push(p, e))
                return NULL;
        }
        if (!(st = new_stmt(p, S_ASSIGN, ln)))
            return NULL;
        st->u.assign.value = p->s->scratch[--p->s->nscratch];
        if (!(st->u.assign.targets = (py_expr **)py_parse_collect(p, base, &st->u.assign.n)))
            return NULL;
    }
    for (uint32_t i = 0; i < st->u.assign.n; i++)
        if (!check_target(p, st->u.assign.targets[i], true))
            return NULL;
    py_expr *v = st->u.assign.value;
    if (v->kind == E_TUPLE) {
        for (uint32_t i = 0; i < st->u.assign.n; i++) {
            py_expr *t = st->u.assign.targets[i];
            if (t->kind != E_TUPLE || t->u.list.n != v->u.list.n || st->u.assign.n != 1)
                return py_parse_notimpl(p, ln, "tuples (other than a, b = x, y) are");
        }
    }
    return st;
}

static py_stmt *parse_small(parser *p) {
    int ln = line(p);
    py_stmt *st;
    switch (kind(p)) {
    case PY_TOK_KW_PASS: advance(p); return new_stmt(p, S_PASS, ln);
    case PY_TOK_KW_BREAK: advance(p); return new_stmt(p, S_BREAK, ln);
    case PY_TOK_KW_CONTINUE: advance(p); return new_stmt(p, S_CONTINUE, ln);
    case PY_TOK_KW_RETURN:
        advance(p);
        if (!(st = new_stmt(p, S_RETURN, ln)))
            return NULL;
        if (py_parse_starts_expr(kind(p))) {
            if (!(st->u.expr = py_parse_exprlist(p)))
                return NULL;
            if (st->u.expr->kind == E_TUPLE)
                return py_parse_notimpl(p, ln, "tuples are");
        }
        return st;
    case PY_TOK_KW_GLOBAL: {
        advance(p);
        size_t base = p->s->nscratch;
        for (;;) {
            if (kind(p) != PY_TOK_NAME)
                return py_parse_syntax(p, "invalid syntax");
            py_str *n = py_parse_name(p);
            if (!n || !py_parse_push(p, n))
                return NULL;
            if (kind(p) != PY_TOK_COMMA)
                break;
            advance(p);
        }
        if (!(st = new_stmt(p, S_GLOBAL, ln)))
            return NULL;
        p->s->saw_global = true;
        st->u.global.names = (py_str **)py_parse_collect(p, base, &st->u.global.n);
        return st->u.global.names ? st : NULL;
    }
    default:
        if (!py_parse_starts_expr(kind(p)) || kind(p) == PY_TOK_KW_OTHER ||
            kind(p) == PY_TOK_OTHER_OP) {
            if (kind(p) == PY_TOK_OTHER_OP && p->s->src[tok(p)->start] == '@')
                return py_parse_notimpl(p, ln, "decorators are");
            return py_parse_unexpected(p);
        }
        return parse_expr_stmt(p);
    }
}

static py_status simple_statements(parser *p) {
    for (;;) {
        py_stmt *st = parse_small(p);
        if (!st || !py_parse_push(p, st))
            return PY_ERROR;
        if (kind(p) != PY_TOK_SEMI)
            break;
        advance(p);
        if (kind(p) == PY_TOK_NEWLINE)
            break;
    }
    if (kind(p) != PY_TOK_NEWLINE)
        return py_parse_unexpected(p), PY_ERROR;
    advance(p);
    return PY_OK;
}

static py_stmt *parse_if(parser *p, const char *what) {
    int ln = line(p);
    advance(p);
    py_stmt *st = new_stmt(p, S_IF, ln);
    if (!st || !(st->u.cond.cond = py_parse_expr(p)) || !parse_block(p, what, ln, &st->u.cond.body))
        return NULL;
    if (kind(p) == PY_TOK_KW_ELIF) {
        py_stmt *elif = parse_if(p, "'elif' statement");
        if (!elif || !(st->u.cond.orelse.items = py_arena_get(p->s, sizeof(py_stmt *))))
            return NULL;
        st->u.cond.orelse.items[0] = elif;
        st->u.cond.orelse.n = 1;
    } else if (kind(p) == PY_TOK_KW_ELSE) {
        int eln = line(p);
        advance(p);
        if (!parse_block(p, "'else' statement", eln, &st->u.cond.orelse))
            return NULL;
    }
    return st;
}

static py_stmt *parse_loop(parser *p) {
    int ln = line(p);
    bool is_for = kind(p) == PY_TOK_KW_FOR;
    advance(p);
    py_stmt *st = new_stmt(p, is_for ? S_FOR : S_WHILE, ln);
    if (!st)
        return NULL;
    if (is_for) {
        if (kind(p) != PY_TOK_NAME)
            return kind(p) == PY_TOK_LPAR
                       ? py_parse_notimpl(p, ln, "tuple targets in for loops are")
                       : py_parse_syntax(p, "invalid syntax");
        py_expr *t = py_parse_new_expr(p, E_NAME, line(p));
        if (!t || !(t->u.name = py_parse_name(p)))
            return NULL;
        if (kind(p) == PY_TOK_COMMA)
            return py_parse_notimpl(p, ln, "tuple targets in for loops are");
        if (kind(p) != PY_TOK_KW_IN)
            return py_parse_unexpected(p);
        advance(p);
        st->u.loop.target = t;
        if (!(st->u.loop.iter = py_parse_exprlist(p)))
            return NULL;
        if (st->u.loop.iter->kind == E_TUPLE)
            return py_parse_notimpl(p, ln, "tuples are");
        if (!parse_block(p, "'for' statement", ln, &st->u.loop.body))
            return NULL;
    } else {
        if (!(st->u.cond.cond = py_parse_expr(p)) ||
            !parse_block(p, "'while' statement", ln, &st->u.cond.body))
            return NULL;
    }
    if (kind(p) == PY_TOK_KW_ELSE)
        return py_parse_notimpl(p, line(p), "'else' clauses on loops are");
    return st;
}

static py_stmt *parse_def(parser *p) {
    int ln = line(p);
    advance(p);
    if (kind(p) != PY_TOK_NAME)
        return py_parse_syntax(p, "invalid syntax");
    py_stmt *st = new_stmt(p, S_DEF, ln);
    if (!st || !(st->u.def.name = py_parse_name(p)) || !py_parse_expect(p, PY_TOK_LPAR))
        return NULL;
    size_t base = p->s->nscratch;
    while (kind(p) == PY_TOK_NAME) {
        py_str *n = py_parse_name(p);
        if (!n)
            return NULL;
        for (size_t i = base; i < p->s->nscratch; i++)
            if (p->s->scratch[i] == n) {
                py_raise(p->s, PY_EXC_SYNTAX_ERROR, ln,
                         "duplicate argument '%s' in function definition", n->data);
                return NULL;
            }
        if (!py_parse_push(p, n))
            return NULL;
        if (kind(p) == PY_TOK_ASSIGN)
            return py_parse_notimpl(p, ln, "default parameter values are");
        if (kind(p) == PY_TOK_COLON)
            return py_parse_notimpl(p, ln, "annotations are");
        if (kind(p) != PY_TOK_COMMA)
            break;
        advance(p);
    }
    if (kind(p) == PY_TOK_STAR || kind(p) == PY_TOK_DSTAR || kind(p) == PY_TOK_SLASH)
        return py_parse_notimpl(p, ln, "star and special parameters are");
    if (!py_parse_expect(p, PY_TOK_RPAR))
        return NULL;
    if (!(st->u.def.params = (py_str **)py_parse_collect(p, base, &st->u.def.nparams)))
        return NULL;
    if (kind(p) == PY_TOK_OTHER_OP)
        return py_parse_notimpl(p, ln, "annotations are");
    return parse_block(p, "function definition", ln, &st->u.def.body) ? st : NULL;
}

/* One statement (simple statements may push several) onto the scratch stack. */
static py_status parse_statement(parser *p) {
    py_stmt *st;
    switch (kind(p)) {
    case PY_TOK_KW_IF: st = parse_if(p, "'if' statement"); break;
    case PY_TOK_KW_WHILE:
    case PY_TOK_KW_FOR: st = parse_loop(p); break;
    case PY_TOK_KW_DEF: st = parse_def(p); break;
    case PY_TOK_INDENT:
    case PY_TOK_DEDENT: py_parse_unexpected(p); return PY_ERROR;
    default: return simple_statements(p);
    }
    return st && py_parse_push(p, st) ? PY_OK : PY_ERROR;
}

/* A program that is one arithmetic expression statement (py_parse_simple_line), as the AST the
 * general parser would build. False with nothing kept (error cleared, arena and cursor rewound)
 * for every other program, which the general parser then handles, errors included. */
static bool parse_simple_program(parser *p) {
    py_state *s = p->s;
    int ln = line(p);
    py_expr *e = py_parse_simple_line(p);
    py_stmt **ast = e ? py_arena_get(s, sizeof *ast) : NULL;
    py_stmt *st = ast ? new_stmt(p, S_EXPR, ln) : NULL;
    if (!st) {
        if (s->err.kind)
            py_clear_error(s);
        py_arena_reset(s);
        p->cur = p->t;
        return false;
    }
    st->u.expr = e;
    ast[0] = st;
    s->ast = ast;
    s->nast = 1;
    s->parsed = true;
    return true;
}

/* Every program the one-line fast path does not take: statement by statement. */
static __attribute__((noinline)) py_status parse_program(parser *p) {
    py_state *s = p->s;
    while (kind(p) != PY_TOK_ENDMARKER) {
        if (kind(p) == PY_TOK_NEWLINE) {
            advance(p);
            continue;
        }
        if (parse_statement(p))
            return PY_ERROR;
    }
    uint32_t n = 0;
    if (!(s->ast = (py_stmt **)py_parse_collect(p, 0, &n)))
        return PY_ERROR;
    s->nast = n;
    return PY_OK;
}

py_status py_parse(py_state *s) {
    py_clear_error(s);
    s->parsed = s->compiled = false;
    if (!s->lexed)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, 0, "nothing lexed");
    py_arena_reset(s);
    s->nscratch = 0;
    s->saw_global = false;
    parser p = {s, s->toks, s->toks, 0};
    if (!(s->ntoks >= 3 && parse_simple_program(&p)) && parse_program(&p))
        return PY_ERROR;
    s->parsed = true;
    return PY_OK;
}
