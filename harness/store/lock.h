/* lock.h: the advisory lock that serialises the runs writing one benchmark's files (new/,
 * the flat estimates.json, change/, report/, its baselines) or the output directory's index
 * pages: flock(2) on a lock file inside the directory, so two runs on one output directory
 * never leave a directory with files of both, and a killed run's lock goes with its last
 * descriptor. Never prints: the caller says it is waiting. */
#ifndef CRIT_LOCK_H
#define CRIT_LOCK_H

#include <stddef.h>

/* The lock file's name inside the locked directory. The ':' keeps it apart from every
 * benchmark directory (directory names turn ':' into '_') and every baseline (those cannot
 * start with '.'). It is never deleted: removing a lock file others may hold open breaks
 * flock's exclusion. */
#define CRIT_LOCK_FILE ".crit:lock"

/* A lock being taken or held. fd is -1 when closed. */
typedef struct crit_lock {
    int fd;
} crit_lock;

/* Creates `dir` (and its parents) when missing, opens <dir>/.crit:lock (created mode 0666
 * minus the umask) and tries to take it exclusively without waiting. Returns 0 when held;
 * 1 when another process (or another descriptor) holds it: lk stays open, and the caller
 * either waits with crit_lock_wait or gives up with crit_lock_release; 2 when the file
 * system cannot lock at all (ENOLCK, EOPNOTSUPP, ENOSYS: lk closed, err says so; the caller
 * may go on unlocked); -CRIT_EIO / -CRIT_ENOMEM with a message naming the path (lk
 * closed). */
int crit_lock_try(const char *dir, crit_lock *lk, char *err, size_t errlen);

/* Blocks until the lock opened by crit_lock_try (which returned 1) is held. Returns 0, or
 * -CRIT_EIO (lk closed). */
int crit_lock_wait(crit_lock *lk, char *err, size_t errlen);

/* Releases the lock (closing its descriptor); safe on a closed or zeroed-then-failed lock. */
void crit_lock_release(crit_lock *lk);

#endif
