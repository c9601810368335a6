/* fs.c: results-store file-system primitives: path joining, mkdir -p, atomic writes via a
 * temporary file and rename(2), whole-directory swaps via renameat2(RENAME_EXCHANGE), and
 * recursive copy/removal. POSIX only; never prints. */
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "model.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1) /* linux/fs.h; glibc exposes it only with _GNU_SOURCE */
#endif

#define READ_LIMIT ((size_t)256 << 20)

/* Distinguishes temporaries made by one process; the pid distinguishes processes. */
static atomic_ulong temp_counter;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
set_err(char *err, size_t errlen, const char *fmt, ...) {
    if (err == NULL || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int fail_errno(char *err, size_t errlen, const char *what, const char *path, int e) {
    if (e == ENOMEM) {
        set_err(err, errlen, "%s %s: out of memory", what, path);
        return -CRIT_ENOMEM;
    }
    set_err(err, errlen, "%s %s: %s", what, path, strerror(e));
    return -CRIT_EIO;
}

static int fail_nomem(char *err, size_t errlen) {
    set_err(err, errlen, "out of memory");
    return -CRIT_ENOMEM;
}

char *crit_fs_join(const char *first, ...) {
    if (first == NULL)
        return NULL;
    va_list ap;
    size_t total = strlen(first) + 1;
    va_start(ap, first);
    for (const char *p = va_arg(ap, const char *); p != NULL; p = va_arg(ap, const char *))
        total += strlen(p) + 1;
    va_end(ap);

    char *out = malloc(total);
    if (out == NULL)
        return NULL;
    size_t len = strlen(first);
    memcpy(out, first, len + 1);
    va_start(ap, first);
    for (const char *p = va_arg(ap, const char *); p != NULL; p = va_arg(ap, const char *)) {
        if (*p == '\0')
            continue;
        bool ends = len > 0 && out[len - 1] == '/';
        if (ends && *p == '/')
            p++;
        else if (!ends && *p != '/' && len > 0)
            out[len++] = '/';
        size_t n = strlen(p);
        memcpy(out + len, p, n + 1);
        len += n;
    }
    va_end(ap);
    return out;
}

int crit_fs_mkdir_p(const char *path, char *err, size_t errlen) {
    if (path == NULL || *path == '\0') {
        set_err(err, errlen, "cannot create a directory with an empty path");
        return -CRIT_EIO;
    }
    char *buf = strdup(path);
    if (buf == NULL)
        return fail_nomem(err, errlen);
    int rc = 0;
    size_t len = strlen(buf);
    for (size_t i = 1; i <= len && rc == 0; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        if (buf[i - 1] == '/')
            continue; /* repeated or trailing slash */
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0) {
            int e = errno;
            struct stat st;
            if (e != EEXIST)
                rc = fail_errno(err, errlen, "cannot create directory", buf, e);
            else if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
                rc = fail_errno(err, errlen, "cannot create directory", buf, ENOTDIR);
        }
        buf[i] = saved;
    }
    free(buf);
    return rc;
}

/* "<dir>/.<base>.<tag>.<pid>.<n>" beside `final_path` (trailing slashes ignored), or NULL
 * when out of memory or the path has no last component. */
static char *sibling_name(const char *final_path, const char *tag) {
    size_t len = strlen(final_path);
    while (len > 1 && final_path[len - 1] == '/')
        len--;
    size_t base = len;
    while (base > 0 && final_path[base - 1] != '/')
        base--;
    if (base == len)
        return NULL;
    unsigned long n = atomic_fetch_add(&temp_counter, 1);
    size_t cap = len + strlen(tag) + 64;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    snprintf(out, cap, "%.*s.%.*s.%s.%ld.%lu", (int)base, final_path, (int)(len - base),
             final_path + base, tag, (long)getpid(), n);
    return out;
}

/* Creates a fresh sibling of final_path: a file opened for writing (as_dir false, returns
 * the fd) or a directory (returns 0). *name_out gets its malloc'd path. */
static int create_unique(const char *final_path, bool as_dir, const char *what, char **name_out,
                         char *err, size_t errlen) {
    *name_out = NULL;
    for (int attempt = 0; attempt < 1000; attempt++) {
        char *name = sibling_name(final_path, "tmp");
        if (name == NULL) {
            if (final_path[0] == '\0' || strcmp(final_path, "/") == 0)
                return fail_errno(err, errlen, "cannot make a temporary beside", "/", EINVAL);
            return fail_nomem(err, errlen);
        }
        int fd = as_dir ? mkdir(name, 0777)
                        : open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *name_out = name;
            return fd;
        }
        int e = errno;
        free(name);
        if (e != EEXIST)
            return fail_errno(err, errlen, what, final_path, e);
    }
    return fail_errno(err, errlen, what, final_path, EEXIST);
}

static int write_all(int fd, const void *data, size_t len) {
    const char *p = data;
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

int crit_fs_write_atomic_flags(const char *path, const void *data, size_t len, unsigned flags,
                               char *err, size_t errlen) {
    bool keep_mode = (flags & CRIT_FS_KEEP_MODE) != 0;
    char *tmp;
    int fd = create_unique(path, false,
                           keep_mode ? "cannot create a temporary file beside"
                                     : "cannot create a temporary for",
                           &tmp, err, errlen);
    if (fd < 0)
        return fd;
    struct stat st;
    int e = 0;
    if (keep_mode && stat(path, &st) == 0 && fchmod(fd, st.st_mode & 07777) != 0)
        e = errno;
    if (e == 0 && write_all(fd, data, len) != 0)
        e = errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (e != 0)
        unlink(tmp);
    free(tmp);
    if (e != 0)
        return fail_errno(err, errlen, "cannot write", path, e);
    return 0;
}

int crit_fs_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen) {
    return crit_fs_write_atomic_flags(path, data, len, 0, err, errlen);
}

/* Reads fd to EOF into a growing buffer (the size from fstat is only a hint); EFBIG as soon
 * as more than limit bytes arrive (a file that grows while it is read). */
static int read_fd(int fd, size_t hint, size_t limit, char **out, size_t *len_out) {
    size_t cap = hint + 1 > 4096 ? hint + 1 : 4096;
    size_t len = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return ENOMEM;
    for (;;) {
        if (len + 1 >= cap) {
            if (len > limit) {
                free(buf);
                return EFBIG;
            }
            size_t ncap = cap > limit / 2 ? limit + 2 : cap * 2; /* room to see one byte more */
            char *nb = realloc(buf, ncap);
            if (nb == NULL) {
                free(buf);
                return ENOMEM;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            return e;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > limit) {
        free(buf);
        return EFBIG;
    }
    buf[len] = '\0';
    *out = buf;
    *len_out = len;
    return 0;
}

/* What kind of file st is, for "not a regular file" messages. */
static const char *kind_of(const struct stat *st) {
    if (S_ISFIFO(st->st_mode))
        return "a FIFO";
    if (S_ISSOCK(st->st_mode))
        return "a socket";
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
        return "a device";
    return "not a regular file";
}

/* Opens path for reading without ever blocking (O_NONBLOCK: a FIFO without a writer, or a
 * device, would otherwise hang open(2)), refuses anything but a regular file, then clears
 * O_NONBLOCK. Returns the fd and fills *st, or -1 with the message set and *rc the code. */
static int open_regular(const char *path, struct stat *st, int *rc, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            set_err(err, errlen, "cannot read %s: %s", path, strerror(ENOENT));
            *rc = -CRIT_ENOENT;
        } else {
            *rc = fail_errno(err, errlen, "cannot read", path, e);
        }
        return -1;
    }
    int flags;
    if (fstat(fd, st) != 0 || (flags = fcntl(fd, F_GETFL)) < 0 ||
        (S_ISREG(st->st_mode) && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0)) {
        *rc = fail_errno(err, errlen, "cannot read", path, errno);
    } else if (S_ISDIR(st->st_mode)) {
        *rc = fail_errno(err, errlen, "cannot read", path, EISDIR);
    } else if (!S_ISREG(st->st_mode)) {
        set_err(err, errlen, "cannot read %s: not a regular file (%s)", path, kind_of(st));
        *rc = -CRIT_EIO;
    } else {
        return fd;
    }
    close(fd);
    return -1;
}

/* n bytes as "512 bytes", "16 KiB", "1.0 MiB (1048577 bytes)" (a whole number of units
 * without decimals, any other with the exact count) into buf. */
static const char *size_text(char *buf, size_t cap, double n) {
    double unit = n < 1024 ? 1 : n < 1024.0 * 1024 ? 1024 : 1024.0 * 1024;
    const char *name = unit == 1 ? "bytes" : unit == 1024 ? "KiB" : "MiB";
    double v = n / unit;
    if (v == (double)(uint64_t)v)
        snprintf(buf, cap, "%.0f %s", v, name);
    else
        snprintf(buf, cap, "%.1f %s (%.0f bytes)", v, name, n);
    return buf;
}

int crit_fs_read_file_max(const char *path, size_t limit, const char *kind, char **out,
                          size_t *len_out, char *err, size_t errlen) {
    *out = NULL;
    struct stat st;
    int rc = 0;
    int fd = open_regular(path, &st, &rc, err, errlen);
    if (fd < 0)
        return rc;
    size_t len = 0;
    bool big = (uintmax_t)st.st_size > limit; /* refused before a byte is read */
    int e = big ? EFBIG : read_fd(fd, (size_t)st.st_size, limit, out, &len);
    close(fd);
    if (e == EFBIG) { /* when not big, the file grew past the limit while it was read */
        char got[64], max[64];
        set_err(err, errlen, "%s: %s, more than the %s limit for %s", path,
                big ? size_text(got, sizeof got, (double)st.st_size) : "grew",
                size_text(max, sizeof max, (double)limit), kind);
        return -CRIT_EIO;
    }
    if (e != 0)
        return fail_errno(err, errlen, "cannot read", path, e);
    if (len_out != NULL)
        *len_out = len;
    return 0;
}

int crit_fs_read_file(const char *path, char **out, size_t *len_out, char *err, size_t errlen) {
    return crit_fs_read_file_max(path, READ_LIMIT, "a file read whole", out, len_out, err, errlen);
}

int crit_fs_remove_tree(const char *path, char *err, size_t errlen) {
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : fail_errno(err, errlen, "cannot remove", path, errno);
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) != 0 && errno != ENOENT)
            return fail_errno(err, errlen, "cannot remove", path, errno);
        return 0;
    }
    DIR *d = opendir(path);
    if (d == NULL)
        return fail_errno(err, errlen, "cannot remove", path, errno);
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        char *child = crit_fs_join(path, ent->d_name, (char *)NULL);
        rc = child == NULL ? fail_nomem(err, errlen) : crit_fs_remove_tree(child, err, errlen);
        free(child);
    }
    closedir(d);
    if (rc == 0 && rmdir(path) != 0 && errno != ENOENT)
        rc = fail_errno(err, errlen, "cannot remove", path, errno);
    return rc;
}

int crit_fs_make_temp_dir(const char *final_path, char **tmp_out, char *err, size_t errlen) {
    int rc = create_unique(final_path, true, "cannot create a temporary for", tmp_out, err, errlen);
    return rc < 0 ? rc : 0;
}

static int exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/* For file systems without RENAME_EXCHANGE: move dst aside, move tmp in, drop the old. */
static int swap_by_two_renames(const char *tmp, const char *dst, char *err, size_t errlen) {
    char *old = sibling_name(dst, "old");
    if (old == NULL)
        return fail_nomem(err, errlen);
    int rc = 0;
    if (rename(dst, old) != 0) {
        rc = fail_errno(err, errlen, "cannot replace", dst, errno);
    } else if (rename(tmp, dst) != 0) {
        rc = fail_errno(err, errlen, "cannot replace", dst, errno);
        (void)rename(old, dst); /* put the old one back */
    } else {
        (void)crit_fs_remove_tree(old, NULL, 0);
    }
    free(old);
    return rc;
}

int crit_fs_swap_in_dir(const char *tmp_dir, const char *dst, char *err, size_t errlen) {
    struct stat st;
    int rc = 0;
    if (lstat(dst, &st) != 0) {
        if (errno != ENOENT || rename(tmp_dir, dst) != 0)
            rc = fail_errno(err, errlen, "cannot replace", dst, errno);
    } else if (exchange_paths(tmp_dir, dst) == 0) {
        /* tmp_dir now holds the old contents; failing to delete them hides nothing. */
        (void)crit_fs_remove_tree(tmp_dir, NULL, 0);
        return 0;
    } else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
        rc = swap_by_two_renames(tmp_dir, dst, err, errlen);
    } else {
        rc = fail_errno(err, errlen, "cannot replace", dst, errno);
    }
    if (rc != 0)
        (void)crit_fs_remove_tree(tmp_dir, NULL, 0);
    return rc;
}

static int copy_file(const char *src, const char *dst, char *err, size_t errlen) {
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return fail_errno(err, errlen, "cannot read", src, errno);
    int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (out < 0) {
        int e = errno;
        close(in);
        return fail_errno(err, errlen, "cannot create", dst, e);
    }
    char buf[16384];
    int e = 0;
    const char *bad = src;
    for (;;) {
        ssize_t r = read(in, buf, sizeof buf);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            e = r < 0 ? errno : 0;
            break;
        }
        if (write_all(out, buf, (size_t)r) != 0) {
            e = errno;
            bad = dst;
            break;
        }
    }
    close(in);
    if (close(out) != 0 && e == 0) {
        e = errno;
        bad = dst;
    }
    return e == 0 ? 0 : fail_errno(err, errlen, "cannot copy", bad, e);
}

/* Copies the contents of directory src into the existing directory dst, recursively. */
static int copy_tree(const char *src, const char *dst, char *err, size_t errlen) {
    DIR *d = opendir(src);
    if (d == NULL)
        return fail_errno(err, errlen, "cannot read directory", src, errno);
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        char *from = crit_fs_join(src, ent->d_name, (char *)NULL);
        char *to = crit_fs_join(dst, ent->d_name, (char *)NULL);
        struct stat st;
        if (from == NULL || to == NULL)
            rc = fail_nomem(err, errlen);
        else if (lstat(from, &st) != 0)
            rc = fail_errno(err, errlen, "cannot copy", from, errno);
        else if (S_ISREG(st.st_mode))
            rc = copy_file(from, to, err, errlen);
        else if (!S_ISDIR(st.st_mode))
            rc = fail_errno(err, errlen, "cannot copy (not a file or directory)", from, EINVAL);
        else if (mkdir(to, 0777) != 0)
            rc = fail_errno(err, errlen, "cannot create directory", to, errno);
        else
            rc = copy_tree(from, to, err, errlen);
        free(from);
        free(to);
    }
    closedir(d);
    return rc;
}

int crit_fs_replace_dir(const char *src, const char *dst, char *err, size_t errlen) {
    struct stat st;
    if (stat(src, &st) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR) {
            set_err(err, errlen, "cannot copy %s: %s", src, strerror(ENOENT));
            return -CRIT_ENOENT;
        }
        return fail_errno(err, errlen, "cannot copy", src, e);
    }
    if (!S_ISDIR(st.st_mode))
        return fail_errno(err, errlen, "cannot copy", src, ENOTDIR);
    char *tmp;
    int rc = crit_fs_make_temp_dir(dst, &tmp, err, errlen);
    if (rc != 0)
        return rc;
    rc = copy_tree(src, tmp, err, errlen);
    if (rc != 0)
        (void)crit_fs_remove_tree(tmp, NULL, 0);
    else
        rc = crit_fs_swap_in_dir(tmp, dst, err, errlen);
    free(tmp);
    return rc;
}

/* The decimal number in s[0..len), or -1 when it is empty, not all digits or too long. */
static long decimal(const char *s, size_t len) {
    if (len == 0 || len > 18)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool crit_fs_temp_name(const char *name, long *pid, bool *old, size_t *final_len) {
    size_t len = strlen(name);
    if (len < 2 || name[0] != '.')
        return false;
    const char *last = strrchr(name, '.'); /* before <n> */
    size_t end = (size_t)(last - name);
    if (decimal(last + 1, len - end - 1) < 0)
        return false;
    size_t dot = end; /* before <pid> */
    while (dot > 0 && name[dot - 1] != '.')
        dot--;
    if (dot < 6) /* room for ".x" + ".tmp" before the pid's dot */
        return false;
    long p = decimal(name + dot, end - dot);
    const char *tag = name + dot - 5; /* ".tmp." or ".old." */
    bool is_old = strncmp(tag, ".old.", 5) == 0;
    if (p <= 0 || (!is_old && strncmp(tag, ".tmp.", 5) != 0))
        return false;
    *pid = p;
    *old = is_old;
    *final_len = (size_t)(tag - name) - 1;
    return *final_len > 0;
}

/* Removes (or, for an ".old." copy whose final name is free, restores) one stale entry. */
static int sweep_entry(const char *dir, const char *name, bool old, size_t final_len, char *err,
                       size_t errlen) {
    char *path = crit_fs_join(dir, name, (char *)NULL);
    char *final_name = strndup(name + 1, final_len);
    char *final_path = final_name ? crit_fs_join(dir, final_name, (char *)NULL) : NULL;
    int rc = 0;
    struct stat st;
    if (path == NULL || final_path == NULL)
        rc = fail_nomem(err, errlen);
    else if (old && lstat(final_path, &st) != 0 && errno == ENOENT) {
        if (rename(path, final_path) != 0)
            rc = fail_errno(err, errlen, "cannot restore", final_path, errno);
    } else {
        rc = crit_fs_remove_tree(path, err, errlen);
    }
    free(path);
    free(final_name);
    free(final_path);
    return rc;
}

int crit_fs_sweep_temporaries(const char *dir, size_t *swept, char *err, size_t errlen) {
    if (swept != NULL)
        *swept = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return errno == ENOENT || errno == ENOTDIR
                   ? 0
                   : fail_errno(err, errlen, "cannot read directory", dir, errno);
    int first = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        long pid;
        bool old;
        size_t final_len;
        if (!crit_fs_temp_name(ent->d_name, &pid, &old, &final_len) || (pid_t)pid != pid ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its process may still be writing it */
        int rc = sweep_entry(dir, ent->d_name, old, final_len, err, errlen);
        if (rc == 0 && swept != NULL)
            (*swept)++;
        if (rc != 0 && first == 0)
            first = rc;
    }
    closedir(d);
    return first;
}
