/* callgrind_parse.h: what callgrind.c's one-pass reader leaves for callgrind_tree.c, which grows
 * the flame-graph tree from it: the interned names, the functions with their self cost and the
 * caller -> callee edges with their inclusive cost. Private to store/ (those two files). */
#ifndef CRIT_CALLGRIND_PARSE_H
#define CRIT_CALLGRIND_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "callgrind.h"

/* A uint64 -> size_t hash map (open addressing). */
typedef struct map {
    uint64_t *keys;
    size_t *vals; /* NONE: empty slot */
    size_t cap, n;
} map;

typedef struct fnrec {
    size_t name, file, obj; /* interned string indices */
    uint64_t self;
} fnrec;

typedef struct edgerec {
    size_t from, to; /* function indices */
    uint64_t cost;   /* inclusive cost of all these calls (first event) */
} edgerec;

typedef struct parser {
    const char *path;
    char *err;
    size_t errlen;
    size_t lineno;
    bool body; /* interpret body lines (the tree), not only the header */
    crit_callgrind_totals *tot;
    bool have_events, have_totals, have_summary;
    uint64_t summary[CRIT_CALLGRIND_MAX_EVENTS];
    size_t npos; /* subpositions at the start of a cost line */
    /* interned strings: pool holds them NUL-terminated, str_off[i] is string i's offset */
    char *pool;
    size_t pool_len, pool_cap;
    size_t *str_off;
    size_t nstr, str_cap;
    map strmap; /* string hash -> index, chained through str_next on collisions */
    size_t *str_next;
    size_t next_cap;
    map ids;     /* (id space << 56 | id) -> string index */
    map fnmap;   /* (obj, file, name) -> function index */
    map edgemap; /* (from << 32 | to) -> edge index */
    fnrec *fns;
    size_t nfns, fns_cap;
    edgerec *edges;
    size_t nedges, edges_cap;
    /* position state */
    size_t cur_ob, cur_file, cur_fn; /* strings, strings, function; NONE when unset */
    size_t cob, cfi;                 /* pending for the next cfn=, NONE when not given */
    size_t cfn;                      /* the call target, NONE when unset */
    bool call_pending;               /* a calls= line waits for its cost line */
    size_t call_line;
    uint64_t self_sum;
} parser;

/* Reads and checks the callgrind file at path into p (zeroed first); with `body` the functions
 * and edges too, and their costs must add up to the totals: line. 0, or -CRIT_E* with err
 * set ("path:line: ..."). Release p with crit_callgrind_parser_fini either way. */
int crit_callgrind_parse(parser *p, const char *path, bool body, crit_callgrind_totals *tot,
                         char *err, size_t errlen);
/* Sets "path: out of memory" as p's error and returns -CRIT_ENOMEM. */
int crit_callgrind_nomem(parser *p);
/* Frees what crit_callgrind_parse allocated in p. */
void crit_callgrind_parser_fini(parser *p);
/* arr (elements of `size` bytes, room for *cap) with room for at least `need` elements: arr
 * itself or its reallocation (*cap updated); NULL when out of memory (arr untouched). */
void *crit_callgrind_grow(void *arr, size_t *cap, size_t need, size_t size);

#endif
