/* io.c: perfdoc's file reading, through libcrit's crit_results_read_file so that perfdoc
 * refuses exactly what the harness's loaders refuse (a FIFO or any other non-regular file
 * without blocking; a file over its size limit before reading it). (The output document is
 * replaced through libcrit's crit_results_write_atomic.) */
#include "perfdoc.h"

#include <stdio.h>

#include "crit_results.h"

int pd_read_file(const char *path, size_t limit, char **data, size_t *len, char *err,
                 size_t errlen) {
    *len = 0;
    int rc = crit_results_read_file(path, limit ? limit : crit_results_file_limit(path), data, len,
                                    err, errlen);
    if (rc == -CRIT_RESULTS_ENOENT)
        return PD_READ_MISSING;
    if (rc == -CRIT_RESULTS_ENOMEM)
        return PD_READ_NOMEM;
    return rc == 0 ? 0 : PD_READ_FAILED;
}
