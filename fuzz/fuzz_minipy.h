/* fuzz_minipy.h: what both minipy fuzz targets do first: a NUL-terminated private copy of the
 * input (py_lex borrows the source until py_compile returns, so it must stay put) and a new
 * state. Header-only, so each target stays one translation unit with its own libFuzzer entry. */
#ifndef CRIT_FUZZ_MINIPY_H
#define CRIT_FUZZ_MINIPY_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "py.h"

/* A new state and in *src a malloc'd copy of data with a NUL appended; NULL (and *src NULL)
 * when either allocation fails. The caller frees both (py_state_free, free). */
static inline py_state *fuzz_minipy_open(const uint8_t *data, size_t size, char **src) {
    *src = malloc(size + 1);
    if (*src == NULL)
        return NULL;
    memcpy(*src, data, size);
    (*src)[size] = '\0';
    py_state *s = py_state_new();
    if (s == NULL) {
        free(*src);
        *src = NULL;
    }
    return s;
}

#endif
