/* lexer.c: stage 1, UTF-8 source -> tokens in the state (CPython's tokenizer rules for the
 * subset: INDENT/DEDENT with its tab/space consistency check, implicit joining inside brackets,
 * backslash continuation, comments, string prefixes). Rejects NUL bytes and invalid UTF-8. A
 * one-pass fast path takes single lines of plain code; everything else goes the general way. */
#include <string.h>

#include "lexer.h"

static const char *const token_names[PY_TOK_COUNT] = {
#define X(id, spelling) spelling,
    PY_TOKEN_LIST(X)
#undef X
};

const char *py_token_name(uint32_t kind) { return kind < PY_TOK_COUNT ? token_names[kind] : "?"; }

const py_token *py_tokens(const py_state *s, size_t *count) {
    if (count)
        *count = s->ntoks;
    return s->toks;
}

typedef struct lexer {
    py_state *s;
    const char *src, *p, *end;
    uint32_t line;
    int indent[PY_MAX_INDENT + 1], altindent[PY_MAX_INDENT + 1], nindent;
    char brackets[PY_MAX_NESTING + 1];
    uint32_t bracket_lines[PY_MAX_NESTING + 1];
    int depth;
    bool line_has_tokens;
} lexer;

static inline py_status emit(lexer *lx, uint32_t kind, const char *start, size_t len) {
    py_state *s = lx->s;
    if (UNLIKELY(s->ntoks == s->captoks) &&
        !py_grow(s, (void **)&s->toks, &s->captoks, s->ntoks, sizeof(py_token)))
        return py_raise(s, PY_EXC_MEMORY_ERROR, (int)lx->line, "%s", "");
    py_token *t = &s->toks[s->ntoks++];
    t->kind = kind;
    t->line = lx->line;
    t->start = (uint32_t)(start - lx->src);
    t->len = (uint32_t)len;
    if (kind != PY_TOK_INDENT && kind != PY_TOK_DEDENT)
        lx->line_has_tokens = true;
    return PY_OK;
}

static py_status validate(py_state *s, const char *p, size_t len) {
    uint32_t line = 1;
    const uint8_t *u = (const uint8_t *)p, *end = u + len;
    while (u < end) {
        uint8_t c = *u;
        if (LIKELY(c < 0x80)) {
            if (UNLIKELY(c == 0))
                return py_raise(s, PY_EXC_SYNTAX_ERROR, (int)line,
                                "source code cannot contain null bytes");
            line += c == '\n';
            u++;
            continue;
        }
        int n = c >= 0xF0 && c <= 0xF4 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
        if (c > 0xF4)
            n = -1;
        bool ok = n > 0 && end - u > n;
        for (int k = 1; ok && k <= n; k++)
            ok = (u[k] & 0xC0) == 0x80;
        if (ok && n == 2) {
            uint32_t cp = (uint32_t)(c & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        } else if (ok && n == 3) {
            uint32_t cp = (uint32_t)(c & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12;
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (!ok)
            return py_raise(s, PY_EXC_SYNTAX_ERROR, (int)line,
                            "(unicode error) 'utf-8' codec can't decode byte 0x%02x", c);
        u += n + 1;
    }
    return PY_OK;
}

uint32_t py_lex_keyword(const char *p, size_t n) {
#define KW(word, k)                                                    \
    if (n == sizeof word - 1 && memcmp(p, word, sizeof word - 1) == 0) \
    return (k)
    if (n < 2 || n > 8)
        return PY_TOK_NAME;
    switch (p[0]) {
    case 'F': KW("False", PY_TOK_KW_FALSE); break;
    case 'N': KW("None", PY_TOK_KW_NONE); break;
    case 'T': KW("True", PY_TOK_KW_TRUE); break;
    case 'a':
        KW("and", PY_TOK_KW_AND);
        KW("as", PY_TOK_KW_OTHER);
        KW("assert", PY_TOK_KW_OTHER);
        KW("async", PY_TOK_KW_OTHER);
        KW("await", PY_TOK_KW_OTHER);
        break;
    case 'b': KW("break", PY_TOK_KW_BREAK); break;
    case 'c':
        KW("continue", PY_TOK_KW_CONTINUE);
        KW("class", PY_TOK_KW_OTHER);
        break;
    case 'd':
        KW("def", PY_TOK_KW_DEF);
        KW("del", PY_TOK_KW_OTHER);
        break;
    case 'e':
        KW("elif", PY_TOK_KW_ELIF);
        KW("else", PY_TOK_KW_ELSE);
        KW("except", PY_TOK_KW_OTHER);
        break;
    case 'f':
        KW("for", PY_TOK_KW_FOR);
        KW("finally", PY_TOK_KW_OTHER);
        KW("from", PY_TOK_KW_OTHER);
        break;
    case 'g': KW("global", PY_TOK_KW_GLOBAL); break;
    case 'i':
        KW("if", PY_TOK_KW_IF);
        KW("in", PY_TOK_KW_IN);
        KW("import", PY_TOK_KW_OTHER);
        KW("is", PY_TOK_KW_OTHER);
        break;
    case 'l': KW("lambda", PY_TOK_KW_OTHER); break;
    case 'n':
        KW("not", PY_TOK_KW_NOT);
        KW("nonlocal", PY_TOK_KW_OTHER);
        break;
    case 'o': KW("or", PY_TOK_KW_OR); break;
    case 'p': KW("pass", PY_TOK_KW_PASS); break;
    case 'r':
        KW("return", PY_TOK_KW_RETURN);
        KW("raise", PY_TOK_KW_OTHER);
        break;
    case 't': KW("try", PY_TOK_KW_OTHER); break;
    case 'w':
        KW("while", PY_TOK_KW_WHILE);
        KW("with", PY_TOK_KW_OTHER);
        break;
    case 'y': KW("yield", PY_TOK_KW_OTHER); break;
    default: break;
    }
    return PY_TOK_NAME;
#undef KW
}

static bool is_id_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_id_char(char c) { return is_id_start(c) || is_digit(c); }

/* Measures a line's indentation and emits INDENT/DEDENT; returns with lx->p at the first token,
 * or sets *blank when the line holds only whitespace or a comment. */
static py_status indentation(lexer *lx, bool *blank) {
    int col = 0, alt = 0;
    const char *p = lx->p;
    for (; p < lx->end; p++) {
        if (*p == ' ')
            col++, alt++;
        else if (*p == '\t')
            col = (col / 8 + 1) * 8, alt++;
        else if (*p == '\f')
            col = alt = 0;
        else
            break;
    }
    lx->p = p;
    *blank = p == lx->end || *p == '#' || *p == '\n' || *p == '\r';
    if (*blank)
        return PY_OK;
    int top = lx->nindent;
    py_state *s = lx->s;
    int line = (int)lx->line;
    if (col == lx->indent[top]) {
        if (alt != lx->altindent[top])
            goto tab_error;
    } else if (col > lx->indent[top]) {
        if (top + 1 >= PY_MAX_INDENT)
            return py_raise(s, PY_EXC_INDENTATION_ERROR, line, "too many levels of indentation");
        if (alt <= lx->altindent[top])
            goto tab_error;
        lx->nindent = ++top;
        lx->indent[top] = col;
        lx->altindent[top] = alt;
        return emit(lx, PY_TOK_INDENT, p, 0);
    } else {
        while (top > 0 && col < lx->indent[top]) {
            top--;
            if (emit(lx, PY_TOK_DEDENT, p, 0))
                return PY_ERROR;
        }
        lx->nindent = top;
        if (col != lx->indent[top])
            return py_raise(s, PY_EXC_INDENTATION_ERROR, line,
                            "unindent does not match any outer indentation level");
        if (alt != lx->altindent[top])
            goto tab_error;
    }
    return PY_OK;
tab_error:
    return py_raise(s, PY_EXC_TAB_ERROR, line,
                    "inconsistent use of tabs and spaces in indentation");
}

static py_status lex_number(lexer *lx) {
    const char *start = lx->p, *p = lx->p;
    uint32_t kind = PY_TOK_INT;
    int line = (int)lx->line;
    while (p < lx->end && is_digit(*p))
        p++;
    if ((p == lx->end || (!is_id_char(*p) && *p != '.')) && (start[0] != '0' || p - start == 1) &&
        p > start) {
        lx->p = p; /* plain decimal digits: nothing below applies */
        return emit(lx, kind, start, (size_t)(p - start));
    }
    p = start;
    if (p[0] == '0' && p + 1 < lx->end && strchr("xXoObB", p[1]) && p[1]) {
        p += 2;
        while (p < lx->end && (is_id_char(*p)))
            p++;
    } else {
        while (p < lx->end && (is_digit(*p) || *p == '_'))
            p++;
        if (p < lx->end && *p == '.') {
            kind = PY_TOK_FLOAT;
            p++;
            while (p < lx->end && (is_digit(*p) || *p == '_'))
                p++;
        }
        if (p < lx->end && (*p == 'e' || *p == 'E')) {
            const char *q = p + 1;
            if (q < lx->end && (*q == '+' || *q == '-'))
                q++;
            if (q < lx->end && is_digit(*q)) {
                kind = PY_TOK_FLOAT;
                p = q;
                while (p < lx->end && (is_digit(*p) || *p == '_'))
                    p++;
            }
        }
        if (p < lx->end && (*p == 'j' || *p == 'J'))
            return py_raise(lx->s, PY_EXC_NOT_IMPLEMENTED_ERROR, line,
                            "complex numbers are not supported (line %d)", line);
        if (p < lx->end && is_id_char(*p))
            return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line, "invalid decimal literal");
        if (kind == PY_TOK_INT && start[0] == '0') {
            for (const char *q = start; q < p; q++)
                if (*q != '0' && *q != '_')
                    return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line,
                                    "leading zeros in decimal integer literals are not permitted; "
                                    "use an 0o prefix for octal integers");
        }
    }
    for (const char *q = start; q < p; q++)
        if (*q == '_' && (q + 1 == p || q[1] == '_' || !is_id_char(q[1]) || q == start))
            return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line, "invalid decimal literal");
    lx->p = p;
    return emit(lx, kind, start, (size_t)(p - start));
}

/* p points at the opening quote; prefix_start at the first prefix letter (or the quote). */
static py_status lex_string(lexer *lx, const char *prefix_start) {
    const char *p = lx->p;
    char q = *p;
    int line = (int)lx->line;
    bool triple = lx->end - p >= 3 && p[1] == q && p[2] == q;
    p += triple ? 3 : 1;
    for (;;) {
        if (p >= lx->end) {
            return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line,
                            triple
                                ? "unterminated triple-quoted string literal (detected at line %d)"
                                : "unterminated string literal (detected at line %d)",
                            (int)lx->line);
        }
        char c = *p;
        if (c == '\\' && p + 1 < lx->end) {
            if (p[1] == '\n')
                lx->line++;
            p += 2;
            continue;
        }
        if (c == '\n') {
            if (!triple)
                return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line,
                                "unterminated string literal (detected at line %d)", line);
            lx->line++;
        }
        if (c == q && (!triple || (lx->end - p >= 3 && p[1] == q && p[2] == q))) {
            p += triple ? 3 : 1;
            break;
        }
        p++;
    }
    lx->p = p;
    uint32_t endline = lx->line;
    lx->line = (uint32_t)line;
    py_status st = emit(lx, PY_TOK_STRING, prefix_start, (size_t)(p - prefix_start));
    lx->line = endline;
    return st;
}

static py_status lex_name(lexer *lx) {
    const char *start = lx->p, *p = lx->p;
    while (p < lx->end && is_id_char(*p))
        p++;
    size_t n = (size_t)(p - start);
    if (p < lx->end && (*p == '\'' || *p == '"') && n <= 2) {
        bool raw = false, other = false, valid = true;
        for (size_t i = 0; i < n; i++) {
            char c = (char)(start[i] | 0x20);
            if (c == 'r')
                raw = true;
            else if (c == 'f' || c == 'b')
                other = true;
            else if (c != 'u' || n != 1)
                valid = false;
        }
        (void)raw;
        if (valid) {
            int line = (int)lx->line;
            if (other)
                return py_raise(lx->s, PY_EXC_NOT_IMPLEMENTED_ERROR, line,
                                "%s literals are not supported (line %d)",
                                memchr(start, 'f', n) || memchr(start, 'F', n) ? "f-string"
                                                                               : "bytes",
                                line);
            lx->p = p;
            return lex_string(lx, start);
        }
    }
    lx->p = p;
    return emit(lx, py_lex_keyword(start, n), start, n);
}

static py_status bracket(lexer *lx, char c) {
    int line = (int)lx->line;
    if (c == '(' || c == '[' || c == '{') {
        if (lx->depth >= PY_MAX_NESTING)
            return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line, "too many nested parentheses");
        lx->brackets[lx->depth] = c;
        lx->bracket_lines[lx->depth++] = lx->line;
        return PY_OK;
    }
    if (lx->depth == 0)
        return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line, "unmatched '%c'", c);
    char open = lx->brackets[--lx->depth];
    if ((open == '(' && c != ')') || (open == '[' && c != ']') || (open == '{' && c != '}'))
        return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, line,
                        "closing parenthesis '%c' does not match opening parenthesis '%c'", c,
                        open);
    return PY_OK;
}

static py_status lex_operator(lexer *lx) {
    uint32_t kind;
    size_t n = py_lex_operator(lx->p, (size_t)(lx->end - lx->p), &kind);
    if (n) {
        const char *start = lx->p;
        if (kind >= PY_TOK_LPAR && kind <= PY_TOK_RBRACE && bracket(lx, *start))
            return PY_ERROR;
        lx->p += n;
        return emit(lx, kind, start, n);
    }
    uint8_t c = (uint8_t)*lx->p;
    if (c >= 0x80)
        return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, (int)lx->line,
                        "invalid non-printable or non-ASCII character");
    if (c < 0x20 || c == 0x7f)
        return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, (int)lx->line,
                        "invalid non-printable character U+%04X", c);
    return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, (int)lx->line, "invalid syntax");
}

/* One physical character position inside a logical line. Returns PY_OK and advances. */
static py_status lex_token(lexer *lx, bool *at_bol) {
    char c = *lx->p;
    if (c == ' ' || c == '\t' || c == '\f') {
        do
            lx->p++;
        while (lx->p < lx->end && *lx->p == ' ');
        return PY_OK;
    }
    if (c == '#') {
        while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
            lx->p++;
        return PY_OK;
    }
    if (c == '\n' || c == '\r') {
        const char *nl = lx->p;
        lx->p += (c == '\r' && lx->p + 1 < lx->end && lx->p[1] == '\n') ? 2 : 1;
        if (lx->depth == 0) {
            if (lx->line_has_tokens && emit(lx, PY_TOK_NEWLINE, nl, 0))
                return PY_ERROR;
            lx->line_has_tokens = false;
            *at_bol = true;
        }
        lx->line++;
        return PY_OK;
    }
    if (c == '\\') {
        const char *q = lx->p + 1;
        if (q < lx->end && *q == '\r')
            q++;
        if (q < lx->end && *q == '\n') {
            lx->p = q + 1;
            lx->line++;
            return PY_OK;
        }
        if (q >= lx->end)
            return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, (int)lx->line,
                            "unexpected EOF while parsing");
        return py_raise(lx->s, PY_EXC_SYNTAX_ERROR, (int)lx->line,
                        "unexpected character after line continuation character");
    }
    if (is_id_start(c))
        return lex_name(lx);
    if (is_digit(c) || (c == '.' && lx->p + 1 < lx->end && is_digit(lx->p[1])))
        return lex_number(lx);
    if (c == '\'' || c == '"')
        return lex_string(lx, lx->p);
    return lex_operator(lx);
}

/* What every lexing run starts with; PY_ERROR for a source too long for 32-bit offsets. */
static py_status lex_begin(py_state *s, const char *src, size_t len) {
    py_clear_error(s);
    s->ntoks = 0;
    s->lexed = s->parsed = s->compiled = false;
    s->src = src;
    s->srclen = len;
    if (len > UINT32_MAX - 16)
        return py_raise(s, PY_EXC_MEMORY_ERROR, 0, "%s", "");
    return PY_OK;
}

static py_status lex_general(py_state *s, const char *src, size_t len);

py_status py_lex(py_state *s, const char *src, size_t len) {
    if (lex_begin(s, src, len))
        return PY_ERROR;
    if (py_lex_plain(s, src, len)) {
        s->lexed = true;
        return PY_OK;
    }
    return lex_general(s, src, len);
}

py_status py_lex_general(py_state *s, const char *src, size_t len) {
    return lex_begin(s, src, len) ? PY_ERROR : lex_general(s, src, len);
}

static py_status lex_general(py_state *s, const char *src, size_t len) {
    if (validate(s, src, len))
        return PY_ERROR;
    lexer lx;
    lx.s = s;
    lx.src = src;
    lx.p = src;
    lx.end = src + len;
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        lx.p += 3;
    lx.line = 1;
    lx.nindent = 0;
    lx.indent[0] = lx.altindent[0] = 0;
    lx.depth = 0;
    lx.line_has_tokens = false;
    bool at_bol = true;
    while (lx.p < lx.end) {
        if (at_bol && lx.depth == 0) {
            bool blank;
            if (indentation(&lx, &blank))
                return PY_ERROR;
            at_bol = false;
            if (blank) {
                while (lx.p < lx.end && *lx.p != '\n' && *lx.p != '\r')
                    lx.p++;
                if (lx.p < lx.end) {
                    lx.p += (*lx.p == '\r' && lx.p + 1 < lx.end && lx.p[1] == '\n') ? 2 : 1;
                    lx.line++;
                }
                at_bol = true;
                continue;
            }
        }
        if (lex_token(&lx, &at_bol))
            return PY_ERROR;
    }
    if (lx.depth > 0)
        return py_raise(s, PY_EXC_SYNTAX_ERROR, (int)lx.bracket_lines[lx.depth - 1],
                        "'%c' was never closed", lx.brackets[lx.depth - 1]);
    if (lx.line_has_tokens && emit(&lx, PY_TOK_NEWLINE, lx.end, 0))
        return PY_ERROR;
    for (; lx.nindent > 0; lx.nindent--)
        if (emit(&lx, PY_TOK_DEDENT, lx.end, 0))
            return PY_ERROR;
    if (emit(&lx, PY_TOK_ENDMARKER, lx.end, 0))
        return PY_ERROR;
    s->lexed = true;
    return PY_OK;
}
