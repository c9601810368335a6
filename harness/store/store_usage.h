/* store_usage.h: metrics.json's usage keys (store_usage.c) for store_metrics.c: CPU time per
 * iteration, allocation counts, a command's user/sys time and peak RSS. Private to store/. */
#ifndef CRIT_STORE_USAGE_H
#define CRIT_STORE_USAGE_H

#include <stdbool.h>

#include "jsonio.h"
#include "model.h"

/* Whether key is one of the usage keys (reserved: no extra metric may take one). */
bool crit_store_is_usage_key(const char *key);
/* 0, or -CRIT_EINVAL with err when a measured value is negative or not finite. */
int crit_store_check_usage(const crit_usage *u, char *err, size_t errlen);
/* Adds the measured groups' keys to root. False when out of memory. */
bool crit_store_add_usage(cJSON *root, const crit_usage *u);

/* The measured fields of u as (metrics.json key, value) pairs, in the keys' order (the history
 * records them under the same names). Returns how many (at most 7). */
size_t crit_store_usage_items(const crit_usage *u, const char *names[7], double values[7]);
/* Reads the usage keys of root into *u (each group optional, all of its keys or none, numbers
 * >= 0). 0 or the decoder's error. */
int crit_store_decode_usage(const crit_json_dec *d, const cJSON *root, crit_usage *u);

#endif
