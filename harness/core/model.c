/* model.c: the rules that interpret model.h's data, each written once so that the console,
 * the files, the exports, the report and the tools cannot drift apart: the typical estimate
 * (slope else mean), the verdict's spellings, and the outlier classes. Pure. */
#include "model.h"

#include <string.h>

const crit_estimate *crit_typical(const crit_estimates *e) {
    return e->has_slope ? &e->slope : &e->mean;
}

/* Indexed by crit_verdict. cargo-criterion reports "within noise" as NoChange. */
static const crit_verdict_text verdict_texts[] = {
    [CRIT_VERDICT_NO_CHANGE] = {"no_change", "no change", "No change in performance detected.",
                                "NoChange"},
    [CRIT_VERDICT_IMPROVED] = {"improved", "improved", "Performance has improved.", "Improved"},
    [CRIT_VERDICT_REGRESSED] = {"regressed", "regressed", "Performance has regressed.",
                                "Regressed"},
    [CRIT_VERDICT_WITHIN_NOISE] = {"within_noise", "within noise", "Change within noise threshold.",
                                   "NoChange"},
};

const crit_verdict_text *crit_verdict_texts(crit_verdict v) {
    size_t i = (size_t)v < sizeof verdict_texts / sizeof verdict_texts[0] ? (size_t)v : 0;
    return &verdict_texts[i];
}

bool crit_verdict_from_name(const char *name, crit_verdict *out) {
    for (size_t i = 0; i < sizeof verdict_texts / sizeof verdict_texts[0]; i++)
        if (strcmp(name, verdict_texts[i].name) == 0) {
            *out = (crit_verdict)i;
            return true;
        }
    return false;
}

int crit_outlier_severity(unsigned char label) {
    switch (label) {
    case CRIT_OUTLIER_LOW_SEVERE:
    case CRIT_OUTLIER_HIGH_SEVERE: return 2;
    case CRIT_OUTLIER_LOW_MILD:
    case CRIT_OUTLIER_HIGH_MILD: return 1;
    default: return 0;
    }
}
