/* command.c: command benchmarks, hyperfine style: each iteration spawns argv with stdin from
 * /dev/null and output discarded, and waits for it; a failed start, a non-zero exit, a signal
 * or a timeout fails the benchmark with a message naming the command. The child dies with the
 * thread that started it (PR_SET_PDEATHSIG), so a run killed mid-command (OLD under --against
 * killed by its parent's timeout, kill -9, Ctrl-C) leaves no command behind. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

/* The child's side of spawn_command, between vfork and exec. It shares the parent's memory
 * (the parent is suspended), so it makes only system calls: like glibc's posix_spawn it resets
 * every handled signal to its default (a handler must not run on the parent's stack), then
 * leads a process group of its own (so a timeout kills whatever the command started too),
 * asks to be killed when its parent dies, reads /dev/null and writes to it, restores the
 * signal mask and executes argv. A failed exec leaves its errno in *exec_errno. */
static void command_child(const char *const *argv, int devnull, pid_t parent, const sigset_t *mask,
                          volatile int *exec_errno) {
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction sa;
        if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &sa) != 0)
            continue;
        if (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN) {
            sa.sa_handler = SIG_DFL;
            sa.sa_flags = 0;
            sigaction(sig, &sa, NULL);
        }
    }
    errno = 0; /* getppid() != parent sets none: ESRCH below */
    if (setpgid(0, 0) != 0 || prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent ||
        dup2(devnull, 0) < 0 || dup2(devnull, 1) < 0 || dup2(devnull, 2) < 0) {
        *exec_errno = errno ? errno : ESRCH;
        _exit(127);
    }
    sigprocmask(SIG_SETMASK, mask, NULL);
    /* argv is not modified by execvp; its prototype predates const. */
    execvp(argv[0], (char *const *)(uintptr_t)argv);
    *exec_errno = errno;
    _exit(127);
}

/* Starts argv as command_child describes, with every signal blocked in the parent meanwhile.
 * Returns 0 with *pid, or the errno of the failed start (the child, if any, reaped). */
static int spawn_command(const char *const *argv, int devnull, pid_t *pid) {
    volatile int exec_errno = 0;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pid_t parent = getpid();
    pid_t p = vfork();
    if (p == 0)
        command_child(argv, devnull, parent, &old, &exec_errno);
    int e = p < 0 ? errno : exec_errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (p > 0 && e != 0)
        waitpid(p, NULL, 0);
    if (e == 0)
        *pid = p;
    return e;
}

/* The command as a shell would show it: words joined by spaces, quoted when needed. */
static void render(const char *const *argv, char *buf, size_t len) {
    size_t k = 0;
    buf[0] = '\0';
    for (size_t i = 0; argv[i] && k + 1 < len; i++) {
        bool quote = argv[i][0] == '\0' || strpbrk(argv[i], " \t\"'\\$`*?;&|<>()") != NULL;
        int w = snprintf(buf + k, len - k, quote ? "%s'%s'" : "%s%s", i ? " " : "", argv[i]);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    if (k >= len && len > 4)
        strcpy(buf + len - 4, "...");
}

/* Waits for pid at most timeout_ns. Returns 0 with *status and the child's resource usage in
 * *ru (wait4), 1 on timeout (child killed and reaped), -1 on a wait error. Uses a pidfd so the
 * wait costs no polling latency. */
static int wait_child(pid_t pid, double timeout_ns, int *status, struct rusage *ru) {
#ifdef SYS_pidfd_open
    int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pfd >= 0) {
        struct pollfd p = {.fd = pfd, .events = POLLIN};
        int ms = timeout_ns / 1e6 > 2147483647.0 ? 2147483647 : (int)(timeout_ns / 1e6) + 1;
        int r;
        do
            r = poll(&p, 1, ms);
        while (r < 0 && errno == EINTR);
        close(pfd);
        if (r == 0) {
            kill(-pid, SIGKILL); /* the child leads its own group: its children go too */
            waitpid(pid, status, 0);
            return 1;
        }
        return wait4(pid, status, 0, ru) == pid ? 0 : -1;
    }
#endif
    /* Kernels without pidfd: poll waitpid every 100 us. */
    uint64_t start = crit_clock_ns();
    for (;;) {
        pid_t r = wait4(pid, status, WNOHANG, ru);
        if (r == pid)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
        if ((double)(crit_clock_ns() - start) > timeout_ns) {
            kill(-pid, SIGKILL);
            waitpid(pid, status, 0);
            return 1;
        }
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
    }
}

/* Linux charges an exec'ing child with the memory it had before exec, and a vfork child's is
 * this process's: the child's ru_maxrss is at least this process's high-water mark. Resetting
 * that mark to the current resident size before each spawn (clear_refs "5", Linux 4.0+) keeps
 * the harness's earlier peaks (an analysis, a previous benchmark) out of the command's figure;
 * the current resident size remains the floor (docs/results-format.md). fd < 0: no-op. */
static void reset_peak_rss(int fd) {
    if (fd >= 0 && pwrite(fd, "5", 1, 0) != 1) {
        /* not fatal: the peak RSS may then include this process's earlier peak */
    }
}

/* Adds one run's rusage to the bencher's child totals (ru_maxrss is in KiB on Linux). */
static void add_child_usage(crit_bencher *b, const struct rusage *ru) {
    crit_usage_tally *u = &b->usage;
    u->child_runs++;
    u->child_user_ns += (double)ru->ru_utime.tv_sec * 1e9 + (double)ru->ru_utime.tv_usec * 1e3;
    u->child_sys_ns += (double)ru->ru_stime.tv_sec * 1e9 + (double)ru->ru_stime.tv_usec * 1e3;
    if ((double)ru->ru_maxrss > u->child_max_rss_kib)
        u->child_max_rss_kib = (double)ru->ru_maxrss;
}

void crit_iter_command(crit_bencher *b, const char *const *argv, double timeout_seconds) {
    char cmd[256];
    b->calls++;
    if (b->count_instructions) {
        crit_bencher_skip(b, "a command benchmark spends its instructions in other processes "
                             "(--measure instructions)");
        return;
    }
    if (!argv || !argv[0]) {
        crit_bencher_fail(b, "command benchmark with an empty command");
        return;
    }
    render(argv, cmd, sizeof cmd);
    b->usage.cpu_unknown = true; /* the work is the child's: its rusage stands for it */
    b->usage.allocs_missed = true;
    /* above 2: were 0, 1 or 2 closed when crit started, open() could return one of them, and
     * dup2(fd, fd) would leave it close-on-exec, so the command would start without it */
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0 && devnull <= 2) {
        int high = fcntl(devnull, F_DUPFD_CLOEXEC, 3);
        close(devnull);
        devnull = high;
    }
    if (devnull < 0) {
        crit_bencher_fail(b, "command `%s`: cannot open /dev/null: %s", cmd, strerror(errno));
        return;
    }
    int clear_refs = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    for (uint64_t i = 0; i < b->iters; i++) {
        pid_t pid;
        int status = 0;
        struct rusage ru;
        memset(&ru, 0, sizeof ru);
        reset_peak_rss(clear_refs);
        uint64_t t0 = crit_clock_ns();
        int err = spawn_command(argv, devnull, &pid);
        if (err) {
            crit_bencher_fail(b, "command `%s` could not be started: %s", cmd, strerror(err));
            break;
        }
        int w = wait_child(pid, timeout_seconds * 1e9, &status, &ru);
        b->elapsed_ns += (double)(crit_clock_ns() - t0);
        if (w == 1) {
            crit_bencher_fail(b, "command `%s` timed out after %.1f s and was killed", cmd,
                              timeout_seconds);
            break;
        }
        if (w < 0) {
            crit_bencher_fail(b, "command `%s`: waiting for it failed: %s", cmd, strerror(errno));
            break;
        }
        if (WIFSIGNALED(status)) {
            crit_bencher_fail(b, "command `%s` was killed by signal %d (%s)", cmd, WTERMSIG(status),
                              strsignal(WTERMSIG(status)));
            break;
        }
        if (WEXITSTATUS(status) != 0) {
            crit_bencher_fail(b, "command `%s` exited with status %d", cmd, WEXITSTATUS(status));
            break;
        }
        add_child_usage(b, &ru);
    }
    if (clear_refs >= 0)
        close(clear_refs);
    close(devnull);
}
