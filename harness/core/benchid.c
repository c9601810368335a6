/* benchid.c: a benchmark's full id and file-safe directory name, as criterion.rs's
 * BenchmarkId and make_filename_safe build them (plus a guard against "." and ".."). */
#include "benchid.h"

#include <stdlib.h>
#include <string.h>

static bool is_unsafe(unsigned char c) { return c != '\0' && strchr("?\"/\\*<>:|^", c) != NULL; }

static bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

void crit_bench_id_safe_part(const char *part, char *out) {
    size_t len = strlen(part);
    size_t cut = len;
    if (cut > CRIT_DIR_PART_MAX) {
        cut = CRIT_DIR_PART_MAX;
        /* Back up over at most 3 continuation bytes to the start of the cut sequence; on
         * malformed UTF-8 (longer runs) cut at the limit, as there is no sequence to keep. */
        size_t back = 0;
        while (back < 3 && cut - back > 0 && is_continuation((unsigned char)part[cut - back]))
            back++;
        if (!is_continuation((unsigned char)part[cut - back]))
            cut -= back;
    }
    for (size_t i = 0; i < cut; i++)
        out[i] = is_unsafe((unsigned char)part[i]) ? '_' : part[i];
    out[cut] = '\0';
    if (strcmp(out, "") == 0 || strcmp(out, ".") == 0)
        strcpy(out, "_");
    else if (strcmp(out, "..") == 0)
        strcpy(out, "__");
}

/* "a", "a/b" or "a/b/c" from the non-NULL parts; NULL when out of memory. */
static char *join_parts(const char *a, const char *b, const char *c) {
    size_t n = strlen(a) + (b ? strlen(b) + 1 : 0) + (c ? strlen(c) + 1 : 0) + 1;
    char *s = malloc(n);
    if (s == NULL)
        return NULL;
    strcpy(s, a);
    if (b) {
        strcat(s, "/");
        strcat(s, b);
    }
    if (c) {
        strcat(s, "/");
        strcat(s, c);
    }
    return s;
}

static char *dup_or_null(const char *s, bool *ok) {
    if (s == NULL)
        return NULL;
    char *d = strdup(s);
    if (d == NULL)
        *ok = false;
    return d;
}

int crit_bench_id_init(crit_bench_id *id, const char *group, const char *function,
                       const char *value, crit_throughput tp) {
    if (id == NULL)
        return -CRIT_EINVAL;
    memset(id, 0, sizeof *id);
    if (group == NULL || (int)tp.kind < (int)CRIT_THROUGHPUT_NONE ||
        (int)tp.kind > (int)CRIT_THROUGHPUT_BITS)
        return -CRIT_EINVAL;
    char sg[CRIT_DIR_PART_MAX + 1], sf[CRIT_DIR_PART_MAX + 1], sv[CRIT_DIR_PART_MAX + 1];
    crit_bench_id_safe_part(group, sg);
    if (function)
        crit_bench_id_safe_part(function, sf);
    if (value)
        crit_bench_id_safe_part(value, sv);

    bool ok = true;
    id->group_id = dup_or_null(group, &ok);
    id->function_id = dup_or_null(function, &ok);
    id->value_str = dup_or_null(value, &ok);
    id->throughput = tp;
    if (tp.kind == CRIT_THROUGHPUT_NONE)
        id->throughput.per_iter = 0;
    id->full_id = join_parts(group, function, value);
    id->directory_name = join_parts(sg, function ? sf : NULL, value ? sv : NULL);
    id->title = dup_or_null(id->full_id, &ok);
    if (!ok || id->full_id == NULL || id->directory_name == NULL || id->title == NULL) {
        crit_bench_id_fini(id);
        return -CRIT_ENOMEM;
    }
    return 0;
}

void crit_bench_id_fini(crit_bench_id *id) {
    if (id == NULL)
        return;
    free(id->group_id);
    free(id->function_id);
    free(id->value_str);
    free(id->full_id);
    free(id->directory_name);
    free(id->title);
    memset(id, 0, sizeof *id);
}
