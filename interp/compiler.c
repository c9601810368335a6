/* compiler.c: stage 3, AST -> code objects. One pass per function after a scope scan: locals
 * become frame slots, every other name a global slot (both resolved here, never at run time);
 * conditions compile to fused compare-and-jump instructions; `for x in range(...)` gets its own
 * loop instructions when the program never rebinds `range`. */
#include <string.h>

#include "ast.h"
#include "opcodes.h"

#define NO_JUMP PY_MAX_ARG

static const int8_t effects[PY_I_COUNT] = {
#define X(name, effect, arg) effect,
    PY_OPCODE_LIST(X)
#undef X
};

/* Instructions that never store into a frame or global slot: a program made only of these
 * leaves the globals as the last reset bound them, and the next py_state_reset skips rebinding
 * them. Any other instruction (one added later and not listed here too) marks them dirty. */
static const bool keeps_slots[PY_I_COUNT] = {
    [PY_I_NOP] = 1,         [PY_I_LOAD_CONST] = 1,    [PY_I_LOAD_NONE] = 1,
    [PY_I_LOAD_FAST] = 1,   [PY_I_LOAD_GLOBAL] = 1,   [PY_I_POP_TOP] = 1,
    [PY_I_BINARY_ADD] = 1,  [PY_I_BINARY_SUB] = 1,    [PY_I_BINARY_MUL] = 1,
    [PY_I_BINARY_OP] = 1,   [PY_I_UNARY_NEG] = 1,     [PY_I_UNARY_POS] = 1,
    [PY_I_UNARY_NOT] = 1,   [PY_I_COMPARE_OP] = 1,    [PY_I_CALL] = 1,
    [PY_I_CALL_METHOD] = 1, [PY_I_RETURN_VALUE] = 1,  [PY_I_RETURN_NONE] = 1,
    [PY_I_BUILD_LIST] = 1,  [PY_I_BINARY_SUBSCR] = 1, [PY_I_ADD_PUSH] = 1,
    [PY_I_SUB_PUSH] = 1,    [PY_I_MUL_PUSH] = 1,
};

typedef struct label {
    uint32_t head;
} label;

typedef struct loop_ctx {
    uint32_t start; /* where continue jumps back to; NO_JUMP: forward to cont, the bottom test */
    label brk, cont;
    int pops;
} loop_ctx;

typedef struct compiler {
    py_state *s;
    py_code *code;
    int depth, maxdepth;
    uint32_t line;
    bool in_function;
    int8_t range_ok; /* may range() loops be specialised: -1 not yet known (binds() is lazy) */
    py_str *range_name;
    loop_ctx loops[PY_MAX_INDENT + 1];
    int nloops;
} compiler;

static py_status expr(compiler *c, py_expr *e);
static py_status block(compiler *c, const py_block *b);

static py_status oom(compiler *c) {
    return py_raise(c->s, PY_EXC_MEMORY_ERROR, (int)c->line, "%s", "");
}

static void adjust(compiler *c, int delta) {
    c->depth += delta;
    if (c->depth > c->maxdepth)
        c->maxdepth = c->depth;
}

static py_status grow_code(compiler *c) {
    py_code *code = c->code;
    if (code->capins >= PY_MAX_ARG / 2)
        return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)c->line, "code too large");
    uint32_t ncap = code->capins ? code->capins * 2 : 64;
    uint32_t *ins = py_mem_realloc(c->s, code->ins, code->capins * 4u, ncap * 4u);
    if (!ins)
        return oom(c);
    code->ins = ins;
    uint32_t *lines = py_mem_realloc(c->s, code->lines, code->capins * 4u, ncap * 4u);
    if (!lines)
        return oom(c);
    code->lines = lines;
    code->capins = ncap;
    return PY_OK;
}

static inline py_status emit(compiler *c, int op, uint32_t arg) {
    py_code *code = c->code;
    if (UNLIKELY(code->nins == code->capins) && grow_code(c))
        return PY_ERROR;
    code->lines[code->nins] = c->line;
    code->ins[code->nins++] = PY_INS(op, arg);
    adjust(c, effects[op]);
    if (UNLIKELY(!keeps_slots[op]))
        c->s->globals_dirty = true;
    return PY_OK;
}

static py_status add_const(compiler *c, py_value v, uint32_t *index) {
    py_code *code = c->code;
    uint32_t from = code->nconsts > 256 ? code->nconsts - 256 : 0;
    for (uint32_t i = from; i < code->nconsts; i++) {
        py_value k = code->consts[i];
        if (k.type == v.type && memcmp(&k.as, &v.as, sizeof k.as) == 0) {
            *index = i;
            return PY_OK;
        }
    }
    if (code->nconsts >= PY_MAX_ARG)
        return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)c->line, "too many constants");
    if (UNLIKELY(code->nconsts == code->capconsts)) {
        size_t cap = code->capconsts;
        if (!py_grow(c->s, (void **)&code->consts, &cap, code->nconsts, sizeof(py_value)))
            return oom(c);
        code->capconsts = (uint32_t)cap;
    }
    code->consts[code->nconsts] = v;
    *index = code->nconsts++;
    return PY_OK;
}

static py_status load_const(compiler *c, py_value v) {
    uint32_t k;
    return add_const(c, v, &k) || emit(c, PY_I_LOAD_CONST, k);
}

static void jump_to(compiler *c, int op, label *l) {
    /* Unresolved jumps to one label chain through their arguments. */
    if (emit(c, op, l->head) == PY_OK)
        l->head = c->code->nins - 1;
}

static void resolve(compiler *c, label *l) {
    uint32_t here = c->code->nins;
    for (uint32_t i = l->head; i != NO_JUMP;) {
        uint32_t next = PY_INS_ARG(c->code->ins[i]);
        c->code->ins[i] = PY_INS(PY_INS_OP(c->code->ins[i]), here);
        i = next;
    }
    l->head = NO_JUMP;
}

static int local_index(const py_code *code, const py_str *name) {
    for (uint32_t i = 0; i < code->nlocals; i++)
        if (code->locals[i] == name)
            return (int)i;
    return -1;
}

static py_status add_local(compiler *c, py_str *name) {
    py_code *code = c->code;
    if (local_index(code, name) >= 0)
        return PY_OK;
    size_t cap = code->caplocals;
    if (!py_grow(c->s, (void **)&code->locals, &cap, code->nlocals, sizeof(py_str *)))
        return oom(c);
    code->caplocals = (uint32_t)cap;
    code->locals[code->nlocals++] = name;
    return PY_OK;
}

/* The frame slot of a name: a local in a function; in module code the module frame's slots are
 * the globals themselves. -1 for a global read from a function. */
static int fast_slot(compiler *c, py_str *name) {
    if (c->in_function)
        return local_index(c->code, name);
    return py_global_slot(c->s, name);
}

static py_status name_op(compiler *c, py_str *name, bool store) {
    int slot = fast_slot(c, name);
    if (slot >= 0)
        return emit(c, store ? PY_I_STORE_FAST : PY_I_LOAD_FAST, (uint32_t)slot);
    int32_t g = py_global_slot(c->s, name);
    if (g < 0)
        return oom(c);
    return emit(c, store ? PY_I_STORE_GLOBAL : PY_I_LOAD_GLOBAL, (uint32_t)g);
}

/* Encodes e as a fused-instruction operand when it is a slot < 128 or a number constant. */
static bool fast_operand(compiler *c, const py_expr *e, uint32_t *enc) {
    if (e->kind == E_NAME) {
        int slot = fast_slot(c, e->u.name);
        if (slot < 0 || slot >= 128)
            return false;
        *enc = (uint32_t)slot;
        return true;
    }
    if (e->kind != E_INT && e->kind != E_FLOAT)
        return false;
    uint32_t k;
    if (add_const(c, e->kind == E_INT ? py_int(e->u.i) : py_float(e->u.f), &k) || k >= 128) {
        py_clear_error(c->s);
        return false;
    }
    *enc = k | PY_OPND_CONST;
    return true;
}

/* The variant of fused family `generic` for operands b and cc (fast_operand's encodings):
 * _LL for two slots, _LK for a slot and an int constant, the generic form otherwise. */
static int fused_variant(compiler *c, int generic, uint32_t b, uint32_t cc) {
    if (b & PY_OPND_CONST)
        return generic;
    if (!(cc & PY_OPND_CONST))
        return generic + PY_LL;
    return c->code->consts[cc & 127].type == PY_T_INT ? generic + PY_LK : generic;
}

static bool fusable(const py_expr *e) {
    return e->kind == E_BINOP && (e->op == PY_OP_ADD || e->op == PY_OP_SUB || e->op == PY_OP_MUL);
}

/* dst = l op r (dst >= 0) or push l op r (dst < 0) as one instruction when it can be. */
static bool fused_binop(compiler *c, int op, const py_expr *l, const py_expr *r, int dst,
                        bool inplace) {
    uint32_t b, cc;
    if (!fast_operand(c, l, &b) || !fast_operand(c, r, &cc))
        return false;
    int opi = op == PY_OP_ADD ? 0 : op == PY_OP_SUB ? 1 : 2;
    int family = (dst >= 0 ? PY_I_ADD_STORE : PY_I_ADD_PUSH) + 3 * opi;
    int code = fused_variant(c, family, b, cc);
    if (dst >= 0 && (uint32_t)dst == b && code != family) /* x = x op y */
        code = PY_I_ADD_SELF_LL + 2 * opi + (code - family - PY_LL);
    uint32_t a = dst >= 0 ? (uint32_t)dst | (inplace ? 0x80u : 0) : 0;
    if (emit(c, code, 0))
        return true; /* the error is left in the state */
    c->code->ins[c->code->nins - 1] = PY_INS_ABC(code, a, b, cc);
    return true;
}

static py_status store_target(compiler *c, py_expr *t) {
    c->line = t->line;
    if (t->kind == E_NAME)
        return name_op(c, t->u.name, true);
    /* value is on the stack: push object and index, then store */
    return expr(c, t->u.index.obj) || expr(c, t->u.index.index) || emit(c, PY_I_STORE_SUBSCR, 0);
}

static py_status compare_chain(compiler *c, py_expr *e) {
    uint32_t n = e->u.cmp.n;
    if (expr(c, e->u.cmp.items[0]))
        return PY_ERROR;
    if (n == 1)
        return expr(c, e->u.cmp.items[1]) || emit(c, PY_I_COMPARE_OP, e->u.cmp.ops[0]);
    label cleanup = {NO_JUMP}, end = {NO_JUMP};
    for (uint32_t i = 0; i + 1 < n; i++) {
        if (expr(c, e->u.cmp.items[i + 1]) || emit(c, PY_I_DUP_TOP, 0) ||
            emit(c, PY_I_ROT_THREE, 0) || emit(c, PY_I_COMPARE_OP, e->u.cmp.ops[i]))
            return PY_ERROR;
        jump_to(c, PY_I_JUMP_IF_FALSE_OR_POP, &cleanup);
    }
    if (expr(c, e->u.cmp.items[n]) || emit(c, PY_I_COMPARE_OP, e->u.cmp.ops[n - 1]))
        return PY_ERROR;
    jump_to(c, PY_I_JUMP, &end);
    resolve(c, &cleanup);
    adjust(c, 1);
    if (emit(c, PY_I_ROT_TWO, 0) || emit(c, PY_I_POP_TOP, 0))
        return PY_ERROR;
    resolve(c, &end);
    return PY_OK;
}

static py_status call(compiler *c, py_expr *e) {
    bool method = e->kind == E_METHOD;
    if (expr(c, e->u.call.fn))
        return PY_ERROR;
    for (uint32_t i = 0; i < e->u.call.n; i++)
        if (expr(c, e->u.call.args[i]))
            return PY_ERROR;
    c->line = e->line;
    uint32_t n = e->u.call.n, arg = n;
    if (method) {
        uint32_t k;
        if (add_const(c, py_obj_value(PY_T_STR, e->u.call.method), &k))
            return PY_ERROR;
        if (k > 0xffff)
            return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)c->line, "too many constants");
        arg = k << 8 | n;
    }
    if (emit(c, method ? PY_I_CALL_METHOD : PY_I_CALL, arg))
        return PY_ERROR;
    adjust(c, -(int)n);
    return PY_OK;
}

static py_status logic(compiler *c, py_expr *e) {
    label end = {NO_JUMP};
    if (expr(c, e->u.bin.l))
        return PY_ERROR;
    jump_to(c, e->kind == E_AND ? PY_I_JUMP_IF_FALSE_OR_POP : PY_I_JUMP_IF_TRUE_OR_POP, &end);
    if (expr(c, e->u.bin.r))
        return PY_ERROR;
    resolve(c, &end);
    return PY_OK;
}

static py_status cond_jump(compiler *c, py_expr *e, bool when, label *target);

static py_status ifexp(compiler *c, py_expr *e) {
    label orelse = {NO_JUMP}, end = {NO_JUMP};
    if (cond_jump(c, e->u.ifx.cond, false, &orelse) || expr(c, e->u.ifx.then))
        return PY_ERROR;
    jump_to(c, PY_I_JUMP, &end);
    adjust(c, -1);
    resolve(c, &orelse);
    if (expr(c, e->u.ifx.orelse))
        return PY_ERROR;
    resolve(c, &end);
    return PY_OK;
}

static py_status expr(compiler *c, py_expr *e) {
    c->line = e->line;
    switch (e->kind) {
    case E_INT: return load_const(c, py_int(e->u.i));
    case E_FLOAT: return load_const(c, py_float(e->u.f));
    case E_BOOL: return load_const(c, py_bool((int)e->u.i));
    case E_NONE: return emit(c, PY_I_LOAD_NONE, 0);
    case E_STR: {
        py_str *str = py_intern(c->s, e->u.str.data, e->u.str.len);
        return str ? load_const(c, py_obj_value(PY_T_STR, str)) : oom(c);
    }
    case E_NAME: return name_op(c, e->u.name, false);
    case E_BINOP:
        if (fusable(e) && fused_binop(c, e->op, e->u.bin.l, e->u.bin.r, -1, false))
            return c->s->err.kind ? PY_ERROR : PY_OK;
        if (expr(c, e->u.bin.l) || expr(c, e->u.bin.r))
            return PY_ERROR;
        c->line = e->line;
        switch (e->op) {
        case PY_OP_ADD: return emit(c, PY_I_BINARY_ADD, 0);
        case PY_OP_SUB: return emit(c, PY_I_BINARY_SUB, 0);
        case PY_OP_MUL: return emit(c, PY_I_BINARY_MUL, 0);
        default: return emit(c, PY_I_BINARY_OP, e->op);
        }
    case E_UNARY:
        if (expr(c, e->u.operand))
            return PY_ERROR;
        return emit(c,
                    e->op == PY_UN_NEG   ? PY_I_UNARY_NEG
                    : e->op == PY_UN_POS ? PY_I_UNARY_POS
                                         : PY_I_UNARY_NOT,
                    0);
    case E_AND:
    case E_OR: return logic(c, e);
    case E_COMPARE: return compare_chain(c, e);
    case E_IFEXP: return ifexp(c, e);
    case E_CALL:
    case E_METHOD: return call(c, e);
    case E_INDEX:
        if (expr(c, e->u.index.obj) || expr(c, e->u.index.index))
            return PY_ERROR;
        c->line = e->line;
        return emit(c, PY_I_BINARY_SUBSCR, 0);
    case E_LIST:
        for (uint32_t i = 0; i < e->u.list.n; i++)
            if (expr(c, e->u.list.items[i]))
                return PY_ERROR;
        if (emit(c, PY_I_BUILD_LIST, e->u.list.n))
            return PY_ERROR;
        adjust(c, 1 - (int)e->u.list.n);
        return PY_OK;
    default:
        return py_raise(c->s, PY_EXC_NOT_IMPLEMENTED_ERROR, (int)e->line,
                        "tuples are not supported (line %u)", e->line);
    }
}

static bool const_truth(const py_expr *e, bool *truth) {
    switch (e->kind) {
    case E_INT:
    case E_BOOL: *truth = e->u.i != 0; return true;
    case E_FLOAT: *truth = e->u.f != 0.0; return true;
    case E_NONE: *truth = false; return true;
    case E_STR: *truth = e->u.str.len != 0; return true;
    default: return false;
    }
}

/* Emits e, a single comparison of slots and number constants, as fused family `first` (the
 * family of ==; the others follow in PY_CMP_* order), without its DATA word. False (nothing
 * emitted) for any other condition. */
static bool fused_compare(compiler *c, py_expr *e, int first) {
    uint32_t b, cc;
    if (e->kind != E_COMPARE || e->u.cmp.n != 1 || e->u.cmp.ops[0] > PY_CMP_GE ||
        !fast_operand(c, e->u.cmp.items[0], &b) || !fast_operand(c, e->u.cmp.items[1], &cc))
        return false;
    int op = fused_variant(c, first + 3 * (int)e->u.cmp.ops[0], b, cc);
    c->line = e->line;
    if (emit(c, op, 0) == PY_OK)
        c->code->ins[c->code->nins - 1] = PY_INS_ABC(op, 0, b, cc);
    return true; /* an error is left in the state */
}

/* Jumps to target when the truth of e equals `when`; falls through otherwise. */
static py_status cond_jump(compiler *c, py_expr *e, bool when, label *target) {
    bool truth;
    c->line = e->line;
    if (const_truth(e, &truth)) {
        if (truth == when)
            jump_to(c, PY_I_JUMP, target);
        return PY_OK;
    }
    if (e->kind == E_UNARY && e->op == PY_UN_NOT)
        return cond_jump(c, e->u.operand, !when, target);
    if (e->kind == E_AND || e->kind == E_OR) {
        bool is_and = e->kind == E_AND;
        if (when != is_and) /* and/false, or/true: either side decides */
            return cond_jump(c, e->u.bin.l, when, target) || cond_jump(c, e->u.bin.r, when, target);
        label skip = {NO_JUMP};
        if (cond_jump(c, e->u.bin.l, !when, &skip) || cond_jump(c, e->u.bin.r, when, target))
            return PY_ERROR;
        resolve(c, &skip);
        return PY_OK;
    }
    if (!when && fused_compare(c, e, PY_I_JUMP_IF_NOT_EQ_FAST)) {
        jump_to(c, PY_I_DATA, target);
        return c->s->err.kind ? PY_ERROR : PY_OK;
    }
    if (e->kind == E_COMPARE && e->u.cmp.n == 1 && !when && e->u.cmp.ops[0] <= PY_CMP_GE) {
        static const int fused[] = {PY_I_JUMP_IF_NOT_EQ, PY_I_JUMP_IF_NOT_NE, PY_I_JUMP_IF_NOT_LT,
                                    PY_I_JUMP_IF_NOT_LE, PY_I_JUMP_IF_NOT_GT, PY_I_JUMP_IF_NOT_GE};
        if (expr(c, e->u.cmp.items[0]) || expr(c, e->u.cmp.items[1]))
            return PY_ERROR;
        c->line = e->line;
        jump_to(c, fused[e->u.cmp.ops[0]], target);
        return PY_OK;
    }
    if (expr(c, e))
        return PY_ERROR;
    jump_to(c, when ? PY_I_POP_JUMP_IF_TRUE : PY_I_POP_JUMP_IF_FALSE, target);
    return PY_OK;
}

static py_status assign(compiler *c, py_stmt *st) {
    py_expr *v = st->u.assign.value;
    if (v->kind == E_TUPLE) { /* a, b = x, y: evaluate all, then store left to right */
        py_expr *t = st->u.assign.targets[0];
        for (uint32_t i = 0; i < v->u.list.n; i++)
            if (expr(c, v->u.list.items[i]))
                return PY_ERROR;
        if (v->u.list.n > 1 && emit(c, PY_I_REVERSE, v->u.list.n))
            return PY_ERROR;
        for (uint32_t i = 0; i < t->u.list.n; i++)
            if (store_target(c, t->u.list.items[i]))
                return PY_ERROR;
        return PY_OK;
    }
    if (st->u.assign.n == 1 && st->u.assign.targets[0]->kind == E_NAME && fusable(v)) {
        int dst = fast_slot(c, st->u.assign.targets[0]->u.name);
        c->line = st->line;
        if (dst >= 0 && dst < 128 && fused_binop(c, v->op, v->u.bin.l, v->u.bin.r, dst, false))
            return c->s->err.kind ? PY_ERROR : PY_OK;
    }
    if (expr(c, v))
        return PY_ERROR;
    for (uint32_t i = 0; i < st->u.assign.n; i++) {
        py_expr *t = st->u.assign.targets[i];
        if (i + 1 < st->u.assign.n && emit(c, PY_I_DUP_TOP, 0))
            return PY_ERROR;
        if (t->kind == E_TUPLE) {
            c->line = t->line;
            if (emit(c, PY_I_UNPACK_SEQUENCE, t->u.list.n))
                return PY_ERROR;
            adjust(c, (int)t->u.list.n - 1);
            for (uint32_t k = 0; k < t->u.list.n; k++)
                if (store_target(c, t->u.list.items[k]))
                    return PY_ERROR;
        } else if (store_target(c, t)) {
            return PY_ERROR;
        }
    }
    return PY_OK;
}

/* x op= v: lists extend or repeat in place (INPLACE_OP), everything else rebinds. */
/* Marks the instruction just emitted as an augmented assignment's operator. */
static py_status mark_aug(compiler *c) {
    c->code->lines[c->code->nins - 1] |= PY_LINE_AUG;
    return PY_OK;
}

static py_status augassign(compiler *c, py_stmt *st) {
    py_expr *t = st->u.aug.target;
    int op = st->op == PY_OP_ADD || st->op == PY_OP_MUL ? PY_I_INPLACE_OP : PY_I_BINARY_OP;
    if (t->kind == E_NAME) {
        int dst = fast_slot(c, t->u.name);
        c->line = st->line;
        if (dst >= 0 && dst < 128 && st->op <= PY_OP_MUL &&
            fused_binop(c, st->op, t, st->u.aug.value, dst, st->op != PY_OP_SUB))
            return c->s->err.kind ? PY_ERROR : mark_aug(c);
        if (name_op(c, t->u.name, false) || expr(c, st->u.aug.value))
            return PY_ERROR;
        c->line = st->line;
        return emit(c, op, st->op) || mark_aug(c) || name_op(c, t->u.name, true);
    }
    if (expr(c, t->u.index.obj) || expr(c, t->u.index.index) || emit(c, PY_I_DUP_TOP_TWO, 0) ||
        emit(c, PY_I_BINARY_SUBSCR, 0) || expr(c, st->u.aug.value))
        return PY_ERROR;
    c->line = st->line;
    return emit(c, op, st->op) || mark_aug(c) || emit(c, PY_I_ROT_THREE, 0) ||
           emit(c, PY_I_STORE_SUBSCR, 0);
}

/* A loop's body and back edge: JUMP_BACK to start, or for a while loop inverted around the
 * fused compare `test` (tested once above the body, then below it), the LOOP_IF form of test:
 * one dispatch per iteration instead of a test at the top plus JUMP_BACK. */
static py_status loop_body(compiler *c, py_stmt *st, uint32_t start, int pops, label *end,
                           uint32_t test) {
    if (c->nloops > PY_MAX_INDENT)
        return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)st->line, "too many nested loops");
    loop_ctx *l = &c->loops[c->nloops++];
    l->start = test ? NO_JUMP : start;
    l->brk.head = l->cont.head = NO_JUMP;
    l->pops = pops;
    const py_block *body = st->kind == S_FOR ? &st->u.loop.body : &st->u.cond.body;
    if (block(c, body))
        return PY_ERROR;
    c->line = st->line;
    if (test) {
        resolve(c, &l->cont);
        c->line = c->code->lines[start - 2]; /* the top test's line */
        int op = (int)PY_INS_OP(test) + (PY_I_LOOP_IF_EQ - PY_I_JUMP_IF_NOT_EQ_FAST);
        if (emit(c, op, 0))
            return PY_ERROR;
        c->code->ins[c->code->nins - 1] = (test & ~0xffu) | (uint32_t)op;
        if (emit(c, PY_I_DATA, start))
            return PY_ERROR;
    } else if (emit(c, PY_I_JUMP_BACK, start)) {
        return PY_ERROR;
    }
    resolve(c, end);
    adjust(c, -pops);
    resolve(c, &c->loops[--c->nloops].brk);
    return PY_OK;
}

/* while cond: body. A single fused compare is inverted (see loop_body). */
static py_status while_loop(compiler *c, py_stmt *st) {
    uint32_t start = c->code->nins;
    label end = {NO_JUMP};
    if (cond_jump(c, st->u.cond.cond, false, &end))
        return PY_ERROR;
    uint32_t first = c->code->nins == start + 2 ? c->code->ins[start] : 0;
    if (PY_INS_OP(first) >= PY_I_JUMP_IF_NOT_EQ_FAST && PY_INS_OP(first) <= PY_I_JUMP_IF_NOT_GE_LK)
        return loop_body(c, st, start + 2, 0, &end, first);
    return loop_body(c, st, start, 0, &end, 0);
}

static bool binds(const py_block *b, const py_str *name);

static bool is_range_call(compiler *c, const py_expr *e) {
    if (c->range_ok < 0) {
        py_block all = {c->s->ast, (uint32_t)c->s->nast};
        c->range_ok = !binds(&all, c->range_name);
    }
    return c->range_ok && e->kind == E_CALL && e->u.call.fn->kind == E_NAME &&
           e->u.call.fn->u.name == c->range_name && e->u.call.n >= 1 && e->u.call.n <= 3 &&
           !(c->in_function && local_index(c->code, c->range_name) >= 0);
}

static py_status for_loop(compiler *c, py_stmt *st) {
    py_expr *it = st->u.loop.iter;
    label end = {NO_JUMP};
    int pops;
    uint32_t start;
    if (is_range_call(c, it)) {
        for (uint32_t i = 0; i < it->u.call.n; i++)
            if (expr(c, it->u.call.args[i]))
                return PY_ERROR;
        c->line = st->line;
        if (emit(c, PY_I_RANGE_INIT, it->u.call.n))
            return PY_ERROR;
        adjust(c, 3 - (int)it->u.call.n);
        start = c->code->nins;
        jump_to(c, PY_I_FOR_RANGE, &end);
        pops = 3;
    } else {
        if (expr(c, it))
            return PY_ERROR;
        c->line = st->line;
        if (emit(c, PY_I_GET_ITER, 0))
            return PY_ERROR;
        start = c->code->nins;
        jump_to(c, PY_I_FOR_ITER, &end);
        pops = 2;
    }
    if (store_target(c, st->u.loop.target))
        return PY_ERROR;
    return loop_body(c, st, start, pops, &end, 0);
}

static py_status jump_out(compiler *c, py_stmt *st) {
    if (c->nloops == 0)
        return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)st->line,
                        st->kind == S_BREAK ? "'break' outside loop"
                                            : "'continue' not properly in loop");
    loop_ctx *l = &c->loops[c->nloops - 1];
    if (st->kind == S_CONTINUE && l->start == NO_JUMP) {
        jump_to(c, PY_I_JUMP, &l->cont);
        return c->s->err.kind ? PY_ERROR : PY_OK;
    }
    if (st->kind == S_CONTINUE)
        return emit(c, PY_I_JUMP_BACK, l->start);
    int depth = c->depth;
    for (int i = 0; i < l->pops; i++)
        if (emit(c, PY_I_POP_TOP, 0))
            return PY_ERROR;
    jump_to(c, PY_I_JUMP, &l->brk);
    c->depth = depth;
    return PY_OK;
}

static py_status if_stmt(compiler *c, py_stmt *st) {
    label orelse = {NO_JUMP}, end = {NO_JUMP};
    if (cond_jump(c, st->u.cond.cond, false, &orelse) || block(c, &st->u.cond.body))
        return PY_ERROR;
    if (st->u.cond.orelse.n) {
        jump_to(c, PY_I_JUMP, &end);
        resolve(c, &orelse);
        if (block(c, &st->u.cond.orelse))
            return PY_ERROR;
    }
    resolve(c, &orelse);
    resolve(c, &end);
    return PY_OK;
}

static py_status compile_def(compiler *c, py_stmt *st);

static py_status stmt(compiler *c, py_stmt *st, bool last) {
    c->line = st->line;
    switch (st->kind) {
    case S_EXPR:
        if (expr(c, st->u.expr))
            return PY_ERROR;
        return emit(c, last ? PY_I_RETURN_VALUE : PY_I_POP_TOP, 0);
    case S_ASSIGN: return assign(c, st);
    case S_AUG: return augassign(c, st);
    case S_IF: return if_stmt(c, st);
    case S_WHILE: return while_loop(c, st);
    case S_FOR: return for_loop(c, st);
    case S_BREAK:
    case S_CONTINUE: return jump_out(c, st);
    case S_RETURN:
        if (!c->in_function)
            return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)st->line, "'return' outside function");
        if (!st->u.expr)
            return emit(c, PY_I_RETURN_NONE, 0);
        return expr(c, st->u.expr) || emit(c, PY_I_RETURN_VALUE, 0);
    case S_DEF: return compile_def(c, st);
    default: return PY_OK; /* pass, global */
    }
}

static py_status block(compiler *c, const py_block *b) {
    for (uint32_t i = 0; i < b->n; i++)
        if (stmt(c, b->items[i], false))
            return PY_ERROR;
    return PY_OK;
}

/* ---- scopes ------------------------------------------------------------------------------ */

static bool declared_global(py_state *s, size_t base, const py_str *name) {
    for (size_t i = base; i < s->nscratch; i++)
        if (s->scratch[i] == name)
            return true;
    return false;
}

/* Pass 1 over a function body: the names it declares global (onto the scratch stack). */
static py_status scan_globals(compiler *c, const py_block *b) {
    for (uint32_t i = 0; i < b->n; i++) {
        py_stmt *st = b->items[i];
        if (st->kind == S_GLOBAL) {
            for (uint32_t k = 0; k < st->u.global.n; k++) {
                py_str *n = st->u.global.names[k];
                if (local_index(c->code, n) >= 0 &&
                    (uint32_t)local_index(c->code, n) < c->code->nparams)
                    return py_raise(c->s, PY_EXC_SYNTAX_ERROR, (int)st->line,
                                    "name '%s' is parameter and global", n->data);
                if (!py_grow(c->s, (void **)&c->s->scratch, &c->s->capscratch, c->s->nscratch,
                             sizeof(void *)))
                    return oom(c);
                c->s->scratch[c->s->nscratch++] = n;
            }
        } else if (st->kind == S_IF || st->kind == S_WHILE) {
            if (scan_globals(c, &st->u.cond.body) || scan_globals(c, &st->u.cond.orelse))
                return PY_ERROR;
        } else if (st->kind == S_FOR && scan_globals(c, &st->u.loop.body)) {
            return PY_ERROR;
        }
    }
    return PY_OK;
}

static py_status local_target(compiler *c, size_t base, const py_expr *t) {
    if (t->kind == E_NAME && !declared_global(c->s, base, t->u.name))
        return add_local(c, t->u.name);
    if (t->kind == E_TUPLE)
        for (uint32_t i = 0; i < t->u.list.n; i++)
            if (local_target(c, base, t->u.list.items[i]))
                return PY_ERROR;
    return PY_OK;
}

/* Pass 2: every name the body binds, unless declared global, is a local slot. */
static py_status scan_locals(compiler *c, size_t base, const py_block *b) {
    for (uint32_t i = 0; i < b->n; i++) {
        py_stmt *st = b->items[i];
        py_status r = PY_OK;
        switch (st->kind) {
        case S_ASSIGN:
            for (uint32_t k = 0; k < st->u.assign.n && !r; k++)
                r = local_target(c, base, st->u.assign.targets[k]);
            break;
        case S_AUG: r = local_target(c, base, st->u.aug.target); break;
        case S_FOR:
            r = local_target(c, base, st->u.loop.target) || scan_locals(c, base, &st->u.loop.body);
            break;
        case S_IF:
        case S_WHILE:
            r = scan_locals(c, base, &st->u.cond.body) || scan_locals(c, base, &st->u.cond.orelse);
            break;
        case S_DEF:
            return py_raise(c->s, PY_EXC_NOT_IMPLEMENTED_ERROR, (int)st->line,
                            "nested function definitions are not supported (line %u)", st->line);
        default: break;
        }
        if (r)
            return r;
    }
    return PY_OK;
}

static py_status compile_def(compiler *c, py_stmt *st) {
    if (c->in_function)
        return py_raise(c->s, PY_EXC_NOT_IMPLEMENTED_ERROR, (int)st->line,
                        "nested function definitions are not supported (line %u)", st->line);
    py_code *fc = py_code_acquire(c->s, st->u.def.name, false);
    if (!fc)
        return oom(c);
    compiler fn = *c;
    fn.code = fc;
    fn.depth = fn.maxdepth = 0;
    fn.in_function = true;
    fn.nloops = 0;
    for (uint32_t i = 0; i < st->u.def.nparams; i++)
        if (add_local(&fn, st->u.def.params[i]))
            return PY_ERROR;
    fc->nparams = st->u.def.nparams;
    size_t base = c->s->nscratch;
    if (scan_globals(&fn, &st->u.def.body) || scan_locals(&fn, base, &st->u.def.body))
        return PY_ERROR;
    c->s->nscratch = base;
    if (c->s->saw_global && py_check_global_order(c->s, &st->u.def.body))
        return PY_ERROR;
    if (block(&fn, &st->u.def.body))
        return PY_ERROR;
    fn.line = st->line;
    if (emit(&fn, PY_I_RETURN_NONE, 0))
        return PY_ERROR;
    fc->maxstack = (uint32_t)fn.maxdepth;
    c->range_ok = fn.range_ok;
    c->line = st->line;
    return load_const(c, py_obj_value(PY_T_FUNC, fc)) || name_op(c, st->u.def.name, true);
}

/* Does any statement bind `name`? (decides whether range() loops may be specialised) */
static bool binds(const py_block *b, const py_str *name) {
    for (uint32_t i = 0; i < b->n; i++) {
        const py_stmt *st = b->items[i];
        switch (st->kind) {
        case S_ASSIGN:
            for (uint32_t k = 0; k < st->u.assign.n; k++) {
                const py_expr *t = st->u.assign.targets[k];
                if (t->kind == E_NAME && t->u.name == name)
                    return true;
                if (t->kind == E_TUPLE)
                    for (uint32_t j = 0; j < t->u.list.n; j++)
                        if (t->u.list.items[j]->kind == E_NAME &&
                            t->u.list.items[j]->u.name == name)
                            return true;
            }
            break;
        case S_AUG:
            if (st->u.aug.target->kind == E_NAME && st->u.aug.target->u.name == name)
                return true;
            break;
        case S_FOR:
            if (st->u.loop.target->u.name == name || binds(&st->u.loop.body, name))
                return true;
            break;
        case S_IF:
        case S_WHILE:
            if (binds(&st->u.cond.body, name) || binds(&st->u.cond.orelse, name))
                return true;
            break;
        case S_DEF:
            if (st->u.def.name == name || binds(&st->u.def.body, name))
                return true;
            break;
        default: break;
        }
    }
    return false;
}

/* The module of one expression statement whose value the parser folded to a constant (the
 * "2 + 3" of eval-like use): the two instructions the general path emits for it, written
 * directly. False when the reused module code lacks room (its first use): the general path. */
static bool constant_module(py_code *module, const py_expr *e) {
    py_value v;
    switch (e->kind) {
    case E_INT: v = py_int(e->u.i); break;
    case E_FLOAT: v = py_float(e->u.f); break;
    case E_BOOL: v = py_bool((int)e->u.i); break;
    default: return false;
    }
    if (module->capins < 2 || module->capconsts < 1)
        return false;
    module->consts[0] = v;
    module->nconsts = 1;
    module->ins[0] = PY_INS(PY_I_LOAD_CONST, 0);
    module->ins[1] = PY_INS(PY_I_RETURN_VALUE, 0);
    module->lines[0] = module->lines[1] = e->line;
    module->nins = 2;
    module->maxstack = 1;
    return true;
}

/* Every module the constant fast path does not take: statement by statement. */
static __attribute__((noinline)) py_status compile_module(py_state *s, py_code *module) {
    compiler c; /* not memset: the loop stack is large and only used up to nloops */
    c.s = s;
    c.depth = c.maxdepth = 0;
    c.in_function = false;
    c.nloops = 0;
    c.code = module;
    c.line = 1;
    c.range_name = s->name_range;
    c.range_ok = -1;
    py_block body = {s->ast, (uint32_t)s->nast};
    if (s->saw_global && py_check_global_order(s, &body))
        return PY_ERROR;
    for (size_t i = 0; i < s->nast; i++)
        if (stmt(&c, s->ast[i], i + 1 == s->nast && s->ast[i]->kind == S_EXPR))
            return PY_ERROR;
    if (s->nast == 0 || s->ast[s->nast - 1]->kind != S_EXPR) {
        if (emit(&c, PY_I_RETURN_NONE, 0))
            return PY_ERROR;
    }
    module->maxstack = (uint32_t)c.maxdepth;
    return PY_OK;
}

py_status py_compile(py_state *s) {
    py_clear_error(s);
    s->compiled = false;
    if (!s->parsed)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, 0, "nothing parsed");
    s->ncodes = 0;
    s->nscratch = 0;
    py_str *mname = s->name_module, *rname = s->name_range;
    py_code *module = mname && rname ? py_code_acquire(s, mname, true) : NULL;
    if (!module)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    if (!(s->nast == 1 && s->ast[0]->kind == S_EXPR &&
          constant_module(module, s->ast[0]->u.expr)) &&
        compile_module(s, module))
        return PY_ERROR;
    s->module = module;
    s->compiled = true;
    return PY_OK;
}
