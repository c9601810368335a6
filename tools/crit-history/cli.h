/* cli.h: crit-history's parts: the parsed command line (main.c) and the output of `show` in
 * its four formats (show.c). */
#ifndef CRIT_HISTORY_CLI_H
#define CRIT_HISTORY_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "crit_history.h"

/* Exit statuses (documented in --help). */
enum { EXIT_OK = 0, EXIT_ERROR = 1, EXIT_USAGE = 2, EXIT_REGRESSION = 3 };

typedef enum { FORMAT_TABLE = 0, FORMAT_CSV, FORMAT_JSON, FORMAT_MARKDOWN } show_format;

/* The parsed command line. Strings point into argv or a static buffer (not owned). */
typedef struct options {
    const char *db;
    const char *command;
    const char *arg; /* show's BENCH, import's OTHER */
    const char *output_dir;
    show_format format;
    crit_history_config cfg;
    bool help;
} options;

/* Writes the series of benchmark `bench` to f in the format. Returns 0, or -1 when out of
 * memory (JSON). */
int show_series(FILE *f, const char *bench, const crit_history_series *s, show_format fmt);

/* `report` and `check` (check.c): exit statuses. */
int cmd_report(crit_history *h, const options *o);
int cmd_check(crit_history *h, const options *o);

#endif
