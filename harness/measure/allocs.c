/* allocs.c: the allocator interposer behind --count-allocs (see allocs.h). A program linking
 * libcrit.a statically gets these definitions of malloc & co. in its executable, and the dynamic
 * linker binds every call to them, glibc's own internal ones included (glibc supports replacing
 * malloc this way). Each forwards to glibc's allocator through its exported __libc_* entry
 * points, so there is no dlsym bootstrap, and counts into thread-local counters only while the
 * calling thread has counting on: when off, the cost is one predictable branch on a
 * thread-local flag and a tail call.
 *
 * Not compiled in when a sanitizer that replaces malloc is on (ASan, TSan, MSan: their runtime
 * defines malloc too), nor with -DCRIT_NO_MALLOC_INTERPOSER; crit_allocs_available() then says
 * false and --count-allocs reports that counting is not available. */
#include "allocs.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CRIT_SANITIZER_OWNS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CRIT_SANITIZER_OWNS_MALLOC 1
#endif
#endif

#if defined(CRIT_SANITIZER_OWNS_MALLOC) || defined(CRIT_NO_MALLOC_INTERPOSER) || !defined(__GLIBC__)
#define CRIT_INTERPOSE 0
#else
#define CRIT_INTERPOSE 1
#endif

#if CRIT_INTERPOSE
#include <malloc.h>
#include <stdlib.h>

/* glibc's allocator under its own names (exported by libc.so.6 since 2.2.5). */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t align, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

/* Thread-local: only the thread that switched counting on counts, without atomics. */
static _Thread_local struct {
    int on;
    crit_alloc_tally t;
} tls;

#define LIKELY_OFF(x) __builtin_expect((x), 0)

static inline void count_alloc(size_t bytes) {
    tls.t.allocs++;
    tls.t.bytes += bytes;
}

void *malloc(size_t size) {
    if (LIKELY_OFF(tls.on))
        count_alloc(size);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    if (LIKELY_OFF(tls.on)) {
        size_t total;
        count_alloc(__builtin_mul_overflow(n, size, &total) ? SIZE_MAX : total);
    }
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size) {
    if (LIKELY_OFF(tls.on)) {
        if (p != NULL && size == 0)
            tls.t.frees++; /* glibc frees p and returns NULL */
        else
            count_alloc(size);
    }
    return __libc_realloc(p, size);
}

void free(void *p) {
    if (LIKELY_OFF(tls.on) && p != NULL)
        tls.t.frees++;
    __libc_free(p);
}

void *memalign(size_t align, size_t size) {
    if (LIKELY_OFF(tls.on))
        count_alloc(size);
    return __libc_memalign(align, size);
}

void *aligned_alloc(size_t align, size_t size) {
    if (align == 0 || (align & (align - 1)) != 0) { /* as glibc 2.36: a power of two */
        errno = EINVAL;
        return NULL; /* refused before any allocation: not counted */
    }
    if (LIKELY_OFF(tls.on))
        count_alloc(size);
    return __libc_memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size) {
    if (align % sizeof(void *) != 0 || align == 0 || (align & (align - 1)) != 0)
        return EINVAL; /* refused before any allocation: not counted */
    if (LIKELY_OFF(tls.on))
        count_alloc(size);
    int saved = errno; /* posix_memalign reports through its result, never errno */
    void *p = __libc_memalign(align, size);
    errno = saved;
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size) {
    if (LIKELY_OFF(tls.on))
        count_alloc(size);
    return __libc_valloc(size);
}

void *pvalloc(size_t size) {
    if (LIKELY_OFF(tls.on))
        count_alloc(size);
    return __libc_pvalloc(size);
}

bool crit_allocs_available(void) { return true; }

void crit_allocs_start(void) {
    memset(&tls.t, 0, sizeof tls.t);
    tls.on = 1;
}

void crit_allocs_stop(crit_alloc_tally *sum) {
    tls.on = 0;
    sum->allocs += tls.t.allocs;
    sum->frees += tls.t.frees;
    sum->bytes += tls.t.bytes;
}

#else /* no interposer in this build */

bool crit_allocs_available(void) { return false; }
void crit_allocs_start(void) {}
void crit_allocs_stop(crit_alloc_tally *sum) { (void)sum; }

#endif
