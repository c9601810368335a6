/* relative.h: a benchmark's time relative to its compared group's baseline member
 * (crit_group_compare): the mapping from a paired change to model.h's crit_relative and the
 * one wording of a ratio ("1.27x slower [1.25x 1.29x]"), written once for the console (run/),
 * the group page (report/) and the exports (export/). Pure: no I/O. */
#ifndef CRIT_RELATIVE_H
#define CRIT_RELATIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* Fills *out (used = true) from a paired change of a member against the baseline member `to`
 * (crit_analyze_paired(member_ns, baseline_ns, ...)): ratio = 1 + change.mean (point, bounds,
 * confidence level; std_err 0), rounds and p from the change. Returns false (out->used false)
 * when `to` does not fit in out->to. */
bool crit_relative_from_change(crit_relative *out, const char *to, const crit_change *c);

/* The ratio behind a paired change: 1 + change (point and bounds), its confidence level, std_err
 * 0. The one place a change becomes a ratio (the console's wording, precision checks). Pure. */
crit_estimate crit_ratio_of_change(const crit_change *c);

/* The ratio r = member time / baseline time with its interval, in words. The rule, once:
 * r >= 1 reads "<r>x slower [<lower>x <upper>x]"; r < 1 reads as the baseline's time over the
 * member's, "<1/r>x faster [<1/upper>x <1/lower>x]" (so the bracket is always low to high).
 * Factors have 2 decimals below 10, 1 below 100, none above ("1.27x", "52.6x", "127x").
 * A ratio that is not a finite positive number with finite positive bounds reads "n/a".
 * Writes at most len bytes including the NUL; returns buf. */
char *crit_fmt_relative(char *buf, size_t len, const crit_estimate *ratio);

#endif
