/* ast.c: py_ast_dump, a readable S-expression rendering of the parser's output (one line per
 * statement, bodies indented), used by the unit tests to pin the parser's behaviour. */
#include <inttypes.h>
#include <stdio.h>

#include "ast.h"

static bool dump_expr(py_state *s, py_buf *b, const py_expr *e);

static bool dump_list(py_state *s, py_buf *b, py_expr *const *items, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (!py_buf_append(s, b, " ", 1) || !dump_expr(s, b, items[i]))
            return false;
    return true;
}

static bool dump_expr(py_state *s, py_buf *b, const py_expr *e) {
    switch (e->kind) {
    case E_INT: return py_buf_printf(s, b, "(int %" PRId64 ")", e->u.i);
    case E_FLOAT: {
        char tmp[40];
        py_float_repr(e->u.f, tmp);
        return py_buf_printf(s, b, "(float %s)", tmp);
    }
    case E_STR: {
        py_str *str = py_str_new(s, e->u.str.data, e->u.str.len);
        return str && py_buf_append(s, b, "(str ", 5) &&
               py_format_value(s, b, py_obj_value(PY_T_STR, str), true) &&
               py_buf_append(s, b, ")", 1);
    }
    case E_BOOL: return py_buf_printf(s, b, "(%s)", e->u.i ? "True" : "False");
    case E_NONE: return py_buf_append(s, b, "(None)", 6);
    case E_NAME: return py_buf_printf(s, b, "(name %s)", e->u.name->data);
    case E_BINOP:
        return py_buf_printf(s, b, "(binop %s ", py_op_symbols[e->op]) &&
               dump_expr(s, b, e->u.bin.l) && py_buf_append(s, b, " ", 1) &&
               dump_expr(s, b, e->u.bin.r) && py_buf_append(s, b, ")", 1);
    case E_AND:
    case E_OR:
        return py_buf_printf(s, b, "(%s ", e->kind == E_AND ? "and" : "or") &&
               dump_expr(s, b, e->u.bin.l) && py_buf_append(s, b, " ", 1) &&
               dump_expr(s, b, e->u.bin.r) && py_buf_append(s, b, ")", 1);
    case E_UNARY:
        return py_buf_printf(s, b, "(%s ",
                             e->op == PY_UN_NEG   ? "neg"
                             : e->op == PY_UN_POS ? "pos"
                                                  : "not") &&
               dump_expr(s, b, e->u.operand) && py_buf_append(s, b, ")", 1);
    case E_COMPARE: {
        if (!py_buf_append(s, b, "(compare ", 9) || !dump_expr(s, b, e->u.cmp.items[0]))
            return false;
        for (uint32_t i = 0; i < e->u.cmp.n; i++)
            if (!py_buf_printf(s, b, " %s ", py_cmp_symbols[e->u.cmp.ops[i]]) ||
                !dump_expr(s, b, e->u.cmp.items[i + 1]))
                return false;
        return py_buf_append(s, b, ")", 1);
    }
    case E_IFEXP:
        return py_buf_append(s, b, "(ifexp ", 7) && dump_expr(s, b, e->u.ifx.cond) &&
               py_buf_append(s, b, " ", 1) && dump_expr(s, b, e->u.ifx.then) &&
               py_buf_append(s, b, " ", 1) && dump_expr(s, b, e->u.ifx.orelse) &&
               py_buf_append(s, b, ")", 1);
    case E_CALL:
        return py_buf_append(s, b, "(call ", 6) && dump_expr(s, b, e->u.call.fn) &&
               dump_list(s, b, e->u.call.args, e->u.call.n) && py_buf_append(s, b, ")", 1);
    case E_METHOD:
        return py_buf_append(s, b, "(method ", 8) && dump_expr(s, b, e->u.call.fn) &&
               py_buf_printf(s, b, " .%s", e->u.call.method->data) &&
               dump_list(s, b, e->u.call.args, e->u.call.n) && py_buf_append(s, b, ")", 1);
    case E_INDEX:
        return py_buf_append(s, b, "(index ", 7) && dump_expr(s, b, e->u.index.obj) &&
               py_buf_append(s, b, " ", 1) && dump_expr(s, b, e->u.index.index) &&
               py_buf_append(s, b, ")", 1);
    default:
        return py_buf_printf(s, b, "(%s", e->kind == E_LIST ? "list" : "tuple") &&
               dump_list(s, b, e->u.list.items, e->u.list.n) && py_buf_append(s, b, ")", 1);
    }
}

static bool dump_block(py_state *s, py_buf *b, const py_block *blk, int indent);

static bool dump_stmt(py_state *s, py_buf *b, const py_stmt *st, int indent) {
    static const char *const aug[] = {"+=", "-=", "*=", "/=", "//=", "%=", "**="};
    bool ok = py_buf_printf(s, b, "%*s", indent * 2, "");
    switch (st->kind) {
    case S_EXPR:
        return ok && py_buf_append(s, b, "(expr ", 6) && dump_expr(s, b, st->u.expr) &&
               py_buf_append(s, b, ")\n", 2);
    case S_ASSIGN:
        ok = ok && py_buf_append(s, b, "(assign", 7) &&
             dump_list(s, b, st->u.assign.targets, st->u.assign.n);
        return ok && py_buf_append(s, b, " ", 1) && dump_expr(s, b, st->u.assign.value) &&
               py_buf_append(s, b, ")\n", 2);
    case S_AUG:
        return ok && py_buf_printf(s, b, "(augassign %s ", aug[st->op]) &&
               dump_expr(s, b, st->u.aug.target) && py_buf_append(s, b, " ", 1) &&
               dump_expr(s, b, st->u.aug.value) && py_buf_append(s, b, ")\n", 2);
    case S_IF:
    case S_WHILE:
        ok = ok && py_buf_printf(s, b, "(%s ", st->kind == S_IF ? "if" : "while") &&
             dump_expr(s, b, st->u.cond.cond) && py_buf_append(s, b, "\n", 1) &&
             dump_block(s, b, &st->u.cond.body, indent + 1);
        if (ok && st->u.cond.orelse.n)
            ok = py_buf_printf(s, b, "%*selse\n", indent * 2, "") &&
                 dump_block(s, b, &st->u.cond.orelse, indent + 1);
        return ok && py_buf_printf(s, b, "%*s)\n", indent * 2, "");
    case S_FOR:
        return ok && py_buf_append(s, b, "(for ", 5) && dump_expr(s, b, st->u.loop.target) &&
               py_buf_append(s, b, " ", 1) && dump_expr(s, b, st->u.loop.iter) &&
               py_buf_append(s, b, "\n", 1) && dump_block(s, b, &st->u.loop.body, indent + 1) &&
               py_buf_printf(s, b, "%*s)\n", indent * 2, "");
    case S_DEF:
        ok = ok && py_buf_printf(s, b, "(def %s (", st->u.def.name->data);
        for (uint32_t i = 0; ok && i < st->u.def.nparams; i++)
            ok = py_buf_printf(s, b, "%s%s", i ? " " : "", st->u.def.params[i]->data);
        return ok && py_buf_append(s, b, ")\n", 2) &&
               dump_block(s, b, &st->u.def.body, indent + 1) &&
               py_buf_printf(s, b, "%*s)\n", indent * 2, "");
    case S_RETURN:
        if (!st->u.expr)
            return ok && py_buf_append(s, b, "(return)\n", 9);
        return ok && py_buf_append(s, b, "(return ", 8) && dump_expr(s, b, st->u.expr) &&
               py_buf_append(s, b, ")\n", 2);
    case S_GLOBAL:
        ok = ok && py_buf_append(s, b, "(global", 7);
        for (uint32_t i = 0; ok && i < st->u.global.n; i++)
            ok = py_buf_printf(s, b, " %s", st->u.global.names[i]->data);
        return ok && py_buf_append(s, b, ")\n", 2);
    default:
        return ok && py_buf_printf(s, b, "(%s)\n",
                                   st->kind == S_BREAK      ? "break"
                                   : st->kind == S_CONTINUE ? "continue"
                                                            : "pass");
    }
}

static bool dump_block(py_state *s, py_buf *b, const py_block *blk, int indent) {
    for (uint32_t i = 0; i < blk->n; i++)
        if (!dump_stmt(s, b, blk->items[i], indent))
            return false;
    return true;
}

py_status py_ast_dump(py_state *s, const char **text, size_t *len) {
    py_clear_error(s);
    if (!s->parsed)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, 0, "nothing parsed");
    s->dump.len = 0;
    py_block all = {s->ast, (uint32_t)s->nast};
    if (!py_buf_append(s, &s->dump, "", 0) || !dump_block(s, &s->dump, &all, 0))
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    *text = s->dump.data;
    *len = s->dump.len;
    return PY_OK;
}
