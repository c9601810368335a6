/* main.c: crit-history, the command line of the history database that `bench --record`
 * appends to (docs/results-format.md, "History"): list the runs, show a benchmark's series,
 * merge databases, write the trend report, check the newest run for a regression.
 *
 *   crit-history [--db PATH] COMMAND [ARGS] [OPTIONS]
 *
 * Exit status: 0 ok; 1 an error (the database unreadable, not one, newer; a file not
 * written); 2 a bad command line; 3 `check` found a regression. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "crit.h"
#include "crit_results.h"

static const char usage_text[] =
    "Usage: crit-history [--db PATH] COMMAND [ARGS] [OPTIONS]\n"
    "\n"
    "Reads the history database that `bench --record[=DB]` appends each run to.\n"
    "\n"
    "Commands:\n"
    "  list                   the runs, oldest first: id, date, commit (+dirty), branch,\n"
    "                         host, number of results\n"
    "  benchmarks             the benchmark ids recorded\n"
    "  show BENCH             a benchmark's series over the runs: run, date, commit, host,\n"
    "                         typical estimate [interval] (slope, else mean), mean, median,\n"
    "                         cv, p99, allocations per iteration\n"
    "  import OTHER           copies the runs of database OTHER this one lacks (by run id,\n"
    "                         so importing twice adds nothing), in one transaction\n"
    "  report                 HTML pages with a trend SVG per benchmark, change points marked\n"
    "  check                  exit 3 when, in a series (benchmark, host), the newest run is\n"
    "                         after a change point that made it slower by more than the\n"
    "                         threshold; names the benchmark, the commit and the step\n"
    "\n"
    "Options:\n"
    "  --db PATH              the database (default $CRIT_HOME/history.sqlite, else\n"
    "                         results/history.sqlite)\n"
    "  --format FMT           show: table (default), csv, json or markdown\n"
    "  --output-dir DIR       report: where to write (default <db's directory>/history-report)\n"
    "  --threshold F          report, check: steps smaller than this fraction are noise\n"
    "                         (default 0.05)\n"
    "  --significance P       report, check: keep a change point when its permutation\n"
    "                         p <= P (default 0.01)\n"
    "  --help                 this text\n"
    "\n"
    "Change points: E-divisive means (Matteson & James 2014) on each series' typical\n"
    "estimates, 199 permutations with a fixed seed (the same database gives the same points).\n"
    "\n"
    "Exit status: 0 ok; 1 error (database unreadable, not a history database, newer schema,\n"
    "benchmark not recorded, a file not written); 2 bad command line; 3 check found a\n"
    "regression.\n";

static char default_db[4096];

/* The value of option `name` at argv[*i] ("--name=V" or "--name V"); NULL when absent. */
static const char *value_of(int argc, char **argv, int *i, const char *name, bool *missing) {
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int parse_format(const char *v, show_format *f) {
    const char *names[] = {"table", "csv", "json", "markdown"};
    for (int k = 0; k < 4; k++)
        if (!strcmp(v, names[k])) {
            *f = (show_format)k;
            return 0;
        }
    return -1;
}

/* A fraction in (0, 1) (strict, as bench parses its values). */
static int parse_fraction(const char *v, double *x) {
    return crit_results_parse_double(v, x) == 0 && *x > 0 && *x < 1 ? 0 : -1;
}

static int usage(const char *msg, const char *what) {
    fprintf(stderr, "crit-history: %s%s (see --help)\n", msg, what ? what : "");
    return -1;
}

/* One option or word at argv[*i]; -1 on a usage error (printed). */
static int parse_one(int argc, char **argv, int *i, options *o) {
    bool missing = false;
    const char *a = argv[*i], *v;
    if (!strcmp(a, "--help") || !strcmp(a, "-h"))
        o->help = true;
    else if ((v = value_of(argc, argv, i, "--db", &missing)) != NULL)
        o->db = v;
    else if ((v = value_of(argc, argv, i, "--output-dir", &missing)) != NULL)
        o->output_dir = v;
    else if ((v = value_of(argc, argv, i, "--format", &missing)) != NULL) {
        if (parse_format(v, &o->format))
            return usage("--format must be table, csv, json or markdown, not ", v);
    } else if ((v = value_of(argc, argv, i, "--threshold", &missing)) != NULL) {
        if (parse_fraction(v, &o->cfg.threshold))
            return usage("--threshold must be a fraction in (0, 1), not ", v);
    } else if ((v = value_of(argc, argv, i, "--significance", &missing)) != NULL) {
        if (parse_fraction(v, &o->cfg.significance))
            return usage("--significance must be a fraction in (0, 1), not ", v);
    } else if (missing)
        return usage(a, " needs a value");
    else if (a[0] == '-' && a[1] != '\0')
        return usage("unknown option ", a);
    else if (!o->command)
        o->command = a;
    else if (!o->arg)
        o->arg = a;
    else
        return usage("unexpected argument ", a);
    return missing ? usage(a, " needs a value") : 0;
}

static int parse(int argc, char **argv, options *o) {
    memset(o, 0, sizeof *o);
    crit_history_config_default(&o->cfg);
    const char *home = getenv("CRIT_HOME");
    snprintf(default_db, sizeof default_db, "%s/history.sqlite", home && *home ? home : "results");
    o->db = default_db;
    for (int i = 1; i < argc; i++)
        if (parse_one(argc, argv, &i, o))
            return -1;
    if (o->help)
        return 0;
    if (!o->command)
        return usage("missing COMMAND", NULL);
    const char *cmds[] = {"list", "benchmarks", "show", "import", "report", "check"};
    bool known = false, needs_arg = !strcmp(o->command, "show") || !strcmp(o->command, "import");
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++)
        known = known || !strcmp(o->command, cmds[k]);
    if (!known)
        return usage("unknown command ", o->command);
    if (needs_arg && !o->arg)
        return usage(o->command, !strcmp(o->command, "show") ? " needs BENCH" : " needs OTHER");
    if (!needs_arg && o->arg)
        return usage("unexpected argument ", o->arg);
    if (!*o->db)
        return usage("--db needs a path", NULL);
    return 0;
}

/* ---- commands ---------------------------------------------------------------------------- */

static int cmd_list(crit_history *h) {
    crit_history_runs runs;
    char err[1024];
    if (crit_history_list_runs(h, &runs, err, sizeof err)) {
        fprintf(stderr, "crit-history: %s\n", err);
        crit_history_runs_fini(&runs);
        return EXIT_ERROR;
    }
    printf("%-66s  %-20s  %-18s  %-16s  %-16s  %s\n", "run", "date", "commit", "branch", "host",
           "results");
    for (size_t i = 0; i < runs.n; i++) {
        const crit_history_run *r = &runs.v[i];
        char commit[64];
        snprintf(commit, sizeof commit, "%s%s", r->commit, r->dirty == 1 ? "+dirty" : "");
        printf("%-66s  %-20s  %-18s  %-16s  %-16s  %zu\n", r->run_id, r->date, commit, r->branch,
               r->host, r->nbench);
    }
    crit_history_runs_fini(&runs);
    return EXIT_OK;
}

static int cmd_benchmarks(crit_history *h) {
    char **names, err[1024];
    size_t n;
    if (crit_history_benchmarks(h, &names, &n, err, sizeof err)) {
        fprintf(stderr, "crit-history: %s\n", err);
        return EXIT_ERROR;
    }
    for (size_t i = 0; i < n; i++)
        printf("%s\n", names[i]);
    crit_history_names_fini(names, n);
    return EXIT_OK;
}

static int cmd_show(crit_history *h, const options *o) {
    crit_history_series s;
    char err[1024];
    int rc = crit_history_series_get(h, o->arg, &s, err, sizeof err);
    if (rc == 0 && show_series(stdout, o->arg, &s, o->format) != 0) {
        snprintf(err, sizeof err, "out of memory");
        rc = -1;
    }
    if (rc)
        fprintf(stderr, "crit-history: %s\n", err);
    crit_history_series_fini(&s);
    return rc ? EXIT_ERROR : EXIT_OK;
}

static int cmd_import(crit_history *h, const options *o) {
    size_t added;
    char err[1024];
    if (crit_history_import(h, o->arg, &added, err, sizeof err)) {
        fprintf(stderr, "crit-history: import: %s\n", err);
        return EXIT_ERROR;
    }
    printf("imported %zu run%s from %s into %s\n", added, added == 1 ? "" : "s", o->arg, o->db);
    return EXIT_OK;
}

int main(int argc, char **argv) {
    options o;
    if (parse(argc, argv, &o))
        return EXIT_USAGE;
    if (o.help) {
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    crit_history *h;
    char err[1024];
    if (crit_history_open(o.db, 0, &h, err, sizeof err)) {
        fprintf(stderr, "crit-history: %s\n", err);
        return EXIT_ERROR;
    }
    int rc = !strcmp(o.command, "list")         ? cmd_list(h)
             : !strcmp(o.command, "benchmarks") ? cmd_benchmarks(h)
             : !strcmp(o.command, "show")       ? cmd_show(h, &o)
             : !strcmp(o.command, "import")     ? cmd_import(h, &o)
             : !strcmp(o.command, "report")     ? cmd_report(h, &o)
                                                : cmd_check(h, &o);
    crit_history_close(h);
    return rc;
}
