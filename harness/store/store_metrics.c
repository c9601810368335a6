/* store_metrics.c: metrics.json, the file criterion.rs does not have: dispersion and
 * percentiles, outlier counts, extra per-iteration metrics, the comparison's test statistics,
 * the settings, what precision-based stopping achieved, the A/A control's counts, a compared
 * group member's ratio to its baseline member and the run's context. Encoder, strict decoder,
 * and the analysis -> crit_metrics mapping. */
#include "store.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jsonio.h"
#include "store_usage.h"

#define FILE_NAME "metrics.json"

/* Our own keys: an extra metric may not take one of these names. */
static const char *const reserved_keys[] = {
    "schema_version", "cv",       "p50",       "p90",     "p95",      "p99",
    "r_squared",      "outliers", "samples",   "t_value", "p_value",  "verdict",
    "context",        "settings", "precision", "aa",      "relative", NULL};

/* The context keys every run writes; a benchmark's own context facts may not reuse them. */
static const char *const context_keys[] = {
    "date",  "host",       "cpu_model",    "cores", "governor",     "kernel",        "compiler",
    "flags", "build_mode", "git_revision", "seed",  "load_average", "steal_percent", NULL};

static const char *const sampling_names[] = {"auto", "linear", "flat"};

static bool in_list(const char *name, const char *const *list) {
    for (size_t i = 0; list[i] != NULL; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

static bool is_reserved(const char *name) {
    return in_list(name, reserved_keys) || crit_store_is_usage_key(name);
}

bool crit_store_is_run_context_key(const char *key) { return in_list(key, context_keys); }

void crit_store_metrics_from(crit_metrics *out, const crit_analysis *a, const crit_extra_metrics *m,
                             const crit_context *ctx) {
    memset(out, 0, sizeof *out);
    out->cv = a->cv;
    out->p50 = a->p50;
    out->p90 = a->p90;
    out->p95 = a->p95;
    out->p99 = a->p99;
    out->r_squared = a->r2;
    out->outliers = a->counts;
    out->samples = a->n;
    if (m != NULL)
        out->extra = *m;
    out->compared = a->compared;
    out->t_value = a->compared ? a->change.t_value : NAN;
    out->p_value = a->compared ? a->change.p_value : NAN;
    out->verdict = a->compared ? a->change.verdict : CRIT_VERDICT_NO_CHANGE;
    out->context = *ctx;
}

/* ---- encoding ---------------------------------------------------------------------------- */

static int check_extra_context(const crit_extra_metrics *x, char *err, size_t errlen) {
    if (x->ncontext > CRIT_MAX_EXTRA_CONTEXT)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "%zu context facts (at most %d)", x->ncontext,
                              CRIT_MAX_EXTRA_CONTEXT);
    for (size_t i = 0; i < x->ncontext; i++) {
        const char *key = x->context_key[i];
        if (memchr(key, '\0', sizeof x->context_key[i]) == NULL || key[0] == '\0' ||
            memchr(x->context_value[i], '\0', sizeof x->context_value[i]) == NULL)
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                  "context fact %zu is empty or unterminated", i);
        if (in_list(key, context_keys))
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                  "context fact \"%s\" is one of the run's keys", key);
        for (size_t j = 0; j < i; j++)
            if (strcmp(key, x->context_key[j]) == 0)
                return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                      "context fact \"%s\" appears twice", key);
    }
    return 0;
}

static int check_extra(const crit_extra_metrics *x, char *err, size_t errlen) {
    if (x->n > CRIT_MAX_EXTRA_METRICS)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "%zu extra metrics (at most %d)", x->n, CRIT_MAX_EXTRA_METRICS);
    for (size_t i = 0; i < x->n; i++) {
        const char *name = x->name[i];
        if (memchr(name, '\0', sizeof x->name[i]) == NULL || name[0] == '\0')
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                  "extra metric %zu has an empty or unterminated name", i);
        if (is_reserved(name))
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                  "extra metric name \"%s\" is one of our keys", name);
        for (size_t j = 0; j < i; j++)
            if (strcmp(name, x->name[j]) == 0)
                return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                      "extra metric \"%s\" appears twice", name);
    }
    return check_extra_context(x, err, errlen);
}

/* The ranges the decoder enforces (decode_precision); nothing to check when unused. */
static int check_precision(const crit_precision *p, char *err, size_t errlen) {
    if (!p->used)
        return 0;
    if (!(p->target > 0 && p->target < 1))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "precision.target %g is not in (0, 1)", p->target);
    if (!(isfinite(p->achieved) && p->achieved >= 0))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "precision.achieved %g is not a finite number >= 0", p->achieved);
    if (!(isfinite(p->time_s) && p->time_s >= 0))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "precision.time_s %g is not a finite number >= 0", p->time_s);
    if ((double)p->samples > CRIT_JSON_TWO_POW_53)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "precision.samples %zu is too large", p->samples);
    return 0;
}

/* The ranges the decoder enforces (decode_aa); nothing to check when unused. */
static int check_aa(const crit_aa *a, char *err, size_t errlen) {
    if (!a->used)
        return 0;
    if ((double)a->runs > CRIT_JSON_TWO_POW_53 || a->false_alarms > a->runs ||
        a->within_noise > a->runs - a->false_alarms)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "aa: %zu false alarms and %zu within noise among %zu runs",
                              a->false_alarms, a->within_noise, a->runs);
    if (!(isfinite(a->noise_floor) && a->noise_floor >= 0))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "aa.noise_floor %g is not a finite number >= 0", a->noise_floor);
    return 0;
}

/* The ranges the decoder enforces (decode_relative); nothing to check when unused. */
static int check_relative(const crit_relative *r, char *err, size_t errlen) {
    if (!r->used)
        return 0;
    if (memchr(r->to, '\0', sizeof r->to) == NULL || r->to[0] == '\0')
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "relative.to is empty or unterminated");
    const crit_estimate *e = &r->ratio;
    if (!(isfinite(e->lower) && isfinite(e->upper) && e->lower > 0 && e->lower <= e->point &&
          e->point <= e->upper))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "relative.ratio [%g %g %g] is not 0 < lower <= point <= upper",
                              e->lower, e->point, e->upper);
    if (!(e->confidence_level > 0 && e->confidence_level < 1))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "relative.ratio.confidence_level %g is not in (0, 1)",
                              e->confidence_level);
    if (r->rounds < 1 || (double)r->rounds > CRIT_JSON_TWO_POW_53)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "relative.rounds %zu is not in [1, 2^53]", r->rounds);
    if (!(r->p_value >= 0 && r->p_value <= 1))
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "relative.p_value %g is not in [0, 1]", r->p_value);
    return 0;
}

static int check_metrics(const crit_metrics *m, char *err, size_t errlen) {
    const double v[] = {m->cv, m->p50, m->p90, m->p95, m->p99};
    static const char *const names[] = {"cv", "p50", "p90", "p95", "p99"};
    for (size_t i = 0; i < 5; i++) {
        int rc = crit_json_check_finite(v[i], FILE_NAME, names[i], err, errlen);
        if (rc != 0)
            return rc;
    }
    if (m->compared) {
        int rc = crit_json_check_finite(m->p_value, FILE_NAME, "p_value", err, errlen);
        if (rc != 0)
            return rc;
        if ((int)m->verdict < 0 || (int)m->verdict > (int)CRIT_VERDICT_WITHIN_NOISE)
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME, "unknown verdict %d",
                                  (int)m->verdict);
    }
    const crit_outlier_counts *o = &m->outliers;
    if (o->low_severe + o->low_mild + o->high_mild + o->high_severe > m->samples)
        return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                              "more outliers than samples (%zu)", m->samples);
    const crit_context *c = &m->context;
    const char *const strs[] = {c->date,     c->host,  c->cpu_model,  c->governor,    c->kernel,
                                c->compiler, c->flags, c->build_mode, c->git_revision};
    const size_t caps[] = {sizeof c->date,     sizeof c->host,       sizeof c->cpu_model,
                           sizeof c->governor, sizeof c->kernel,     sizeof c->compiler,
                           sizeof c->flags,    sizeof c->build_mode, sizeof c->git_revision};
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
        if (memchr(strs[i], '\0', caps[i]) == NULL)
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                  "context string %zu is not terminated", i);
    if (m->extra.has_settings) {
        const crit_settings *st = &m->extra.settings;
        const double t[] = {st->warm_up_time, st->measurement_time, st->confidence_level,
                            st->significance_level, st->noise_threshold};
        for (size_t i = 0; i < 5; i++) {
            int rc = crit_json_check_finite(t[i], FILE_NAME, "settings", err, errlen);
            if (rc != 0)
                return rc;
        }
        if ((int)st->sampling_mode < 0 || (int)st->sampling_mode > (int)CRIT_SAMPLING_FLAT)
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME, "unknown sampling mode %d",
                                  (int)st->sampling_mode);
        if (!(st->target_precision >= 0 && st->target_precision < 1))
            return crit_json_fail(-CRIT_EINVAL, err, errlen, FILE_NAME,
                                  "settings.target_precision %g is not in [0, 1)",
                                  st->target_precision);
    }
    int rc = check_precision(&m->extra.precision, err, errlen);
    if (rc == 0)
        rc = check_aa(&m->extra.aa, err, errlen);
    if (rc == 0)
        rc = check_relative(&m->extra.relative, err, errlen);
    if (rc == 0)
        rc = crit_store_check_usage(&m->extra.usage, err, errlen);
    return rc != 0 ? rc : check_extra(&m->extra, err, errlen);
}

static bool add_context(cJSON *root, const crit_context *c, const crit_extra_metrics *x) {
    cJSON *o = cJSON_AddObjectToObject(root, "context");
    bool ok = o != NULL && cJSON_AddStringToObject(o, "date", c->date) != NULL &&
              cJSON_AddStringToObject(o, "host", c->host) != NULL &&
              cJSON_AddStringToObject(o, "cpu_model", c->cpu_model) != NULL &&
              crit_json_add_int(o, "cores", c->cores) &&
              cJSON_AddStringToObject(o, "governor", c->governor) != NULL &&
              cJSON_AddStringToObject(o, "kernel", c->kernel) != NULL &&
              cJSON_AddStringToObject(o, "compiler", c->compiler) != NULL &&
              cJSON_AddStringToObject(o, "flags", c->flags) != NULL &&
              cJSON_AddStringToObject(o, "build_mode", c->build_mode) != NULL &&
              cJSON_AddStringToObject(o, "git_revision", c->git_revision) != NULL &&
              crit_json_add_uint(o, "seed", c->seed);
    if (ok && c->measured)
        ok = crit_json_add_num(o, "load_average", c->load_average) &&
             crit_json_add_num(o, "steal_percent", c->steal_percent);
    for (size_t i = 0; ok && i < x->ncontext; i++)
        ok = cJSON_AddStringToObject(o, x->context_key[i], x->context_value[i]) != NULL;
    return ok;
}

static bool add_settings(cJSON *root, const crit_settings *st) {
    cJSON *o = cJSON_AddObjectToObject(root, "settings");
    return o != NULL && crit_json_add_uint(o, "sample_size", st->sample_size) &&
           crit_json_add_num(o, "warm_up_time", st->warm_up_time) &&
           crit_json_add_num(o, "measurement_time", st->measurement_time) &&
           crit_json_add_uint(o, "nresamples", st->nresamples) &&
           crit_json_add_num(o, "confidence_level", st->confidence_level) &&
           crit_json_add_num(o, "significance_level", st->significance_level) &&
           crit_json_add_num(o, "noise_threshold", st->noise_threshold) &&
           cJSON_AddStringToObject(o, "sampling_mode", sampling_names[st->sampling_mode]) != NULL &&
           crit_json_add_num(o, "target_precision", st->target_precision);
}

static bool add_precision(cJSON *root, const crit_precision *p) {
    cJSON *o = cJSON_AddObjectToObject(root, "precision");
    return o != NULL && crit_json_add_num(o, "target", p->target) &&
           crit_json_add_num(o, "achieved", p->achieved) &&
           crit_json_add_uint(o, "samples", p->samples) &&
           crit_json_add_num(o, "time_s", p->time_s) &&
           cJSON_AddBoolToObject(o, "ceiling", p->ceiling) != NULL;
}

static bool add_aa(cJSON *root, const crit_aa *a) {
    cJSON *o = cJSON_AddObjectToObject(root, "aa");
    return o != NULL && crit_json_add_uint(o, "runs", a->runs) &&
           crit_json_add_uint(o, "false_alarms", a->false_alarms) &&
           crit_json_add_uint(o, "within_noise", a->within_noise) &&
           crit_json_add_num(o, "noise_floor", a->noise_floor);
}

static bool add_relative(cJSON *root, const crit_relative *r) {
    cJSON *o = cJSON_AddObjectToObject(root, "relative");
    cJSON *ratio = o != NULL && cJSON_AddStringToObject(o, "to", r->to) != NULL
                       ? cJSON_AddObjectToObject(o, "ratio")
                       : NULL;
    return ratio != NULL && crit_json_add_num(ratio, "point_estimate", r->ratio.point) &&
           crit_json_add_num(ratio, "lower_bound", r->ratio.lower) &&
           crit_json_add_num(ratio, "upper_bound", r->ratio.upper) &&
           crit_json_add_num(ratio, "confidence_level", r->ratio.confidence_level) &&
           crit_json_add_uint(o, "rounds", r->rounds) &&
           crit_json_add_num(o, "p_value", r->p_value);
}

static bool add_outliers(cJSON *root, const crit_outlier_counts *o) {
    cJSON *j = cJSON_AddObjectToObject(root, "outliers");
    return j != NULL && crit_json_add_uint(j, "low_severe", o->low_severe) &&
           crit_json_add_uint(j, "low_mild", o->low_mild) &&
           crit_json_add_uint(j, "high_mild", o->high_mild) &&
           crit_json_add_uint(j, "high_severe", o->high_severe);
}

int crit_store_encode_metrics(const crit_metrics *m, char **out, char *err, size_t errlen) {
    *out = NULL;
    int rc = check_metrics(m, err, errlen);
    if (rc != 0)
        return rc;
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL &&
              crit_json_add_uint(root, "schema_version", CRIT_METRICS_SCHEMA_VERSION) &&
              crit_json_add_num(root, "cv", m->cv) && crit_json_add_num(root, "p50", m->p50) &&
              crit_json_add_num(root, "p90", m->p90) && crit_json_add_num(root, "p95", m->p95) &&
              crit_json_add_num(root, "p99", m->p99) &&
              crit_json_add_num(root, "r_squared", m->r_squared) &&
              add_outliers(root, &m->outliers) && crit_json_add_uint(root, "samples", m->samples);
    for (size_t i = 0; ok && i < m->extra.n; i++)
        ok = crit_json_add_num(root, m->extra.name[i], m->extra.value[i]);
    ok = ok && crit_store_add_usage(root, &m->extra.usage);
    if (ok && m->compared)
        ok = crit_json_add_num(root, "t_value", m->t_value) &&
             crit_json_add_num(root, "p_value", m->p_value) &&
             cJSON_AddStringToObject(root, "verdict", crit_verdict_texts(m->verdict)->name) != NULL;
    if (ok && m->extra.has_settings)
        ok = add_settings(root, &m->extra.settings);
    if (ok && m->extra.precision.used)
        ok = add_precision(root, &m->extra.precision);
    if (ok && m->extra.aa.used)
        ok = add_aa(root, &m->extra.aa);
    if (ok && m->extra.relative.used)
        ok = add_relative(root, &m->extra.relative);
    ok = ok && add_context(root, &m->context, &m->extra);
    return crit_json_finish(root, ok, out, err, errlen, FILE_NAME);
}

/* ---- decoding ---------------------------------------------------------------------------- */

/* Keys of the context block that are not the run's own are facts a benchmark added: strings. */
static int decode_context_extra(const crit_json_dec *d, const cJSON *o, crit_extra_metrics *x) {
    const cJSON *j;
    cJSON_ArrayForEach(j, o) {
        if (j->string == NULL || in_list(j->string, context_keys))
            continue;
        if (x->ncontext == CRIT_MAX_EXTRA_CONTEXT)
            return crit_json_bad(d, "more than %d extra context facts", CRIT_MAX_EXTRA_CONTEXT);
        if (j->string[0] == '\0' || strlen(j->string) >= sizeof x->context_key[0] ||
            !cJSON_IsString(j) || strlen(j->valuestring) >= sizeof x->context_value[0])
            return crit_json_bad(d,
                                 "context fact \"%.40s\" must be a string of under %zu "
                                 "bytes with a name of under %zu",
                                 j->string, sizeof x->context_value[0], sizeof x->context_key[0]);
        for (size_t i = 0; i < x->ncontext; i++)
            if (strcmp(x->context_key[i], j->string) == 0)
                return crit_json_bad(d, "context key \"%s\" appears twice", j->string);
        strcpy(x->context_key[x->ncontext], j->string);
        strcpy(x->context_value[x->ncontext++], j->valuestring);
    }
    return 0;
}

/* "settings" is optional (files written before it existed lack it). */
static int decode_settings(const crit_json_dec *d, const cJSON *root, crit_extra_metrics *x) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "settings");
    if (o == NULL)
        return 0;
    crit_settings *st = &x->settings;
    double n = 0, r = 0;
    char mode[16];
    int rc = crit_json_want_object(d, o, "\"settings\"");
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "settings", "sample_size", 0, CRIT_JSON_TWO_POW_53, &n);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "settings", "warm_up_time", false, &st->warm_up_time);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "settings", "measurement_time", false,
                                  &st->measurement_time);
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "settings", "nresamples", 0, CRIT_JSON_TWO_POW_53, &r);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "settings", "confidence_level", false,
                                  &st->confidence_level);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "settings", "significance_level", false,
                                  &st->significance_level);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "settings", "noise_threshold", false, &st->noise_threshold);
    if (rc == 0)
        rc = crit_json_get_string_into(d, o, "settings", "sampling_mode", mode, sizeof mode);
    /* optional: files written before --target-precision existed lack it (it stays 0, off) */
    if (rc == 0 && cJSON_GetObjectItemCaseSensitive(o, "target_precision") != NULL) {
        rc = crit_json_get_number(d, o, "settings", "target_precision", false,
                                  &st->target_precision);
        if (rc == 0 && !(st->target_precision >= 0 && st->target_precision < 1))
            rc = crit_json_bad(d, "\"settings.target_precision\" must be in [0, 1)");
    }
    if (rc != 0)
        return rc;
    st->sample_size = (size_t)n;
    st->nresamples = (size_t)r;
    for (size_t i = 0; i < 3; i++)
        if (strcmp(mode, sampling_names[i]) == 0) {
            st->sampling_mode = (crit_sampling_mode)i;
            x->has_settings = true;
            return 0;
        }
    return crit_json_bad(d, "\"settings.sampling_mode\" must be \"auto\", \"linear\" or "
                            "\"flat\"");
}

/* "precision" is optional (written only when precision-based stopping ran). */
static int decode_precision(const crit_json_dec *d, const cJSON *root, crit_precision *p) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "precision");
    if (o == NULL)
        return 0;
    double n = 0;
    const cJSON *ceiling = NULL;
    int rc = crit_json_want_object(d, o, "\"precision\"");
    if (rc == 0)
        rc = crit_json_get_number(d, o, "precision", "target", false, &p->target);
    if (rc == 0 && !(p->target > 0 && p->target < 1))
        rc = crit_json_bad(d, "\"precision.target\" must be in (0, 1)");
    if (rc == 0)
        rc = crit_json_get_number(d, o, "precision", "achieved", false, &p->achieved);
    if (rc == 0 && !(p->achieved >= 0))
        rc = crit_json_bad(d, "\"precision.achieved\" must not be negative");
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "precision", "samples", 0, CRIT_JSON_TWO_POW_53, &n);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "precision", "time_s", false, &p->time_s);
    if (rc == 0 && !(p->time_s >= 0))
        rc = crit_json_bad(d, "\"precision.time_s\" must not be negative");
    if (rc == 0)
        rc = crit_json_get_item(d, o, "precision", "ceiling", &ceiling);
    if (rc == 0 && !cJSON_IsBool(ceiling))
        rc = crit_json_bad(d, "\"precision.ceiling\" must be true or false, not %s",
                           crit_json_type_name(ceiling));
    if (rc != 0)
        return rc;
    p->samples = (size_t)n;
    p->ceiling = cJSON_IsTrue(ceiling);
    p->used = true;
    return 0;
}

/* "aa" is optional (written only by an A/A control run). */
static int decode_aa(const crit_json_dec *d, const cJSON *root, crit_aa *a) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "aa");
    if (o == NULL)
        return 0;
    double runs = 0, alarms = 0, noise = 0;
    int rc = crit_json_want_object(d, o, "\"aa\"");
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "aa", "runs", 0, CRIT_JSON_TWO_POW_53, &runs);
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "aa", "false_alarms", 0, runs, &alarms);
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "aa", "within_noise", 0, runs - alarms, &noise);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "aa", "noise_floor", false, &a->noise_floor);
    if (rc == 0 && !(a->noise_floor >= 0))
        rc = crit_json_bad(d, "\"aa.noise_floor\" must not be negative");
    if (rc != 0)
        return rc;
    a->runs = (size_t)runs;
    a->false_alarms = (size_t)alarms;
    a->within_noise = (size_t)noise;
    a->used = true;
    return 0;
}

/* "relative" is optional (written only for a member of a compared group that is not its
 * baseline). */
static int decode_relative(const crit_json_dec *d, const cJSON *root, crit_relative *r) {
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "relative");
    if (o == NULL)
        return 0;
    const cJSON *ratio = NULL;
    crit_estimate *e = &r->ratio;
    double rounds = 0;
    int rc = crit_json_want_object(d, o, "\"relative\"");
    if (rc == 0)
        rc = crit_json_get_string_into(d, o, "relative", "to", r->to, sizeof r->to);
    if (rc == 0 && r->to[0] == '\0')
        rc = crit_json_bad(d, "\"relative.to\" must not be empty");
    if (rc == 0)
        rc = crit_json_get_item(d, o, "relative", "ratio", &ratio);
    if (rc == 0)
        rc = crit_json_want_object(d, ratio, "\"relative.ratio\"");
    if (rc == 0)
        rc = crit_json_get_number(d, ratio, "relative.ratio", "point_estimate", false, &e->point);
    if (rc == 0)
        rc = crit_json_get_number(d, ratio, "relative.ratio", "lower_bound", false, &e->lower);
    if (rc == 0)
        rc = crit_json_get_number(d, ratio, "relative.ratio", "upper_bound", false, &e->upper);
    if (rc == 0 && !(e->lower > 0 && e->lower <= e->point && e->point <= e->upper))
        rc = crit_json_bad(d, "\"relative.ratio\" must have 0 < lower_bound <= point_estimate "
                              "<= upper_bound");
    if (rc == 0)
        rc = crit_json_get_number(d, ratio, "relative.ratio", "confidence_level", false,
                                  &e->confidence_level);
    if (rc == 0 && !(e->confidence_level > 0 && e->confidence_level < 1))
        rc = crit_json_bad(d, "\"relative.ratio.confidence_level\" must be in (0, 1)");
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "relative", "rounds", 1, CRIT_JSON_TWO_POW_53, &rounds);
    if (rc == 0)
        rc = crit_json_get_number(d, o, "relative", "p_value", false, &r->p_value);
    if (rc == 0 && !(r->p_value >= 0 && r->p_value <= 1))
        rc = crit_json_bad(d, "\"relative.p_value\" must be in [0, 1]");
    if (rc != 0)
        return rc;
    r->rounds = (size_t)rounds;
    r->used = true;
    return 0;
}

static int decode_context(const crit_json_dec *d, const cJSON *root, crit_context *c,
                          crit_extra_metrics *x) {
    const cJSON *o;
    double cores = 0, seed = 0;
    int rc = crit_json_get_item(d, root, "", "context", &o);
    if (rc == 0)
        rc = crit_json_want_object(d, o, "\"context\"");
#define STR(field) \
    if (rc == 0)   \
    rc = crit_json_get_string_into(d, o, "context", #field, c->field, sizeof c->field)
    STR(date);
    STR(host);
    STR(cpu_model);
    STR(governor);
    STR(kernel);
    STR(compiler);
    STR(flags);
    STR(build_mode);
    STR(git_revision);
#undef STR
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "context", "cores", -CRIT_JSON_TWO_POW_53,
                                   CRIT_JSON_TWO_POW_53, &cores);
    if (rc == 0)
        rc = crit_json_get_integer(d, o, "context", "seed", 0, 18446744073709549568.0, &seed);
    if (rc == 0) { /* checked before the casts: out of range they would be undefined */
        c->cores = (long)cores;
        c->seed = (uint64_t)seed;
    }
    /* optional: written only for benchmarks measured since they existed */
    c->load_average = c->steal_percent = NAN;
    if (rc == 0 && cJSON_GetObjectItemCaseSensitive(o, "load_average") != NULL) {
        c->measured = true;
        rc = crit_json_get_number(d, o, "context", "load_average", true, &c->load_average);
        if (rc == 0)
            rc = crit_json_get_number(d, o, "context", "steal_percent", true, &c->steal_percent);
    }
    return rc == 0 ? decode_context_extra(d, o, x) : rc;
}

static int decode_outliers(const crit_json_dec *d, const cJSON *root, crit_metrics *m) {
    static const char *const keys[] = {"low_severe", "low_mild", "high_mild", "high_severe"};
    size_t *dst[] = {&m->outliers.low_severe, &m->outliers.low_mild, &m->outliers.high_mild,
                     &m->outliers.high_severe};
    const cJSON *o;
    double v, sum = 0;
    int rc = crit_json_get_item(d, root, "", "outliers", &o);
    if (rc == 0)
        rc = crit_json_want_object(d, o, "\"outliers\"");
    for (size_t i = 0; rc == 0 && i < 4; i++) {
        rc = crit_json_get_integer(d, o, "outliers", keys[i], 0, CRIT_JSON_TWO_POW_53, &v);
        if (rc == 0) { /* v is checked before the cast: out of range it would be undefined */
            *dst[i] = (size_t)v;
            sum += v;
        }
    }
    if (rc == 0)
        rc = crit_json_get_integer(d, root, "", "samples", 0, CRIT_JSON_TWO_POW_53, &v);
    if (rc == 0 && sum > v)
        rc = crit_json_bad(d, "\"outliers\" count %.0f outliers among %.0f samples", sum, v);
    if (rc == 0) {
        m->samples = (size_t)v;
        m->outliers.not_outlier = (size_t)(v - sum);
    }
    return rc;
}

static int decode_comparison(const crit_json_dec *d, const cJSON *root, crit_metrics *m) {
    const cJSON *verdict = cJSON_GetObjectItemCaseSensitive(root, "verdict");
    m->t_value = m->p_value = NAN;
    if (verdict == NULL) {
        if (cJSON_GetObjectItemCaseSensitive(root, "t_value") != NULL ||
            cJSON_GetObjectItemCaseSensitive(root, "p_value") != NULL)
            return crit_json_bad(d, "\"t_value\"/\"p_value\" without \"verdict\"");
        return 0;
    }
    m->compared = true;
    int rc = crit_json_get_number(d, root, "", "t_value", true, &m->t_value);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "p_value", false, &m->p_value);
    if (rc != 0)
        return rc;
    if (cJSON_IsString(verdict) && crit_verdict_from_name(verdict->valuestring, &m->verdict))
        return 0;
    return crit_json_bad(d, "\"verdict\" must be one of \"no_change\", \"improved\", "
                            "\"regressed\", \"within_noise\"");
}

/* Every key that is not ours is an extra metric: a finite number or null. */
static int decode_extra(const crit_json_dec *d, const cJSON *root, crit_extra_metrics *x) {
    const cJSON *j;
    cJSON_ArrayForEach(j, root) {
        if (j->string == NULL || is_reserved(j->string))
            continue;
        if (x->n == CRIT_MAX_EXTRA_METRICS)
            return crit_json_bad(d, "more than %d extra metrics", CRIT_MAX_EXTRA_METRICS);
        if (j->string[0] == '\0' || strlen(j->string) >= sizeof x->name[0])
            return crit_json_bad(d, "extra metric name \"%.40s\" is empty or over %zu bytes",
                                 j->string, sizeof x->name[0] - 1);
        for (size_t i = 0; i < x->n; i++)
            if (strcmp(x->name[i], j->string) == 0)
                return crit_json_bad(d, "key \"%s\" appears twice", j->string);
        double v = NAN;
        if (!cJSON_IsNull(j)) {
            int rc = crit_json_check_number(d, j, j->string, &v);
            if (rc != 0)
                return rc;
        }
        strcpy(x->name[x->n], j->string);
        x->value[x->n++] = v;
    }
    return 0;
}

static int decode_metrics_tree(const crit_json_dec *d, const cJSON *root, void *out_) {
    crit_metrics *m = out_;
    double version;
    int rc = crit_json_want_object(d, root, "the document");
    if (rc == 0)
        rc = crit_json_get_integer(d, root, "", "schema_version", 0, 1e9, &version);
    if (rc == 0 && version != CRIT_METRICS_SCHEMA_VERSION)
        rc = crit_json_bad(d, "unsupported \"schema_version\" %.0f (this build reads %d)", version,
                           CRIT_METRICS_SCHEMA_VERSION);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "cv", false, &m->cv);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "p50", false, &m->p50);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "p90", false, &m->p90);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "p95", false, &m->p95);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "p99", false, &m->p99);
    if (rc == 0)
        rc = crit_json_get_number(d, root, "", "r_squared", true, &m->r_squared);
    if (rc == 0)
        rc = decode_outliers(d, root, m);
    if (rc == 0)
        rc = decode_comparison(d, root, m);
    if (rc == 0)
        rc = decode_context(d, root, &m->context, &m->extra);
    if (rc == 0)
        rc = decode_settings(d, root, &m->extra);
    if (rc == 0)
        rc = decode_precision(d, root, &m->extra.precision);
    if (rc == 0)
        rc = decode_aa(d, root, &m->extra.aa);
    if (rc == 0)
        rc = decode_relative(d, root, &m->extra.relative);
    if (rc == 0)
        rc = crit_store_decode_usage(d, root, &m->extra.usage);
    if (rc == 0)
        rc = decode_extra(d, root, &m->extra);
    return rc;
}

int crit_store_decode_metrics(const char *json, size_t len, const char *name, crit_metrics *out,
                              char *err, size_t errlen) {
    return crit_json_decode_doc(json, len, name, err, errlen, decode_metrics_tree, out, sizeof *out,
                                NULL);
}
