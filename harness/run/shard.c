/* shard.c: `bench --shard K/N` (shard.h): the FNV-1a 64 hash of a benchmark's shard key picks
 * its shard, so the N shards of a suite are disjoint, their union is the unsharded selection,
 * and a benchmark's shard depends on its own id only. */
#include "shard.h"

#include <stdio.h>
#include <string.h>

#include "fs.h"
#include "model.h"
#include "numbers.h"

uint64_t crit_shard_hash(const char *s) {
    uint64_t h = 0xcbf29ce484222325u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3u;
    }
    return h;
}

unsigned crit_shard_of(const char *key, unsigned n) {
    return (unsigned)(crit_shard_hash(key) % n) + 1;
}

/* One of K or N: a decimal integer in [1, CRIT_SHARD_MAX] of digits only, without a leading
 * zero, taken from [s, end). Returns it, or 0 when it is not one. */
static unsigned shard_number(const char *s, const char *end) {
    size_t len = (size_t)(end - s);
    unsigned v = 0;
    if (len == 0 || len > 4 || s[0] == '0')
        return 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (unsigned)(*p - '0');
    }
    return v <= CRIT_SHARD_MAX ? v : 0;
}

int crit_shard_parse(const char *v, unsigned *k, unsigned *n, char *err, size_t errlen) {
    const char *slash = strchr(v, '/');
    unsigned kk = slash ? shard_number(v, slash) : 0;
    unsigned nn = slash ? shard_number(slash + 1, slash + 1 + strlen(slash + 1)) : 0;
    if (kk == 0 || nn == 0 || kk > nn) {
        snprintf(err, errlen,
                 "invalid value '%s' for --shard: expected K/N, decimal integers with "
                 "1 <= K <= N <= %d (e.g. 2/4: the second of four shards)",
                 v, CRIT_SHARD_MAX);
        return -CRIT_EINVAL;
    }
    *k = kk;
    *n = nn;
    return 0;
}

const char *crit_shard_key(const crit_group *g, const char *full_id) {
    return g->compare_to != NULL ? g->id : full_id;
}

/* Whether shard K of the run's N holds key (true without --shard). */
static bool holds(const crit_options *o, const char *key) {
    return o->shard_n == 0 || crit_shard_of(key, o->shard_n) == o->shard_k;
}

bool crit_shard_takes(crit_runner *r, const char *key, size_t count) {
    if (holds(&r->opt, key))
        return true;
    r->nelsewhere += count;
    return false;
}

bool crit_shard_may_hold(const crit_options *o, const char *full_id) {
    if (holds(o, full_id))
        return true;
    char prefix[1024];
    size_t len = strlen(full_id);
    for (size_t i = len; i-- > 0;) {
        if (full_id[i] != '/')
            continue;
        if (i >= sizeof prefix)
            return true; /* too long to check: may hold it */
        memcpy(prefix, full_id, i);
        prefix[i] = '\0';
        if (holds(o, prefix))
            return true;
    }
    return false;
}

bool crit_shard_matches(const crit_runner *r, const char *full_id) {
    return crit_runner_matches(r, full_id) && holds(&r->opt, full_id);
}

void crit_shard_finish(crit_runner *r) {
    const crit_options *o = &r->opt;
    char err[700];
    if (o->shard_n == 0 || o->list)
        return;
    size_t all = r->nmatched + r->nelsewhere;
    if (r->nmatched > 0) {
        crit_console_message(&r->con, "note: shard %u/%u ran %zu of the %zu selected benchmarks",
                             o->shard_k, o->shard_n, r->nmatched, all);
        return;
    }
    crit_console_message(&r->con,
                         "note: shard %u/%u has none of the %zu selected benchmarks; "
                         "nothing to run",
                         o->shard_k, o->shard_n, all);
    if (!o->test && crit_fs_mkdir_p(o->output_dir, err, sizeof err) != 0)
        crit_console_message(&r->con, "warning: %s", err);
}
