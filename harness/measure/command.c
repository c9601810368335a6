/* command.c: command benchmarks, hyperfine style: each iteration spawns argv with stdin from
 * /dev/null and output discarded, and waits for it; a failed start, a non-zero exit, a signal
 * or a timeout fails the benchmark with a message naming the command. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure.h"

extern char **environ;

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

/* Waits for pid at most timeout_ns. Returns 0 with *status, 1 on timeout (child killed and
 * reaped), -1 on a wait error. Uses a pidfd so the wait costs no polling latency. */
static int wait_child(pid_t pid, double timeout_ns, int *status) {
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
        return waitpid(pid, status, 0) == pid ? 0 : -1;
    }
#endif
    /* Kernels without pidfd: poll waitpid every 100 us. */
    uint64_t start = crit_clock_ns();
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
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
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    if (posix_spawn_file_actions_init(&fa)) {
        crit_bencher_fail(b, "command `%s`: cannot prepare the child's files", cmd);
        return;
    }
    if (posix_spawnattr_init(&attr)) {
        posix_spawn_file_actions_destroy(&fa);
        crit_bencher_fail(b, "command `%s`: cannot prepare the child's attributes", cmd);
        return;
    }
    /* A process group of its own, so a timeout kills whatever the command started too. */
    if (posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) ||
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) ||
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) ||
        posix_spawnattr_setpgroup(&attr, 0) ||
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP)) {
        crit_bencher_fail(b, "command `%s`: cannot prepare the child's files", cmd);
        posix_spawn_file_actions_destroy(&fa);
        posix_spawnattr_destroy(&attr);
        return;
    }
    for (uint64_t i = 0; i < b->iters; i++) {
        pid_t pid;
        int status = 0;
        uint64_t t0 = crit_clock_ns();
        /* argv is not modified by posix_spawnp; its prototype predates const. */
        int err = posix_spawnp(&pid, argv[0], &fa, &attr, (char *const *)(uintptr_t)argv, environ);
        if (err) {
            crit_bencher_fail(b, "command `%s` could not be started: %s", cmd, strerror(err));
            break;
        }
        int w = wait_child(pid, timeout_seconds * 1e9, &status);
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
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
}
