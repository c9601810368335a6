/* fs.h: the file-system primitives of the results store: path joining, mkdir -p, atomic
 * file writes (temporary name + rename), whole-directory replacement (copy aside + atomic
 * swap), recursive removal, and the sweep of temporaries left by killed processes. Used by
 * store/, report/, results/, run/. Never prints; errors are returned. */
#ifndef CRIT_FS_H
#define CRIT_FS_H

#include <stdbool.h>
#include <stddef.h>

/* Joins the NULL-terminated list of path parts with '/' (no part is added twice a '/':
 * a trailing '/' on one part and a leading '/' on the next collapse to one). Returns a
 * malloc'd string the caller frees, or NULL when an allocation fails or `first` is NULL. */
char *crit_fs_join(const char *first, ...)
#if defined(__GNUC__)
    __attribute__((sentinel))
#endif
    ;

/* Creates `path` and every missing parent (mode 0777 minus the umask). An existing
 * directory is success. Returns 0, or -CRIT_EIO (a component exists and is not a directory,
 * or mkdir failed) / -CRIT_ENOMEM, with a message naming the path in err. */
int crit_fs_mkdir_p(const char *path, char *err, size_t errlen);

/* Writes len bytes of data to `path` atomically: the bytes go to a new uniquely named
 * temporary file in the same directory (mode 0666 minus the umask), which is then renamed
 * over `path`. Readers see the old file or the whole new one, never a part; nothing is left
 * under the final name if anything fails. No fsync (not crash-durable, only interrupt-safe).
 * The directory must exist. Returns 0, -CRIT_EIO (temporary removed, message names `path`
 * and the reason) or -CRIT_ENOMEM. */
int crit_fs_write_atomic(const char *path, const void *data, size_t len, char *err, size_t errlen);

/* Flags of crit_fs_write_atomic_flags. */
enum {
    /* When `path` exists, the new file gets its permission bits (stat: a symbolic link is
     * followed for the bits, then replaced by the file), and a temporary that cannot be
     * created is reported as "cannot create a temporary file beside <path>: <reason>" (the
     * tools' wording; crit_results_write_atomic in crit_results.h). */
    CRIT_FS_KEEP_MODE = 1
};

/* crit_fs_write_atomic with flags (0 or CRIT_FS_KEEP_MODE); the same contract otherwise.
 * crit_fs_write_atomic(...) is crit_fs_write_atomic_flags(..., 0, ...). */
int crit_fs_write_atomic_flags(const char *path, const void *data, size_t len, unsigned flags,
                               char *err, size_t errlen);

/* Reads the whole regular file `path` into a malloc'd buffer with a NUL appended (not
 * counted in *len_out; len_out may be NULL). The caller frees *out. The open never blocks
 * (O_NONBLOCK, so a FIFO or a device in place of the file is refused at once, "cannot read
 * <path>: not a regular file (a FIFO)"); a file of more than `limit` bytes is refused before
 * anything is read ("<path>: 200 MiB, more than the 2 MiB limit for <kind>", kind e.g. "a
 * sample.json"). Returns 0; -CRIT_ENOENT when the file does not exist (or a parent is
 * missing); -CRIT_EIO when it cannot be read, is not a regular file or is too big;
 * -CRIT_ENOMEM. On failure *out is NULL. */
int crit_fs_read_file_max(const char *path, size_t limit, const char *kind, char **out,
                          size_t *len_out, char *err, size_t errlen);

/* crit_fs_read_file_max with a limit of 256 MiB, for files that are not results files
 * (callgrind's output, a child's stderr); results files go through crit_store_read_file. */
int crit_fs_read_file(const char *path, char **out, size_t *len_out, char *err, size_t errlen);

/* Removes `path` recursively (a file, a symlink or a directory tree; symlinks are never
 * followed). A missing path is success. Returns 0, -CRIT_EIO or -CRIT_ENOMEM. */
int crit_fs_remove_tree(const char *path, char *err, size_t errlen);

/* Creates a new empty, uniquely named hidden directory beside `final_path`
 * (".<name>.tmp.<pid>.<n>" in the same parent, so a later rename is atomic) and returns
 * its path in *tmp_out (malloc'd, the caller frees). The parent must exist. Returns 0,
 * -CRIT_EIO or -CRIT_ENOMEM (then *tmp_out is NULL). */
int crit_fs_make_temp_dir(const char *final_path, char **tmp_out, char *err, size_t errlen);

/* Moves the fully prepared directory `tmp_dir` (from crit_fs_make_temp_dir) to `dst` as one
 * step: when dst exists the two are exchanged atomically (renameat2 RENAME_EXCHANGE) and
 * the old contents, now under tmp_dir, are removed; otherwise tmp_dir is renamed to dst.
 * A reader never sees a mix of old and new files. On file systems without
 * RENAME_EXCHANGE the old dst is first renamed aside, so an interruption can leave dst
 * missing (the old copy survives under a hidden ".<name>.old..." name), still never mixed.
 * On failure tmp_dir is removed. Returns 0, -CRIT_EIO or -CRIT_ENOMEM. */
int crit_fs_swap_in_dir(const char *tmp_dir, const char *dst, char *err, size_t errlen);

/* Replaces directory `dst` by a copy of directory `src` as a whole: src's tree (regular
 * files and subdirectories; any other kind of entry is an error) is copied into a temporary
 * sibling of dst which is then swapped in with crit_fs_swap_in_dir. dst's parent must
 * exist. src is never modified. Returns 0; -CRIT_ENOENT when src does not exist; -CRIT_EIO
 * (dst untouched, temporary removed); -CRIT_ENOMEM. */
int crit_fs_replace_dir(const char *src, const char *dst, char *err, size_t errlen);

/* Whether `name` (one directory entry, no '/') is a temporary of ours:
 * ".<final>.tmp.<pid>.<n>" (crit_fs_write_atomic, crit_fs_make_temp_dir) or
 * ".<final>.old.<pid>.<n>" (the two-rename fallback of crit_fs_swap_in_dir), with <final>
 * non-empty and <pid>, <n> decimal. On true, *pid gets <pid>, *old whether it is an ".old."
 * copy and *final_len the length of <final> (it starts at name + 1). Pure. */
bool crit_fs_temp_name(const char *name, long *pid, bool *old, size_t *final_len);

/* Cleans up after processes killed in the middle of a write: every entry directly in `dir`
 * that crit_fs_temp_name accepts and whose process is gone (kill(pid, 0) fails with ESRCH;
 * a live pid, even a reused one, keeps its entry) is removed recursively, except that an
 * ".old." copy is renamed back to <final> when nothing is there (an interrupted swap left
 * the old directory aside and none in its place). Call it while holding the lock the
 * writers of `dir` take (lock.h), so no live writer's temporary is touched whatever its pid
 * namespace. A missing `dir` is success. *swept (may be NULL) gets the number of entries
 * removed or restored. Returns 0, or the first -CRIT_EIO / -CRIT_ENOMEM (the other entries
 * are still tried). */
int crit_fs_sweep_temporaries(const char *dir, size_t *swept, char *err, size_t errlen);

#endif
