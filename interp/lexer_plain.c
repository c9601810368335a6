/* lexer_plain.c: stage 1's fast path, one pass over plain code: ASCII names and keywords,
 * decimal ints, operators and brackets, indentation by spaces, comments, blank lines and line
 * breaks inside brackets, simple strings. Anything else (other strings, floats, tabs, \r, backslashes, non-ASCII, NUL
 * and every lexical error) makes it return false before s->ntoks is set, and lexer.c's general
 * tokenizer starts over from the first byte. Strings are taken when they are one-line, unprefixed,
 * ASCII and single-quoted (' or ", escapes included). The tokens are exactly the general tokenizer's;
 * test_py_lexer.c checks that on every conformance program. */
#include <stddef.h>
#include <string.h>

#include "lexer.h"

enum { C_BAIL, C_SPACE, C_NL, C_HASH, C_DIGIT, C_ID, C_OPEN, C_CLOSE, C_OP, C_QUOTE };

/* The class of each byte; bytes >= 0x80 are C_BAIL (the upper half is zero). */
static const uint8_t char_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, /* \n */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* */
    1, 8, 9, 3, 0, 8, 8, 9, 6, 7, 8, 8, 8, 8, 8, 8, /* space ! " # $ % & ' ( ) * + , - . / */
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 0, /* 0-9 : ; < = > ? */
    8, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* @ A-O */
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 0, 7, 8, 5, /* P-Z [ \ ] ^ _ */
    0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, /* ` a-o */
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 8, 7, 8, 0, /* p-z { | } ~ DEL */
};

/* One token, as two 64-bit stores on a little-endian machine (field by field, gcc packs the
 * four values in vector registers first, which costs more than the stores). */
static inline void store_token(py_token *t, uint32_t kind, uint32_t line, uint32_t start,
                               uint32_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    _Static_assert(offsetof(py_token, line) == 4 && offsetof(py_token, start) == 8 &&
                       offsetof(py_token, len) == 12 && sizeof(py_token) == 16,
                   "py_token is four consecutive uint32_t");
    uint64_t a = (uint64_t)kind | (uint64_t)line << 32, b = (uint64_t)start | (uint64_t)len << 32;
    memcpy(t, &a, sizeof a);
    memcpy((char *)t + sizeof a, &b, sizeof b);
#else
    t->kind = kind;
    t->line = line;
    t->start = start;
    t->len = len;
#endif
}

/* Makes room for `more` tokens after t, moving the array (NULL when out of memory). */
static py_token *reserve(py_state *s, py_token *t, size_t more) {
    size_t used = (size_t)(t - s->toks);
    if (!py_grow(s, (void **)&s->toks, &s->captoks, used + more - 1, sizeof(py_token)))
        return NULL;
    return s->toks + used;
}

/* Appends a token at t (a local of py_lex_plain), growing the array when it is full. */
#define PUT(k, ln, st, n)                                           \
    do {                                                            \
        if (UNLIKELY(t == tend)) {                                  \
            if (!(t = reserve(s, t, 64)))                           \
                return false;                                       \
            tend = s->toks + s->captoks;                            \
        }                                                           \
        store_token(t++, (k), (ln), (uint32_t)(st), (uint32_t)(n)); \
    } while (0)

/* The indentation stack, as the general tokenizer's (spaces only, so no tab consistency). */
typedef struct indents {
    int col[PY_MAX_INDENT + 1];
    int n;
} indents;

/* The kind and length of the operator or bracket at p, 0 to give up (no operator, a float such
 * as .5, too deep or unmatched brackets). */
static inline size_t operator(const uint8_t *p, const uint8_t *end, char *brackets, int *depth,
                              uint32_t *kind) {
    uint8_t c = *p;
    if (char_class[c] == C_OPEN) {
        if (*depth == PY_MAX_NESTING)
            return 0;
        brackets[(*depth)++] = (char)c;
        *kind = c == '(' ? PY_TOK_LPAR : c == '[' ? PY_TOK_LSQB : PY_TOK_LBRACE;
        return 1;
    }
    if (char_class[c] == C_CLOSE) {
        char open = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (*depth == 0 || brackets[--*depth] != open)
            return 0;
        *kind = c == ')' ? PY_TOK_RPAR : c == ']' ? PY_TOK_RSQB : PY_TOK_RBRACE;
        return 1;
    }
    if (c == '.' && p + 1 < end && char_class[p[1]] == C_DIGIT)
        return 0;
    return py_lex_operator((const char *)p, (size_t)(end - p), kind);
}

/* The end of the one-line ASCII string literal at p (past its closing quote), or NULL for one
 * the general tokenizer must take: triple-quoted, unterminated, spanning lines, non-ASCII. */
static const uint8_t *string_end(const uint8_t *p, const uint8_t *end) {
    uint8_t q = *p++;
    if (p < end && *p == q)
        return p + 1 < end && p[1] == q ? NULL : p + 1; /* triple-quoted, or empty */
    for (; p < end; p++) {
        uint8_t c = *p;
        if (c == q)
            return p + 1;
        if (c == '\\') {
            if (++p == end || *p == '\n' || *p == '\r' || *p >= 0x80 || *p == 0)
                return NULL;
        } else if (c == '\n' || c == '\r' || c >= 0x80 || c == 0) {
            return NULL;
        }
    }
    return NULL;
}

bool py_lex_plain(py_state *s, const char *text, size_t len) {
    const uint8_t *src = (const uint8_t *)text, *p = src, *end = src + len;
    py_token *t = s->toks, *tend = s->toks + s->captoks; /* never NULL: py_state_new */
    indents in;
    in.n = 0;
    in.col[0] = 0;
    char brackets[PY_MAX_NESTING];
    int depth = 0;
    uint32_t line = 1;
    bool open_line = false; /* the source ends inside a line that has tokens */
    while (p < end && !open_line) {
        /* a line's start (outside brackets): a blank or comment line, or its indentation */
        const uint8_t *q = p;
        while (q < end && *q == ' ')
            q++;
        if (q == end)
            break;
        if (*q == '\n' || *q == '#') {
            while (q < end && *q != '\n')
                q++;
            if (q < end)
                q++, line++;
            p = q;
            continue;
        }
        int col = (int)(q - p);
        if (col > in.col[in.n]) {
            if (in.n + 1 >= PY_MAX_INDENT)
                return false;
            in.col[++in.n] = col;
            PUT(PY_TOK_INDENT, line, q - src, 0);
        } else if (col < in.col[in.n]) {
            while (in.n > 0 && col < in.col[in.n]) {
                in.n--;
                PUT(PY_TOK_DEDENT, line, q - src, 0);
            }
            if (col != in.col[in.n])
                return false; /* no enclosing level: the general way raises */
        }
        p = q;
        for (;;) { /* the tokens of one logical line */
            if (p == end) {
                open_line = true;
                break;
            }
            const uint8_t *start = p;
            uint32_t kind;
            switch (char_class[*p]) {
            case C_SPACE: p++; continue;
            case C_ID:
                do
                    p++;
                while (p < end && (unsigned)(char_class[*p] - C_DIGIT) <= C_ID - C_DIGIT);
                if (p < end && char_class[*p] == C_QUOTE)
                    return false;                  /* a string prefix */
                kind = p - start < 2 ? PY_TOK_NAME /* no keyword is shorter: no call */
                                     : py_lex_keyword((const char *)start, (size_t)(p - start));
                break;
            case C_QUOTE:
                if (!(p = string_end(p, end)))
                    return false;
                kind = PY_TOK_STRING;
                break;
            case C_DIGIT:
                do
                    p++;
                while (p < end && char_class[*p] == C_DIGIT);
                if (p < end && (char_class[*p] == C_ID || *p == '.'))
                    return false; /* floats, imaginaries, underscores, prefixes */
                if (*start == '0' && p - start > 1)
                    return false;
                kind = PY_TOK_INT;
                break;
            case C_OPEN:
            case C_CLOSE:
            case C_OP: {
                size_t n = operator(p, end, brackets, &depth, &kind);
                if (n == 0)
                    return false;
                p += n;
                break;
            }
            case C_NL:
                if (depth == 0) {
                    PUT(PY_TOK_NEWLINE, line, p - src, 0);
                    p++, line++;
                    goto next_line;
                }
                p++, line++;
                continue;
            case C_HASH:
                while (p < end && *p != '\n')
                    p++;
                continue;
            default: return false;
            }
            PUT(kind, line, start - src, p - start);
            if (p < end && *p == ' ') /* the usual single space between tokens */
                p++;
        }
    next_line:;
    }
    if (depth)
        return false; /* "'(' was never closed": the general way */
    if (open_line)
        PUT(PY_TOK_NEWLINE, line, len, 0);
    for (; in.n > 0; in.n--)
        PUT(PY_TOK_DEDENT, line, len, 0);
    PUT(PY_TOK_ENDMARKER, line, len, 0);
    s->ntoks = (size_t)(t - s->toks);
    return true;
}
