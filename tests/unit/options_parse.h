/* options_parse.h: PARSE("--opt", "value", ...) for the unit tests of the command line
 * (test_options.c, test_shard.c): crit_options_parse on {"bench", ..., NULL} into the file's
 * `o`, with the message in `err`. Include once per test file, after options.h. */
#ifndef CRIT_TEST_OPTIONS_PARSE_H
#define CRIT_TEST_OPTIONS_PARSE_H

/* argv arrays are built from string literals; crit_options_parse never writes through them. */
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"

static crit_options o;
static char err[512];

#define PARSE(...) parse((char *[]){"bench", __VA_ARGS__, NULL})
static int parse(char **argv) {
    int argc = 0;
    while (argv[argc])
        argc++;
    err[0] = '\0';
    return crit_options_parse(argc, argv, &o, err, sizeof err);
}

#endif
