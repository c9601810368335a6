/* shard.h: `bench --shard K/N`, so N CI jobs can share one suite. Each benchmark the filter
 * selects belongs to exactly one of the N shards, by a hash of its shard key (FNV-1a 64 modulo
 * N, plus 1), never by its position: adding or removing a benchmark moves no other one. The key
 * is the full id, except in a compared group (crit_group_compare), whose members are measured
 * together in the same interleaved rounds: there it is the group id, so the group stays whole in
 * one shard. Private to run/. */
#ifndef CRIT_SHARD_H
#define CRIT_SHARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runner.h"

/* The most shards --shard accepts (K/N with 1 <= K <= N <= CRIT_SHARD_MAX). */
#define CRIT_SHARD_MAX 1000

/* The 64-bit FNV-1a hash of the NUL-terminated string s (offset basis 0xcbf29ce484222325,
 * prime 0x100000001b3: Fowler, Noll and Vo's published parameters). Pure. */
uint64_t crit_shard_hash(const char *s);

/* The shard (1..n) that holds `key`: crit_shard_hash(key) % n + 1. n >= 1. Pure. */
unsigned crit_shard_of(const char *key, unsigned n);

/* Parses --shard's value "K/N" (decimal digits only, no sign, blank or leading zero, 1 <= K <=
 * N <= CRIT_SHARD_MAX) into *k and *n. Returns 0, or -CRIT_EINVAL with one line (no newline)
 * in err naming the value and the rule. Does not print. */
int crit_shard_parse(const char *v, unsigned *k, unsigned *n, char *err, size_t errlen);

/* The shard key of benchmark full_id registered in g: g's id when g is a compared group
 * (crit_group_compare was called), else full_id. Returns one of the two pointers. */
const char *crit_shard_key(const crit_group *g, const char *full_id);

/* Whether this run takes `count` benchmarks that the filter selected and whose shard key is
 * `key`: true without --shard; else whether key is in shard K. When it is not, the count is
 * added to r->nelsewhere (for the note at the end of the run). */
bool crit_shard_takes(crit_runner *r, const char *key, size_t count);

/* Whether full_id may run in this run's shard, for crit_runner_selects (fixtures started
 * before registration, when the group is not known yet): true without --shard, or when shard K
 * holds full_id or one of its '/'-prefixes (a compared group's id is one). Never false for a
 * benchmark that runs; may be true for one that does not. */
bool crit_shard_may_hold(const crit_options *o, const char *full_id);

/* The filter and the shard for an id this program does not register (one only OLD has under
 * --against): crit_runner_matches and shard K holding full_id itself. */
bool crit_shard_matches(const crit_runner *r, const char *full_id);

/* At the end of a run under --shard (not --list): an empty shard gets a note on stderr
 * ("nothing to run") and its output directory is created, empty, so that a merge of every
 * shard's directory finds each of them; a warning if it cannot be. No-op without --shard. */
void crit_shard_finish(crit_runner *r);

#endif
