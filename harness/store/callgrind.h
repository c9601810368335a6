/* callgrind.h: reads the profiles valgrind --tool=callgrind writes (valgrind's "Callgrind
 * Format Specification", version 1: https://valgrind.org/docs/manual/cl-format.html): the
 * total of each event, and a call tree of the first event (Ir) for a flame graph. One part
 * per file (callgrind's default: one file per dump). Private to libcrit (store/). Never
 * prints: errors are -CRIT_E* codes (model.h) with a one-line message naming the file (and
 * the line, for a line that cannot be read) in the caller's err buffer.
 *
 * What is read: the header lines "events:", "positions:" (instr, bb and/or line; default
 * line), "summary:" and "totals:" (other "key: value" lines are skipped); the body's
 * ob= fl= fi= fe= fn= cob= cfi= cfl= cfn= calls= lines with name compression ("fn=(12) name"
 * defines id 12, a later "fn=(12)" refers to it; one id space for ob/cob, one for
 * fl/fi/fe/cfi/cfl/jfi, one for fn/cfn/jfn); cost lines with absolute, relative ("+3", "-2")
 * and repeated ("*") subpositions, decimal or 0x-hexadecimal numbers, trailing zero costs
 * left out. jump=/jcnd= lines are skipped. Numbers must fit in 64 bits. */
#ifndef CRIT_CALLGRIND_H
#define CRIT_CALLGRIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRIT_CALLGRIND_MAX_EVENTS 16 /* events on the "events:" line, at most */
#define CRIT_CALLGRIND_EVENT_LEN 32  /* bytes of an event name with its NUL, at most */

/* ---- totals ------------------------------------------------------------------------------- */

/* The events of a profile and their totals: "events: Ir" alone, or with --cache-sim=yes
 * "Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw". Plain value: nothing to free. */
typedef struct crit_callgrind_totals {
    size_t nevents; /* 1 .. CRIT_CALLGRIND_MAX_EVENTS */
    char names[CRIT_CALLGRIND_MAX_EVENTS][CRIT_CALLGRIND_EVENT_LEN];
    uint64_t values[CRIT_CALLGRIND_MAX_EVENTS]; /* in the order of names */
    bool from_summary; /* no "totals:" line: the values are the "summary:" line's */
} crit_callgrind_totals;

/* Reads the "events:" line and the "totals:" line (the sum of every cost line, which callgrind
 * writes last) or, when there is none, the "summary:" line, into *out. Body lines are
 * recognised but not interpreted (crit_callgrind_read_tree checks them). Returns 0;
 * -CRIT_ENOENT (no such file), -CRIT_EIO (unreadable), -CRIT_ENOMEM, or -CRIT_EPARSE: no
 * "events:" line, more than one, an event name too long or more than 16 events, neither
 * "totals:" nor "summary:", more values than events, a number that is not one or does not
 * fit in 64 bits, a line that is not callgrind's. *out is zeroed on failure. */
int crit_callgrind_read_totals(const char *path, crit_callgrind_totals *out, char *err,
                               size_t errlen);

/* The total of event `name` ("Ir", "D1mr"; exact match). *found (may be NULL) says whether
 * the profile has the event; an absent event reads 0. */
uint64_t crit_callgrind_event(const crit_callgrind_totals *t, const char *name, bool *found);

/* ---- call tree ---------------------------------------------------------------------------- */

/* Function frames above the root, at most; frames narrower than MIN_PERMILLE per mille of
 * the root's cost are dropped; the parent (and first child) of a node that has none. */
#define CRIT_CALLGRIND_TREE_MAX_DEPTH 64
#define CRIT_CALLGRIND_TREE_MIN_PERMILLE 1
#define CRIT_CALLGRIND_NO_NODE SIZE_MAX

/* One frame of the tree: a function on one call path. */
typedef struct crit_callgrind_node {
    const char *name;   /* callgrind's function name, e.g. "parse", "fib'2" (callgrind's mark
                         * for a recursion level), "0x000000000001ab70" (no symbol); "all" for
                         * nodes[0] */
    const char *file;   /* the function's source file as callgrind names it ("???": none); ""
                         * for nodes[0] */
    const char *object; /* its ELF object (ob=); "" when the file names none, and for nodes[0] */
    uint64_t cost;      /* inclusive cost of the frame (its width): self + the children's */
    uint64_t self;      /* cost not in a child: the function's own, plus what was lumped in
                         * (children too narrow, calls back into the path, the depth cap) */
    size_t parent;      /* index in nodes; CRIT_CALLGRIND_NO_NODE for nodes[0] */
    size_t first_child; /* children: nodes[first_child .. first_child + nchildren), widest
                         * first (ties by name, file) */
    size_t nchildren;
    unsigned depth; /* 0 for nodes[0], 1 for the root functions */
} crit_callgrind_node;

/* A call tree of the profile's first event, for a flame graph.
 *
 * How it is built. Callgrind keeps, per function, its self cost and one edge per
 * caller -> callee pair with the inclusive cost of all those calls, not whole stacks, so a
 * tree of paths has to be estimated:
 *   - nodes[0] is a synthetic root "all"; its children are the root functions: those no
 *     other function calls (calls to itself aside) with any cost, then, widest first, any
 *     function with self cost that these do not reach (a cycle entered from nowhere). A root
 *     function's width is its self cost plus its calls to other functions.
 *   - A frame of function F with width w, on a path P (its ancestors and F), gets one child
 *     per callee G not on P: width w * c(F->G) / D, rounded down, where
 *     D = self(F) + the sum of c(F->H) over the callees H not on P. So a function's
 *     inclusive cost is split among its callers by the caller->callee edges, and its own
 *     profile (self and callees) is spread over each of its frames in proportion: deeper
 *     paths are distributed proportionally, as if every call of F cost the same mix.
 *   - Calls back into the path (recursion, F->F or through other functions) are not
 *     expanded again (cycle protection); they are left out of D, so their cost stays
 *     spread over F's self and other children. Callgrind's own recursion levels ("fib'2")
 *     are distinct functions and show as such.
 *   - A child narrower than CRIT_CALLGRIND_TREE_MIN_PERMILLE per mille of nodes[0].cost is
 *     dropped, its width lumped into the parent's self; frames at depth
 *     CRIT_CALLGRIND_TREE_MAX_DEPTH are not expanded (their callees count as self).
 * Exact where the graph is a tree (every function called from one place): then every frame's
 * cost is callgrind's inclusive cost of that function. Always: each frame's cost is self plus
 * its children's, and no frame is wider than its parent.
 *
 * Functions are told apart by object, file and name (fn= takes the file of the last fl=,
 * fi= or fe= line, cfn= the cfi=/cfl= just before it or that same current file, as callgrind
 * writes them); several fn= blocks of one function are merged, and so are several calls=
 * lines of one caller -> callee pair.
 *
 * Ownership: the caller owns the struct and frees what it holds with
 * crit_callgrind_tree_fini; node names point into it and die with it. */
typedef struct crit_callgrind_tree {
    crit_callgrind_totals totals; /* as crit_callgrind_read_totals reads them */
    size_t nnodes;                /* >= 1 */
    crit_callgrind_node *nodes;   /* nodes[0]: the root "all" (cost: the tree's total) */
    char *strings;                /* owned: the names the nodes point into */
} crit_callgrind_tree;

/* Reads the profile at path and builds its call tree for the first event into *out (zeroed
 * first; on failure nothing is left to free). Checks every body line, and that the cost
 * lines add up to the "totals:" line when there is one. Returns 0; -CRIT_ENOENT, -CRIT_EIO,
 * -CRIT_ENOMEM; -CRIT_EPARSE for everything crit_callgrind_read_totals refuses and: a cost
 * line before any fn= line, more costs than events, a calls= line without a cfn= before it or
 * without its cost line after it, a reference to an undefined name id, a cost sum over 64
 * bits, cost lines that do not add up to "totals:". An empty profile (total 0) gives a
 * tree of the root alone. */
int crit_callgrind_read_tree(const char *path, crit_callgrind_tree *out, char *err, size_t errlen);

/* Frees what the tree holds and zeroes it (a zeroed tree is fine). */
void crit_callgrind_tree_fini(crit_callgrind_tree *t);

#endif
