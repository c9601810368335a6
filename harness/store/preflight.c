/* preflight.c: what a run checks about its output directory before it measures anything, so
 * a read-only directory or a baseline name too long for the file system fails in a second
 * with a clear message instead of after minutes of measuring. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model.h"
#include "store.h"

/* The longest existing prefix of path (path itself, or a parent) into buf; "." for a relative
 * path none of whose components exists. Returns buf, or NULL when path does not fit. */
static const char *existing_part(const char *path, char *buf, size_t cap) {
    if (snprintf(buf, cap, "%s", path) >= (int)cap)
        return NULL;
    for (;;) {
        struct stat st;
        if (stat(buf, &st) == 0)
            return buf;
        char *slash = strrchr(buf, '/');
        while (slash != NULL && slash > buf && slash[-1] == '/') /* "a//b" */
            slash--;
        if (slash == NULL)
            return strcpy(buf, ".");
        if (slash == buf)
            return strcpy(buf, "/");
        *slash = '\0';
    }
}

int crit_store_preflight(const char *out_dir, const char *save_as, char *err, size_t errlen) {
    char dir[4096];
    struct stat st;
    if (existing_part(out_dir, dir, sizeof dir) == NULL) {
        snprintf(err, errlen, "%.200s...: the output directory's path is too long", out_dir);
        return -CRIT_EINVAL;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: cannot be the output directory: %s is not a directory", out_dir,
                 dir);
        return -CRIT_EIO;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        if (strcmp(dir, out_dir) == 0)
            snprintf(err, errlen, "%s: the output directory is not writable: %s", out_dir,
                     strerror(errno));
        else
            snprintf(err, errlen, "%s: cannot create the output directory in %s: %s", out_dir, dir,
                     strerror(errno));
        return -CRIT_EIO;
    }
    if (save_as == NULL)
        return 0;
    long name_max = pathconf(dir, _PC_NAME_MAX);
    if (name_max < 0) /* no limit, or it cannot be asked: the static rule already held */
        return 0;
    size_t len = strlen(save_as);
    if (len + CRIT_STORE_NAME_RESERVE > (size_t)name_max) {
        snprintf(err, errlen,
                 "%s: the baseline name '%.40s...' is %zu bytes; this file system takes names of "
                 "at most %ld bytes, and crit's temporaries add %d to it",
                 out_dir, save_as, len, name_max, CRIT_STORE_NAME_RESERVE);
        return -CRIT_EINVAL;
    }
    return 0;
}
