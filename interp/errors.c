/* errors.c: exceptions as data. Raising fills the state's py_error (kind, message, line); the
 * names come from the PY_EXC_LIST X-macro in py.h, the single source of truth. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const exc_names[PY_EXC_COUNT] = {
#define X(id, name) name,
    PY_EXC_LIST(X)
#undef X
};

const char *py_exc_name(py_exc kind) {
    if ((unsigned)kind >= PY_EXC_COUNT)
        return "?";
    return exc_names[kind];
}

py_status py_raise(py_state *s, py_exc kind, int line, const char *fmt, ...) {
    s->err.kind = kind;
    s->err.line = line;
    s->err.ntrace = 0;
    s->err.ntrace_skipped = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err.message, sizeof s->err.message, fmt, ap);
    va_end(ap);
    return PY_ERROR;
}

size_t py_error_line(const py_error *e, char *buf, size_t cap) {
    int n;
    if (e->message[0])
        n = snprintf(buf, cap, "%s: %s", py_exc_name(e->kind), e->message);
    else
        n = snprintf(buf, cap, "%s", py_exc_name(e->kind));
    return n < 0 ? 0 : (size_t)n;
}
