/* context.c: collects the run context (date, host, CPU, governor, kernel, compiler, flags,
 * build mode, git revision, seed) once per run so every metrics.json says where it came from,
 * the CPU steal and load seen during each benchmark, and the run-level warnings. */
#include "context.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef CRIT_BUILD_MODE
#define CRIT_BUILD_MODE "unknown"
#endif
#ifndef CRIT_BUILD_FLAGS
#define CRIT_BUILD_FLAGS "unknown"
#endif

static void set(char *dst, size_t len, const char *src) {
    snprintf(dst, len, "%s", src && *src ? src : "unknown");
}

static void trim(char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
}

/* First line of a small file, trimmed; "" when unreadable. */
static void read_line(const char *path, char *buf, size_t len) {
    FILE *f = fopen(path, "r");
    buf[0] = '\0';
    if (!f)
        return;
    if (!fgets(buf, (int)len, f))
        buf[0] = '\0';
    fclose(f);
    trim(buf);
}

static void cpu_model(char *buf, size_t len) {
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    buf[0] = '\0';
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "model name", 10)) {
            char *colon = strchr(line, ':');
            if (colon) {
                colon++;
                while (*colon == ' ' || *colon == '\t')
                    colon++;
                snprintf(buf, len, "%s", colon);
                trim(buf);
            }
            break;
        }
    }
    fclose(f);
}

/* The first line of a command's output, trimmed; "" when it fails or prints nothing. */
static void command_line(const char *cmd, char *buf, size_t len) {
    buf[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (!fgets(buf, (int)len, p))
        buf[0] = '\0';
    pclose(p);
    trim(buf);
}

/* A git fact: the environment variable wins (CI, tests), else the command's first line. */
static void git_fact(const char *env_name, const char *cmd, char *buf, size_t len) {
    const char *env = getenv(env_name);
    if (env && *env)
        snprintf(buf, len, "%s", env);
    else
        command_line(cmd, buf, len);
}

/* Revision, branch and whether tracked files differ from it (CRIT_GIT_REVISION,
 * CRIT_GIT_BRANCH and CRIT_GIT_DIRTY=0|1 in the environment win). */
static void git_facts(crit_context *ctx) {
    char rev[sizeof ctx->git_revision], tmp[sizeof ctx->git_branch];
    git_fact("CRIT_GIT_REVISION", "git rev-parse --short=12 HEAD 2>/dev/null", rev, sizeof rev);
    set(ctx->git_revision, sizeof ctx->git_revision, rev);
    git_fact("CRIT_GIT_BRANCH", "git rev-parse --abbrev-ref HEAD 2>/dev/null", tmp, sizeof tmp);
    set(ctx->git_branch, sizeof ctx->git_branch, tmp);
    /* "0"/"1" from one command, "" when git fails (not a repository); --no-optional-locks: a
     * benchmark run must not rewrite the index of the repository it measures */
    git_fact("CRIT_GIT_DIRTY",
             "git rev-parse --git-dir >/dev/null 2>&1 && "
             "{ git --no-optional-locks diff --quiet HEAD -- 2>/dev/null && echo 0 || echo 1; }",
             tmp, sizeof tmp);
    ctx->git_dirty = !strcmp(tmp, "1") ? 1 : !strcmp(tmp, "0") ? 0 : -1;
}

void crit_context_collect(crit_context *ctx, uint64_t seed) {
    char tmp[256];
    memset(ctx, 0, sizeof *ctx);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ctx->date, sizeof ctx->date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (gethostname(tmp, sizeof tmp) != 0)
        tmp[0] = '\0';
    tmp[sizeof tmp - 1] = '\0';
    set(ctx->host, sizeof ctx->host, tmp);
    cpu_model(tmp, sizeof tmp);
    set(ctx->cpu_model, sizeof ctx->cpu_model, tmp);
    ctx->cores = sysconf(_SC_NPROCESSORS_ONLN);
    read_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", tmp, sizeof tmp);
    set(ctx->governor, sizeof ctx->governor, tmp);
    struct utsname u;
    if (uname(&u) == 0) {
        snprintf(tmp, sizeof tmp, "%s %s", u.sysname, u.release);
        set(ctx->kernel, sizeof ctx->kernel, tmp);
    } else {
        set(ctx->kernel, sizeof ctx->kernel, NULL);
    }
#if defined(__clang__)
    set(ctx->compiler, sizeof ctx->compiler, "clang " __clang_version__);
#elif defined(__GNUC__)
    set(ctx->compiler, sizeof ctx->compiler, "gcc " __VERSION__);
#else
    set(ctx->compiler, sizeof ctx->compiler, NULL);
#endif
    set(ctx->flags, sizeof ctx->flags, CRIT_BUILD_FLAGS);
    trim(ctx->flags); /* "-O2 -g " when no sanitizer flags follow */
    set(ctx->build_mode, sizeof ctx->build_mode, CRIT_BUILD_MODE);
    git_facts(ctx);
    ctx->seed = seed;
}

bool crit_cpu_times_parse(const char *line, crit_cpu_times *t) {
    unsigned long long v[8] = {0};
    memset(t, 0, sizeof *t);
    if (strncmp(line, "cpu ", 4) != 0)
        return false;
    int n = sscanf(line + 4, "%llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7]);
    if (n < 4)
        return false;
    for (int i = 0; i < 8; i++)
        t->total += v[i];
    t->steal = v[7];
    t->ok = true;
    return true;
}

void crit_cpu_times_read(crit_cpu_times *t) {
    char line[512];
    read_line("/proc/stat", line, sizeof line);
    crit_cpu_times_parse(line, t);
}

double crit_cpu_steal_percent(const crit_cpu_times *a, const crit_cpu_times *b) {
    if (!a->ok || !b->ok || b->total <= a->total || b->steal < a->steal)
        return NAN;
    return 100.0 * (double)(b->steal - a->steal) / (double)(b->total - a->total);
}

double crit_context_load_average(void) {
    double l[1];
    return getloadavg(l, 1) == 1 ? l[0] : NAN;
}

size_t crit_context_warnings(const crit_context *ctx, char lines[][160], size_t max) {
    size_t n = 0;
    const char *mode = ctx->build_mode;
    if (n < max && strncmp(mode, "debug", 5) == 0)
        snprintf(lines[n++], 160,
                 "this is a debug build (%.40s): timings are not representative "
                 "of optimised code; build without MODE=debug",
                 ctx->flags);
    if (n < max && strchr(mode, '+') != NULL)
        snprintf(lines[n++], 160,
                 "this build has sanitizers (%.40s): timings are inflated; build "
                 "without SANITIZER=",
                 strchr(mode, '+') + 1);
    if (n < max && strcmp(ctx->governor, "unknown") != 0 &&
        strcmp(ctx->governor, "performance") != 0)
        snprintf(lines[n++], 160,
                 "the CPU frequency governor is '%.30s', not 'performance': "
                 "clock speed may change during a benchmark",
                 ctx->governor);
    if (n < max && ctx->cores > 0 && ctx->load_average > (double)ctx->cores)
        snprintf(lines[n++], 160,
                 "the load average (%.2f) is above the %ld cores: other work "
                 "is competing for the CPU",
                 ctx->load_average, ctx->cores);
    return n;
}
