/* internal.h: libpy's private declarations shared by its files: heap objects, the state, the
 * allocation choke point, buffers and cross-file functions. Never included outside interp/. */
#ifndef PY_INTERNAL_H
#define PY_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "py.h"

#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)

/* ---- heap objects ---------------------------------------------------------------------- */

typedef struct py_obj {
    uint8_t type;   /* py_type */
    uint8_t marked; /* GC mark */
    uint8_t perm;   /* interned strings and code objects: never collected before state free */
    struct py_obj *next;
} py_obj;

typedef struct py_str {
    py_obj h;
    uint32_t len;    /* bytes */
    uint32_t nchars; /* code points */
    uint32_t hash;
    int32_t gslot;  /* global slot bound to this name (interned names only), -1 none */
    int16_t method; /* method id for interned method names, -1 none */
    uint8_t ascii;
    char data[]; /* NUL-terminated */
} py_str;

typedef struct py_list {
    py_obj h;
    uint32_t len, cap;
    py_value *items;
} py_list;

typedef struct py_range {
    py_obj h;
    int64_t start, stop, step;
} py_range;

typedef struct py_code {
    py_obj h;
    py_str *name;
    uint32_t *ins;   /* op | arg << 8 */
    uint32_t *lines; /* line per instruction, | PY_LINE_AUG on an augmented assignment's op */
    uint32_t nins, capins;
    py_value *consts;
    uint32_t nconsts, capconsts;
    py_str **locals; /* parameters first */
    uint32_t nlocals, caplocals;
    uint32_t nparams;
    uint32_t maxstack;
    bool is_module;
} py_code;

/* Marks an instruction that performs `x op= y`, so a TypeError it raises names the augmented
 * operator ("for +=") as CPython's does; never on the hot path (read only on errors). */
#define PY_LINE_AUG 0x80000000u

#define AS_STR(v) ((py_str *)(v).as.o)
#define AS_LIST(v) ((py_list *)(v).as.o)
#define AS_RANGE(v) ((py_range *)(v).as.o)
#define AS_CODE(v) ((py_code *)(v).as.o)

static inline py_value py_int(int64_t i) {
    py_value v;
    v.type = PY_T_INT;
    v.as.i = i;
    return v;
}
static inline py_value py_float(double f) {
    py_value v;
    v.type = PY_T_FLOAT;
    v.as.f = f;
    return v;
}
static inline py_value py_bool(int b) {
    py_value v;
    v.type = PY_T_BOOL;
    v.as.i = b != 0;
    return v;
}
static inline py_value py_none(void) {
    py_value v;
    v.type = PY_T_NONE;
    v.as.i = 0;
    return v;
}
static inline py_value py_obj_value(uint32_t type, void *o) {
    py_value v;
    v.type = type;
    v.as.o = (py_obj *)o;
    return v;
}

/* Operator codes shared by the AST, the compiler, the VM and value.c. */
enum {
    PY_OP_ADD,
    PY_OP_SUB,
    PY_OP_MUL,
    PY_OP_TRUEDIV,
    PY_OP_FLOORDIV,
    PY_OP_MOD,
    PY_OP_POW,
    PY_OP_COUNT
};
enum {
    PY_CMP_EQ,
    PY_CMP_NE,
    PY_CMP_LT,
    PY_CMP_LE,
    PY_CMP_GT,
    PY_CMP_GE,
    PY_CMP_IN,
    PY_CMP_NOT_IN,
    PY_CMP_COUNT
};
enum { PY_UN_NEG, PY_UN_POS, PY_UN_NOT };
extern const char *const py_op_symbols[PY_OP_COUNT];
extern const char *const py_cmp_symbols[PY_CMP_COUNT];

/* ---- buffers and arena ----------------------------------------------------------------- */

typedef struct py_buf {
    char *data;
    size_t len, cap;
} py_buf;

typedef struct py_chunk {
    struct py_chunk *next;
    size_t cap, used;
} py_chunk;

/* ---- the state ------------------------------------------------------------------------- */

typedef struct py_frame {
    py_code *code;
    const uint32_t *ip;
    py_value *base; /* first local; base[-1] holds the called function */
} py_frame;

struct py_expr;
struct py_stmt;

struct py_state {
    /* allocation choke point */
    uint64_t nalloc, nbytes;
    size_t live, mem_limit;
    size_t gc_debt, gc_threshold;
    /* errors */
    py_error err;
    /* output */
    py_write_fn out_fn;
    void *out_ctx;
    py_buf out;
    /* lexer */
    const char *src;
    size_t srclen;
    py_token *toks;
    size_t ntoks, captoks;
    bool lexed, parsed, compiled;
    /* parser: AST arena and a scratch stack for building arrays */
    py_chunk *arena_head, *arena_cur;
    void **scratch;
    size_t nscratch, capscratch;
    struct py_stmt **ast; /* module statements */
    size_t nast;
    bool saw_global; /* the program has a global statement: check its scopes' order */
    /* compiler: a pool of code objects reused across resets */
    py_code **codes;
    size_t ncodes, capcodes;
    py_code *module;
    /* interned strings (names, constants, method names) */
    py_str **itab;
    size_t icap, icount;
    /* globals: slot -> value, slot -> name */
    py_value *gvals;
    py_str **gnames;
    size_t nglobals, capglobals, capgnames, nbuiltins;
    bool globals_dirty; /* compiled code may store a global: the reset rebinds them all */
    /* VM */
    py_value *stack;
    size_t stackcap;
    py_frame *frames;
    int nframes;
    py_value *sp_saved;
    int64_t steps_left;
    uint64_t step_limit;
    volatile int interrupt;               /* a safe point has work: a collection, or stop */
    volatile sig_atomic_t stop_requested; /* py_state_interrupt: raise KeyboardInterrupt */
    /* heap */
    py_obj *objects; /* collectable */
    py_obj *perm;    /* interned strings and code objects */
    py_obj **gray;
    size_t ngray, capgray;
    /* text buffers: format results, dumps, print's line */
    py_buf fmt, dump, pbuf;
    py_str *chars[128]; /* one-character ASCII strings, interned */
    py_str *name_module, *name_range, *name_main;
    /* repr recursion guard */
    py_list **repr_path;
    size_t nrepr_path, caprepr_path;
};

/* state.c: the allocation choke point. Resizes p from old to size bytes (p NULL allocates,
 * size 0 frees); counts each allocation or growth. Returns NULL when out of memory or past
 * the memory limit (a free never fails). */
void *py_mem_realloc(py_state *s, void *p, size_t old, size_t size);
bool py_buf_reserve(py_state *s, py_buf *b, size_t extra);
bool py_buf_append(py_state *s, py_buf *b, const char *data, size_t n);
bool py_buf_printf(py_state *s, py_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Grows an array of elem-size items so that n+1 fit. */
bool py_grow(py_state *s, void **arr, size_t *cap, size_t n, size_t elem);
void *py_arena_alloc(py_state *s, size_t size);

/* py_arena_alloc's inline fast path: a bump in the current chunk when it has room. */
static inline void *py_arena_get(py_state *s, size_t size) {
    size = (size + 15) & ~(size_t)15;
    py_chunk *c = s->arena_cur;
    if (LIKELY(c && c->used + size <= c->cap)) {
        void *p = (char *)(c + 1) + c->used;
        c->used += size;
        return p;
    }
    return py_arena_alloc(s, size);
}

/* Drops every arena allocation at once (the chunks stay for reuse). */
static inline void py_arena_reset(py_state *s) {
    s->arena_cur = s->arena_head;
    if (s->arena_head)
        s->arena_head->used = 0;
}

/* errors.c */
py_status py_raise(py_state *s, py_exc kind, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Every stage starts with a clean error. Invariant: while err.kind is PY_EXC_NONE every other
 * field is clean too (only py_raise and an error's traceback write them), so a clean state costs
 * one load and a branch. */
static inline void py_clear_error(py_state *s) {
    if (UNLIKELY(s->err.kind != PY_EXC_NONE)) {
        s->err.kind = PY_EXC_NONE;
        s->err.line = 0;
        s->err.message[0] = '\0';
        s->err.ntrace = 0;
        s->err.ntrace_skipped = 0;
    }
}

/* object.c: heap objects, interning and the collector */
/* A new collectable string of len bytes copied from data. With data NULL the bytes are left
 * for the caller to write, and with them nchars and ascii (py_utf8_count), which are 0 and 1
 * until then: nothing reads the unwritten bytes. NULL when out of memory. */
py_str *py_str_new(py_state *s, const char *data, size_t len);
py_str *py_intern(py_state *s, const char *data, size_t len);

/* memcmp(a, b, n) == 0 for the short names interning mostly sees, without a call. */
static inline bool py_same_bytes(const char *a, const char *b, size_t n) {
    if (n > 16)
        return memcmp(a, b, n) == 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* The interned string equal to data[0..len), or NULL; *hash receives its hash (FNV-1a) either
 * way. Inline so that the parser's name lookups, which almost always find, make no call. */
static inline py_str *py_intern_find(const py_state *s, const char *data, size_t len,
                                     uint32_t *hash) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)data[i]) * 16777619u;
    *hash = h;
    if (s->icap == 0)
        return NULL;
    size_t mask = s->icap - 1;
    for (size_t j = h & mask;; j = (j + 1) & mask) {
        py_str *e = s->itab[j];
        if (!e || (e->hash == h && e->len == len && py_same_bytes(e->data, data, len)))
            return e;
    }
}
py_list *py_list_new(py_state *s, size_t cap);
bool py_list_push(py_state *s, py_list *l, py_value v);
py_range *py_range_new(py_state *s, int64_t start, int64_t stop, int64_t step);
/* The next code object of the state's pool, emptied and named (a new one when the pool has
 * none left: py_code_new_slot); NULL when out of memory. Code objects live until the state is
 * freed and are reused after every reset, so compiling allocates only on a first use. */
py_code *py_code_new_slot(py_state *s, py_str *name, bool is_module);
static inline py_code *py_code_reuse(py_state *s, py_code *c, py_str *name, bool is_module) {
    s->ncodes++;
    c->name = name;
    c->nins = c->nconsts = c->nlocals = c->nparams = c->maxstack = 0;
    c->is_module = is_module;
    return c;
}
static inline py_code *py_code_acquire(py_state *s, py_str *name, bool is_module) {
    if (LIKELY(s->ncodes < s->capcodes && s->codes[s->ncodes]))
        return py_code_reuse(s, s->codes[s->ncodes], name, is_module);
    return py_code_new_slot(s, name, is_module);
}
void py_gc_collect(py_state *s, py_value *sp);
void py_heap_free_all(py_state *s);
/* First occurrence of needle[0..m) in hay[0..n), or NULL (memmem is a GNU extension). */
const char *py_memmem(const char *hay, size_t n, const char *needle, size_t m);
uint32_t py_utf8_count(const char *p, size_t len, bool *ascii);
size_t py_utf8_offset(const py_str *str, int64_t index);
const char *py_type_name(py_value v);

/* format.c */
bool py_format_value(py_state *s, py_buf *b, py_value v, bool repr);
int py_float_repr(double d, char *out);

/* value.c: arithmetic, comparison, truthiness, conversions */
bool py_truthy(py_value v);
py_status py_binary(py_state *s, int op, py_value a, py_value b, py_value *out);
py_status py_unary(py_state *s, int op, py_value a, py_value *out);
py_status py_compare(py_state *s, int op, py_value a, py_value b, py_value *out);
bool py_equal(py_state *s, py_value a, py_value b, int depth, py_status *st);
py_status py_order(py_state *s, int op, py_value a, py_value b, bool *out);
/* The number of items of r; may exceed INT64_MAX, which len() reports as OverflowError. */
uint64_t py_range_len(const py_range *r);
py_status py_contains(py_state *s, py_value container, py_value item, bool *out);

/* builtins.c */
/* clang-format off */
#define PY_BUILTIN_LIST(X) \
    X(print) X(len) X(range) X(str) X(int) X(float) X(abs) X(min) X(max) X(list) X(repr)
enum {
#define PY_X_(name) PY_BI_##name,
    PY_BUILTIN_LIST(PY_X_)
#undef PY_X_
    PY_BI_COUNT
};
/* clang-format on */
/* The global slot after the builtins: the module's __name__ (state.c binds it). */
#define PY_SLOT_NAME PY_BI_COUNT
extern const char *const py_builtin_names[PY_BI_COUNT];
py_status py_call_builtin(py_state *s, int64_t id, py_value *args, int nargs, py_value *out);
py_status py_call_method(py_state *s, py_str *name, py_value *self, int nargs, py_value *out);
void py_register_methods(py_state *s);
py_status py_to_int(py_state *s, py_value v, int64_t *out);
/* a op= b: extends or repeats a list in place, py_binary otherwise. */
py_status py_inplace(py_state *s, int op, py_value a, py_value b, py_value *out);
py_status py_subscr(py_state *s, py_value obj, py_value idx, py_value *out);
py_status py_store_subscr(py_state *s, py_value obj, py_value idx, py_value v);
py_status py_unpack(py_state *s, py_value seq, uint32_t n, py_value *dst);
/* The code point of str starting at byte *pos as a str value; advances *pos. */
py_status py_str_char_at(py_state *s, const py_str *str, uint32_t *pos, py_value *out);
bool py_emit_output(py_state *s, const char *data, size_t len);

/* Raises NameError for name read by code (NULL: module level) with CPython 3.11's
 * "Did you mean" suggestion from the locals, defined globals and builtins (suggest.c). */
py_status py_name_error(py_state *s, const py_code *code, const py_str *name);

/* globals (state.c) */
int32_t py_global_slot(py_state *s, py_str *name);

/* literal.c: the parser's literal decoders (out needs room for n bytes plus what is there). */
py_status py_literal_int(py_state *s, const char *text, uint32_t n, int ln, int64_t *out);
py_status py_literal_float(py_state *s, const char *text, uint32_t n, double *out);
py_status py_literal_string(py_state *s, const char *text, uint32_t n, int ln, char *out,
                            uint32_t *len);
size_t py_utf8_encode(char *out, uint32_t cp);

/* the stages' helpers */
void py_lex_reset(py_state *s);

/* Parser nesting limit (CPython: 200 parentheses) and indentation limit (100 levels). */
#define PY_MAX_NESTING 200
#define PY_MAX_INDENT 100

#endif
