/* opcodes.h: the bytecode instruction set, drawn once as an X-macro: X(NAME, stack effect,
 * has argument). An instruction is a uint32_t: opcode in the low 8 bits, argument in the high
 * 24. Effects marked 0 with a variable count are computed by the compiler. */
#ifndef PY_OPCODES_H
#define PY_OPCODES_H

/* clang-format off */
#define PY_OPCODE_LIST(X)                                                       \
    X(NOP, 0, 0)                                                                \
    X(LOAD_CONST, 1, 1)     /* push consts[A] */                                \
    X(LOAD_NONE, 1, 0)                                                          \
    X(LOAD_FAST, 1, 1)      /* push local slot A (UnboundLocalError if unset) */\
    X(STORE_FAST, -1, 1)                                                        \
    X(LOAD_GLOBAL, 1, 1)    /* push global slot A (NameError if unset) */       \
    X(STORE_GLOBAL, -1, 1)                                                      \
    X(POP_TOP, -1, 0)                                                           \
    X(DUP_TOP, 1, 0)                                                            \
    X(DUP_TOP_TWO, 2, 0)                                                        \
    X(ROT_TWO, 0, 0)                                                            \
    X(ROT_THREE, 0, 0)      /* a b c -> c a b */                                \
    X(REVERSE, 0, 1)        /* reverse the top A values */                      \
    X(BINARY_ADD, -1, 0)                                                        \
    X(BINARY_SUB, -1, 0)                                                        \
    X(BINARY_MUL, -1, 0)                                                        \
    X(BINARY_OP, -1, 1)     /* A: PY_OP_TRUEDIV, FLOORDIV, MOD, POW */          \
    X(INPLACE_OP, -1, 1)    /* augmented assignment: lists += and *= in place */\
    X(UNARY_NEG, 0, 0)                                                          \
    X(UNARY_POS, 0, 0)                                                          \
    X(UNARY_NOT, 0, 0)                                                          \
    X(COMPARE_OP, -1, 1)    /* A: PY_CMP_* */                                   \
    X(JUMP_IF_NOT_LT, -2, 1) /* pop b, a; jump to A unless a < b */             \
    X(JUMP_IF_NOT_LE, -2, 1)                                                    \
    X(JUMP_IF_NOT_GT, -2, 1)                                                    \
    X(JUMP_IF_NOT_GE, -2, 1)                                                    \
    X(JUMP_IF_NOT_EQ, -2, 1)                                                    \
    X(JUMP_IF_NOT_NE, -2, 1)                                                    \
    X(JUMP, 0, 1)                                                               \
    X(JUMP_BACK, 0, 1)      /* backward jump: a safe point (GC, step limit) */  \
    X(POP_JUMP_IF_FALSE, -1, 1)                                                 \
    X(POP_JUMP_IF_TRUE, -1, 1)                                                  \
    X(JUMP_IF_FALSE_OR_POP, -1, 1)                                              \
    X(JUMP_IF_TRUE_OR_POP, -1, 1)                                               \
    X(GET_ITER, 1, 0)       /* seq -> seq, position */                          \
    X(FOR_ITER, 1, 1)       /* push next item, or pop seq, position; jump A */  \
    X(RANGE_INIT, 0, 1)     /* A range() arguments -> cur, stop, step */        \
    X(FOR_RANGE, 1, 1)      /* push cur and step it, or pop 3 and jump A */     \
    X(CALL, 0, 1)           /* fn, A args -> result */                          \
    X(CALL_METHOD, 0, 1)    /* self, args -> result; A = name const << 8 | n */ \
    X(RETURN_VALUE, -1, 0)                                                      \
    X(RETURN_NONE, 0, 0)                                                        \
    X(BUILD_LIST, 0, 1)                                                         \
    X(BINARY_SUBSCR, -1, 0)                                                     \
    X(STORE_SUBSCR, -3, 0)  /* value, obj, index */                             \
    X(UNPACK_SEQUENCE, 0, 1)                                                    \
    /* Fused forms, A = dst slot (bit 7: in place), B and C = operands: a local slot \
     * (module code: a global slot), or consts[x & 127] when bit 7 is set. Each comes \
     * in three variants: any operands, _LL two slots, _LK a slot and an int constant. */ \
    X(ADD_STORE, 0, 3) X(ADD_STORE_LL, 0, 3) X(ADD_STORE_LK, 0, 3)              \
    X(SUB_STORE, 0, 3) X(SUB_STORE_LL, 0, 3) X(SUB_STORE_LK, 0, 3)              \
    X(MUL_STORE, 0, 3) X(MUL_STORE_LL, 0, 3) X(MUL_STORE_LK, 0, 3)              \
    X(ADD_PUSH, 1, 3) X(ADD_PUSH_LL, 1, 3) X(ADD_PUSH_LK, 1, 3)                 \
    X(SUB_PUSH, 1, 3) X(SUB_PUSH_LL, 1, 3) X(SUB_PUSH_LK, 1, 3)                 \
    X(MUL_PUSH, 1, 3) X(MUL_PUSH_LL, 1, 3) X(MUL_PUSH_LK, 1, 3)                 \
    /* x = x op y, x += y (A == B) of the _LL and _LK kinds: the result overwrites the \
     * operand x, whose int (or float) tag is already right */                   \
    X(ADD_SELF_LL, 0, 3) X(ADD_SELF_LK, 0, 3)                                    \
    X(SUB_SELF_LL, 0, 3) X(SUB_SELF_LK, 0, 3)                                    \
    X(MUL_SELF_LL, 0, 3) X(MUL_SELF_LK, 0, 3)                                    \
    /* B cmp C, jump to the target in the DATA word that follows unless true */  \
    X(JUMP_IF_NOT_EQ_FAST, 0, 3) X(JUMP_IF_NOT_EQ_LL, 0, 3) X(JUMP_IF_NOT_EQ_LK, 0, 3) \
    X(JUMP_IF_NOT_NE_FAST, 0, 3) X(JUMP_IF_NOT_NE_LL, 0, 3) X(JUMP_IF_NOT_NE_LK, 0, 3) \
    X(JUMP_IF_NOT_LT_FAST, 0, 3) X(JUMP_IF_NOT_LT_LL, 0, 3) X(JUMP_IF_NOT_LT_LK, 0, 3) \
    X(JUMP_IF_NOT_LE_FAST, 0, 3) X(JUMP_IF_NOT_LE_LL, 0, 3) X(JUMP_IF_NOT_LE_LK, 0, 3) \
    X(JUMP_IF_NOT_GT_FAST, 0, 3) X(JUMP_IF_NOT_GT_LL, 0, 3) X(JUMP_IF_NOT_GT_LK, 0, 3) \
    X(JUMP_IF_NOT_GE_FAST, 0, 3) X(JUMP_IF_NOT_GE_LL, 0, 3) X(JUMP_IF_NOT_GE_LK, 0, 3) \
    /* a while loop's test at its bottom: B cmp C, jump back to the DATA target when \
     * true (a safe point, as JUMP_BACK), fall out of the loop otherwise */    \
    X(LOOP_IF_EQ, 0, 3) X(LOOP_IF_EQ_LL, 0, 3) X(LOOP_IF_EQ_LK, 0, 3)           \
    X(LOOP_IF_NE, 0, 3) X(LOOP_IF_NE_LL, 0, 3) X(LOOP_IF_NE_LK, 0, 3)           \
    X(LOOP_IF_LT, 0, 3) X(LOOP_IF_LT_LL, 0, 3) X(LOOP_IF_LT_LK, 0, 3)           \
    X(LOOP_IF_LE, 0, 3) X(LOOP_IF_LE_LL, 0, 3) X(LOOP_IF_LE_LK, 0, 3)           \
    X(LOOP_IF_GT, 0, 3) X(LOOP_IF_GT_LL, 0, 3) X(LOOP_IF_GT_LK, 0, 3)           \
    X(LOOP_IF_GE, 0, 3) X(LOOP_IF_GE_LL, 0, 3) X(LOOP_IF_GE_LK, 0, 3)           \
    X(DATA, 0, 1)           /* an operand word, never executed */

typedef enum py_opcode {
#define X(name, effect, arg) PY_I_##name,
    PY_OPCODE_LIST(X)
#undef X
    PY_I_COUNT
} py_opcode;
/* clang-format on */

#define PY_INS(op, arg) ((uint32_t)(op) | ((uint32_t)(arg) << 8))
#define PY_INS_OP(ins) ((ins)&0xffu)
#define PY_INS_ARG(ins) ((ins) >> 8)
#define PY_MAX_ARG 0xffffffu
#define PY_INS_A(ins) (((ins) >> 8) & 0xffu)
#define PY_INS_B(ins) (((ins) >> 16) & 0xffu)
#define PY_INS_C(ins) ((ins) >> 24)
#define PY_INS_ABC(op, a, b, c) \
    ((uint32_t)(op) | (uint32_t)(a) << 8 | (uint32_t)(b) << 16 | (uint32_t)(c) << 24)
#define PY_OPND_CONST 0x80u
/* A fused family's variants follow its generic form: generic + PY_LL, generic + PY_LK. */
#define PY_LL 1
#define PY_LK 2

extern const char *const py_opcode_names[PY_I_COUNT];

#endif
