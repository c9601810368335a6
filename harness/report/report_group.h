/* report_group.h: what crit_report_index (report_index.c) hands to the group pages
 * (report_group.c): the benchmarks found in the output directory and one group's page with its
 * violin plot and line chart. Private to the report. */
#ifndef CRIT_REPORT_GROUP_H
#define CRIT_REPORT_GROUP_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* One benchmark found under the output directory. When ok, id, sample and est come from its
 * new/benchmark.json, new/sample.json and new/estimates.json; otherwise why says what failed. */
typedef struct crit_report_entry {
    char *dir; /* where it was found, relative to the output directory */
    bool ok;
    char why[320];
    crit_bench_id id;
    crit_sample sample;
    crit_estimates est;
    bool numeric; /* value_str is a finite number ... */
    double value; /* ... this one */
} crit_report_entry;

/* The label of e inside its group: the id without "group/" (the whole id for a lone one). */
const char *crit_report_entry_name(const crit_report_entry *e);

/* The typical time of e (ns): core's crit_typical, the slope when it has one, else the mean. */
double crit_report_entry_time(const crit_report_entry *e);

/* Writes <out_dir>/<gdir>/report/index.html, violin.svg and, when the values are numbers or
 * every benchmark has a throughput, lines.svg, for the n (>= 1) readable benchmarks of one
 * group, given in display order. gdir is the group's directory name. Returns 0, -CRIT_EIO or
 * -CRIT_ENOMEM with err set. */
int crit_report_group_page(const char *out_dir, const char *gdir, const crit_report_entry *const *e,
                           size_t n, char *err, size_t errlen);

#endif
