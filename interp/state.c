/* state.c: the py_state lifecycle (new, reset, free), the single allocation choke point with its
 * counters, growable buffers, the AST arena, global slots, output capture and py_run. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define ARENA_CHUNK (64 * 1024)
#define GC_MIN_THRESHOLD (4u << 20)

void *py_mem_realloc(py_state *s, void *p, size_t old, size_t size) {
    if (size == 0) {
        free(p);
        s->live -= old;
        return NULL;
    }
    if (size > old) {
        size_t grow = size - old;
        if (s->mem_limit && s->live + grow > s->mem_limit)
            return NULL;
        s->gc_debt += grow;
        if (s->gc_debt > s->gc_threshold)
            s->interrupt = 1;
    }
    void *q = realloc(p, size);
    if (!q)
        return NULL;
    s->nalloc++;
    s->nbytes += size;
    s->live = s->live - old + size;
    return q;
}

bool py_grow(py_state *s, void **arr, size_t *cap, size_t n, size_t elem) {
    if (n < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap <= n)
        ncap *= 2;
    if (ncap > SIZE_MAX / elem)
        return false;
    void *q = py_mem_realloc(s, *arr, *cap * elem, ncap * elem);
    if (!q)
        return false;
    *arr = q;
    *cap = ncap;
    return true;
}

bool py_buf_reserve(py_state *s, py_buf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < b->len + extra + 1) {
        if (ncap > SIZE_MAX / 2)
            return false;
        ncap *= 2;
    }
    char *q = py_mem_realloc(s, b->data, b->cap, ncap);
    if (!q)
        return false;
    b->data = q;
    b->cap = ncap;
    return true;
}

bool py_buf_append(py_state *s, py_buf *b, const char *data, size_t n) {
    if (!py_buf_reserve(s, b, n))
        return false;
    memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool py_buf_printf(py_state *s, py_buf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n >= sizeof tmp)
        n = (int)sizeof tmp - 1;
    return py_buf_append(s, b, tmp, (size_t)n);
}

/* Bump allocation, 16-byte aligned; chunks are kept across resets. */
void *py_arena_alloc(py_state *s, size_t size) {
    size = (size + 15) & ~(size_t)15;
    py_chunk *c = s->arena_cur;
    while (c && c->used + size > c->cap) {
        c = c->next;
        if (c)
            c->used = 0;
    }
    if (!c) {
        size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        c = py_mem_realloc(s, NULL, 0, sizeof(py_chunk) + cap);
        if (!c)
            return NULL;
        c->cap = cap;
        c->used = 0;
        c->next = NULL;
        if (s->arena_cur) {
            c->next = s->arena_cur->next;
            s->arena_cur->next = c;
        } else {
            s->arena_head = c;
        }
    }
    s->arena_cur = c;
    void *p = (char *)(c + 1) + c->used;
    c->used += size;
    return p;
}

int32_t py_global_slot(py_state *s, py_str *name) {
    if (name->gslot >= 0)
        return name->gslot;
    if (!py_grow(s, (void **)&s->gvals, &s->capglobals, s->nglobals, sizeof(py_value)) ||
        !py_grow(s, (void **)&s->gnames, &s->capgnames, s->nglobals, sizeof(py_str *)))
        return -1;
    int32_t slot = (int32_t)s->nglobals++;
    s->gnames[slot] = name;
    s->gvals[slot].type = PY_T_UNDEF;
    name->gslot = slot;
    return slot;
}

/* Slots 0..PY_BI_COUNT-1 hold the builtins (py_state_new interns them first), slot
 * PY_SLOT_NAME the module's __name__, '__main__' as in the program CPython runs; every other
 * global starts unbound. */
static void bind_builtins(py_state *s) {
    static const py_value builtins[PY_BI_COUNT] = {
#define PY_X_(name) {PY_T_BUILTIN, {PY_BI_##name}},
        PY_BUILTIN_LIST(PY_X_)
#undef PY_X_
    };
    memcpy(s->gvals, builtins, sizeof builtins);
    s->gvals[PY_SLOT_NAME] = py_obj_value(PY_T_STR, s->name_main);
    for (size_t i = PY_SLOT_NAME + 1; i < s->nglobals; i++)
        s->gvals[i].type = PY_T_UNDEF;
    s->globals_dirty = false;
}

py_state *py_state_new(void) {
    py_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->nalloc = 1;
    s->nbytes = s->live = sizeof *s;
    s->gc_threshold = GC_MIN_THRESHOLD;
    s->steps_left = INT64_MAX;
    s->frames = py_mem_realloc(s, NULL, 0, sizeof(py_frame) * (PY_RECURSION_LIMIT + 1));
    s->stackcap = 1024;
    s->stack = py_mem_realloc(s, NULL, 0, sizeof(py_value) * s->stackcap);
    if (!s->frames || !s->stack)
        goto fail;
    for (int i = 0; i < PY_BI_COUNT; i++) {
        py_str *n = py_intern(s, py_builtin_names[i], strlen(py_builtin_names[i]));
        if (!n || py_global_slot(s, n) != i)
            goto fail;
    }
    py_str *dunder = py_intern(s, "__name__", 8);
    if (!dunder || py_global_slot(s, dunder) != PY_SLOT_NAME)
        goto fail;
    s->nbuiltins = PY_SLOT_NAME + 1; /* __name__ is one of suggest.c's module dunders */
    if (!(s->name_module = py_intern(s, "<module>", 8)) ||
        !(s->name_main = py_intern(s, "__main__", 8)) ||
        !(s->name_range = py_intern(s, "range", 5)))
        goto fail;
    for (int i = 0; i < 128; i++) {
        char ch = (char)i;
        if (!(s->chars[i] = py_intern(s, &ch, 1)))
            goto fail;
    }
    bind_builtins(s);
    py_register_methods(s);
    /* the token array exists from the start (64 tokens, what the lexers' first growth makes),
     * so the lexers never form NULL + 0 from an empty one (undefined; clang's UBSan says so) */
    if (!py_buf_reserve(s, &s->fmt, 64) || !py_buf_reserve(s, &s->out, 256) ||
        !py_grow(s, (void **)&s->toks, &s->captoks, 63, sizeof(py_token)))
        goto fail;
    return s;
fail:
    py_state_free(s);
    return NULL;
}

void py_state_reset(py_state *s) {
    py_clear_error(s);
    if (s->objects)
        py_heap_free_all(s);
    s->ntoks = 0;
    s->nast = 0;
    s->nscratch = 0;
    s->lexed = s->parsed = s->compiled = false;
    py_arena_reset(s);
    s->ncodes = 0;
    s->module = NULL;
    if (s->globals_dirty)
        bind_builtins(s);
    s->nframes = 0;
    s->out.len = 0;
    if (s->out.data)
        s->out.data[0] = '\0';
    s->interrupt = 0;
    s->stop_requested = 0;
    s->gc_debt = 0;
}

void py_state_free(py_state *s) {
    if (!s)
        return;
    py_heap_free_all(s);
    for (py_obj *o = s->perm, *next; o; o = next) {
        next = o->next;
        if (o->type == PY_T_FUNC) {
            py_code *c = (py_code *)o;
            free(c->ins);
            free(c->lines);
            free(c->consts);
            free(c->locals);
        }
        free(o);
    }
    for (py_chunk *c = s->arena_head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(s->toks);
    free(s->scratch);
    free(s->codes);
    free(s->itab);
    free(s->gvals);
    free(s->gnames);
    free(s->stack);
    free(s->frames);
    free(s->gray);
    free(s->repr_path);
    free(s->out.data);
    free(s->fmt.data);
    free(s->pbuf.data);
    free(s->dump.data);
    free(s);
}

void py_state_set_output(py_state *s, py_write_fn fn, void *ctx) {
    s->out_fn = fn;
    s->out_ctx = ctx;
}

void py_state_set_step_limit(py_state *s, uint64_t steps) { s->step_limit = steps; }

void py_state_set_memory_limit(py_state *s, size_t bytes) { s->mem_limit = bytes; }

void py_state_interrupt(py_state *s) {
    s->stop_requested = 1;
    s->interrupt = 1; /* the VM reads this one at every safe point */
}

void py_state_alloc_stats(const py_state *s, py_alloc_stats *out) {
    out->count = s->nalloc;
    out->bytes = s->nbytes;
    out->live_bytes = s->live;
}

const py_error *py_state_error(const py_state *s) { return &s->err; }

const char *py_output(const py_state *s, size_t *len) {
    if (len)
        *len = s->out.len;
    return s->out.data ? s->out.data : "";
}

void py_output_clear(py_state *s) {
    s->out.len = 0;
    if (s->out.data)
        s->out.data[0] = '\0';
}

bool py_emit_output(py_state *s, const char *data, size_t len) {
    if (s->out_fn) {
        s->out_fn(s->out_ctx, data, len);
        return true;
    }
    return py_buf_append(s, &s->out, data, len);
}

py_status py_run(py_state *s, const char *src, size_t len, py_value *result) {
    if (py_lex(s, src, len) || py_parse(s) || py_compile(s))
        return PY_ERROR;
    return py_execute(s, result);
}
