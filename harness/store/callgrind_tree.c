/* callgrind_tree.c: callgrind.h's flame-graph tree, grown from the root functions over the
 * caller -> callee edges that callgrind.c's reader collected (callgrind.h states the rule). */
#include <stdlib.h>
#include <string.h>

#include "callgrind.h"
#include "callgrind_parse.h"
#include "model.h"

__extension__ typedef unsigned __int128 u128;

#define NONE SIZE_MAX

/* ---- the tree ----------------------------------------------------------------------------- */

typedef struct child {
    size_t fn;
    uint64_t cost;
    const char *name, *file;
} child;

typedef struct builder {
    const parser *p;
    const edgerec *out; /* edges sorted by caller: out[off[f] .. off[f + 1]) */
    const size_t *off;
    bool *on_path;
    uint64_t total;
    crit_callgrind_node *nodes;
    size_t n, cap;
} builder;

static const char *str(const parser *p, size_t s) { return p->pool + p->str_off[s]; }

static uint64_t sat_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

static int cmp_child(const void *a, const void *b) {
    const child *x = a, *y = b;
    if (x->cost != y->cost)
        return x->cost > y->cost ? -1 : 1;
    int c = strcmp(x->name, y->name);
    if (c == 0)
        c = strcmp(x->file, y->file);
    return c != 0 ? c : (x->fn > y->fn) - (x->fn < y->fn);
}

static int cmp_edge(const void *a, const void *b) {
    const edgerec *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    return (x->to > y->to) - (x->to < y->to);
}

static bool wide_enough(const builder *b, uint64_t cost) {
    return cost > 0 && (u128)cost * 1000 >= (u128)b->total * CRIT_CALLGRIND_TREE_MIN_PERMILLE;
}

/* Appends the children kids[0..n) of node `parent` (sorted, contiguous). */
static bool append_children(builder *b, size_t parent, const child *kids, size_t n) {
    crit_callgrind_node *nodes = crit_callgrind_grow(b->nodes, &b->cap, b->n + n, sizeof *nodes);
    if (nodes == NULL)
        return false;
    b->nodes = nodes;
    crit_callgrind_node *up = &b->nodes[parent];
    up->first_child = b->n;
    up->nchildren = n;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        const fnrec *f = &b->p->fns[kids[i].fn];
        b->nodes[b->n++] = (crit_callgrind_node){str(b->p, f->name),
                                                 str(b->p, f->file),
                                                 str(b->p, f->obj),
                                                 kids[i].cost,
                                                 kids[i].cost,
                                                 parent,
                                                 CRIT_CALLGRIND_NO_NODE,
                                                 0,
                                                 b->nodes[parent].depth + 1};
        sum += kids[i].cost;
    }
    b->nodes[parent].self = b->nodes[parent].cost - sum;
    return true;
}

/* Grows the frames above node `node`, a frame of function f (see callgrind.h). */
static int expand(builder *b, size_t node, size_t f) {
    const crit_callgrind_node *nd = &b->nodes[node];
    uint64_t w = nd->cost;
    if (nd->depth >= CRIT_CALLGRIND_TREE_MAX_DEPTH || w == 0)
        return 0;
    uint64_t d = b->p->fns[f].self;
    size_t lo = b->off[f], hi = b->off[f + 1];
    for (size_t i = lo; i < hi; i++)
        if (!b->on_path[b->out[i].to])
            d = sat_add(d, b->out[i].cost);
    if (d == 0 || hi == lo)
        return 0;
    child *kids = malloc((hi - lo) * sizeof *kids);
    if (kids == NULL)
        return -CRIT_ENOMEM;
    size_t n = 0;
    for (size_t i = lo; i < hi; i++) {
        const edgerec *e = &b->out[i];
        if (b->on_path[e->to])
            continue;
        uint64_t cw = (uint64_t)((u128)w * e->cost / d); /* <= w: e->cost <= d */
        if (wide_enough(b, cw))
            kids[n++] = (child){e->to, cw, str(b->p, b->p->fns[e->to].name),
                                str(b->p, b->p->fns[e->to].file)};
    }
    qsort(kids, n, sizeof *kids, cmp_child);
    int rc = 0;
    if (n > 0 && !append_children(b, node, kids, n))
        rc = -CRIT_ENOMEM;
    size_t first = b->nodes[node].first_child;
    for (size_t i = 0; i < n && rc == 0; i++) {
        b->on_path[kids[i].fn] = true;
        rc = expand(b, first + i, kids[i].fn);
        b->on_path[kids[i].fn] = false;
    }
    free(kids);
    return rc;
}

/* Marks what f reaches (iteratively; stack holds up to nfns entries). */
static void reach(const builder *b, size_t f, bool *seen, size_t *stack) {
    size_t top = 0;
    if (seen[f])
        return;
    seen[f] = true;
    stack[top++] = f;
    while (top > 0) {
        size_t g = stack[--top];
        for (size_t i = b->off[g]; i < b->off[g + 1]; i++)
            if (!seen[b->out[i].to]) {
                seen[b->out[i].to] = true;
                stack[top++] = b->out[i].to;
            }
    }
}

static int build(parser *p, crit_callgrind_tree *t) {
    size_t nf = p->nfns;
    builder b = {.p = p};
    size_t *off = calloc(nf + 2, sizeof *off);
    bool *on_path = calloc(nf + 1, sizeof *on_path);
    bool *called = calloc(nf + 1, sizeof *called);
    bool *seen = calloc(nf + 1, sizeof *seen);
    size_t *stack = malloc((nf + 1) * sizeof *stack);
    uint64_t *width = malloc((nf + 1) * sizeof *width);
    child *roots = malloc((nf + 1) * sizeof *roots);
    int rc = 0;
    if (!off || !on_path || !called || !seen || !stack || !width || !roots) {
        rc = crit_callgrind_nomem(p);
        goto out;
    }
    if (p->nedges > 0)
        qsort(p->edges, p->nedges, sizeof *p->edges, cmp_edge);
    for (size_t i = 0; i < p->nedges; i++)
        off[p->edges[i].from + 1]++;
    for (size_t f = 0; f < nf; f++)
        off[f + 1] += off[f];
    b.out = p->edges;
    b.off = off;
    b.on_path = on_path;
    /* a root's width: self plus calls to other functions */
    for (size_t f = 0; f < nf; f++) {
        width[f] = p->fns[f].self;
        for (size_t i = off[f]; i < off[f + 1]; i++)
            if (p->edges[i].to != f) {
                width[f] = sat_add(width[f], p->edges[i].cost);
                called[p->edges[i].to] = true;
            }
    }
    size_t nroots = 0;
    for (size_t f = 0; f < nf; f++)
        if (!called[f] && width[f] > 0) {
            roots[nroots++] = (child){f, width[f], str(p, p->fns[f].name), str(p, p->fns[f].file)};
            reach(&b, f, seen, stack);
        }
    /* functions with self cost that no root reaches: the widest first. They are listed
     * after the roots and moved down over themselves (roots[nroots] never passes extra[i]). */
    size_t nextra = 0;
    child *extra = roots + nroots;
    for (size_t f = 0; f < nf; f++)
        if (!seen[f] && p->fns[f].self > 0)
            extra[nextra++] = (child){f, width[f], str(p, p->fns[f].name), str(p, p->fns[f].file)};
    qsort(extra, nextra, sizeof *extra, cmp_child);
    for (size_t i = 0; i < nextra; i++)
        if (!seen[extra[i].fn]) {
            roots[nroots++] = extra[i];
            reach(&b, extra[i].fn, seen, stack);
        }
    uint64_t total = 0;
    for (size_t i = 0; i < nroots; i++)
        total = sat_add(total, roots[i].cost);
    b.total = total;
    b.nodes = crit_callgrind_grow(NULL, &b.cap, 1, sizeof *b.nodes);
    if (b.nodes == NULL) {
        rc = crit_callgrind_nomem(p);
        goto out;
    }
    b.nodes[0] = (crit_callgrind_node){
        "all", "", "", total, total, CRIT_CALLGRIND_NO_NODE, CRIT_CALLGRIND_NO_NODE, 0, 0};
    b.n = 1;
    qsort(roots, nroots, sizeof *roots, cmp_child);
    size_t keep = 0;
    for (size_t i = 0; i < nroots; i++)
        if (wide_enough(&b, roots[i].cost))
            roots[keep++] = roots[i];
    if (keep > 0 && !append_children(&b, 0, roots, keep)) {
        rc = crit_callgrind_nomem(p);
        goto out;
    }
    for (size_t i = 0; i < keep && rc == 0; i++) {
        on_path[roots[i].fn] = true;
        rc = expand(&b, 1 + i, roots[i].fn);
        on_path[roots[i].fn] = false;
    }
    if (rc) {
        rc = crit_callgrind_nomem(p);
        goto out;
    }
    t->nodes = b.nodes;
    t->nnodes = b.n;
    b.nodes = NULL;
out:
    free(b.nodes);
    free(off);
    free(on_path);
    free(called);
    free(seen);
    free(stack);
    free(width);
    free(roots);
    return rc;
}

int crit_callgrind_read_tree(const char *path, crit_callgrind_tree *out, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    parser p;
    int rc = crit_callgrind_parse(&p, path, true, &out->totals, err, errlen);
    if (rc == 0)
        rc = build(&p, out);
    if (rc == 0) {
        out->strings = p.pool; /* the nodes' names point into it */
        p.pool = NULL;
    } else {
        free(out->nodes);
        memset(out, 0, sizeof *out);
    }
    crit_callgrind_parser_fini(&p);
    return rc;
}

void crit_callgrind_tree_fini(crit_callgrind_tree *t) {
    if (t == NULL)
        return;
    free(t->nodes);
    free(t->strings);
    memset(t, 0, sizeof *t);
}
