/* lock.c: the per-directory advisory lock of lock.h: flock(2) on <dir>/.crit:lock. flock
 * locks belong to the open file description, so a process killed by any signal releases
 * them, and they work across pid namespaces sharing the file system. Never prints. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "fs.h"
#include "model.h"

int crit_lock_try(const char *dir, crit_lock *lk, char *err, size_t errlen) {
    lk->fd = -1;
    int rc = crit_fs_mkdir_p(dir, err, errlen);
    if (rc != 0)
        return rc;
    char *path = crit_fs_join(dir, CRIT_LOCK_FILE, (char *)NULL);
    if (path == NULL) {
        snprintf(err, errlen, "out of memory");
        return -CRIT_ENOMEM;
    }
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
    if (fd < 0) {
        snprintf(err, errlen, "cannot open the lock file %s: %s", path, strerror(errno));
        free(path);
        return -CRIT_EIO;
    }
    int r;
    while ((r = flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR)
        ;
    if (r != 0 && (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)) {
        snprintf(err, errlen, "the file system of %s cannot lock files (%s)", path,
                 strerror(errno));
        close(fd);
        free(path);
        return 2; /* e.g. NFS without a lock manager: better unlocked than no results */
    }
    if (r != 0 && errno != EWOULDBLOCK) {
        snprintf(err, errlen, "cannot lock %s: %s", path, strerror(errno));
        close(fd);
        free(path);
        return -CRIT_EIO;
    }
    free(path);
    lk->fd = fd;
    return r == 0 ? 0 : 1;
}

int crit_lock_wait(crit_lock *lk, char *err, size_t errlen) {
    int r;
    while ((r = flock(lk->fd, LOCK_EX)) != 0 && errno == EINTR)
        ;
    if (r == 0)
        return 0;
    snprintf(err, errlen, "cannot wait for the lock: %s", strerror(errno));
    crit_lock_release(lk);
    return -CRIT_EIO;
}

void crit_lock_release(crit_lock *lk) {
    if (lk->fd >= 0)
        close(lk->fd); /* the last descriptor of the description: the lock goes with it */
    lk->fd = -1;
}
