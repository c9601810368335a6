/* lexer.h: what stage 1's two halves share: lexer.c (the general tokenizer) and lexer_plain.c
 * (the one-pass fast path for plain code). Only those two files include it. */
#ifndef PY_LEXER_H
#define PY_LEXER_H

#include "internal.h"

/* The token kind of the identifier p[0..n): a keyword's kind, or PY_TOK_NAME. */
uint32_t py_lex_keyword(const char *p, size_t n);
/* The fast path: tokenises plain code (see lexer_plain.c) into s->toks in one pass and returns
 * true; returns false, with s->ntoks untouched, for anything else (the general lexer then
 * starts over, and raises whatever error the source holds). */
bool py_lex_plain(py_state *s, const char *src, size_t len);
/* py_lex without the fast path: the general tokenizer alone, so tests can check that both
 * halves give the same tokens (test_py_lexer.c declares it itself). */
py_status py_lex_general(py_state *s, const char *src, size_t len);

/* The longest operator at p (avail bytes readable): its length and *kind, or 0 when none. */
static inline size_t py_lex_operator(const char *p, size_t avail, uint32_t *kind) {
    char c = p[0], n1 = avail > 1 ? p[1] : '\0', n2 = avail > 2 ? p[2] : '\0';
#define OP(len, k)    \
    do {              \
        *kind = (k);  \
        return (len); \
    } while (0)
    switch (c) {
    case '(': OP(1, PY_TOK_LPAR);
    case ')': OP(1, PY_TOK_RPAR);
    case '[': OP(1, PY_TOK_LSQB);
    case ']': OP(1, PY_TOK_RSQB);
    case '{': OP(1, PY_TOK_LBRACE);
    case '}': OP(1, PY_TOK_RBRACE);
    case ',': OP(1, PY_TOK_COMMA);
    case ';': OP(1, PY_TOK_SEMI);
    case ':':
        if (n1 == '=')
            OP(2, PY_TOK_OTHER_OP);
        OP(1, PY_TOK_COLON);
    case '.':
        if (n1 == '.' && n2 == '.')
            OP(3, PY_TOK_OTHER_OP);
        OP(1, PY_TOK_DOT);
    case '+':
        if (n1 == '=')
            OP(2, PY_TOK_PLUSEQ);
        OP(1, PY_TOK_PLUS);
    case '-':
        if (n1 == '=')
            OP(2, PY_TOK_MINUSEQ);
        if (n1 == '>')
            OP(2, PY_TOK_OTHER_OP);
        OP(1, PY_TOK_MINUS);
    case '*':
        if (n1 == '*') {
            if (n2 == '=')
                OP(3, PY_TOK_OTHER_OP);
            OP(2, PY_TOK_DSTAR);
        }
        if (n1 == '=')
            OP(2, PY_TOK_STAREQ);
        OP(1, PY_TOK_STAR);
    case '/':
        if (n1 == '/') {
            if (n2 == '=')
                OP(3, PY_TOK_DSLASHEQ);
            OP(2, PY_TOK_DSLASH);
        }
        if (n1 == '=')
            OP(2, PY_TOK_SLASHEQ);
        OP(1, PY_TOK_SLASH);
    case '%':
        if (n1 == '=')
            OP(2, PY_TOK_PERCENTEQ);
        OP(1, PY_TOK_PERCENT);
    case '=':
        if (n1 == '=')
            OP(2, PY_TOK_EQ);
        OP(1, PY_TOK_ASSIGN);
    case '!':
        if (n1 == '=')
            OP(2, PY_TOK_NE);
        return 0;
    case '<':
        if (n1 == '<') {
            if (n2 == '=')
                OP(3, PY_TOK_OTHER_OP);
            OP(2, PY_TOK_OTHER_OP);
        }
        if (n1 == '=')
            OP(2, PY_TOK_LE);
        OP(1, PY_TOK_LT);
    case '>':
        if (n1 == '>') {
            if (n2 == '=')
                OP(3, PY_TOK_OTHER_OP);
            OP(2, PY_TOK_OTHER_OP);
        }
        if (n1 == '=')
            OP(2, PY_TOK_GE);
        OP(1, PY_TOK_GT);
    case '&':
    case '|':
    case '^':
    case '@':
        if (n1 == '=')
            OP(2, PY_TOK_OTHER_OP);
        OP(1, PY_TOK_OTHER_OP);
    case '~': OP(1, PY_TOK_OTHER_OP);
    default: return 0;
    }
#undef OP
}

#endif
