/* io.c: perfdoc's file access: read a whole file, and replace the output document atomically
 * (a hidden temporary beside it, then rename(2)), so a reader or an interrupted run never sees
 * half a PERFORMANCE.md. Nothing is fsync'd, as in harness/fs.c. */
#include "perfdoc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int write_all(int fd, const char *p, size_t len) {
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Opens a fresh "<dir>/.<base>.tmp.<pid>.<n>" for writing; *tmp gets its malloc'd name. */
static int open_temp(const char *path, char **tmp) {
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    size_t cap = strlen(path) + 64;
    for (unsigned n = 0; n < 1000; n++) {
        char *name = malloc(cap);
        if (name == NULL) {
            errno = ENOMEM;
            return -1;
        }
        snprintf(name, cap, "%.*s.%s.tmp.%ld.%u", (int)dirlen, path, path + dirlen,
                 (long)getpid(), n);
        int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *tmp = name;
            return fd;
        }
        int e = errno;
        free(name);
        if (e != EEXIST) {
            errno = e;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

int pd_write_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen) {
    char *tmp = NULL;
    int fd = open_temp(path, &tmp);
    if (fd < 0) {
        snprintf(err, errlen, "cannot create a temporary file beside %s: %s", path,
                 strerror(errno));
        return -1;
    }
    struct stat st;
    int e = 0;
    if (stat(path, &st) == 0 && fchmod(fd, st.st_mode & 07777) != 0)
        e = errno;
    if (e == 0 && write_all(fd, data, len) != 0)
        e = errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (e != 0) {
        unlink(tmp);
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
    }
    free(tmp);
    return e == 0 ? 0 : -1;
}
