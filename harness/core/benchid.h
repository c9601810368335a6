/* benchid.h: building a benchmark's identity (criterion's BenchmarkId): the full id
 * group[/function][/value] and its file-safe directory name. Private to libcrit (core/). */
#ifndef CRIT_BENCHID_H
#define CRIT_BENCHID_H

#include "model.h"

/* At most this many bytes per directory-name part (criterion's MAX_DIRECTORY_NAME_LEN). */
#define CRIT_DIR_PART_MAX 64

/* Fills *id from its parts, all copied: group (required), function and value (NULL when
 * absent), tp (kind CRIT_THROUGHPUT_NONE for none). full_id and title are the parts joined
 * with '/'; directory_name joins the parts made file-safe: each of ? " / \ * < > : | ^
 * becomes '_', each part is cut to at most 64 bytes without splitting a UTF-8 sequence,
 * and a part that would be "", "." or ".." becomes "_", "_" or "__" (so it cannot escape
 * the output directory). Returns 0, -CRIT_EINVAL (id or group NULL, unknown throughput
 * kind) or -CRIT_ENOMEM; on failure *id is left zeroed. Release with crit_bench_id_fini. */
int crit_bench_id_init(crit_bench_id *id, const char *group, const char *function,
                       const char *value, crit_throughput tp);

/* Frees every string of *id and zeroes it; safe on a zeroed id and on NULL. */
void crit_bench_id_fini(crit_bench_id *id);

/* Writes the file-safe form of one part into out (at least CRIT_DIR_PART_MAX + 1 bytes):
 * the substitution, truncation and "."/".." rules of crit_bench_id_init. */
void crit_bench_id_safe_part(const char *part, char *out);

#endif
