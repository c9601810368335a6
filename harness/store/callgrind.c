/* callgrind.c: callgrind.h's reader. One pass over the file's lines (header lines, name
 * specifications, cost lines) fills a table of functions (object, file, name, self cost) and
 * of caller -> callee edges (inclusive cost) with interned names and hash maps
 * (callgrind_parse.h); callgrind_tree.c grows the tree from them. Never prints. */
#include "callgrind.h"
#include "callgrind_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"
#include "model.h"

__extension__ typedef unsigned __int128 u128;

#define NONE SIZE_MAX
#define MAX_STRINGS ((size_t)1 << 21)   /* interned names: 21 bits each in a function's key */
#define MAX_FUNCTIONS ((size_t)1 << 31) /* 32 bits each in an edge's key */
#define MAX_NAME_ID ((uint64_t)1 << 56) /* the id space sits in the top byte of a map key */

/* The three name-compression id spaces. */
enum { SPACE_OB = 1, SPACE_FL = 2, SPACE_FN = 3 };

/* ---- a uint64 -> size_t hash map (open addressing) ---------------------------------------- */

static uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static size_t map_get(const map *m, uint64_t key) {
    if (m->cap == 0)
        return NONE;
    for (size_t i = mix64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (m->vals[i] == NONE)
            return NONE;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void map_insert(map *m, uint64_t key, size_t val) {
    size_t i = mix64(key) & (m->cap - 1);
    while (m->vals[i] != NONE && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    if (m->vals[i] == NONE)
        m->n++;
    m->keys[i] = key;
    m->vals[i] = val;
}

/* Sets key -> val (replacing). Returns false when out of memory. */
static bool map_put(map *m, uint64_t key, size_t val) {
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        map grown = {malloc(cap * sizeof *grown.keys), malloc(cap * sizeof *grown.vals), cap, 0};
        if (grown.keys == NULL || grown.vals == NULL) {
            free(grown.keys);
            free(grown.vals);
            return false;
        }
        for (size_t i = 0; i < cap; i++)
            grown.vals[i] = NONE;
        for (size_t i = 0; i < m->cap; i++)
            if (m->vals[i] != NONE)
                map_insert(&grown, m->keys[i], m->vals[i]);
        free(m->keys);
        free(m->vals);
        *m = grown;
    }
    map_insert(m, key, val);
    return true;
}

static void map_fini(map *m) {
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* arr (elements of `size` bytes, room for *cap) with room for at least `need` elements:
 * arr itself or its reallocation (*cap updated); NULL when out of memory (arr untouched). */
void *crit_callgrind_grow(void *arr, size_t *cap, size_t need, size_t size) {
    if (need <= *cap && arr != NULL)
        return arr;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    if (c > SIZE_MAX / size)
        return NULL;
    void *q = realloc(arr, c * size);
    if (q != NULL)
        *cap = c;
    return q;
}

/* ---- the parser --------------------------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
bad(parser *p, const char *fmt, ...) {
    if (p->err != NULL && p->errlen > 0) {
        int k = p->lineno ? snprintf(p->err, p->errlen, "%s:%zu: ", p->path, p->lineno)
                          : snprintf(p->err, p->errlen, "%s: ", p->path);
        if (k >= 0 && (size_t)k < p->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return -CRIT_EPARSE;
}

int crit_callgrind_nomem(parser *p) {
    if (p->err != NULL && p->errlen > 0)
        snprintf(p->err, p->errlen, "%s: out of memory", p->path);
    return -CRIT_ENOMEM;
}

void crit_callgrind_parser_fini(parser *p) {
    free(p->pool);
    free(p->str_off);
    free(p->str_next);
    map_fini(&p->strmap);
    map_fini(&p->ids);
    map_fini(&p->fnmap);
    map_fini(&p->edgemap);
    free(p->fns);
    free(p->edges);
}

static uint64_t hash_str(const char *s) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* The index of string s, interned on first sight; NONE with the error set on failure. */
static size_t intern(parser *p, const char *s, int *rc) {
    uint64_t h = hash_str(s);
    size_t head = map_get(&p->strmap, h);
    for (size_t i = head; i != NONE; i = p->str_next[i])
        if (strcmp(p->pool + p->str_off[i], s) == 0)
            return i;
    if (p->nstr >= MAX_STRINGS) {
        *rc = bad(p, "more than %zu distinct names", MAX_STRINGS);
        return NONE;
    }
    size_t len = strlen(s) + 1;
    char *pool = crit_callgrind_grow(p->pool, &p->pool_cap, p->pool_len + len, 1);
    if (pool != NULL)
        p->pool = pool;
    size_t *str_off =
        pool ? crit_callgrind_grow(p->str_off, &p->str_cap, p->nstr + 1, sizeof *str_off) : NULL;
    if (str_off != NULL)
        p->str_off = str_off;
    size_t *str_next = str_off ? crit_callgrind_grow(p->str_next, &p->next_cap, p->nstr + 1,
                                                     sizeof *str_next)
                               : NULL;
    if (str_next != NULL)
        p->str_next = str_next;
    if (str_next == NULL || !map_put(&p->strmap, h, p->nstr)) {
        *rc = crit_callgrind_nomem(p);
        return NONE;
    }
    memcpy(p->pool + p->pool_len, s, len);
    p->str_off[p->nstr] = p->pool_len;
    p->str_next[p->nstr] = head;
    p->pool_len += len;
    return p->nstr++;
}

/* The function (obj, file, name), added with no cost on first sight. */
static size_t function(parser *p, size_t obj, size_t file, size_t name, int *rc) {
    uint64_t key = (uint64_t)obj << 42 | (uint64_t)file << 21 | (uint64_t)name;
    size_t f = map_get(&p->fnmap, key);
    if (f != NONE)
        return f;
    if (p->nfns >= MAX_FUNCTIONS) {
        *rc = bad(p, "more than %zu functions", MAX_FUNCTIONS);
        return NONE;
    }
    fnrec *fns = crit_callgrind_grow(p->fns, &p->fns_cap, p->nfns + 1, sizeof *fns);
    if (fns != NULL)
        p->fns = fns;
    if (fns == NULL || !map_put(&p->fnmap, key, p->nfns)) {
        *rc = crit_callgrind_nomem(p);
        return NONE;
    }
    p->fns[p->nfns] = (fnrec){name, file, obj, 0};
    return p->nfns++;
}

/* Parses a whole token as a decimal or 0x-hexadecimal number: 0, 1 (not a number) or 2
 * (does not fit in 64 bits). */
static int parse_u64(const char *s, uint64_t *out) {
    uint64_t v = 0;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        s += 2;
        if (*s == '\0')
            return 1;
        for (; *s; s++) {
            int d = *s >= '0' && *s <= '9'   ? *s - '0'
                    : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
                    : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10
                                             : -1;
            if (d < 0)
                return 1;
            if (v > UINT64_MAX >> 4)
                return 2;
            v = v << 4 | (uint64_t)d;
        }
    } else {
        if (*s == '\0')
            return 1;
        for (; *s; s++) {
            if (*s < '0' || *s > '9')
                return 1;
            uint64_t d = (uint64_t)(*s - '0');
            if (v > (UINT64_MAX - d) / 10)
                return 2;
            v = v * 10 + d;
        }
    }
    *out = v;
    return 0;
}

/* The next space- or tab-separated token of *cur, NUL-terminated in place; NULL at the end. */
static char *next_token(char **cur) {
    char *s = *cur;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '\0') {
        *cur = s;
        return NULL;
    }
    char *t = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    *cur = s;
    return t;
}

static int number(parser *p, const char *tok, const char *what, uint64_t *out) {
    switch (parse_u64(tok, out)) {
    case 0: return 0;
    case 2: return bad(p, "%s %s does not fit in 64 bits", what, tok);
    default: return bad(p, "%s \"%s\" is not a number", what, tok);
    }
}

/* A subposition: a number, "+number", "-number" or "*" (values are not needed). */
static int subposition(parser *p, const char *tok) {
    uint64_t v;
    if (strcmp(tok, "*") == 0)
        return 0;
    return number(p, tok[0] == '+' || tok[0] == '-' ? tok + 1 : tok, "position", &v);
}

/* The numbers of a "summary:"/"totals:" line or the costs of a cost line, after the
 * positions: at most nevents, the rest 0. */
static int costs(parser *p, char *s, uint64_t *vals, const char *what) {
    size_t n = 0;
    memset(vals, 0, CRIT_CALLGRIND_MAX_EVENTS * sizeof *vals);
    for (char *tok; (tok = next_token(&s)) != NULL; n++) {
        if (n >= p->tot->nevents)
            return bad(p, "more numbers than events (%zu) on the %s line", p->tot->nevents, what);
        int rc = number(p, tok, what, &vals[n]);
        if (rc)
            return rc;
    }
    return 0;
}

static int header_line(parser *p, const char *key, char *value) {
    if (strcmp(key, "events") == 0) {
        if (p->have_events)
            return bad(p, "a second events: line (only files of one part are read)");
        size_t n = 0;
        for (char *tok; (tok = next_token(&value)) != NULL; n++) {
            if (n >= CRIT_CALLGRIND_MAX_EVENTS)
                return bad(p, "more than %d events", CRIT_CALLGRIND_MAX_EVENTS);
            if (strlen(tok) >= CRIT_CALLGRIND_EVENT_LEN)
                return bad(p, "event name %.40s... is too long", tok);
            memcpy(p->tot->names[n], tok, strlen(tok) + 1);
        }
        if (n == 0)
            return bad(p, "the events: line names no event");
        p->tot->nevents = n;
        p->have_events = true;
        return 0;
    }
    if (strcmp(key, "positions") == 0) {
        size_t n = 0;
        for (char *tok; (tok = next_token(&value)) != NULL; n++)
            if (strcmp(tok, "instr") != 0 && strcmp(tok, "bb") != 0 && strcmp(tok, "line") != 0)
                return bad(p, "unknown position \"%s\" (instr, bb or line)", tok);
        if (n == 0)
            return bad(p, "the positions: line names no position");
        p->npos = n;
        return 0;
    }
    bool totals = strcmp(key, "totals") == 0;
    if (totals || strcmp(key, "summary") == 0) {
        if (!p->have_events)
            return bad(p, "%s: before the events: line", key);
        if (totals ? p->have_totals : p->have_summary)
            return bad(p, "a second %s: line", key);
        int rc = costs(p, value, totals ? p->tot->values : p->summary,
                       totals ? "totals:" : "summary:");
        if (rc)
            return rc;
        *(totals ? &p->have_totals : &p->have_summary) = true;
        return 0;
    }
    return 0; /* version, creator, pid, cmd, part, desc, event, thread, ...: not needed */
}

/* The string a name specification's value stands for: "name", "(id) name" (defines id) or
 * "(id)" (refers to it). */
static size_t name_of(parser *p, int space, char *v, int *rc) {
    while (*v == ' ' || *v == '\t')
        v++;
    if (v[0] == '(' && v[1] >= '0' && v[1] <= '9') {
        char *close = strchr(v, ')');
        if (close == NULL)
            return *rc = bad(p, "name id without its closing parenthesis"), NONE;
        *close = '\0';
        uint64_t id;
        if ((*rc = number(p, v + 1, "name id", &id)) != 0)
            return NONE;
        if (id >= MAX_NAME_ID)
            return *rc = bad(p, "name id %s is too large", v + 1), NONE;
        uint64_t key = (uint64_t)space << 56 | id;
        char *rest = close + 1;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (*rest == '\0') {
            size_t s = map_get(&p->ids, key);
            if (s == NONE)
                *rc = bad(p, "name id (%s) used before it is defined", v + 1);
            return s;
        }
        size_t s = intern(p, rest, rc);
        if (s != NONE && !map_put(&p->ids, key, s))
            return *rc = crit_callgrind_nomem(p), NONE;
        return s;
    }
    if (*v == '\0')
        return *rc = bad(p, "empty name"), NONE;
    return intern(p, v, rc);
}

static int spec_line(parser *p, const char *key, char *value) {
    int rc = 0;
    if (strcmp(key, "ob") == 0) {
        p->cur_ob = name_of(p, SPACE_OB, value, &rc);
    } else if (strcmp(key, "fl") == 0 || strcmp(key, "fi") == 0 || strcmp(key, "fe") == 0) {
        p->cur_file = name_of(p, SPACE_FL, value, &rc);
    } else if (strcmp(key, "fn") == 0) {
        size_t name = name_of(p, SPACE_FN, value, &rc);
        if (rc == 0)
            p->cur_fn = function(p, p->cur_ob, p->cur_file, name, &rc);
        p->cob = p->cfi = p->cfn = NONE;
    } else if (strcmp(key, "cob") == 0) {
        p->cob = name_of(p, SPACE_OB, value, &rc);
    } else if (strcmp(key, "cfi") == 0 || strcmp(key, "cfl") == 0) {
        p->cfi = name_of(p, SPACE_FL, value, &rc);
    } else if (strcmp(key, "cfn") == 0) {
        size_t name = name_of(p, SPACE_FN, value, &rc);
        if (rc == 0)
            p->cfn = function(p, p->cob != NONE ? p->cob : p->cur_ob,
                              p->cfi != NONE ? p->cfi : p->cur_file, name, &rc);
        p->cob = p->cfi = NONE;
    } else if (strcmp(key, "calls") == 0) {
        if (p->cfn == NONE || p->cur_fn == NONE)
            return bad(p, "calls= without a fn= and a cfn= line before it");
        char *tok = next_token(&value);
        uint64_t count;
        if (tok == NULL)
            return bad(p, "calls= without a count");
        if ((rc = number(p, tok, "call count", &count)) != 0)
            return rc;
        while ((tok = next_token(&value)) != NULL)
            if ((rc = subposition(p, tok)) != 0)
                return rc;
        p->call_pending = true;
        p->call_line = p->lineno;
    } else if (strcmp(key, "jfi") == 0) {
        name_of(p, SPACE_FL, value, &rc); /* may define an id */
    } else if (strcmp(key, "jfn") == 0) {
        name_of(p, SPACE_FN, value, &rc);
    }
    /* jump=, jcnd= and keys of later formats: nothing the tree needs */
    return rc;
}

static int cost_line(parser *p, char *s) {
    char *tok;
    for (size_t i = 0; i < p->npos; i++) {
        if ((tok = next_token(&s)) == NULL)
            return bad(p, "cost line with fewer than %zu positions", p->npos);
        int rc = subposition(p, tok);
        if (rc)
            return rc;
    }
    uint64_t vals[CRIT_CALLGRIND_MAX_EVENTS];
    int rc = costs(p, s, vals, "cost");
    if (rc)
        return rc;
    if (p->call_pending) {
        p->call_pending = false;
        uint64_t key = (uint64_t)p->cur_fn << 32 | (uint64_t)p->cfn;
        size_t e = map_get(&p->edgemap, key);
        if (e == NONE) {
            edgerec *edges = crit_callgrind_grow(p->edges, &p->edges_cap, p->nedges + 1,
                                                 sizeof *edges);
            if (edges != NULL)
                p->edges = edges;
            if (edges == NULL || !map_put(&p->edgemap, key, p->nedges))
                return crit_callgrind_nomem(p);
            e = p->nedges++;
            p->edges[e] = (edgerec){p->cur_fn, p->cfn, 0};
        }
        if (p->edges[e].cost > UINT64_MAX - vals[0])
            return bad(p, "the calls of one function to another cost more than 64 bits");
        p->edges[e].cost += vals[0];
        return 0;
    }
    if (p->cur_fn == NONE)
        return bad(p, "cost line before any fn= line");
    if (p->self_sum > UINT64_MAX - vals[0])
        return bad(p, "the cost lines add up to more than 64 bits");
    p->self_sum += vals[0];
    p->fns[p->cur_fn].self += vals[0]; /* <= self_sum */
    return 0;
}

static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

static int line(parser *p, char *s) {
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == '\r')
        s[--n] = '\0';
    const char *t = s;
    while (*t == ' ' || *t == '\t')
        t++;
    if (*t == '\0' || *t == '#')
        return 0;
    char c = s[0];
    bool is_cost = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '*';
    if (p->call_pending && !is_cost)
        return bad(p, "the calls= line %zu is not followed by its cost line", p->call_line);
    if (is_cost) {
        if (!p->have_events)
            return bad(p, "cost line before the events: line");
        return p->body ? cost_line(p, s) : 0;
    }
    size_t k = 0;
    while (is_lower(s[k]))
        k++;
    if (k > 0 && s[k] == '=') {
        if (!p->body)
            return 0;
        s[k] = '\0';
        return spec_line(p, s, s + k + 1);
    }
    char *colon = strchr(s, ':');
    bool header = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) && colon != NULL &&
                  memchr(s, '=', (size_t)(colon - s)) == NULL;
    if (!header)
        return bad(p, "not a line of a callgrind profile");
    *colon = '\0';
    return header_line(p, s, colon + 1);
}

/* Reads and checks the file into p (p->body: the functions and edges too). */
int crit_callgrind_parse(parser *p, const char *path, bool body, crit_callgrind_totals *tot,
                         char *err, size_t errlen) {
    memset(p, 0, sizeof *p);
    memset(tot, 0, sizeof *tot);
    p->path = path;
    p->err = err;
    p->errlen = errlen;
    p->body = body;
    p->tot = tot;
    p->npos = 1;
    p->cur_fn = p->cob = p->cfi = p->cfn = NONE;
    char *text;
    size_t len;
    int rc = crit_fs_read_file(path, &text, &len, err, errlen);
    if (rc)
        return rc;
    char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        p->lineno = 1;
        for (const char *q = text; q < nul; q++)
            p->lineno += *q == '\n';
        free(text);
        return bad(p, "not a text file (a NUL byte)");
    }
    int sid_rc = 0;
    p->cur_ob = p->cur_file = intern(p, "", &sid_rc); /* no ob=/fl= yet */
    if (sid_rc) {
        free(text);
        return sid_rc;
    }
    for (char *s = text; rc == 0 && s < text + len;) {
        char *eol = strchr(s, '\n');
        if (eol != NULL)
            *eol = '\0';
        p->lineno++;
        rc = line(p, s);
        s = eol != NULL ? eol + 1 : text + len;
    }
    free(text);
    if (rc)
        return rc;
    p->lineno = 0;
    if (p->call_pending)
        return bad(p, "the calls= line %zu is not followed by its cost line", p->call_line);
    if (!p->have_events)
        return bad(p, "no events: line (not a callgrind profile?)");
    if (!p->have_totals && !p->have_summary)
        return bad(p, "no totals: or summary: line");
    if (!p->have_totals) {
        memcpy(tot->values, p->summary, sizeof tot->values);
        tot->from_summary = true;
    }
    if (body && p->have_totals && p->self_sum != tot->values[0])
        return bad(p, "the cost lines add up to %llu %s but the totals: line says %llu",
                   (unsigned long long)p->self_sum, tot->names[0],
                   (unsigned long long)tot->values[0]);
    return 0;
}

int crit_callgrind_read_totals(const char *path, crit_callgrind_totals *out, char *err,
                               size_t errlen) {
    parser p;
    int rc = crit_callgrind_parse(&p, path, false, out, err, errlen);
    crit_callgrind_parser_fini(&p);
    if (rc)
        memset(out, 0, sizeof *out);
    return rc;
}

uint64_t crit_callgrind_event(const crit_callgrind_totals *t, const char *name, bool *found) {
    for (size_t i = 0; i < t->nevents && i < CRIT_CALLGRIND_MAX_EVENTS; i++)
        if (strcmp(t->names[i], name) == 0) {
            if (found)
                *found = true;
            return t->values[i];
        }
    if (found)
        *found = false;
    return 0;
}
