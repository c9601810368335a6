/* relative.c: crit_relative from a paired change, and the wording of a ratio (relative.h). */
#include "relative.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

bool crit_relative_from_change(crit_relative *out, const char *to, const crit_change *c) {
    memset(out, 0, sizeof *out);
    size_t n = strlen(to);
    if (n >= sizeof out->to)
        return false;
    memcpy(out->to, to, n + 1);
    out->ratio = crit_ratio_of_change(c);
    out->rounds = c->rounds;
    out->p_value = c->p_value;
    out->used = true;
    return true;
}

crit_estimate crit_ratio_of_change(const crit_change *c) {
    return (crit_estimate){.point = 1 + c->mean.point,
                           .lower = 1 + c->mean.lower,
                           .upper = 1 + c->mean.upper,
                           .std_err = 0,
                           .confidence_level = c->mean.confidence_level};
}

/* A factor >= 0 with 2, 1 or 0 decimals (below 10, below 100, above). */
static const char *factor(char *buf, size_t len, double f) {
    int decimals = f < 10 ? 2 : f < 100 ? 1 : 0;
    snprintf(buf, len, "%.*fx", decimals, f);
    return buf;
}

static bool positive(double x) { return isfinite(x) && x > 0; }

char *crit_fmt_relative(char *buf, size_t len, const crit_estimate *ratio) {
    char pt[48], lo[48], hi[48];
    double p = ratio->point, l = ratio->lower, u = ratio->upper;
    if (!positive(p) || !positive(l) || !positive(u)) {
        snprintf(buf, len, "n/a");
        return buf;
    }
    if (p >= 1)
        snprintf(buf, len, "%s slower [%s %s]", factor(pt, sizeof pt, p), factor(lo, sizeof lo, l),
                 factor(hi, sizeof hi, u));
    else
        snprintf(buf, len, "%s faster [%s %s]", factor(pt, sizeof pt, 1 / p),
                 factor(lo, sizeof lo, 1 / u), factor(hi, sizeof hi, 1 / l));
    return buf;
}
