/* io.c: perfdoc's file reading: a whole file into memory, with errno for the messages. (The
 * output document is replaced through libcrit's crit_results_write_atomic.) */
#include "perfdoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_LIMIT ((size_t)64 << 20)

int pd_read_file(const char *path, char **data, size_t *len) {
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    int e = buf ? 0 : ENOMEM;
    while (e == 0) {
        if (n + 1 >= cap) {
            char *p = cap >= READ_LIMIT ? NULL : realloc(buf, cap * 2);
            if (p == NULL) {
                e = cap >= READ_LIMIT ? EFBIG : ENOMEM;
                break;
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                e = errno ? errno : EIO;
            break;
        }
    }
    fclose(f);
    if (e != 0) {
        free(buf);
        errno = e;
        return -1;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}
