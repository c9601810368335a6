/* perfdoc.h: the types and functions shared by perfdoc's files. perfdoc reads a crit results
 * directory (docs/results-format.md) and an optional gates JSON file, renders one Markdown
 * block per section, and splices each block between its `<!-- perfdoc:begin NAME -->` and
 * `<!-- perfdoc:end NAME -->` markers in PERFORMANCE.md, leaving every other byte alone.
 * Cross-file functions carry the `pd_` prefix; statics do not. */
#ifndef PERFDOC_H
#define PERFDOC_H

#include <stddef.h>

#if defined(__GNUC__)
#define PD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define PD_PRINTF(f, a)
#endif

/* ---- growable text (buf.c) -------------------------------------------------------------- */

/* A NUL-terminated growable string. Zero-initialise it; `oom` is set (and later appends are
 * dropped) when memory runs out, so callers check once at the end. */
typedef struct pd_buf {
    char *data;
    size_t len, cap;
    int oom;
} pd_buf;

/* Appends len bytes of s. */
void pd_buf_add(pd_buf *b, const char *s, size_t len);
/* Appends the NUL-terminated string s. */
void pd_buf_puts(pd_buf *b, const char *s);
/* Appends printf-formatted text. */
void pd_buf_printf(pd_buf *b, const char *fmt, ...) PD_PRINTF(2, 3);
/* Appends s as the text of one Markdown table cell: surrounding blanks are dropped, `|`
 * becomes `\|`, line breaks and tabs become spaces, and NULL or "" becomes "unknown". */
void pd_buf_cell(pd_buf *b, const char *s);
/* Releases the storage and zeroes b. */
void pd_buf_free(pd_buf *b);

/* ---- number formats (buf.c); each writes into buf (at most len bytes) and returns buf ---- */

/* A duration in ns as the crit console prints it ("7.5231 ns", "1.0930 µs"); a negative value
 * gets a leading '-', a non-finite one is "—". */
char *pd_fmt_time(char *buf, size_t len, double ns);
/* v with `prec` decimals, never "-0.0". */
char *pd_fmt_fixed(char *buf, size_t len, int prec, double v);
/* An integral v without decimals, any other v with 2 ("3", "2.50"). */
char *pd_fmt_count(char *buf, size_t len, double v);
/* The throughput `count` units of `unit` ("Bytes", "BytesDecimal", "Elements", "Bits") per
 * `ns`, scaled as the console does ("916.88 Melem/s"). */
char *pd_fmt_rate(char *buf, size_t len, const char *unit, double count, double ns);

/* ---- distinct values (buf.c) ------------------------------------------------------------ */

/* One distinct string and how many times it occurred. */
typedef struct pd_tally {
    const char *value;
    size_t count;
} pd_tally;

/* Counts the distinct non-NULL strings of vals into out (room for n entries), most frequent
 * first, ties in bytewise order; NULL entries are skipped. Returns the number of distinct
 * values. vals is reordered. */
size_t pd_tally_values(const char **vals, size_t n, pd_tally *out);

/* ---- files (io.c) ----------------------------------------------------------------------- */

/* pd_read_file's outcomes besides 0. */
enum { PD_READ_FAILED = -1, PD_READ_MISSING = -2, PD_READ_NOMEM = -3 };

/* Reads the whole regular file `path` of at most `limit` bytes (0: libcrit's limit for a
 * results file of that name) into a malloc'd NUL-terminated buffer (*len without the NUL),
 * with libcrit's rules (crit_results_read_file: a FIFO is refused without blocking). Returns 0;
 * PD_READ_MISSING (no such file), PD_READ_NOMEM, or PD_READ_FAILED; on failure err holds a
 * message that names the file. */
int pd_read_file(const char *path, size_t limit, char **data, size_t *len, char *err,
                 size_t errlen);

/* ---- results (load.c, decode.c) --------------------------------------------------------- */

/* A point estimate with its confidence interval (ns). */
typedef struct pd_estimate {
    double point, lower, upper, level;
} pd_estimate;

/* The metrics.json context keys perfdoc reads, in table order. */
enum {
    PD_CTX_DATE,
    PD_CTX_HOST,
    PD_CTX_CPU_MODEL,
    PD_CTX_CORES,
    PD_CTX_GOVERNOR,
    PD_CTX_KERNEL,
    PD_CTX_COMPILER,
    PD_CTX_FLAGS,
    PD_CTX_BUILD_MODE,
    PD_CTX_GIT_REVISION,
    PD_CTX_PYTHON_EXECUTABLE,
    PD_CTX_PYTHON_VERSION,
    PD_CTX_COUNT
};
/* The metrics.json `settings` keys, in table order. */
enum {
    PD_SET_SAMPLE_SIZE,
    PD_SET_WARM_UP_TIME,
    PD_SET_MEASUREMENT_TIME,
    PD_SET_NRESAMPLES,
    PD_SET_CONFIDENCE_LEVEL,
    PD_SET_SIGNIFICANCE_LEVEL,
    PD_SET_NOISE_THRESHOLD,
    PD_SET_SAMPLING_MODE,
    PD_SET_COUNT
};
/* JSON key names of the context and settings entries above. */
extern const char *const pd_context_keys[PD_CTX_COUNT];
extern const char *const pd_settings_keys[PD_SET_COUNT];

/* One benchmark: new/benchmark.json, new/estimates.json and (if present) new/metrics.json. */
typedef struct pd_bench {
    char *id;         /* full_id */
    char *dir;        /* its directory, relative to the results directory */
    const char *root; /* that results directory, as given (not owned) */
    char *tp_unit;    /* throughput unit key, or NULL */
    double tp_count;
    pd_estimate mean, median, std_dev;
    int has_metrics; /* the fields below are valid only when set */
    double cv;
    double samples, outliers; /* outliers: all four classes together */
    int has_allocs;
    double allocs;
    int has_instructions; /* instructions/new/instructions.json (bench --measure instructions) */
    double instructions;  /* its per_iter.instructions */
    int has_settings;
    char *ctx[PD_CTX_COUNT]; /* strings as stored (cores printed); NULL when absent */
    char *set[PD_SET_COUNT]; /* values rendered for the settings table; NULL when absent */
} pd_bench;

/* Every readable benchmark of a results directory, sorted by id (then directory). */
typedef struct pd_results {
    pd_bench *v;
    size_t n, cap;
    size_t skipped; /* benchmarks left out because a file was missing or malformed */
} pd_results;

/* Walks each of the ndirs results directories dirs (kept, not copied: they must outlive r)
 * recursively with crit_results_walk (not into report/, new/, change/ or hidden directories,
 * nor through symbolic links) and loads every directory holding new/benchmark.json, as one
 * set. A benchmark whose files are missing or malformed is skipped with a warning on stderr
 * naming the file. Returns 0; -1 with a message in err when a directory cannot be read or
 * memory runs out; -2 when two of the directories hold the same id (the shards of one run are
 * disjoint: err names the id and both directories). */
int pd_results_load(pd_results *r, const char *const *dirs, size_t ndirs, char *err, size_t errlen);
/* The benchmark with this full_id, or NULL. */
const pd_bench *pd_results_find(const pd_results *r, const char *id);
/* The benchmark with the latest context date (first by id on ties), or NULL if none has a
 * context. */
const pd_bench *pd_results_newest(const pd_results *r);
/* Releases everything and zeroes r. */
void pd_results_free(pd_results *r);

/* Fills b from the three JSON files of the benchmark directory `path` (display name `dir`).
 * Returns 1 when loaded, 0 when skipped (a warning was printed), -1 when out of memory. */
int pd_bench_decode(pd_bench *b, const char *path, const char *dir);
/* Releases b's strings and zeroes it. */
void pd_bench_free(pd_bench *b);

/* ---- gates (gates.c) -------------------------------------------------------------------- */

/* One acceptance gate as tools/gates.sh --json reports it. */
typedef struct pd_gate {
    char *id, *description, *measured;
    int pass;
} pd_gate;

/* The gates file: `loaded` is 0 when no file was given or it could not be used. */
typedef struct pd_gates {
    pd_gate *v;
    size_t n;
    int loaded;
} pd_gates;

/* Loads path (NULL: none). A missing file leaves g unloaded silently; an unreadable or
 * malformed one leaves it unloaded with a warning on stderr naming the file. Returns 0, or -1
 * when memory runs out. */
int pd_gates_load(pd_gates *g, const char *path);
/* Releases everything and zeroes g. */
void pd_gates_free(pd_gates *g);

/* ---- sections (render_*.c, gates.c) ----------------------------------------------------- */

/* Everything a section renderer may look at. */
typedef struct pd_doc {
    const pd_results *results;
    const pd_gates *gates;
} pd_doc;

/* Each appends one section's Markdown (ending in a newline, no leading or trailing blank
 * line) to out. Deterministic: the same inputs always give the same bytes. */
void pd_render_methodology(pd_buf *out, const pd_doc *doc);
void pd_render_results(pd_buf *out, const pd_doc *doc);
void pd_render_breakdown(pd_buf *out, const pd_doc *doc);
void pd_render_comparison(pd_buf *out, const pd_doc *doc);
void pd_render_variance(pd_buf *out, const pd_doc *doc);
void pd_render_gates(pd_buf *out, const pd_doc *doc);
void pd_render_reproduction(pd_buf *out, const pd_doc *doc);

/* ---- markers (markers.c) ---------------------------------------------------------------- */

#define PD_NSECTIONS 7

/* A section: its marker name, the heading its skeleton uses, and its renderer. */
typedef struct pd_section {
    const char *name;
    const char *heading;
    void (*render)(pd_buf *out, const pd_doc *doc);
} pd_section;

/* The sections in document order. */
extern const pd_section pd_sections[PD_NSECTIONS];

/* Appends the document used when the output file does not exist yet: a title, then each
 * section's heading with an empty marker pair. */
void pd_skeleton(pd_buf *out);
/* Copies text (len bytes, the document named `name` in messages) to out with each section's
 * region between its markers replaced by the rendered section. Every section must have
 * exactly one begin line and one end line after it, with no other marker in between; marker
 * lines are matched whole (surrounding blanks ignored). Returns 0, or -1 with a one-line
 * message in err (out is then incomplete). */
int pd_splice(const char *text, size_t len, const char *name, const pd_doc *doc, pd_buf *out,
              char *err, size_t errlen);

#endif
