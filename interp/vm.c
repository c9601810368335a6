/* vm.c: stage 4, the bytecode interpreter. One C function runs every Python frame (calls push a
 * py_frame, never a C frame), with computed-goto dispatch where GCC/Clang allow it and a switch
 * otherwise. Int and float fast paths make arithmetic, comparison and calls allocation-free;
 * backward jumps and calls are the safe points for the collector and the step limit. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "opcodes.h"

#if defined(__GNUC__) && !defined(PY_NO_COMPUTED_GOTO)
#define USE_COMPUTED_GOTO 1
#else
#define USE_COMPUTED_GOTO 0
#endif

#define STACK_SLACK 8

_Static_assert(sizeof(py_value) == 16, "SLOT_AT's offsets are fields times 16");

static bool grow_stack(py_state *s, size_t need) {
    size_t ncap = s->stackcap;
    while (ncap < need)
        ncap *= 2;
    py_value *old = s->stack;
    py_value *nst = py_mem_realloc(s, old, s->stackcap * sizeof(py_value), ncap * sizeof(py_value));
    if (!nst)
        return false;
    for (int i = 1; i < s->nframes; i++)
        s->frames[i].base = nst + (s->frames[i].base - old);
    s->stack = nst;
    s->stackcap = ncap;
    return true;
}

/* Called when the step budget runs out or the allocator asked for a collection. */
static py_status safe_point(py_state *s, py_value *sp) {
    if (s->steps_left <= 0) {
        if (s->step_limit)
            return py_raise(s, PY_EXC_TIMEOUT_ERROR, 0, "step limit exceeded");
        s->steps_left = INT64_MAX;
    }
    if (s->stop_requested) {
        s->stop_requested = 0;
        return py_raise(s, PY_EXC_KEYBOARD_INTERRUPT, 0, "%s", "");
    }
    if (s->interrupt)
        py_gc_collect(s, sp);
    return PY_OK;
}

static py_status arg_count_error(py_state *s, const py_code *fn, uint32_t argc) {
    uint32_t n = fn->nparams;
    if (argc > n)
        return py_raise(s, PY_EXC_TYPE_ERROR, 0,
                        "%s() takes %u positional argument%s but %u %s given", fn->name->data, n,
                        n == 1 ? "" : "s", argc, argc == 1 ? "was" : "were");
    char names[200] = "";
    size_t len = 0;
    uint32_t missing = n - argc;
    for (uint32_t i = argc; i < n; i++) {
        const char *sep = i == argc ? ""
                                    : (i + 1 == n ? (missing == 2 ? " and " : ", and ") : ", ");
        int w = snprintf(names + len, sizeof names - len, "%s'%s'", sep, fn->locals[i]->data);
        if (w < 0 || (size_t)w >= sizeof names - len)
            break;
        len += (size_t)w;
    }
    return py_raise(s, PY_EXC_TYPE_ERROR, 0, "%s() missing %u required positional argument%s: %s",
                    fn->name->data, missing, missing == 1 ? "" : "s", names);
}

/* A call's checks, out of line, once the fast test failed: argument count, recursion depth,
 * stack room for the frame whose function sits at stack[at] (growing may move the stack). */
static py_status call_slow(py_state *s, const py_code *callee, uint32_t argc, size_t at) {
    if (argc != callee->nparams)
        return arg_count_error(s, callee, argc);
    if (s->nframes >= PY_RECURSION_LIMIT)
        return py_raise(s, PY_EXC_RECURSION_ERROR, 0, "maximum recursion depth exceeded");
    size_t need = at + 1 + callee->nlocals + callee->maxstack + STACK_SLACK;
    if (need > s->stackcap && !grow_stack(s, need))
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    return PY_OK;
}

/* Fills err.line and the traceback from the frames active at the failure. */
/* "unsupported operand type(s) for +: ..." raised by `x += y` reads "for +=" in CPython. */
static void augmented_message(py_state *s) {
    static const char prefix[] = "unsupported operand type(s) for ";
    char *m = s->err.message;
    size_t n = strlen(m), at = sizeof prefix - 1;
    if (s->err.kind != PY_EXC_TYPE_ERROR || strncmp(m, prefix, at) != 0)
        return;
    char *colon = strchr(m + at, ':');
    if (colon == NULL || strncmp(colon - 9, " or pow()", 9) == 0 || n + 1 >= sizeof s->err.message)
        return;
    memmove(colon + 1, colon, n - (size_t)(colon - m) + 1);
    *colon = '=';
}

static void record_traceback(py_state *s) {
    int n = s->nframes, keep_head = PY_TRACE_MAX / 2, k = 0;
    for (int i = 0; i < n; i++) {
        if (n > PY_TRACE_MAX && i >= keep_head && i < n - (PY_TRACE_MAX - keep_head))
            continue;
        const py_frame *f = &s->frames[i];
        size_t at = (size_t)(f->ip - f->code->ins);
        uint32_t raw = at ? f->code->lines[at - 1] : 0;
        int line = (int)(raw & ~PY_LINE_AUG);
        if ((raw & PY_LINE_AUG) && i == n - 1)
            augmented_message(s);
        s->err.trace[k].line = line;
        snprintf(s->err.trace[k].func, sizeof s->err.trace[k].func, "%s", f->code->name->data);
        k++;
    }
    s->err.ntrace = k;
    s->err.ntrace_skipped = n > PY_TRACE_MAX ? n - PY_TRACE_MAX : 0;
    if (k)
        s->err.line = s->err.trace[k - 1].line;
}

static py_status for_iter(py_state *s, py_value *sp, bool *done) {
    py_value seq = sp[-2];
    int64_t pos = sp[-1].as.i;
    *done = false;
    switch (seq.type) {
    case PY_T_LIST:
        if (pos < AS_LIST(seq)->len) {
            sp[0] = AS_LIST(seq)->items[pos];
            sp[-1].as.i = pos + 1;
            return PY_OK;
        }
        break;
    case PY_T_STR:
        if (pos < AS_STR(seq)->len) {
            uint32_t p = (uint32_t)pos;
            py_status st = py_str_char_at(s, AS_STR(seq), &p, &sp[0]);
            sp[-1].as.i = p;
            return st;
        }
        break;
    default: {
        py_range *r = AS_RANGE(seq);
        if (r->step > 0 ? pos < r->stop : pos > r->stop) {
            sp[0] = py_int(pos);
            if (__builtin_add_overflow(pos, r->step, &sp[-1].as.i))
                sp[-1].as.i = r->stop;
            return PY_OK;
        }
    }
    }
    *done = true;
    return PY_OK;
}

static py_status get_iter(py_state *s, py_value *sp) {
    py_value v = sp[-1];
    if (v.type == PY_T_LIST || v.type == PY_T_STR)
        sp[0] = py_int(0);
    else if (v.type == PY_T_RANGE)
        sp[0] = py_int(AS_RANGE(v)->start);
    else
        return py_raise(s, PY_EXC_TYPE_ERROR, 0, "'%s' object is not iterable", py_type_name(v));
    return PY_OK;
}

/* range(a[, b[, c]]) arguments at args -> cur, stop, step in args[0..2]. */
static py_status range_init(py_state *s, py_value *args, uint32_t n) {
    int64_t v[3];
    for (uint32_t i = 0; i < n; i++)
        if (py_to_int(s, args[i], &v[i]))
            return PY_ERROR;
    int64_t start = n == 1 ? 0 : v[0], stop = n == 1 ? v[0] : v[1], step = n == 3 ? v[2] : 1;
    if (step == 0)
        return py_raise(s, PY_EXC_VALUE_ERROR, 0, "range() arg 3 must not be zero");
    args[0] = py_int(start);
    args[1] = py_int(stop);
    args[2] = py_int(step);
    return PY_OK;
}

/* A fused operand that is an unbound slot: the error a LOAD_FAST would raise. */
static py_status unbound(py_state *s, const py_code *code, uint32_t slot) {
    if (code->is_module)
        return py_name_error(s, code, s->gnames[slot]);
    return py_raise(s, PY_EXC_UNBOUND_LOCAL_ERROR, 0,
                    "cannot access local variable '%s' where it is not associated with a value",
                    code->locals[slot]->data);
}

/* The slow path of the fused instructions: unbound operands, then the general operator. */
static py_status fused_slow(py_state *s, const py_code *code, const py_value *base, uint32_t ins,
                            int op, bool compare, py_value *out) {
    uint32_t b = PY_INS_B(ins), c = PY_INS_C(ins);
    py_value x = b & PY_OPND_CONST ? code->consts[b & 127] : base[b];
    if (x.type == PY_T_UNDEF)
        return unbound(s, code, b);
    py_value y = c & PY_OPND_CONST ? code->consts[c & 127] : base[c];
    if (y.type == PY_T_UNDEF)
        return unbound(s, code, c);
    if (compare)
        return py_compare(s, op, x, y, out);
    if (PY_INS_A(ins) & 0x80)
        return py_inplace(s, op, x, y, out);
    return py_binary(s, op, x, y, out);
}

static py_status build_list(py_state *s, py_value *items, uint32_t n, py_value *out) {
    py_list *l = py_list_new(s, n);
    if (!l)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    if (n)
        memcpy(l->items, items, n * sizeof(py_value));
    l->len = n;
    *out = py_obj_value(PY_T_LIST, l);
    return PY_OK;
}

/* clang-format off */
#if USE_COMPUTED_GOTO
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#define TARGET(name) L_##name:
#define NEXT() do { ins = *ip++; goto *labels[PY_INS_OP(ins)]; } while (0)
#else
#define TARGET(name) case PY_I_##name:
#define NEXT() goto dispatch
#endif

#define ARG PY_INS_ARG(ins)
/* Values move field by field (see FUSED_ARITH on store forwarding). */
#define COPY(d, src) do { (d)->type = (src)->type; (d)->as.i = (src)->as.i; } while (0)
/* The running frame lives in memory, not in a variable: one fewer value competing for the
 * machine registers in every handler (only calls, returns and slow paths need it). */
#define FRAME() (&s->frames[s->nframes - 1])
#define SAVE() (FRAME()->ip = ip)
/* After a call out of the loop, the frame's values are read back from memory rather than kept:
 * only s, ip, sp, the step count and the label table live across a call, which leaves the
 * callee-saved registers to them and caller-saved ones to base, consts, code and ins. */
#define RELOAD() (code = FRAME()->code, base = FRAME()->base, consts = code->consts)
/* Inside a handler ip has moved past the instruction word (or to its DATA word): ip[-1]. */
#define CHECK(call) do { SAVE(); if (UNLIKELY(call)) goto error; RELOAD(); ins = ip[-1]; } while (0)
/* The step budget counts down in a register (steps); s->steps_left is its copy for safe_point,
 * the only reader. s->interrupt is read on every safe point: the allocator sets it. */
#define SAFE_POINT() do { \
        if (UNLIKELY(--steps <= 0 || s->interrupt)) { \
            SAVE(); s->steps_left = steps; \
            if (UNLIKELY(safe_point(s, sp))) goto error; \
            steps = s->steps_left; RELOAD(); } } while (0)
#define LOAD_FRAME(f) (code = (f)->code, ip = (f)->ip, base = (f)->base, consts = code->consts)

#define ARITH(opname, opcode, cop, builtin)                                                \
    TARGET(opname) {                                                                       \
        py_value *a = sp - 2, *b = sp - 1;                                                 \
        if (LIKELY(a->type == PY_T_INT && b->type == PY_T_INT)) {                          \
            int64_t r;                                                                     \
            if (LIKELY(!builtin(a->as.i, b->as.i, &r))) { a->as.i = r; sp--; NEXT(); }      \
        } else if (a->type == PY_T_FLOAT && b->type == PY_T_FLOAT) {                       \
            a->as.f = a->as.f cop b->as.f; sp--; NEXT();                                   \
        }                                                                                  \
        CHECK(py_binary(s, opcode, *a, *b, a));                                            \
        sp--;                                                                              \
        NEXT();                                                                            \
    }

#define OPND(x) ((x) & PY_OPND_CONST ? &consts[(x) & 127] : &base[x])
/* &base[A], &base[B], &consts[C & 127] and so on in two instructions: the byte field shifted
 * straight to a byte offset (a field times sizeof(py_value)) and masked. */
#define FIELD16(shift, mask) ((ins >> ((shift) - 4)) & (mask))
#define SLOT_AT(off) ((py_value *)((char *)base + (off)))
#define CONST_AT(off) ((const py_value *)((const char *)consts + (off)))
#define SLOT_A SLOT_AT(FIELD16(8, 0x7f0u)) /* bit 7 of A marks x op= y */
#define SLOT_B SLOT_AT(FIELD16(16, 0xff0u))
#define SLOT_C SLOT_AT(FIELD16(24, 0xff0u))
#define CONST_C CONST_AT(FIELD16(24, 0x7f0u))
/* The operands of a fused variant k (0 any, PY_LL two slots, PY_LK a slot and an int constant):
 * the variant is known when the handler is compiled, so the kind tests fold away. */
#define OPND_X(k) ((k) == 0 ? OPND(PY_INS_B(ins)) : SLOT_B)
#define OPND_Y(k) ((k) == 0 ? OPND(PY_INS_C(ins)) : (k) == PY_LL ? SLOT_C : CONST_C)
#define BOTH_INT(k, x, y) ((x)->type == PY_T_INT && ((k) == PY_LK || (y)->type == PY_T_INT))
#define BOTH_FLOAT(k, x, y) ((k) != PY_LK && (x)->type == PY_T_FLOAT && (y)->type == PY_T_FLOAT)

/* Results are written field by field: building a py_value on the C stack and copying it whole
 * makes the CPU's store forwarding fail on every instruction. store: 0 push, 1 to slot A, SELF
 * to operand x (A == B), whose tag the fast paths have just checked. */
#define SELF 2
#define FUSED_ARITH(opname, k, opcode, cop, builtin, store)                                \
    TARGET(opname) {                                                                       \
        const py_value *x = OPND_X(k), *y = OPND_Y(k);                                     \
        py_value *d = store == SELF ? SLOT_B : store ? SLOT_A : sp;                        \
        int64_t ri;                                                                        \
        if (LIKELY(BOTH_INT(k, x, y) && !builtin(x->as.i, y->as.i, &ri))) {                \
            if (store != SELF) d->type = PY_T_INT;                                         \
            d->as.i = ri;                                                                  \
        } else if (BOTH_FLOAT(k, x, y)) {                                                  \
            double rf = x->as.f cop y->as.f;                                               \
            if (store != SELF) d->type = PY_T_FLOAT;                                       \
            d->as.f = rf;                                                                  \
        } else {                                                                           \
            py_value r;                                                                    \
            CHECK(fused_slow(s, code, base, ins, opcode, false, &r));                      \
            *d = r;                                                                        \
        }                                                                                  \
        if (!store) sp++;                                                                  \
        NEXT();                                                                            \
    }
#define FUSED_ARITH3(opname, opcode, cop, builtin, store)                                  \
    FUSED_ARITH(opname, 0, opcode, cop, builtin, store)                                    \
    FUSED_ARITH(opname##_LL, PY_LL, opcode, cop, builtin, store)                           \
    FUSED_ARITH(opname##_LK, PY_LK, opcode, cop, builtin, store)
#define FUSED_SELF2(opname, opcode, cop, builtin)                                          \
    FUSED_ARITH(opname##_LL, PY_LL, opcode, cop, builtin, SELF)                            \
    FUSED_ARITH(opname##_LK, PY_LK, opcode, cop, builtin, SELF)

/* A fused compare of variant k: the int case branches on the comparison itself; floats and
 * everything else (the slow path) compute r first. taken/not_taken are statements. */
#define FUSED_TEST(k, opcode, cop, taken, not_taken)                                       \
    const py_value *x = OPND_X(k), *y = OPND_Y(k);                                         \
    if (LIKELY(BOTH_INT(k, x, y))) {                                                       \
        if (x->as.i cop y->as.i) { taken; }                                                \
        not_taken;                                                                         \
    }                                                                                      \
    bool r;                                                                                \
    if (BOTH_FLOAT(k, x, y)) r = x->as.f cop y->as.f;                                      \
    else { py_value v; CHECK(fused_slow(s, code, base, ins, opcode, true, &v)); r = v.as.i != 0; } \
    if (r) { taken; }                                                                      \
    not_taken;

#define FUSED_CMP_JUMP(opname, k, opcode, cop)                                             \
    TARGET(opname) {                                                                       \
        FUSED_TEST(k, opcode, cop, ip++; NEXT(), ip = code->ins + PY_INS_ARG(*ip); NEXT()) \
    }
/* A while loop's bottom test: the back edge is the loop's safe point, taken before the jump
 * so that an error raised there (TimeoutError, KeyboardInterrupt) names the loop's line. */
#define FUSED_CMP_LOOP(opname, k, opcode, cop)                                             \
    TARGET(opname) {                                                                       \
        FUSED_TEST(k, opcode, cop, SAFE_POINT(); ip = code->ins + PY_INS_ARG(*ip); NEXT(), \
                   ip++; NEXT())                                                           \
    }
#define FUSED_CMP3(name, opcode, cop)                                                      \
    FUSED_CMP_JUMP(JUMP_IF_NOT_##name##_FAST, 0, opcode, cop)                              \
    FUSED_CMP_JUMP(JUMP_IF_NOT_##name##_LL, PY_LL, opcode, cop)                            \
    FUSED_CMP_JUMP(JUMP_IF_NOT_##name##_LK, PY_LK, opcode, cop)                            \
    FUSED_CMP_LOOP(LOOP_IF_##name, 0, opcode, cop)                                         \
    FUSED_CMP_LOOP(LOOP_IF_##name##_LL, PY_LL, opcode, cop)                                \
    FUSED_CMP_LOOP(LOOP_IF_##name##_LK, PY_LK, opcode, cop)

#define CMP_JUMP(opname, opcode, cop)                                                      \
    TARGET(opname) {                                                                       \
        py_value *a = sp - 2, *b = sp - 1;                                                 \
        bool r;                                                                            \
        if (LIKELY(a->type == PY_T_INT && b->type == PY_T_INT)) r = a->as.i cop b->as.i;   \
        else if (a->type == PY_T_FLOAT && b->type == PY_T_FLOAT) r = a->as.f cop b->as.f;  \
        else { py_value v; CHECK(py_compare(s, opcode, *a, *b, &v)); r = v.as.i != 0; }    \
        sp -= 2;                                                                           \
        if (!r) ip = code->ins + ARG;                                                      \
        NEXT();                                                                            \
    }

/* The dispatch loop is one long function on purpose: every handler must see the same register
 * variables (ip, sp, base, consts) for the compiler to keep them in machine registers. */
static py_status run(py_state *s, py_value *result) {
#if USE_COMPUTED_GOTO
    static const void *const labels[PY_I_COUNT] = {
#define X(name, effect, arg) &&L_##name,
        PY_OPCODE_LIST(X)
#undef X
    };
#endif
    py_code *code;
    const uint32_t *ip;
    py_value *base;
    const py_value *consts;
    LOAD_FRAME(FRAME());
    py_value *sp = s->nframes == 1 ? s->stack + 1 : base + code->nlocals;
    uint32_t ins;
    int64_t steps = s->steps_left;
#if USE_COMPUTED_GOTO
    NEXT();
#else
dispatch:
    ins = *ip++;
    switch (PY_INS_OP(ins)) {
#endif
    TARGET(NOP) NEXT();
    TARGET(LOAD_CONST) COPY(sp, &consts[ARG]); sp++; NEXT();
    TARGET(LOAD_NONE) *sp++ = py_none(); NEXT();
    TARGET(LOAD_FAST) {
        const py_value *v = &base[ARG];
        if (UNLIKELY(v->type == PY_T_UNDEF)) {
            SAVE();
            unbound(s, code, ARG);
            goto error;
        }
        COPY(sp, v);
        sp++;
        NEXT();
    }
    TARGET(STORE_FAST) sp--; COPY(&base[ARG], sp); NEXT();
    TARGET(LOAD_GLOBAL) {
        const py_value *v = &s->gvals[ARG];
        if (UNLIKELY(v->type == PY_T_UNDEF)) {
            SAVE();
            py_name_error(s, code, s->gnames[ARG]);
            goto error;
        }
        COPY(sp, v);
        sp++;
        NEXT();
    }
    TARGET(STORE_GLOBAL) sp--; COPY(&s->gvals[ARG], sp); NEXT();
    TARGET(POP_TOP) sp--; NEXT();
    TARGET(DUP_TOP) COPY(sp, sp - 1); sp++; NEXT();
    TARGET(DUP_TOP_TWO) sp[0] = sp[-2]; sp[1] = sp[-1]; sp += 2; NEXT();
    TARGET(ROT_TWO) { py_value t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = t; NEXT(); }
    TARGET(ROT_THREE) { py_value t = sp[-1]; sp[-1] = sp[-2]; sp[-2] = sp[-3]; sp[-3] = t; NEXT(); }
    TARGET(REVERSE) {
        for (py_value *lo = sp - ARG, *hi = sp - 1; lo < hi; lo++, hi--) { py_value t = *lo; *lo = *hi; *hi = t; }
        NEXT();
    }
    ARITH(BINARY_ADD, PY_OP_ADD, +, __builtin_add_overflow)
    ARITH(BINARY_SUB, PY_OP_SUB, -, __builtin_sub_overflow)
    ARITH(BINARY_MUL, PY_OP_MUL, *, __builtin_mul_overflow)
    TARGET(BINARY_OP) CHECK(py_binary(s, (int)ARG, sp[-2], sp[-1], &sp[-2])); sp--; NEXT();
    TARGET(INPLACE_OP) {
        py_value *a = sp - 2, *b = sp - 1;
        if (a->type == PY_T_INT && b->type == PY_T_INT && ARG == PY_OP_ADD &&
            !__builtin_add_overflow(a->as.i, b->as.i, &a->as.i)) { sp--; NEXT(); }
        CHECK(py_inplace(s, (int)ARG, *a, *b, a));
        sp--;
        NEXT();
    }
    TARGET(UNARY_NEG) {
        if (sp[-1].type == PY_T_INT && sp[-1].as.i != INT64_MIN) { sp[-1].as.i = -sp[-1].as.i; NEXT(); }
        CHECK(py_unary(s, PY_UN_NEG, sp[-1], &sp[-1]));
        NEXT();
    }
    TARGET(UNARY_POS) CHECK(py_unary(s, PY_UN_POS, sp[-1], &sp[-1])); NEXT();
    TARGET(UNARY_NOT) sp[-1] = py_bool(!py_truthy(sp[-1])); NEXT();
    TARGET(COMPARE_OP) {
        py_value *a = sp - 2, *b = sp - 1;
        if (a->type == PY_T_INT && b->type == PY_T_INT && ARG <= PY_CMP_GE) {
            int64_t x = a->as.i, y = b->as.i;
            static const int8_t want[] = {0, 0, -1, -1, 1, 1};
            int c = (x > y) - (x < y);
            bool r = ARG == PY_CMP_EQ ? c == 0 : ARG == PY_CMP_NE ? c != 0
                   : (ARG == PY_CMP_LE || ARG == PY_CMP_GE) ? (c == want[ARG] || c == 0) : c == want[ARG];
            *a = py_bool(r);
        } else {
            CHECK(py_compare(s, (int)ARG, *a, *b, a));
        }
        sp--;
        NEXT();
    }
    CMP_JUMP(JUMP_IF_NOT_LT, PY_CMP_LT, <)
    CMP_JUMP(JUMP_IF_NOT_LE, PY_CMP_LE, <=)
    CMP_JUMP(JUMP_IF_NOT_GT, PY_CMP_GT, >)
    CMP_JUMP(JUMP_IF_NOT_GE, PY_CMP_GE, >=)
    CMP_JUMP(JUMP_IF_NOT_EQ, PY_CMP_EQ, ==)
    CMP_JUMP(JUMP_IF_NOT_NE, PY_CMP_NE, !=)
    TARGET(JUMP) ip = code->ins + ARG; NEXT();
    TARGET(JUMP_BACK) SAFE_POINT(); ip = code->ins + ARG; NEXT(); /* the error names this line */
    TARGET(POP_JUMP_IF_FALSE) {
        py_value v = *--sp;
        if (!(v.type == PY_T_BOOL ? v.as.i : py_truthy(v))) ip = code->ins + ARG;
        NEXT();
    }
    TARGET(POP_JUMP_IF_TRUE) {
        py_value v = *--sp;
        if (v.type == PY_T_BOOL ? v.as.i : py_truthy(v)) ip = code->ins + ARG;
        NEXT();
    }
    TARGET(JUMP_IF_FALSE_OR_POP) if (!py_truthy(sp[-1])) ip = code->ins + ARG; else sp--; NEXT();
    TARGET(JUMP_IF_TRUE_OR_POP) if (py_truthy(sp[-1])) ip = code->ins + ARG; else sp--; NEXT();
    TARGET(GET_ITER) CHECK(get_iter(s, sp)); sp++; NEXT();
    TARGET(FOR_ITER) {
        bool done;
        CHECK(for_iter(s, sp, &done));
        if (done) { sp -= 2; ip = code->ins + ARG; } else sp++;
        NEXT();
    }
    TARGET(RANGE_INIT) CHECK(range_init(s, sp - ARG, ARG)); sp += 3 - (int)ARG; NEXT();
    TARGET(FOR_RANGE) {
        int64_t cur = sp[-3].as.i, stop = sp[-2].as.i, step = sp[-1].as.i;
        if (step > 0 ? cur < stop : cur > stop) {
            if (__builtin_add_overflow(cur, step, &sp[-3].as.i)) sp[-3].as.i = stop;
            sp->type = PY_T_INT;
            sp->as.i = cur;
            sp++;
        } else {
            sp -= 3;
            ip = code->ins + ARG;
        }
        NEXT();
    }
    TARGET(CALL) {
        uint32_t argc = ARG;
        py_value *fn = sp - argc - 1;
        if (LIKELY(fn->type == PY_T_FUNC)) {
            py_code *callee = AS_CODE(*fn);
            size_t at = (size_t)(fn - s->stack);
            if (UNLIKELY(argc != callee->nparams || s->nframes >= PY_RECURSION_LIMIT ||
                         at + 1 + callee->nlocals + callee->maxstack + STACK_SLACK > s->stackcap)) {
                CHECK(call_slow(s, callee, argc, at));
                fn = s->stack + at; /* the stack may have moved */
            }
            py_frame *f = &s->frames[s->nframes++];
            f[-1].ip = ip;
            f->code = code = callee; /* f->ip is written by SAVE, before anything reads it */
            f->base = base = fn + 1;
            ip = callee->ins;
            consts = callee->consts;
            sp = base + callee->nlocals;
            for (py_value *v = base + argc; v < sp; v++) v->type = PY_T_UNDEF;
            SAFE_POINT();
            NEXT();
        }
        if (fn->type == PY_T_BUILTIN) {
            CHECK(py_call_builtin(s, fn->as.i, fn + 1, (int)argc, fn));
            sp = fn + 1;
            NEXT();
        }
        SAVE();
        py_raise(s, PY_EXC_TYPE_ERROR, 0, "'%s' object is not callable", py_type_name(*fn));
        goto error;
    }
    TARGET(CALL_METHOD) {
        uint32_t argc = ARG & 0xff;
        py_value *self = sp - argc - 1;
        CHECK(py_call_method(s, AS_STR(consts[ARG >> 8]), self, (int)argc, self));
        sp = self + 1;
        NEXT();
    }
    TARGET(RETURN_VALUE) {
        if (s->nframes == 1) { /* field by field, then whole: the halves were stored separately */
            py_value r = {0};
            COPY(&r, sp - 1);
            *result = r;
            return PY_OK;
        }
        COPY(base - 1, sp - 1);
        sp = base;
        py_frame *f = &s->frames[--s->nframes - 1];
        LOAD_FRAME(f);
        NEXT();
    }
    TARGET(RETURN_NONE) {
        if (s->nframes == 1) { *result = py_none(); return PY_OK; }
        base[-1] = py_none();
        sp = base;
        s->nframes--;
        LOAD_FRAME(FRAME());
        NEXT();
    }
    TARGET(BUILD_LIST) {
        py_value v;
        CHECK(build_list(s, sp - ARG, ARG, &v));
        sp -= ARG;
        *sp++ = v;
        NEXT();
    }
    TARGET(BINARY_SUBSCR) {
        py_value *a = sp - 2, *b = sp - 1;
        if (a->type == PY_T_LIST && b->type == PY_T_INT) {
            py_list *l = AS_LIST(*a);
            int64_t i = b->as.i < 0 ? b->as.i + l->len : b->as.i;
            if (LIKELY(i >= 0 && i < l->len)) { COPY(a, &l->items[i]); sp--; NEXT(); }
        }
        CHECK(py_subscr(s, *a, *b, a));
        sp--;
        NEXT();
    }
    TARGET(STORE_SUBSCR) {
        py_value *v = sp - 3, *o = sp - 2, *k = sp - 1;
        if (o->type == PY_T_LIST && k->type == PY_T_INT) {
            py_list *l = AS_LIST(*o);
            int64_t i = k->as.i < 0 ? k->as.i + l->len : k->as.i;
            if (LIKELY(i >= 0 && i < l->len)) { COPY(&l->items[i], v); sp -= 3; NEXT(); }
        }
        CHECK(py_store_subscr(s, *o, *k, *v));
        sp -= 3;
        NEXT();
    }
    TARGET(UNPACK_SEQUENCE) CHECK(py_unpack(s, sp[-1], ARG, sp - 1)); sp += ARG - 1; NEXT();
    FUSED_ARITH3(ADD_STORE, PY_OP_ADD, +, __builtin_add_overflow, 1)
    FUSED_ARITH3(SUB_STORE, PY_OP_SUB, -, __builtin_sub_overflow, 1)
    FUSED_ARITH3(MUL_STORE, PY_OP_MUL, *, __builtin_mul_overflow, 1)
    FUSED_ARITH3(ADD_PUSH, PY_OP_ADD, +, __builtin_add_overflow, 0)
    FUSED_ARITH3(SUB_PUSH, PY_OP_SUB, -, __builtin_sub_overflow, 0)
    FUSED_ARITH3(MUL_PUSH, PY_OP_MUL, *, __builtin_mul_overflow, 0)
    FUSED_SELF2(ADD_SELF, PY_OP_ADD, +, __builtin_add_overflow)
    FUSED_SELF2(SUB_SELF, PY_OP_SUB, -, __builtin_sub_overflow)
    FUSED_SELF2(MUL_SELF, PY_OP_MUL, *, __builtin_mul_overflow)
    FUSED_CMP3(EQ, PY_CMP_EQ, ==)
    FUSED_CMP3(NE, PY_CMP_NE, !=)
    FUSED_CMP3(LT, PY_CMP_LT, <)
    FUSED_CMP3(LE, PY_CMP_LE, <=)
    FUSED_CMP3(GT, PY_CMP_GT, >)
    FUSED_CMP3(GE, PY_CMP_GE, >=)
    TARGET(DATA) NEXT();
#if !USE_COMPUTED_GOTO
    default: break;
    }
    SAVE();
    py_raise(s, PY_EXC_NOT_IMPLEMENTED_ERROR, 0, "bad opcode");
#endif
error:
    record_traceback(s);
    s->nframes = 1;
    return PY_ERROR;
}
/* clang-format on */

#if USE_COMPUTED_GOTO
#pragma GCC diagnostic pop
#endif

py_status py_execute(py_state *s, py_value *result) {
    py_clear_error(s);
    if (!s->compiled)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, 0, "nothing compiled");
    py_code *m = s->module;
    size_t need = 1 + m->nlocals + m->maxstack + STACK_SLACK;
    if (need > s->stackcap && !grow_stack(s, need))
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    s->stack[0] = py_none();
    s->nframes = 1;
    s->frames[0].code = m;
    s->frames[0].ip = m->ins;
    s->frames[0].base = s->gvals; /* module code's fast slots are the globals */
    s->steps_left = s->step_limit ? (int64_t)(s->step_limit > INT64_MAX ? INT64_MAX : s->step_limit)
                                  : INT64_MAX;
    py_value r;
    py_status st = run(s, result ? result : &r); /* run writes *result only on success */
    s->nframes = 0;
    return st;
}
