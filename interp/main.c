/* main.c: the minipy command line, like python3's: `minipy FILE`, `minipy -c CODE`, `minipy` or
 * `minipy -` reading stdin, `minipy --dis FILE`, --version, --help. The only file that prints.
 * Exit status: 0 ok, 1 a Python error (traceback on stderr, CPython's last line), 2 usage. On
 * Ctrl-C (SIGINT) it does what CPython does: the output printed so far is flushed, the traceback
 * ends in KeyboardInterrupt, and the process dies by SIGINT (status 130 in a shell). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py.h"

static const char usage[] =
    "usage: minipy [--dis] FILE | -c CODE | - | --version | --help\n"
    "Runs a program written in minipy's Python 3.11 subset (see docs/language.md).\n"
    "  FILE       run the program in FILE ('-' or no argument: read standard input)\n"
    "  -c CODE    run CODE\n"
    "  --dis FILE print the bytecode of FILE instead of running it\n"
    "  --version  print the version\n";

static void write_stdout(void *ctx, const char *data, size_t len) {
    (void)ctx;
    fwrite(data, 1, len, stdout);
}

/* Reads a whole stream; returns NULL (errno set) on failure. */
static char *read_all(FILE *f, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    *len = n;
    return buf;
}

static void print_source_line(const char *src, size_t len, int line) {
    if (line <= 0)
        return;
    size_t i = 0;
    for (int l = 1; l < line && i < len; i++)
        if (src[i] == '\n')
            l++;
    while (i < len && (src[i] == ' ' || src[i] == '\t'))
        i++;
    size_t j = i;
    while (j < len && src[j] != '\n' && src[j] != '\r')
        j++;
    if (j > i)
        fprintf(stderr, "    %.*s\n", (int)(j - i), src + i);
}

static void report(const py_error *e, const char *filename, const char *src, size_t len) {
    fflush(stdout);
    if (e->ntrace > 0) {
        fprintf(stderr, "Traceback (most recent call last):\n");
        for (int i = 0; i < e->ntrace; i++) {
            if (e->ntrace_skipped && i == PY_TRACE_MAX / 2)
                fprintf(stderr, "  [Previous line repeated %d more times]\n", e->ntrace_skipped);
            fprintf(stderr, "  File \"%s\", line %d, in %s\n", filename, e->trace[i].line,
                    e->trace[i].func);
            print_source_line(src, len, e->trace[i].line);
        }
    } else if (e->line > 0) {
        fprintf(stderr, "  File \"%s\", line %d\n", filename, e->line);
        print_source_line(src, len, e->line);
    }
    char line[512];
    py_error_line(e, line, sizeof line);
    fprintf(stderr, "%s\n", line);
}

/* The state a SIGINT asks to stop (py_state_interrupt is async-signal-safe). */
static py_state *volatile running;

static void on_sigint(int sig) {
    (void)sig;
    py_state *s = running;
    if (s)
        py_state_interrupt(s);
}

/* Dies by SIGINT, as CPython does after a KeyboardInterrupt reached the top. */
static void die_by_sigint(void) {
    fflush(stdout);
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
}

static int run(const char *src, size_t len, const char *filename, int dis) {
    py_state *s = py_state_new();
    if (!s) {
        fprintf(stderr, "MemoryError\n");
        return 1;
    }
    py_state_set_output(s, write_stdout, NULL);
    running = s;
    struct sigaction sa = {.sa_handler = on_sigint}, old;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN) /* as CPython: an */
        sigaction(SIGINT, &sa, NULL); /* ignored SIGINT (nohup, a background job) stays so */
    int rc = 0;
    if (py_lex(s, src, len) || py_parse(s) || py_compile(s)) {
        rc = 1;
    } else if (dis) {
        const char *text;
        size_t n;
        if (py_dis(s, &text, &n))
            rc = 1;
        else
            fwrite(text, 1, n, stdout);
    } else if (py_execute(s, NULL)) {
        rc = 1;
    }
    int interrupted = rc && py_state_error(s)->kind == PY_EXC_KEYBOARD_INTERRUPT;
    if (rc)
        report(py_state_error(s), filename, src, len);
    running = NULL;
    py_state_free(s);
    if (interrupted)
        die_by_sigint();
    if (fflush(stdout) != 0 && rc == 0)
        rc = 1;
    return rc;
}

int main(int argc, char **argv) {
    int dis = 0, i = 1;
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        puts(PY_VERSION_STRING);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--dis") == 0)
        dis = 1, i = 2;
    if (i < argc && strcmp(argv[i], "-c") == 0) {
        if (i + 1 >= argc) {
            fprintf(stderr, "Argument expected for the -c option\n%s", usage);
            return 2;
        }
        return run(argv[i + 1], strlen(argv[i + 1]), "<string>", dis);
    }
    if (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        fprintf(stderr, "minipy: unknown option %s\n%s", argv[i], usage);
        return 2;
    }
    const char *path = i < argc ? argv[i] : "-";
    int from_stdin = strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "minipy: can't open file '%s': [Errno %d] %s\n", path, errno,
                strerror(errno));
        return 2;
    }
    size_t len;
    char *src = read_all(f, &len);
    int err = errno;
    if (!from_stdin)
        fclose(f);
    if (!src) {
        fprintf(stderr, "minipy: can't read file '%s': %s\n", path, strerror(err));
        return 2;
    }
    int rc = run(src, len, from_stdin ? "<stdin>" : path, dis);
    free(src);
    return rc;
}
