/* object.c: heap objects (str, list, range, code), string interning, UTF-8 helpers and the
 * mark-sweep collector. Collection only runs at VM safe points, where every live value is on the
 * value stack, in a global slot or in a code object's constants. */
#include <string.h>

#include "internal.h"

const char *py_memmem(const char *hay, size_t n, const char *needle, size_t m) {
    if (m == 0)
        return hay;
    if (m > n)
        return NULL;
    const char *end = hay + (n - m);
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, m) == 0)
            return p;
    }
    return NULL;
}

uint32_t py_utf8_count(const char *p, size_t len, bool *ascii) {
    uint32_t n = 0;
    bool a = true;
    for (size_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)p[i];
        if (c >= 0x80)
            a = false;
        if ((c & 0xC0) != 0x80)
            n++;
    }
    *ascii = a;
    return n;
}

/* Byte offset of code point `index` (0 <= index <= nchars). */
size_t py_utf8_offset(const py_str *str, int64_t index) {
    if (str->ascii)
        return (size_t)index;
    size_t off = 0;
    for (int64_t k = 0; k < index; k++) {
        off++;
        while (off < str->len && ((uint8_t)str->data[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

static py_str *str_alloc(py_state *s, const char *data, size_t len) {
    if (len > UINT32_MAX - 1)
        return NULL;
    py_str *str = py_mem_realloc(s, NULL, 0, sizeof(py_str) + len + 1);
    if (!str)
        return NULL;
    str->h.type = PY_T_STR;
    str->h.marked = 0;
    str->h.perm = 0;
    str->len = (uint32_t)len;
    str->data[len] = '\0';
    if (data) {
        memcpy(str->data, data, len);
        bool ascii;
        str->nchars = py_utf8_count(str->data, len, &ascii);
        str->ascii = ascii;
    } else { /* the caller writes the bytes, then nchars and ascii */
        str->nchars = 0;
        str->ascii = 1;
    }
    str->hash = 0;
    str->gslot = -1;
    str->method = -1;
    return str;
}

py_str *py_str_new(py_state *s, const char *data, size_t len) {
    py_str *str = str_alloc(s, data, len);
    if (!str)
        return NULL;
    str->h.next = s->objects;
    s->objects = &str->h;
    return str;
}

static bool intern_grow(py_state *s) {
    size_t ncap = s->icap ? s->icap * 2 : 256;
    py_str **t = py_mem_realloc(s, NULL, 0, ncap * sizeof *t);
    if (!t)
        return false;
    memset(t, 0, ncap * sizeof *t);
    for (size_t i = 0; i < s->icap; i++) {
        py_str *e = s->itab[i];
        if (!e)
            continue;
        size_t j = e->hash & (ncap - 1);
        while (t[j])
            j = (j + 1) & (ncap - 1);
        t[j] = e;
    }
    py_mem_realloc(s, s->itab, s->icap * sizeof *t, 0);
    s->itab = t;
    s->icap = ncap;
    return true;
}

py_str *py_intern(py_state *s, const char *data, size_t len) {
    uint32_t h;
    py_str *found = py_intern_find(s, data, len, &h);
    if (found)
        return found;
    if ((s->icount + 1) * 2 > s->icap && !intern_grow(s))
        return NULL;
    py_str *str = str_alloc(s, data, len);
    if (!str)
        return NULL;
    str->hash = h;
    str->h.perm = 1;
    str->h.next = s->perm;
    s->perm = &str->h;
    size_t j = h & (s->icap - 1);
    while (s->itab[j])
        j = (j + 1) & (s->icap - 1);
    s->itab[j] = str;
    s->icount++;
    return str;
}

py_list *py_list_new(py_state *s, size_t cap) {
    py_list *l = py_mem_realloc(s, NULL, 0, sizeof *l);
    if (!l)
        return NULL;
    l->items = NULL;
    if (cap) {
        if (cap > UINT32_MAX / 2 ||
            !(l->items = py_mem_realloc(s, NULL, 0, cap * sizeof(py_value)))) {
            py_mem_realloc(s, l, sizeof *l, 0);
            return NULL;
        }
    }
    l->h.type = PY_T_LIST;
    l->h.marked = 0;
    l->h.perm = 0;
    l->len = 0;
    l->cap = (uint32_t)cap;
    l->h.next = s->objects;
    s->objects = &l->h;
    return l;
}

bool py_list_push(py_state *s, py_list *l, py_value v) {
    if (l->len == l->cap) {
        if (l->cap >= UINT32_MAX / 4)
            return false;
        uint32_t ncap = l->cap ? l->cap * 2 : 4;
        py_value *q = py_mem_realloc(s, l->items, l->cap * sizeof(py_value),
                                     ncap * sizeof(py_value));
        if (!q)
            return false;
        l->items = q;
        l->cap = ncap;
    }
    l->items[l->len++] = v;
    return true;
}

py_range *py_range_new(py_state *s, int64_t start, int64_t stop, int64_t step) {
    py_range *r = py_mem_realloc(s, NULL, 0, sizeof *r);
    if (!r)
        return NULL;
    r->h.type = PY_T_RANGE;
    r->h.marked = 0;
    r->h.perm = 0;
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->h.next = s->objects;
    s->objects = &r->h;
    return r;
}

/* Code objects come from a pool kept across resets so recompiling allocates nothing. */
py_code *py_code_new_slot(py_state *s, py_str *name, bool is_module) {
    py_code *c;
    {
        if (!py_grow(s, (void **)&s->codes, &s->capcodes, s->ncodes, sizeof(py_code *)))
            return NULL;
        c = py_mem_realloc(s, NULL, 0, sizeof *c);
        if (!c)
            return NULL;
        memset(c, 0, sizeof *c);
        c->h.type = PY_T_FUNC;
        c->h.perm = 1;
        c->h.next = s->perm;
        s->perm = &c->h;
        for (size_t i = s->ncodes; i < s->capcodes; i++)
            s->codes[i] = NULL;
        s->codes[s->ncodes] = c;
    }
    return py_code_reuse(s, c, name, is_module);
}

static size_t obj_size(py_obj *o) {
    switch (o->type) {
    case PY_T_STR: return sizeof(py_str) + ((py_str *)o)->len + 1;
    case PY_T_LIST: return sizeof(py_list);
    default: return sizeof(py_range);
    }
}

static void obj_free(py_state *s, py_obj *o) {
    if (o->type == PY_T_LIST) {
        py_list *l = (py_list *)o;
        py_mem_realloc(s, l->items, l->cap * sizeof(py_value), 0);
    }
    py_mem_realloc(s, o, obj_size(o), 0);
}

void py_heap_free_all(py_state *s) {
    for (py_obj *o = s->objects, *next; o; o = next) {
        next = o->next;
        obj_free(s, o);
    }
    s->objects = NULL;
}

static void mark_value(py_state *s, py_value v) {
    if (v.type < PY_T_STR || v.type > PY_T_RANGE)
        return;
    py_obj *o = v.as.o;
    if (o->marked || o->perm)
        return;
    o->marked = 1;
    if (o->type == PY_T_LIST) {
        if (s->ngray == s->capgray) {
            size_t ncap = s->capgray ? s->capgray * 2 : 256;
            /* The gray stack bypasses the memory limit: collection must not fail. */
            size_t lim = s->mem_limit;
            s->mem_limit = 0;
            void *q = py_mem_realloc(s, s->gray, s->capgray * sizeof(py_obj *),
                                     ncap * sizeof(py_obj *));
            s->mem_limit = lim;
            if (!q) {
                o->marked = 2;
                return;
            } /* treated as live below; marking is cut short */
            s->gray = q;
            s->capgray = ncap;
        }
        s->gray[s->ngray++] = o;
    }
}

static int mark_all(py_state *s, py_value *sp) {
    for (py_value *v = s->stack; v < sp; v++)
        mark_value(s, *v);
    for (size_t i = 0; i < s->nglobals; i++)
        mark_value(s, s->gvals[i]);
    int incomplete = 0;
    while (s->ngray) {
        py_list *l = (py_list *)s->gray[--s->ngray];
        for (uint32_t i = 0; i < l->len; i++)
            mark_value(s, l->items[i]);
    }
    for (py_obj *o = s->objects; o; o = o->next)
        if (o->marked == 2)
            incomplete = 1;
    return incomplete;
}

void py_gc_collect(py_state *s, py_value *sp) {
    if (mark_all(s, sp)) {
        /* Out of memory for the gray stack: keep everything this time. */
        for (py_obj *o = s->objects; o; o = o->next)
            o->marked = 0;
        return;
    }
    py_obj **link = &s->objects;
    while (*link) {
        py_obj *o = *link;
        if (o->marked) {
            o->marked = 0;
            link = &o->next;
        } else {
            *link = o->next;
            obj_free(s, o);
        }
    }
    s->gc_debt = 0;
    size_t live = s->live;
    s->gc_threshold = live > (4u << 20) ? live : (4u << 20);
    s->interrupt = 0;
}

const char *py_type_name(py_value v) {
    switch (v.type) {
    case PY_T_NONE: return "NoneType";
    case PY_T_BOOL: return "bool";
    case PY_T_INT: return "int";
    case PY_T_FLOAT: return "float";
    case PY_T_STR: return "str";
    case PY_T_LIST: return "list";
    case PY_T_RANGE: return "range";
    case PY_T_FUNC: return "function";
    case PY_T_BUILTIN: return "builtin_function_or_method";
    default: return "undefined";
    }
}
