/* suggest.c: CPython 3.11's NameError text, "name 'x' is not defined. Did you mean: 'y'?".
 * The suggestion is the nearest candidate by CPython's edit distance (moves cost 2, a case
 * flip 1; at most a third of the characters may change), searched in CPython's order: the
 * function's locals, then the defined globals (after the module's dunder names), then
 * CPython's builtins in their dictionary order; a later candidate must be strictly nearer. */
#include <string.h>

#include "internal.h"

#define MOVE_COST 2
#define CASE_COST 1
#define MAX_NAME 40        /* longer names are never near (CPython's limit) */
#define MAX_CANDIDATES 750 /* a larger namespace gets no suggestion (CPython's limit) */

/* CPython 3.11's builtins module, in dictionary order (list(builtins.__dict__) in a script). */
/* clang-format off */
static const char *const cpython_builtins[] = {
    "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__build_class__",
    "__import__", "abs", "all", "any", "ascii", "bin", "breakpoint", "callable", "chr", "compile",
    "delattr", "dir", "divmod", "eval", "exec", "format", "getattr", "globals", "hasattr", "hash",
    "hex", "id", "input", "isinstance", "issubclass", "iter", "aiter", "len", "locals", "max",
    "min", "next", "anext", "oct", "ord", "pow", "print", "repr", "round", "setattr", "sorted",
    "sum", "vars", "None", "Ellipsis", "NotImplemented", "False", "True", "bool", "memoryview",
    "bytearray", "bytes", "classmethod", "complex", "dict", "enumerate", "filter", "float",
    "frozenset", "property", "int", "list", "map", "object", "range", "reversed", "set", "slice",
    "staticmethod", "str", "super", "tuple", "type", "zip", "__debug__", "BaseException",
    "BaseExceptionGroup", "Exception", "GeneratorExit", "KeyboardInterrupt", "SystemExit",
    "ArithmeticError", "AssertionError", "AttributeError", "BufferError", "EOFError",
    "ImportError", "LookupError", "MemoryError", "NameError", "OSError", "ReferenceError",
    "RuntimeError", "StopAsyncIteration", "StopIteration", "SyntaxError", "SystemError",
    "TypeError", "ValueError", "Warning", "FloatingPointError", "OverflowError",
    "ZeroDivisionError", "BytesWarning", "DeprecationWarning", "EncodingWarning", "FutureWarning",
    "ImportWarning", "PendingDeprecationWarning", "ResourceWarning", "RuntimeWarning",
    "SyntaxWarning", "UnicodeWarning", "UserWarning", "BlockingIOError", "ChildProcessError",
    "ConnectionError", "FileExistsError", "FileNotFoundError", "InterruptedError",
    "IsADirectoryError", "NotADirectoryError", "PermissionError", "ProcessLookupError",
    "TimeoutError", "IndentationError", "IndexError", "KeyError", "ModuleNotFoundError",
    "NotImplementedError", "RecursionError", "UnboundLocalError", "UnicodeError",
    "BrokenPipeError", "ConnectionAbortedError", "ConnectionRefusedError", "ConnectionResetError",
    "TabError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeTranslateError",
    "ExceptionGroup", "EnvironmentError", "IOError", "open", "quit", "exit", "copyright",
    "credits", "license", "help",
};
/* clang-format on */

/* A module's own names before any of the program's, as CPython runs a file. */
static const char *const module_dunders[] = {"__name__",     "__doc__",  "__package__",
                                             "__loader__",   "__spec__", "__annotations__",
                                             "__builtins__", "__file__", "__cached__"};

static size_t sub_cost(char a, char b) {
    if (a == b)
        return 0;
    if ((a & 31) != (b & 31))
        return MOVE_COST;
    if (a >= 'A' && a <= 'Z')
        a = (char)(a + ('a' - 'A'));
    if (b >= 'A' && b <= 'Z')
        b = (char)(b + ('a' - 'A'));
    return a == b ? CASE_COST : MOVE_COST;
}

/* Weighted Levenshtein distance, or max + 1 as soon as it must exceed max. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb, size_t max) {
    while (na && nb && a[0] == b[0])
        a++, b++, na--, nb--;
    while (na && nb && a[na - 1] == b[nb - 1])
        na--, nb--;
    if (na == 0 || nb == 0)
        return (na + nb) * MOVE_COST;
    if (na > MAX_NAME || nb > MAX_NAME)
        return max + 1;
    if (nb < na) {
        const char *t = a;
        a = b, b = t;
        size_t tn = na;
        na = nb, nb = tn;
    }
    if ((nb - na) * MOVE_COST > max)
        return max + 1;
    size_t row[MAX_NAME], result = 0;
    for (size_t i = 0; i < na; i++)
        row[i] = (i + 1) * MOVE_COST;
    for (size_t j = 0; j < nb; j++) {
        size_t diag = j * MOVE_COST, lowest = (size_t)-1;
        result = diag;
        for (size_t i = 0; i < na; i++) {
            size_t substitute = diag + sub_cost(b[j], a[i]);
            diag = row[i];
            size_t edit = (result < diag ? result : diag) + MOVE_COST;
            result = edit < substitute ? edit : substitute;
            row[i] = result;
            if (result < lowest)
                lowest = result;
        }
        if (lowest > max)
            return max + 1;
    }
    return result;
}

/* The running best over one namespace, as CPython's calculate_suggestions. */
typedef struct best {
    const char *name;
    size_t len;
    const char *found;
    size_t dist;
} best;

static void consider(best *b, const char *cand) {
    size_t n = strlen(cand);
    if (n == b->len && memcmp(cand, b->name, n) == 0)
        return;
    size_t max = (b->len + n + 3) * MOVE_COST / 6;
    if (b->found && b->dist - 1 < max)
        max = b->dist - 1;
    size_t d = distance(b->name, b->len, cand, n, max);
    if (d <= max && (!b->found || d < b->dist))
        b->found = cand, b->dist = d;
}

static const char *suggestion(const py_state *s, const py_code *code, const char *name) {
    best b = {name, strlen(name), NULL, 0};
    if (code != NULL && !code->is_module && code->nlocals < MAX_CANDIDATES)
        for (uint32_t i = 0; i < code->nlocals; i++)
            consider(&b, code->locals[i]->data);
    if (b.found)
        return b.found;
    size_t nglobals = sizeof module_dunders / sizeof module_dunders[0];
    for (size_t i = s->nbuiltins; i < s->nglobals; i++)
        nglobals += s->gvals[i].type != PY_T_UNDEF;
    if (nglobals < MAX_CANDIDATES) {
        for (size_t i = 0; i < sizeof module_dunders / sizeof module_dunders[0]; i++)
            consider(&b, module_dunders[i]);
        for (size_t i = s->nbuiltins; i < s->nglobals; i++)
            if (s->gvals[i].type != PY_T_UNDEF)
                consider(&b, s->gnames[i]->data);
    }
    if (b.found)
        return b.found;
    for (size_t i = 0; i < sizeof cpython_builtins / sizeof cpython_builtins[0]; i++)
        consider(&b, cpython_builtins[i]);
    return b.found;
}

py_status py_name_error(py_state *s, const py_code *code, const py_str *name) {
    const char *hint = suggestion(s, code, name->data);
    if (hint != NULL)
        return py_raise(s, PY_EXC_NAME_ERROR, 0,
                        "name '%.200s' is not defined. Did you mean: '%s'?", name->data, hint);
    return py_raise(s, PY_EXC_NAME_ERROR, 0, "name '%.200s' is not defined", name->data);
}
