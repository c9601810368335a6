/* main.c: perfdoc's command line. Reads the output document (or starts from the skeleton),
 * loads the results (one directory, or the shards of one run read as one) and the gates, splices the rendered sections between their markers and
 * replaces the document atomically. Exit 0 written or already up to date, 1 bad input
 * (results unreadable or empty, broken markers, write failure), 2 bad command line. */
#include "perfdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crit_results.h"

/* Largest document perfdoc rewrites (PERFORMANCE.md is a few dozen KiB). */
#define DOC_LIMIT ((size_t)64 << 20)

static const char usage_text[] =
    "usage: perfdoc [--results DIR]... [--gates FILE] [--out FILE] [--help]\n"
    "\n"
    "Renders the tables of PERFORMANCE.md from a crit results directory. Only the lines\n"
    "between `<!-- perfdoc:begin NAME -->` and `<!-- perfdoc:end NAME -->` are rewritten\n"
    "(NAME: methodology, results, breakdown, comparison, variance, gates, reproduction);\n"
    "everything else is kept byte for byte. A missing output file is created with every\n"
    "heading and marker pair.\n"
    "\n"
    "  --results DIR   results directory (default: $CRIT_HOME, else results); repeat it to\n"
    "                  read several as one (the shards of a `bench --shard K/N` run; an id in\n"
    "                  two of them is an error)\n"
    "  --gates FILE    JSON array written by `tools/gates.sh --json` (default: none, and the\n"
    "                  Gates section says the gates were not evaluated)\n"
    "  --out FILE      the Markdown file to update (default: PERFORMANCE.md)\n"
    "  --help          print this text\n"
    "\n"
    "Exit status: 0 written or already up to date; 1 bad input (results directory unreadable,\n"
    "without benchmarks or sharing an id with another, markers missing or unbalanced, write failure); 2 bad command line.\n";

typedef struct options {
    const char **results; /* the --results directories (malloc'd array, argc entries) */
    size_t nresults;
    const char *gates, *out;
    int help;
} options;

/* Matches argv[*i] against --name / --name=VALUE and stores the value; 1 matched, 0 not this
 * option, -1 usage error (msg set). */
static int take_value(int argc, char **argv, int *i, const char *name, const char **value,
                      char *msg, size_t msglen) {
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0 || (arg[n] != '\0' && arg[n] != '='))
        return 0;
    if (arg[n] == '=')
        *value = arg + n + 1;
    else if (*i + 1 < argc)
        *value = argv[++*i];
    else
        *value = NULL;
    if (*value == NULL || **value == '\0') {
        snprintf(msg, msglen, "%s needs a non-empty value", name);
        return -1;
    }
    return 1;
}

static int parse_args(int argc, char **argv, options *o, char *msg, size_t msglen) {
    const char *home = getenv("CRIT_HOME");
    o->results = malloc(((size_t)argc + 1) * sizeof *o->results);
    o->nresults = 0;
    o->gates = NULL;
    o->out = "PERFORMANCE.md";
    o->help = 0;
    if (o->results == NULL) {
        snprintf(msg, msglen, "out of memory");
        return -1;
    }
    for (int i = 1; i < argc; i++) {
        int rc = 0;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            o->help = 1;
            continue;
        }
        rc = take_value(argc, argv, &i, "--results", &o->results[o->nresults], msg, msglen);
        o->nresults += rc == 1;
        if (rc == 0)
            rc = take_value(argc, argv, &i, "--gates", &o->gates, msg, msglen);
        if (rc == 0)
            rc = take_value(argc, argv, &i, "--out", &o->out, msg, msglen);
        if (rc == 0)
            snprintf(msg, msglen, "%s '%s'",
                     argv[i][0] == '-' ? "unknown option" : "unexpected argument", argv[i]);
        if (rc <= 0)
            return -1;
    }
    if (o->nresults == 0)
        o->results[o->nresults++] = home && *home ? home : "results";
    return 0;
}

/* The current document, or the skeleton when the file does not exist. 0, or -1 (msg set). */
static int read_document(const char *path, pd_buf *doc, int *existed, char *msg, size_t msglen) {
    char *data;
    size_t len;
    *existed = 0;
    int rc = pd_read_file(path, DOC_LIMIT, &data, &len, msg, msglen);
    if (rc == 0) {
        *existed = 1;
        pd_buf_add(doc, data, len);
        free(data);
        return 0;
    }
    if (rc != PD_READ_MISSING)
        return -1;
    pd_skeleton(doc);
    return 0;
}

/* Loads the results: 0, or -1 (msg set) when a directory is unreadable, they share an id, or
 * they yield nothing. */
static int load_results(const options *o, pd_results *r, char *msg, size_t msglen) {
    char err[1024], dirs[300] = "";
    int rc = pd_results_load(r, o->results, o->nresults, err, sizeof err);
    if (rc != 0) {
        snprintf(msg, msglen, "%s%s", err,
                 rc == -2 ? "" : " (run `make bench` first, or give --results DIR)");
        return -1;
    }
    if (r->n == 0) {
        for (size_t d = 0, len = 0; d < o->nresults && len < sizeof dirs; d++)
            len += (size_t)snprintf(dirs + len, sizeof dirs - len, "%s%s", d ? ", " : "",
                                    o->results[d]);
        snprintf(msg, msglen,
                 "no readable benchmark under %s (%zu skipped; a benchmark is a "
                 "directory with new/benchmark.json)",
                 dirs, r->skipped);
        pd_results_free(r);
        return -1;
    }
    return 0;
}

/* Renders the sections into old's markers and replaces the file when the bytes changed.
 * Returns "created", "updated" or "is up to date", or NULL with msg set. */
static const char *render_and_write(const options *o, const pd_buf *old, int existed,
                                    const pd_results *r, char *msg, size_t msglen) {
    pd_gates gates;
    pd_buf out = {0};
    const char *what = NULL;
    if (pd_gates_load(&gates, o->gates) != 0 || old->oom) {
        snprintf(msg, msglen, "out of memory");
        pd_gates_free(&gates);
        return NULL;
    }
    pd_doc doc = {r, &gates};
    if (pd_splice(old->data, old->len, o->out, &doc, &out, msg, msglen) == 0) {
        if (out.oom)
            snprintf(msg, msglen, "out of memory");
        else if (existed && out.len == old->len && memcmp(out.data, old->data, out.len) == 0)
            what = "is up to date";
        else if (crit_results_write_atomic(o->out, out.data, out.len, msg, msglen) == 0)
            what = existed ? "updated" : "created";
    }
    pd_buf_free(&out);
    pd_gates_free(&gates);
    return what;
}

/* Everything after the command line; returns the exit status. */
static int run(const options *o) {
    char msg[1400] = "";
    pd_buf old = {0};
    pd_results results = {0};
    int existed = 0;
    const char *what = NULL;
    if (read_document(o->out, &old, &existed, msg, sizeof msg) == 0 &&
        load_results(o, &results, msg, sizeof msg) == 0)
        what = render_and_write(o, &old, existed, &results, msg, sizeof msg);
    if (what != NULL)
        printf("perfdoc: %s %s (%zu benchmarks, %zu skipped)\n", o->out, what, results.n,
               results.skipped);
    else
        fprintf(stderr, "perfdoc: error: %s\n", msg[0] ? msg : "out of memory");
    pd_buf_free(&old);
    pd_results_free(&results);
    return what != NULL ? 0 : 1;
}

/* Entry point: see usage_text. */
int main(int argc, char **argv) {
    options o;
    char msg[256];
    int status = 0;
    if (parse_args(argc, argv, &o, msg, sizeof msg) != 0) {
        fprintf(stderr, "perfdoc: error: %s (see --help)\n", msg);
        status = 2;
    } else if (o.help) {
        fputs(usage_text, stdout);
    } else {
        status = run(&o);
    }
    free(o.results);
    return status;
}
