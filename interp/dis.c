/* dis.c: a CPython-like disassembly of compiled code (py_dis), used by `minipy --dis` and the
 * unit tests: one instruction per line with its source line, offset, name, argument and meaning. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "opcodes.h"

const char *const py_opcode_names[PY_I_COUNT] = {
#define X(name, effect, arg) #name,
    PY_OPCODE_LIST(X)
#undef X
};

static const int8_t has_arg[PY_I_COUNT] = {
#define X(name, effect, arg) arg,
    PY_OPCODE_LIST(X)
#undef X
};

static bool annotate(py_state *s, py_buf *b, const py_code *c, uint32_t op, uint32_t arg) {
    switch (op) {
    case PY_I_LOAD_CONST:
        if (c->consts[arg].type == PY_T_FUNC)
            return py_buf_printf(s, b, " (<code %s>)",
                                 ((py_code *)c->consts[arg].as.o)->name->data);
        return py_buf_append(s, b, " (", 2) && py_format_value(s, b, c->consts[arg], true) &&
               py_buf_append(s, b, ")", 1);
    case PY_I_LOAD_FAST:
    case PY_I_STORE_FAST:
        return py_buf_printf(s, b, " (%s)", (c->is_module ? s->gnames[arg] : c->locals[arg])->data);
    case PY_I_DATA: return py_buf_printf(s, b, " (to %u)", arg);
    case PY_I_LOAD_GLOBAL:
    case PY_I_STORE_GLOBAL: return py_buf_printf(s, b, " (%s)", s->gnames[arg]->data);
    case PY_I_BINARY_OP: return py_buf_printf(s, b, " (%s)", py_op_symbols[arg]);
    case PY_I_COMPARE_OP: return py_buf_printf(s, b, " (%s)", py_cmp_symbols[arg]);
    case PY_I_CALL_METHOD:
        return py_buf_printf(s, b, " (.%s, %u args)", ((py_str *)c->consts[arg >> 8].as.o)->data,
                             arg & 0xff);
    case PY_I_JUMP:
    case PY_I_JUMP_BACK:
    case PY_I_POP_JUMP_IF_FALSE:
    case PY_I_POP_JUMP_IF_TRUE:
    case PY_I_JUMP_IF_FALSE_OR_POP:
    case PY_I_JUMP_IF_TRUE_OR_POP:
    case PY_I_FOR_ITER:
    case PY_I_FOR_RANGE:
    case PY_I_JUMP_IF_NOT_LT:
    case PY_I_JUMP_IF_NOT_LE:
    case PY_I_JUMP_IF_NOT_GT:
    case PY_I_JUMP_IF_NOT_GE:
    case PY_I_JUMP_IF_NOT_EQ:
    case PY_I_JUMP_IF_NOT_NE: return py_buf_printf(s, b, " (to %u)", arg);
    default: return true;
    }
}

static bool operand(py_state *s, py_buf *b, const py_code *c, uint32_t x) {
    if (x & PY_OPND_CONST)
        return py_format_value(s, b, c->consts[x & 127], true);
    return py_buf_printf(s, b, "%s", (c->is_module ? s->gnames[x] : c->locals[x])->data);
}

/* The operator symbol of fused instruction op: families of three variants (opcodes.h), but
 * pairs for the _SELF forms. */
static const char *fused_symbol(uint32_t op) {
    if (op >= PY_I_ADD_SELF_LL && op <= PY_I_MUL_SELF_LK)
        return py_op_symbols[(op - PY_I_ADD_SELF_LL) / 2];
    if (op <= PY_I_MUL_PUSH_LK)
        return py_op_symbols[(op - PY_I_ADD_STORE) / 3 % 3];
    return py_cmp_symbols[(op - PY_I_JUMP_IF_NOT_EQ_FAST) / 3 % 6];
}

/* Fused instructions print as the statement they stand for: (s = s + i), (n < 2). */
static bool fused(py_state *s, py_buf *b, const py_code *c, uint32_t op, uint32_t ins) {
    bool store = op <= PY_I_MUL_STORE_LK || (op >= PY_I_ADD_SELF_LL && op <= PY_I_MUL_SELF_LK);
    const char *sym = fused_symbol(op);
    uint32_t a = PY_INS_A(ins) & 127;
    const char *dst = store ? (c->is_module ? s->gnames[a] : c->locals[a])->data : "";
    bool ok = py_buf_printf(s, b, "%*s(", (int)(22 - strlen(py_opcode_names[op])), "");
    if (ok && store && (PY_INS_A(ins) & 0x80)) /* x += y */
        return py_buf_printf(s, b, "%s %s= ", dst, sym) && operand(s, b, c, PY_INS_C(ins)) &&
               py_buf_append(s, b, ")", 1);
    if (ok && store)
        ok = py_buf_printf(s, b, "%s = ", dst);
    return ok && operand(s, b, c, PY_INS_B(ins)) && py_buf_printf(s, b, " %s ", sym) &&
           operand(s, b, c, PY_INS_C(ins)) && py_buf_append(s, b, ")", 1);
}

static bool dis_code(py_state *s, py_buf *b, const py_code *c) {
    if (c->is_module) {
        if (!py_buf_printf(s, b, "Disassembly of <module>:\n"))
            return false;
    } else {
        if (!py_buf_printf(s, b, "\nDisassembly of %s(", c->name->data))
            return false;
        for (uint32_t i = 0; i < c->nparams; i++)
            if (!py_buf_printf(s, b, "%s%s", i ? ", " : "", c->locals[i]->data))
                return false;
        if (!py_buf_printf(s, b, "):\n"))
            return false;
    }
    uint32_t last = 0;
    for (uint32_t i = 0; i < c->nins; i++) {
        uint32_t op = PY_INS_OP(c->ins[i]), arg = PY_INS_ARG(c->ins[i]);
        uint32_t ln = c->lines[i] & ~PY_LINE_AUG;
        bool ok = ln != last ? py_buf_printf(s, b, "%4u %6u %s", ln, i, py_opcode_names[op])
                             : py_buf_printf(s, b, "     %6u %s", i, py_opcode_names[op]);
        if (ok && has_arg[op] == 3) {
            ok = fused(s, b, c, op, c->ins[i]);
        } else if (ok && has_arg[op]) {
            uint32_t shown = op == PY_I_CALL_METHOD ? arg & 0xff : arg;
            ok = py_buf_printf(s, b, "%*s%u", (int)(22 - strlen(py_opcode_names[op])), "", shown) &&
                 annotate(s, b, c, op, arg);
        }
        if (!ok || !py_buf_append(s, b, "\n", 1))
            return false;
        last = ln;
    }
    return true;
}

py_status py_dis(py_state *s, const char **text, size_t *len) {
    py_clear_error(s);
    if (!s->compiled)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, 0, "nothing compiled");
    s->dump.len = 0;
    for (size_t i = 0; i < s->ncodes; i++)
        if (!dis_code(s, &s->dump, s->codes[i]))
            return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    *text = s->dump.data;
    *len = s->dump.len;
    return PY_OK;
}
