/* outliers.c: Tukey's fences on per-iteration times and criterion's five-way labelling.
 * Outliers are only reported: nothing here removes a point from the estimates. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

int crit_tukey_fences(const double *sorted, size_t n, crit_tukey *out) {
    if (n == 0)
        return GSL_EINVAL;
    double q1 = crit_stats_quantile_sorted(sorted, n, 0.25);
    double q3 = crit_stats_quantile_sorted(sorted, n, 0.75);
    double iqr = q3 - q1;
    /* criterion's k_m = 1.5 (mild) and k_s = 3 (severe), in its expression order. */
    out->low_severe = q1 - 3.0 * iqr;
    out->low_mild = q1 - 1.5 * iqr;
    out->high_mild = q3 + 1.5 * iqr;
    out->high_severe = q3 + 3.0 * iqr;
    return GSL_SUCCESS;
}

crit_tukey_label crit_tukey_classify(const crit_tukey *f, double x) {
    /* The order matters only for fences that cross, which sorted quartiles never produce; it
     * is criterion's (LabeledSample's Index) so labels agree on every input anyway. */
    if (x < f->low_severe)
        return CRIT_TUKEY_LOW_SEVERE;
    if (x > f->high_severe)
        return CRIT_TUKEY_HIGH_SEVERE;
    if (x < f->low_mild)
        return CRIT_TUKEY_LOW_MILD;
    if (x > f->high_mild)
        return CRIT_TUKEY_HIGH_MILD;
    return CRIT_TUKEY_NOT_OUTLIER;
}

void crit_tukey_label_all(const crit_tukey *f, const double *x, size_t n, unsigned char *labels,
                          size_t counts[CRIT_TUKEY_NLABELS]) {
    for (int k = 0; k < CRIT_TUKEY_NLABELS; k++)
        counts[k] = 0;
    for (size_t i = 0; i < n; i++) {
        crit_tukey_label l = crit_tukey_classify(f, x[i]);
        labels[i] = (unsigned char)l;
        counts[l]++;
    }
}

int crit_tukey_label_unsorted(const double *x, size_t n, unsigned char *labels,
                              size_t counts[CRIT_TUKEY_NLABELS]) {
    if (n == 0)
        return GSL_EINVAL;
    double *sorted = malloc(n * sizeof *sorted);
    if (!sorted)
        return GSL_ENOMEM;
    memcpy(sorted, x, n * sizeof *x);
    crit_stats_sort(sorted, n);
    crit_tukey f;
    crit_tukey_fences(sorted, n, &f);
    free(sorted);
    crit_tukey_label_all(&f, x, n, labels, counts);
    return GSL_SUCCESS;
}
