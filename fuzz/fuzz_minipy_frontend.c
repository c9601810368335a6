/* fuzz_minipy_frontend.c: libFuzzer target for minipy's front end alone, stage by stage as
 * py.h exposes them: py_lex (then every token's spelling), py_parse, py_ast_dump, py_compile,
 * py_dis. Nothing executes, so no input can loop; each stage runs only when the one before it
 * succeeded, and the input is lexed a second time on the same state after py_state_reset,
 * which must give the same tokens (an oracle for the reuse of the state's buffers). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_minipy.h"
#include "py.h"

/* Lexes src and folds the token stream into an FNV-1a hash (0 when lexing failed). */
static uint64_t lex_hash(py_state *s, const char *src, size_t size, size_t *count) {
    *count = 0;
    if (py_lex(s, src, size) != PY_OK)
        return 0;
    const py_token *t = py_tokens(s, count);
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < *count; i++) {
        const char *name = py_token_name(t[i].kind);
        if (name == NULL || t[i].start > size || t[i].len > size - t[i].start) {
            fprintf(stderr, "fuzz_minipy_frontend: token %zu (kind %u) out of the source\n", i,
                    (unsigned)t[i].kind);
            abort();
        }
        const uint32_t f[4] = {t[i].kind, t[i].line, t[i].start, t[i].len};
        for (int k = 0; k < 4; k++)
            h = (h ^ f[k]) * 1099511628211u;
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *src;
    py_state *s = fuzz_minipy_open(data, size, &src);
    if (s == NULL)
        return 0;
    size_t n1, n2;
    uint64_t h1 = lex_hash(s, src, size, &n1);
    const char *text;
    size_t len;
    if (h1 != 0 && py_parse(s) == PY_OK && py_ast_dump(s, &text, &len) == PY_OK &&
        py_compile(s) == PY_OK)
        py_dis(s, &text, &len);
    char line[512];
    py_error_line(py_state_error(s), line, sizeof line);

    py_state_reset(s);
    uint64_t h2 = lex_hash(s, src, size, &n2);
    if (h1 != h2 || n1 != n2) {
        fprintf(stderr,
                "fuzz_minipy_frontend: lexing after py_state_reset differs (%zu vs %zu "
                "tokens)\n",
                n1, n2);
        abort();
    }
    py_state_free(s);
    free(src);
    return 0;
}
