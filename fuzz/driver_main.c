/* driver_main.c: replays inputs through a fuzz target without libFuzzer, so every target in
 * fuzz/ also builds with gcc into a normal program (build/tests/fuzz_<target>) and `make test`
 * runs the committed reproducers and seeds under whatever sanitizer the variant uses.
 * Usage: fuzz_<target> FILE...   runs LLVMFuzzerTestOneInput once per file, in order; prints
 * one line per file when FUZZ_VERBOSE is set. Exits 0 when every input ran (a bug aborts the
 * program, usually through a sanitizer), 2 when a file cannot be read. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

/* Reads the whole of path into a malloc'd buffer (*len bytes; at least 1 byte allocated so an
 * empty file still gives a valid pointer). Returns NULL when the file cannot be read. */
static uint8_t *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *grown = realloc(buf, cap * 2);
        if (grown == NULL) {
            free(buf);
            buf = NULL;
        } else {
            buf = grown;
            cap *= 2;
        }
    }
    if (buf != NULL && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    int verbose = getenv("FUZZ_VERBOSE") != NULL;
    for (int i = 1; i < argc; i++) {
        size_t len = 0;
        uint8_t *data = read_all(argv[i], &len);
        if (data == NULL) {
            fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
            return 2;
        }
        if (verbose)
            fprintf(stderr, "%s: %s (%zu bytes)\n", argv[0], argv[i], len);
        LLVMFuzzerTestOneInput(data, len);
        free(data);
    }
    return 0;
}
