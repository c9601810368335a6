/* bench_lock.c: the runner's half of concurrent-safe, crash-safe results (bench_lock.h):
 * taking the per-benchmark and per-output-directory locks with a message while waiting,
 * sweeping what killed runs left, and the baseline save with its refusal messages. */
#include "bench_lock.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fs.h"
#include "store.h"

/* Takes the lock of dir, waiting with a message when another run holds it. */
static int take(crit_runner *r, const char *dir, crit_lock *lk, char *err, size_t errlen) {
    static bool warned; /* once per run: every directory is on that file system */
    int rc = crit_lock_try(dir, lk, err, errlen);
    if (rc == 2) { /* cannot lock there: write unlocked, as before locks existed */
        if (!warned)
            crit_console_message(&r->con, "warning: %s; concurrent runs are not serialised", err);
        warned = true;
        rc = 0;
    }
    if (rc == 1) {
        crit_console_message(&r->con, "waiting for the lock held by another run on %s", dir);
        rc = crit_lock_wait(lk, err, errlen);
    }
    return rc;
}

/* Sweeps <base>/<sub> for each sub; returns the number of entries removed or restored. */
static size_t sweep(const char *base, const char *const *subs, size_t nsubs) {
    size_t total = 0;
    for (size_t i = 0; i < nsubs; i++) {
        char *dir = crit_fs_join(base, subs[i], (char *)NULL);
        size_t n = 0;
        if (dir)
            (void)crit_fs_sweep_temporaries(dir, &n, NULL, 0); /* best effort */
        total += n;
        free(dir);
    }
    return total;
}

static void note_swept(crit_runner *r, const char *dir, size_t n) {
    if (n > 0)
        crit_console_message(&r->con,
                             "note: removed %zu temporar%s that an interrupted run left in %s", n,
                             n == 1 ? "y" : "ies", dir);
}

int crit_runner_lock_bench(crit_runner *r, const crit_bench_id *id, crit_lock *lk) {
    static const char *const subs[] = {"",
                                       "change",
                                       "report",
                                       CRIT_STORE_INSTRUCTIONS,
                                       CRIT_STORE_INSTRUCTIONS "/change",
                                       CRIT_STORE_INSTRUCTIONS "/report"};
    char err[1200];
    char *dir = crit_fs_join(r->opt.output_dir, id->directory_name, (char *)NULL);
    int rc = dir ? take(r, dir, lk, err, sizeof err) : -CRIT_ENOMEM;
    if (rc == 0 && lk->fd >= 0) /* only under a real lock: unlocked, another run may be mid-write */
        note_swept(r, dir, sweep(dir, subs, sizeof subs / sizeof subs[0]));
    else
        crit_runner_fail_bench(r, id->title, dir ? err : "out of memory");
    free(dir);
    return rc == 0 ? 0 : -1;
}

int crit_runner_lock_output(crit_runner *r, crit_lock *lk) {
    char err[1200];
    const char *out = r->opt.output_dir;
    if (take(r, out, lk, err, sizeof err) != 0) {
        crit_console_message(&r->con, "warning: no HTML report index: %s", err);
        return -1;
    }
    if (lk->fd < 0) /* unlocked (a file system without locks): sweep nothing */
        return 0;
    const char *report = "report";
    size_t n = sweep(out, &report, 1);
    DIR *d = opendir(out);
    struct dirent *ent;
    while (d && (ent = readdir(d)) != NULL) {
        if (ent->d_name[0] == '.' || strcmp(ent->d_name, "report") == 0)
            continue;
        char *group = crit_fs_join(out, ent->d_name, (char *)NULL);
        n += group ? sweep(group, &report, 1) : 0;
        free(group);
    }
    if (d)
        closedir(d);
    note_swept(r, out, n);
    return 0;
}

void crit_runner_save_baseline(crit_runner *r, const crit_bench_id *id, bool instructions) {
    char err[1200], why[1600];
    const char *name = r->opt.baseline;
    bool force = r->opt.force_save;
    int rc = instructions ? crit_store_save_instructions_baseline(r->opt.output_dir, id, name,
                                                                  force, err, sizeof err)
             : force ? crit_store_force_save_baseline(r->opt.output_dir, id, name, err, sizeof err)
                     : crit_store_save_baseline(r->opt.output_dir, id, name, err, sizeof err);
    if (rc == 0)
        return;
    if (rc != -CRIT_EPARSE) {
        crit_runner_fail_bench(r, id->title, err);
        return;
    }
    snprintf(why, sizeof why,
             "not overwriting the damaged %sbaseline '%s' (%s); remove it, save under another "
             "name, or replace it with --force-save-baseline %s",
             instructions ? "instruction " : "", name, err, name);
    if (r->opt.save_given) /* the user asked for this save: not done is a failure */
        crit_runner_fail_bench(r, id->title, why);
    else
        crit_console_message(&r->con, "warning: %s: %s", id->title, why);
}
