/* scope.c: CPython's symtable rule that a `global` statement must come before any use of or
 * assignment to the name in its scope ("name 'x' is used prior to global declaration").
 * An ordered walk of one scope's statements; nested function bodies are their own scopes.
 * Runs only for programs that contain a global statement. */
#include "ast.h"

enum { SEEN_USE = 1, SEEN_ASSIGN = 2 };

/* Names seen so far, as (name, flags) pairs on the state's scratch stack above `base`. */
typedef struct walk {
    py_state *s;
    size_t base;
} walk;

static py_status note(walk *w, py_str *name, uintptr_t flag) {
    py_state *s = w->s;
    if (!py_grow(s, (void **)&s->scratch, &s->capscratch, s->nscratch + 1, sizeof(void *)))
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    s->scratch[s->nscratch++] = name;
    s->scratch[s->nscratch++] = (void *)flag;
    return PY_OK;
}

static uintptr_t seen(const walk *w, const py_str *name) {
    uintptr_t flags = 0;
    for (size_t i = w->base; i + 1 < w->s->nscratch; i += 2)
        if (w->s->scratch[i] == name)
            flags |= (uintptr_t)w->s->scratch[i + 1];
    return flags;
}

static py_status uses_all(walk *w, py_expr **items, uint32_t n);

/* Every name an expression reads. */
static py_status uses(walk *w, const py_expr *e) {
    switch (e->kind) {
    case E_NAME: return note(w, e->u.name, SEEN_USE);
    case E_BINOP:
    case E_AND:
    case E_OR: return uses(w, e->u.bin.l) || uses(w, e->u.bin.r);
    case E_UNARY: return uses(w, e->u.operand);
    case E_COMPARE: return uses_all(w, e->u.cmp.items, e->u.cmp.n + 1);
    case E_IFEXP:
        return uses(w, e->u.ifx.cond) || uses(w, e->u.ifx.then) || uses(w, e->u.ifx.orelse);
    case E_CALL:
    case E_METHOD: return uses(w, e->u.call.fn) || uses_all(w, e->u.call.args, e->u.call.n);
    case E_INDEX: return uses(w, e->u.index.obj) || uses(w, e->u.index.index);
    case E_LIST:
    case E_TUPLE: return uses_all(w, e->u.list.items, e->u.list.n);
    default: return PY_OK; /* constants */
    }
}

static py_status uses_all(walk *w, py_expr **items, uint32_t n) {
    for (uint32_t i = 0; i < n; i++)
        if (uses(w, items[i]))
            return PY_ERROR;
    return PY_OK;
}

/* An assignment target: names are bound, a subscript's parts are read. */
static py_status binds(walk *w, const py_expr *t) {
    if (t->kind == E_NAME)
        return note(w, t->u.name, SEEN_ASSIGN);
    if (t->kind == E_TUPLE || t->kind == E_LIST) {
        for (uint32_t i = 0; i < t->u.list.n; i++)
            if (binds(w, t->u.list.items[i]))
                return PY_ERROR;
        return PY_OK;
    }
    return uses(w, t);
}

static py_status check_global(walk *w, const py_stmt *st) {
    for (uint32_t k = 0; k < st->u.global.n; k++) {
        const py_str *n = st->u.global.names[k];
        uintptr_t f = seen(w, n);
        if (f & SEEN_USE) /* CPython checks use before assignment */
            return py_raise(w->s, PY_EXC_SYNTAX_ERROR, (int)st->line,
                            "name '%s' is used prior to global declaration", n->data);
        if (f & SEEN_ASSIGN)
            return py_raise(w->s, PY_EXC_SYNTAX_ERROR, (int)st->line,
                            "name '%s' is assigned to before global declaration", n->data);
    }
    return PY_OK;
}

static py_status walk_block(walk *w, const py_block *b) {
    for (uint32_t i = 0; i < b->n; i++) {
        const py_stmt *st = b->items[i];
        py_status r = PY_OK;
        switch (st->kind) {
        case S_EXPR: r = uses(w, st->u.expr); break;
        case S_RETURN: r = st->u.expr ? uses(w, st->u.expr) : PY_OK; break;
        case S_ASSIGN:
            r = uses(w, st->u.assign.value);
            for (uint32_t k = 0; k < st->u.assign.n && !r; k++)
                r = binds(w, st->u.assign.targets[k]);
            break;
        case S_AUG: r = uses(w, st->u.aug.value) || binds(w, st->u.aug.target); break;
        case S_IF:
        case S_WHILE:
            r = uses(w, st->u.cond.cond) || walk_block(w, &st->u.cond.body) ||
                walk_block(w, &st->u.cond.orelse);
            break;
        case S_FOR:
            r = uses(w, st->u.loop.iter) || binds(w, st->u.loop.target) ||
                walk_block(w, &st->u.loop.body);
            break;
        case S_DEF: r = note(w, st->u.def.name, SEEN_ASSIGN); break; /* its body is a scope */
        case S_GLOBAL: r = check_global(w, st); break;
        default: break;
        }
        if (r)
            return r;
    }
    return PY_OK;
}

py_status py_check_global_order(py_state *s, const py_block *body) {
    walk w = {s, s->nscratch};
    py_status r = walk_block(&w, body);
    s->nscratch = w.base;
    return r;
}
