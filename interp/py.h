/* py.h: libpy's one public header. minipy runs a subset of Python 3.11 (docs/language.md) with
 * CPython's exact behaviour inside the subset, through five stages callable one by one:
 *   source -> py_lex -> tokens -> py_parse -> AST -> py_compile -> code -> py_execute -> value
 *   value -> py_format -> text
 * plus py_run, the one-call path. All state lives in a py_state (no globals); nothing here prints.
 *
 * Ownership: a py_state owns everything it hands out (tokens, AST, code, values, text, captured
 * output). Pointers returned stay valid until the next call that re-runs the stage that made them,
 * py_state_reset or py_state_free. The source given to py_lex is borrowed: keep it alive until
 * py_compile has returned. Errors are data: a stage returns PY_ERROR and py_state_error() says
 * which exception, with CPython's message and the line.
 *
 * Minimal use:
 *   py_state *s = py_state_new();
 *   py_value v;
 *   if (py_run(s, "2 + 3", 5, &v) == PY_OK) { ... v.type == PY_T_INT && v.as.i == 5 ... }
 *   py_state_free(s);
 */
#ifndef PY_H
#define PY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PY_VERSION_STRING "minipy 1.0 (a Python 3.11 subset)"

/* Python frames allowed at once, the module frame included (CPython's default limit). */
#define PY_RECURSION_LIMIT 1000

/* Exception kinds: the single list of names (X-macro: X(ID, "Name")). */
/* clang-format off */
#define PY_EXC_LIST(X)                                      \
    X(NONE, "")                                             \
    X(SYNTAX_ERROR, "SyntaxError")                          \
    X(INDENTATION_ERROR, "IndentationError")                \
    X(TAB_ERROR, "TabError")                                \
    X(NOT_IMPLEMENTED_ERROR, "NotImplementedError")         \
    X(NAME_ERROR, "NameError")                              \
    X(UNBOUND_LOCAL_ERROR, "UnboundLocalError")             \
    X(TYPE_ERROR, "TypeError")                              \
    X(VALUE_ERROR, "ValueError")                            \
    X(INDEX_ERROR, "IndexError")                            \
    X(ATTRIBUTE_ERROR, "AttributeError")                    \
    X(ZERO_DIVISION_ERROR, "ZeroDivisionError")             \
    X(OVERFLOW_ERROR, "OverflowError")                      \
    X(RECURSION_ERROR, "RecursionError")                    \
    X(MEMORY_ERROR, "MemoryError")                          \
    X(TIMEOUT_ERROR, "TimeoutError")                        \
    X(KEYBOARD_INTERRUPT, "KeyboardInterrupt")

typedef enum py_exc {
#define PY_X_(id, name) PY_EXC_##id,
    PY_EXC_LIST(PY_X_)
#undef PY_X_
    PY_EXC_COUNT
} py_exc;

/* Token kinds (X-macro: X(ID, "spelling")). Keywords minipy does not support lex as KW_OTHER. */
#define PY_TOKEN_LIST(X)                                                                     \
    X(ENDMARKER, "ENDMARKER") X(NEWLINE, "NEWLINE") X(INDENT, "INDENT") X(DEDENT, "DEDENT")  \
    X(NAME, "NAME") X(INT, "INT") X(FLOAT, "FLOAT") X(STRING, "STRING")                      \
    X(LPAR, "(") X(RPAR, ")") X(LSQB, "[") X(RSQB, "]") X(LBRACE, "{") X(RBRACE, "}")        \
    X(COLON, ":") X(COMMA, ",") X(SEMI, ";") X(DOT, ".")                                     \
    X(PLUS, "+") X(MINUS, "-") X(STAR, "*") X(SLASH, "/") X(DSLASH, "//") X(PERCENT, "%")    \
    X(DSTAR, "**") X(ASSIGN, "=") X(EQ, "==") X(NE, "!=") X(LT, "<") X(LE, "<=") X(GT, ">")  \
    X(GE, ">=") X(PLUSEQ, "+=") X(MINUSEQ, "-=") X(STAREQ, "*=") X(SLASHEQ, "/=")            \
    X(DSLASHEQ, "//=") X(PERCENTEQ, "%=") X(OTHER_OP, "OTHER_OP")                            \
    X(KW_FALSE, "False") X(KW_NONE, "None") X(KW_TRUE, "True") X(KW_AND, "and")              \
    X(KW_BREAK, "break") X(KW_CONTINUE, "continue") X(KW_DEF, "def") X(KW_ELIF, "elif")      \
    X(KW_ELSE, "else") X(KW_FOR, "for") X(KW_GLOBAL, "global") X(KW_IF, "if")                \
    X(KW_IN, "in") X(KW_NOT, "not") X(KW_OR, "or") X(KW_PASS, "pass")                        \
    X(KW_RETURN, "return") X(KW_WHILE, "while") X(KW_OTHER, "KW_OTHER")

typedef enum py_token_kind {
#define PY_X_(id, spelling) PY_TOK_##id,
    PY_TOKEN_LIST(PY_X_)
#undef PY_X_
    PY_TOK_COUNT
} py_token_kind;
/* clang-format on */

/* One token: a slice [start, start+len) of the source, on 1-based line `line`. */
typedef struct py_token {
    uint32_t kind; /* py_token_kind */
    uint32_t line;
    uint32_t start;
    uint32_t len;
} py_token;

typedef enum py_status { PY_OK = 0, PY_ERROR = 1 } py_status;

/* Value types. PY_T_UNDEF marks an unbound variable and never reaches a caller. */
typedef enum py_type {
    PY_T_UNDEF = 0,
    PY_T_NONE,
    PY_T_BOOL,
    PY_T_INT,
    PY_T_FLOAT,
    PY_T_STR,
    PY_T_LIST,
    PY_T_RANGE,
    PY_T_FUNC,
    PY_T_BUILTIN
} py_type;

struct py_obj;

/* A value: immediate for None/bool/int/float/builtin, a pointer into the state's heap otherwise.
 * A heap value returned by py_execute stays valid until the state's next execute or reset. */
typedef struct py_value {
    uint32_t type; /* py_type */
    union {
        int64_t i;        /* PY_T_BOOL (0/1), PY_T_INT, PY_T_BUILTIN (index) */
        double f;         /* PY_T_FLOAT */
        struct py_obj *o; /* PY_T_STR, PY_T_LIST, PY_T_RANGE, PY_T_FUNC */
    } as;
} py_value;

#define PY_TRACE_MAX 16

/* The exception left by a failing stage: kind, CPython's message, the 1-based line (0 unknown),
 * and the Python frames active when it was raised (outermost first; the middle is elided when
 * deeper than PY_TRACE_MAX, ntrace_skipped says how many). */
typedef struct py_error {
    py_exc kind;
    int line;
    char message[256];
    int ntrace;
    int ntrace_skipped;
    struct {
        int line;
        char func[40];
    } trace[PY_TRACE_MAX];
} py_error;

/* Allocation counters of the state's single allocation choke point. */
typedef struct py_alloc_stats {
    uint64_t count;      /* allocations and growths since py_state_new */
    uint64_t bytes;      /* bytes requested by those calls */
    uint64_t live_bytes; /* bytes currently held */
} py_alloc_stats;

typedef struct py_state py_state;

/* Where print() writes: len bytes at data. Returns nothing; the callee owns any I/O errors. */
typedef void (*py_write_fn)(void *ctx, const char *data, size_t len);

/* ---- lifecycle ------------------------------------------------------------------------- */

/* Creates a state with builtins bound and print captured into the state's buffer.
 * Returns NULL when out of memory. Free with py_state_free. */
py_state *py_state_new(void);

/* Frees the state and everything it owns. NULL is accepted. */
void py_state_free(py_state *s);

/* Forgets the program (tokens, AST, code, globals, heap values, error, captured output) but
 * keeps every buffer for reuse, so re-running similar code allocates nothing. O(heap objects). */
void py_state_reset(py_state *s);

/* Sends print() output to fn(ctx, ...) instead of the capture buffer; fn NULL restores capture. */
void py_state_set_output(py_state *s, py_write_fn fn, void *ctx);

/* Limits: py_execute raises TimeoutError after about `steps` loop iterations plus calls (0 =
 * unlimited), and allocations fail with MemoryError past `bytes` live (0 = unlimited). */
void py_state_set_step_limit(py_state *s, uint64_t steps);
void py_state_set_memory_limit(py_state *s, size_t bytes);

/* Asks the running program to stop: py_execute raises KeyboardInterrupt at its next safe point
 * (a loop's back edge or a call), as CPython does on Ctrl-C. Async-signal-safe (it only sets
 * two flags), so a SIGINT handler may call it. A request made before py_execute stops the
 * program at its first safe point; py_state_reset drops a pending one. */
void py_state_interrupt(py_state *s);

/* Copies the allocation counters into *out. */
void py_state_alloc_stats(const py_state *s, py_alloc_stats *out);

/* The last error (kind PY_EXC_NONE after a success). Valid until the next stage call. */
const py_error *py_state_error(const py_state *s);

/* Captured print() output since the last reset/clear; *len receives its length. NUL-terminated. */
const char *py_output(const py_state *s, size_t *len);
void py_output_clear(py_state *s);

/* ---- the five stages ------------------------------------------------------------------- */

/* Stage 1: source (UTF-8, len bytes, borrowed until py_compile returns) -> tokens in the state.
 * Errors: SyntaxError, IndentationError, TabError, NotImplementedError (f-strings, ...). */
py_status py_lex(py_state *s, const char *src, size_t len);

/* The tokens of the last successful py_lex; *count receives how many (ENDMARKER last). */
const py_token *py_tokens(const py_state *s, size_t *count);

/* The spelling of a token kind ("NAME", "+", "def", ...). */
const char *py_token_name(uint32_t kind);

/* Stage 2: tokens -> AST in the state's arena. Folds constant arithmetic as CPython does.
 * Errors: SyntaxError, NotImplementedError naming an unsupported construct and its line. */
py_status py_parse(py_state *s);

/* A one-line-per-statement S-expression dump of the last AST into a state buffer. */
py_status py_ast_dump(py_state *s, const char **text, size_t *len);

/* Stage 3: AST -> code objects (module and functions) with names resolved to slots.
 * Errors: SyntaxError ('return' outside function, ...), NotImplementedError. */
py_status py_compile(py_state *s);

/* A CPython-like disassembly of the last compiled module and its functions, in a state buffer. */
py_status py_dis(py_state *s, const char **text, size_t *len);

/* Stage 4: runs the compiled module code in the state's globals. On success *result (may be
 * NULL) receives the value of the final statement when it is an expression, None otherwise.
 * Can be called again to re-run the same code. Errors: any runtime exception. */
py_status py_execute(py_state *s, py_value *result);

/* Stage 5: value -> text, str() when repr is 0, repr() otherwise, in a state buffer valid until
 * the next py_format. Errors: RecursionError for lists nested too deeply. */
py_status py_format(py_state *s, py_value v, int repr, const char **text, size_t *len);

/* One call: py_lex + py_parse + py_compile + py_execute of src on the state as it is (globals
 * persist between calls; call py_state_reset for a fresh program). */
py_status py_run(py_state *s, const char *src, size_t len, py_value *result);

/* ---- errors ---------------------------------------------------------------------------- */

/* "ZeroDivisionError", "SyntaxError", ... ("" for PY_EXC_NONE, "?" when out of range). */
const char *py_exc_name(py_exc kind);

/* Writes CPython's last stderr line for e ("Name: message" or "Name") into buf (NUL-terminated,
 * truncated to cap). Returns the untruncated length. */
size_t py_error_line(const py_error *e, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* PY_H */
