/* test_fs.c: the results store's file-system layer: path joining, mkdir -p, atomic writes
 * that leave no temporaries, clean failures, reading, recursive removal, whole-directory
 * replacement, the sweep of dead processes' temporaries and the per-directory lock. Every
 * test works in its own mkdtemp directory under /tmp. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fs.h"
#include "lock.h"
#include "model.h"

/* ---- helpers ----------------------------------------------------------------------------- */

static int setup(void **state) {
    char tmpl[] = "/tmp/crit-test-fs.XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (dir == NULL)
        return -1;
    *state = strdup(dir);
    return *state ? 0 : -1;
}

static int teardown(void **state) {
    char *dir = *state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null", dir);
    if (system(cmd) != 0) { /* best effort: only matters after the unwritable test */
    }
    int rc = crit_fs_remove_tree(dir, NULL, 0);
    free(dir);
    return rc;
}

static char *path_in(void **state, const char *rel) {
    char *p = crit_fs_join(*state, rel, (char *)NULL);
    assert_non_null(p);
    return p;
}

static void put(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path) {
    char *buf = NULL;
    char err[256];
    assert_int_equal(crit_fs_read_file(path, &buf, NULL, err, sizeof err), 0);
    return buf;
}

/* Sorted, space-separated list of the entries of dir (including hidden ones). */
static char *listing(const char *dir) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        assert_true(n < 64);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    char *out = calloc(1, 4096);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, names[i]);
        free(names[i]);
    }
    return out;
}

static void assert_listing(const char *dir, const char *expect) {
    char *l = listing(dir);
    assert_string_equal(l, expect);
    free(l);
}

static void assert_file(const char *path, const char *expect) {
    char *s = slurp(path);
    assert_string_equal(s, expect);
    free(s);
}

/* Tries crit_fs_write_atomic(target) where permissions apply: directly for a normal user,
 * in a child that drops to uid/gid 65534 when running as root (root ignores mode bits).
 * Returns 0 when the write failed with -CRIT_EIO and a message naming the target. */
static int write_as_unprivileged(const char *dir, const char *target) {
    char err[256] = "";
    if (geteuid() != 0) {
        int rc = crit_fs_write_atomic(target, "x", 1, err, sizeof err);
        return rc == -CRIT_EIO && strstr(err, target) != NULL ? 0 : 1;
    }
    if (chmod(dir, 0755) != 0)
        return 2;
    pid_t pid = fork();
    if (pid < 0)
        return 3;
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0)
            _exit(4);
        int rc = crit_fs_write_atomic(target, "x", 1, err, sizeof err);
        _exit(rc == -CRIT_EIO && strstr(err, target) != NULL ? 0 : 5);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 6;
    return WEXITSTATUS(status);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void check_join(const char *a, const char *b, const char *expect) {
    char *p = crit_fs_join(a, b, (char *)NULL);
    assert_non_null(p);
    assert_string_equal(p, expect);
    free(p);
}

static void test_join(void **state) {
    (void)state;
    check_join("a", "b", "a/b");
    check_join("a/", "b", "a/b");
    check_join("a", "/b", "a/b");
    check_join("a/", "/b", "a/b");
    check_join("/", "x", "/x");
    check_join("", "x", "x");
    check_join("a", "", "a");
    char *p = crit_fs_join("results", "vm/fib", "", "new", "sample.json", (char *)NULL);
    assert_string_equal(p, "results/vm/fib/new/sample.json");
    free(p);
    p = crit_fs_join("only", (char *)NULL);
    assert_string_equal(p, "only");
    free(p);
    assert_null(crit_fs_join(NULL, "x", (char *)NULL));
}

static void test_mkdir_p(void **state) {
    char err[256] = "";
    char *deep = path_in(state, "a/b//c/d/");
    assert_int_equal(crit_fs_mkdir_p(deep, err, sizeof err), 0);
    char *d = path_in(state, "a/b/c/d");
    struct stat st;
    assert_int_equal(stat(d, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(crit_fs_mkdir_p(d, err, sizeof err), 0); /* existing is fine */

    /* a component that is a file fails cleanly and names the path */
    char *file = path_in(state, "a/file");
    put(file, "x");
    char *under = path_in(state, "a/file/sub");
    assert_int_equal(crit_fs_mkdir_p(under, err, sizeof err), -CRIT_EIO);
    assert_non_null(strstr(err, "a/file"));
    assert_int_equal(crit_fs_mkdir_p("", err, sizeof err), -CRIT_EIO);
    free(deep);
    free(d);
    free(file);
    free(under);
}

static void test_write_atomic_leaves_only_the_file(void **state) {
    char err[256] = "";
    char *path = path_in(state, "out.json");
    const char text[] = "{\"a\":1}";
    assert_int_equal(crit_fs_write_atomic(path, text, strlen(text), err, sizeof err), 0);
    assert_file(path, text);
    /* overwrite with something shorter: no tail of the old content survives */
    assert_int_equal(crit_fs_write_atomic(path, "[]", 2, err, sizeof err), 0);
    assert_file(path, "[]");
    /* bytes past a NUL are written too */
    assert_int_equal(crit_fs_write_atomic(path, "a\0b", 3, err, sizeof err), 0);
    size_t len = 0;
    char *buf = NULL;
    assert_int_equal(crit_fs_read_file(path, &buf, &len, err, sizeof err), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(buf, "a\0b", 4);
    free(buf);
    /* empty content */
    assert_int_equal(crit_fs_write_atomic(path, "", 0, err, sizeof err), 0);
    assert_file(path, "");
    assert_listing(*state, "out.json");

    /* mode follows the umask like any created file (mkstemp would give 0600) */
    mode_t old = umask(022);
    assert_int_equal(crit_fs_write_atomic(path, "x", 1, err, sizeof err), 0);
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    free(path);
}

static void test_write_atomic_failures_are_clean(void **state) {
    char err[256] = "";
    /* missing directory */
    char *missing = path_in(state, "nodir/out.json");
    assert_int_equal(crit_fs_write_atomic(missing, "x", 1, err, sizeof err), -CRIT_EIO);
    assert_non_null(strstr(err, "nodir/out.json"));

    /* the final rename fails (a non-empty directory holds the name): temp removed, nothing
     * else changed */
    char *blocker = path_in(state, "taken");
    char *inside = path_in(state, "taken/keep");
    assert_int_equal(mkdir(blocker, 0777), 0);
    put(inside, "kept");
    err[0] = '\0';
    assert_int_equal(crit_fs_write_atomic(blocker, "new", 3, err, sizeof err), -CRIT_EIO);
    assert_non_null(strstr(err, "taken"));
    assert_listing(*state, "taken");
    assert_file(inside, "kept");

    /* an unwritable directory: fails cleanly, leaves nothing behind */
    char *ro = path_in(state, "ro");
    char *target = path_in(state, "ro/out.json");
    assert_int_equal(mkdir(ro, 0555), 0);
    assert_int_equal(chmod(ro, 0555), 0);
    assert_int_equal(write_as_unprivileged(*state, target), 0);
    assert_listing(ro, "");
    free(ro);
    free(target);
    free(missing);
    free(blocker);
    free(inside);
}

/* CRIT_FS_KEEP_MODE: an existing file's permission bits survive the replacement; without the
 * flag the new file's mode follows the umask (the store's behaviour). */
static void test_write_atomic_keep_mode(void **state) {
    char err[256] = "";
    char *path = path_in(state, "doc.md");
    struct stat st;
    mode_t old = umask(022);
    assert_int_equal(crit_fs_write_atomic_flags(path, "a", 1, CRIT_FS_KEEP_MODE, err, sizeof err),
                     0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(crit_fs_write_atomic_flags(path, "bb", 2, CRIT_FS_KEEP_MODE, err, sizeof err),
                     0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_file(path, "bb");
    assert_int_equal(crit_fs_write_atomic_flags(path, "c", 1, 0, err, sizeof err), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    umask(old);
    assert_listing(*state, "doc.md");

    /* the two wordings of a temporary that cannot be made */
    char *missing = path_in(state, "nodir/doc.md");
    char want[512];
    snprintf(want, sizeof want, "cannot create a temporary file beside %s: %s", missing,
             strerror(ENOENT));
    assert_int_equal(crit_fs_write_atomic_flags(missing, "x", 1, CRIT_FS_KEEP_MODE, err,
                                                sizeof err),
                     -CRIT_EIO);
    assert_string_equal(err, want);
    snprintf(want, sizeof want, "cannot create a temporary for %s: %s", missing, strerror(ENOENT));
    assert_int_equal(crit_fs_write_atomic(missing, "x", 1, err, sizeof err), -CRIT_EIO);
    assert_string_equal(err, want);
    free(missing);
    free(path);
}

static void test_read_file(void **state) {
    char err[256] = "";
    static char sentinel[] = "not null";
    char *buf = sentinel;
    size_t len = 99;
    char *missing = path_in(state, "missing.json");
    assert_int_equal(crit_fs_read_file(missing, &buf, &len, err, sizeof err), -CRIT_ENOENT);
    assert_null(buf);
    assert_non_null(strstr(err, "missing.json"));
    char *under = path_in(state, "nodir/x.json");
    assert_int_equal(crit_fs_read_file(under, &buf, &len, err, sizeof err), -CRIT_ENOENT);
    assert_int_equal(crit_fs_read_file(*state, &buf, &len, err, sizeof err), -CRIT_EIO);

    char *p = path_in(state, "f.txt");
    put(p, "hello\n");
    assert_int_equal(crit_fs_read_file(p, &buf, &len, err, sizeof err), 0);
    assert_int_equal(len, 6);
    assert_string_equal(buf, "hello\n");
    free(buf);
    put(p, "");
    assert_int_equal(crit_fs_read_file(p, &buf, &len, err, sizeof err), 0);
    assert_int_equal(len, 0);
    assert_string_equal(buf, "");
    free(buf);
    free(p);
    free(missing);
    free(under);
}

static void test_remove_tree_does_not_follow_links(void **state) {
    char err[256] = "";
    char *outside = path_in(state, "outside");
    char *outside_file = path_in(state, "outside/precious");
    char *tree = path_in(state, "tree/a/b");
    char *f1 = path_in(state, "tree/a/b/f");
    char *f2 = path_in(state, "tree/top");
    char *link = path_in(state, "tree/a/link");
    char *root = path_in(state, "tree");
    assert_int_equal(crit_fs_mkdir_p(outside, err, sizeof err), 0);
    assert_int_equal(crit_fs_mkdir_p(tree, err, sizeof err), 0);
    put(outside_file, "keep");
    put(f1, "1");
    put(f2, "2");
    assert_int_equal(symlink(outside, link), 0);
    assert_int_equal(crit_fs_remove_tree(root, err, sizeof err), 0);
    assert_listing(*state, "outside");
    assert_file(outside_file, "keep");
    assert_int_equal(crit_fs_remove_tree(root, err, sizeof err), 0); /* missing is fine */
    free(outside);
    free(outside_file);
    free(tree);
    free(f1);
    free(f2);
    free(link);
    free(root);
}

static void test_make_temp_dir_is_a_hidden_sibling(void **state) {
    char err[256] = "";
    char *final = path_in(state, "base");
    char *tmp = NULL;
    assert_int_equal(crit_fs_make_temp_dir(final, &tmp, err, sizeof err), 0);
    size_t dl = strlen(*state);
    assert_memory_equal(tmp, *state, dl);
    assert_true(strncmp(tmp + dl, "/.base.tmp.", 11) == 0);
    struct stat st;
    assert_int_equal(stat(tmp, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    char *tmp2 = NULL;
    assert_int_equal(crit_fs_make_temp_dir(final, &tmp2, err, sizeof err), 0);
    assert_string_not_equal(tmp, tmp2);
    free(tmp);
    free(tmp2);
    free(final);
}

static void test_replace_dir_swaps_whole_directories(void **state) {
    char err[256] = "";
    char *src = path_in(state, "new");
    char *dst = path_in(state, "base");
    char *sub = path_in(state, "new/sub");
    char *p;
    assert_int_equal(crit_fs_mkdir_p(sub, err, sizeof err), 0);
    put(p = path_in(state, "new/a.json"), "A2"), free(p);
    put(p = path_in(state, "new/shared.json"), "S2"), free(p);
    put(p = path_in(state, "new/sub/deep.json"), "D2"), free(p);

    /* dst missing: created as a copy */
    assert_int_equal(crit_fs_replace_dir(src, dst, err, sizeof err), 0);
    assert_listing(dst, "a.json shared.json sub");
    assert_file(p = path_in(state, "base/sub/deep.json"), "D2"), free(p);
    assert_listing(*state, "base new");

    /* dst with old files: afterwards exactly src's files, old-only files gone */
    put(p = path_in(state, "base/old_only.json"), "O1"), free(p);
    put(p = path_in(state, "base/shared.json"), "S1"), free(p);
    put(p = path_in(state, "new/shared.json"), "S3"), free(p);
    assert_int_equal(crit_fs_replace_dir(src, dst, err, sizeof err), 0);
    assert_listing(dst, "a.json shared.json sub");
    assert_file(p = path_in(state, "base/shared.json"), "S3"), free(p);
    assert_file(p = path_in(state, "base/a.json"), "A2"), free(p);
    /* src untouched, no temporaries or old copies left beside */
    assert_listing(src, "a.json shared.json sub");
    assert_file(p = path_in(state, "new/shared.json"), "S3"), free(p);
    assert_listing(*state, "base new");

    /* src missing: ENOENT and dst untouched */
    char *nosrc = path_in(state, "nothere");
    assert_int_equal(crit_fs_replace_dir(nosrc, dst, err, sizeof err), -CRIT_ENOENT);
    assert_listing(dst, "a.json shared.json sub");

    /* an uncopyable entry (a FIFO) fails with dst intact and no temporary left */
    assert_int_equal(mkfifo(p = path_in(state, "new/fifo"), 0600), 0), free(p);
    assert_int_equal(crit_fs_replace_dir(src, dst, err, sizeof err), -CRIT_EIO);
    assert_non_null(strstr(err, "fifo"));
    assert_listing(dst, "a.json shared.json sub");
    assert_file(p = path_in(state, "base/shared.json"), "S3"), free(p);
    assert_listing(*state, "base new");
    free(nosrc);
    free(src);
    free(dst);
    free(sub);
}

static void test_swap_in_dir(void **state) {
    char err[256] = "";
    char *dst = path_in(state, "target");
    char *tmp = NULL, *p;
    assert_int_equal(mkdir(dst, 0777), 0);
    put(p = path_in(state, "target/old"), "old"), free(p);
    assert_int_equal(crit_fs_make_temp_dir(dst, &tmp, err, sizeof err), 0);
    p = crit_fs_join(tmp, "fresh", (char *)NULL);
    put(p, "fresh");
    free(p);
    assert_int_equal(crit_fs_swap_in_dir(tmp, dst, err, sizeof err), 0);
    assert_listing(dst, "fresh");
    assert_listing(*state, "target");
    free(tmp);
    free(dst);
}

/* A pid that no process has: a child that has exited and been reaped. */
static long dead_pid(void) {
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0)
        _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);
    return (long)child;
}

static void test_temp_name(void **state) {
    (void)state;
    long pid;
    bool old;
    size_t len;
    assert_true(crit_fs_temp_name(".new.tmp.123.0", &pid, &old, &len));
    assert_int_equal(pid, 123);
    assert_false(old);
    assert_int_equal(len, 3);
    assert_true(crit_fs_temp_name(".v1.0.old.9.17", &pid, &old, &len));
    assert_int_equal(pid, 9);
    assert_true(old);
    assert_int_equal(len, 4); /* "v1.0" */
    assert_true(crit_fs_temp_name(".estimates.json.tmp.4242.3", &pid, &old, &len));
    const char *not_ours[] = {"new",        ".crit:lock", ".tmp.1.2",   "..tmp.1.2",
                              ".a.tmp.1.",  ".a.tmp..2",  ".a.tmp.x.2", ".a.tmp.1.2x",
                              ".a.bak.1.2", ".a.tmp.0.1", "a.tmp.1.2",  ".a.tmp.1",
                              "."};
    for (size_t i = 0; i < sizeof not_ours / sizeof not_ours[0]; i++)
        if (crit_fs_temp_name(not_ours[i], &pid, &old, &len))
            fail_msg("%s taken for a temporary", not_ours[i]);
}

/* Temporaries of dead processes go (a directory with its contents, a file); an ".old." copy
 * comes back when its final name is free; live processes' and other names stay. */
static void test_sweep_temporaries(void **state) {
    char err[512] = "", name[128];
    long dead = dead_pid();
    char *dir = path_in(state, "b");
    assert_int_equal(mkdir(dir, 0777), 0);
    snprintf(name, sizeof name, "b/.new.tmp.%ld.0", dead);
    char *tmpdir = path_in(state, name);
    assert_int_equal(mkdir(tmpdir, 0777), 0);
    char *inner = crit_fs_join(tmpdir, "sample.json", (char *)NULL);
    put(inner, "{}");
    snprintf(name, sizeof name, "b/.estimates.json.tmp.%ld.1", dead);
    char *tmpfile = path_in(state, name);
    put(tmpfile, "{\"mean\":");
    snprintf(name, sizeof name, "b/.base.old.%ld.2", dead);
    char *old = path_in(state, name);
    assert_int_equal(mkdir(old, 0777), 0);
    char *old_file = crit_fs_join(old, "sample.json", (char *)NULL);
    put(old_file, "old");
    snprintf(name, sizeof name, "b/.v1.old.%ld.3", dead);
    char *old_v1 = path_in(state, name);
    assert_int_equal(mkdir(old_v1, 0777), 0);
    char *v1 = path_in(state, "b/v1");
    assert_int_equal(mkdir(v1, 0777), 0);
    snprintf(name, sizeof name, "b/.report.tmp.%ld.4", (long)getpid()); /* alive: ours */
    char *live = path_in(state, name);
    assert_int_equal(mkdir(live, 0777), 0);
    char *other = path_in(state, "b/.notes");
    put(other, "mine");
    size_t swept = 99;
    assert_int_equal(crit_fs_sweep_temporaries(dir, &swept, err, sizeof err), 0);
    assert_int_equal(swept, 4);
    snprintf(name, sizeof name, ".notes .report.tmp.%ld.4 base v1", (long)getpid());
    assert_listing(dir, name);
    char *restored = path_in(state, "b/base/sample.json");
    assert_file(restored, "old");
    /* a second sweep finds nothing; a missing directory is fine */
    assert_int_equal(crit_fs_sweep_temporaries(dir, &swept, err, sizeof err), 0);
    assert_int_equal(swept, 0);
    char *missing = path_in(state, "nope");
    assert_int_equal(crit_fs_sweep_temporaries(missing, &swept, err, sizeof err), 0);
    char *paths[] = {dir,    tmpdir, inner, tmpfile, old,      old_file,
                     old_v1, v1,     live,  other,   restored, missing};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
        free(paths[i]);
}

/* The lock excludes another open of the same lock file (as it excludes another run), is
 * taken once released, and creates the directory it locks. (Waiting while another process
 * holds it: tests/integration/baseline_save.sh.) */
static void test_lock(void **state) {
    char err[512] = "";
    char *dir = path_in(state, "x/y");
    crit_lock a, b;
    assert_int_equal(crit_lock_try(dir, &a, err, sizeof err), 0);
    char *file = crit_fs_join(dir, CRIT_LOCK_FILE, (char *)NULL);
    assert_int_equal(access(file, F_OK), 0);
    assert_int_equal(crit_lock_try(dir, &b, err, sizeof err), 1); /* held by a */
    crit_lock_release(&a);
    assert_int_equal(crit_lock_wait(&b, err, sizeof err), 0);
    crit_lock c;
    assert_int_equal(crit_lock_try(dir, &c, err, sizeof err), 1);
    crit_lock_release(&c);
    crit_lock_release(&b);
    assert_int_equal(crit_lock_try(dir, &c, err, sizeof err), 0);
    crit_lock_release(&c);
    crit_lock_release(&c); /* harmless twice */
    /* a file where the directory should be */
    char *plain = path_in(state, "plain");
    put(plain, "");
    char *under = crit_fs_join(plain, "d", (char *)NULL);
    assert_int_equal(crit_lock_try(under, &c, err, sizeof err), -CRIT_EIO);
    assert_int_equal(c.fd, -1);
    free(under);
    free(plain);
    free(file);
    free(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_join),
        cmocka_unit_test_setup_teardown(test_mkdir_p, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_leaves_only_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_failures_are_clean, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_atomic_keep_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_tree_does_not_follow_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_make_temp_dir_is_a_hidden_sibling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_dir_swaps_whole_directories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_swap_in_dir, setup, teardown),
        cmocka_unit_test(test_temp_name),
        cmocka_unit_test_setup_teardown(test_sweep_temporaries, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
