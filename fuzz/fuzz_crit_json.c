/* fuzz_crit_json.c: libFuzzer target for every decoder of external files in libcrit. Each input
 * goes to all of them (no dispatch byte: one input reaches every decoder, and libFuzzer keeps
 * whatever is new coverage for any of them):
 *   the pure codecs of store.h: benchmark.json, sample.json, estimates.json, tukey.json,
 *     change/estimates.json and metrics.json, each followed by a round-trip oracle: when the
 *     decoder accepts the input, the encoder must accept the result (store.h: "an encoder
 *     refuses what its decoder would refuse"), the decoder must accept the encoder's text,
 *     and encoding that again must give the same text (numbers round-trip exactly);
 *   instructions.json, through crit_store_load_instructions (its decoder is static), and the
 *     callgrind reader (crit_callgrind_read_totals, crit_callgrind_read_tree), which read
 *     files: the input is written once per run to a private temporary directory.
 * Every success is released (crit_bench_id_fini, crit_sample_fini, crit_callgrind_tree_fini),
 * so a decoder that leaks on success or failure shows as a LeakSanitizer report. */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "benchid.h"
#include "callgrind.h"
#include "sample.h"
#include "store.h"

static char err[512];

static void die(const char *codec, const char *what) {
    fprintf(stderr, "fuzz_crit_json: %s: %s (%s)\n", codec, what, err);
    abort();
}

/* The round trip of one codec over type T: decode, encode, decode, encode; the two encodings
 * must be equal. FINI releases a decoded value (a no-op for plain structs). */
#define ROUND_TRIP(T, name, decode, encode, fini)                               \
    do {                                                                        \
        T a, b;                                                                 \
        if (decode((const char *)data, size, name, &a, err, sizeof err) != 0) { \
            fini(&a); /* zeroed on failure: must be a no-op */                  \
            break;                                                              \
        }                                                                       \
        char *t1 = NULL, *t2 = NULL;                                            \
        if (encode(&a, &t1, err, sizeof err) != 0)                              \
            die(name, "the encoder refuses what the decoder accepted");         \
        if (decode(t1, strlen(t1), name, &b, err, sizeof err) != 0)             \
            die(name, "the decoder refuses the encoder's text");                \
        if (encode(&b, &t2, err, sizeof err) != 0)                              \
            die(name, "the encoder refuses its own text decoded");              \
        if (strcmp(t1, t2) != 0) {                                              \
            fprintf(stderr, "first:  %s\nsecond: %s\n", t1, t2);                \
            die(name, "encoding is not stable over a round trip");              \
        }                                                                       \
        free(t1);                                                               \
        free(t2);                                                               \
        fini(&a);                                                               \
        fini(&b);                                                               \
    } while (0)

static void no_fini(void *p) { (void)p; }

/* The private directory holding the file-based decoders' input: <dir>/d/instructions/new/
 * instructions.json, also read as a callgrind profile. Made once; removed at exit. */
static char dir[256];
static char file[320];

static void cleanup(void) {
    if (file[0])
        unlink(file);
    const char *subs[] = {"/d/instructions/new", "/d/instructions", "/d", ""};
    for (size_t i = 0; dir[0] && i < sizeof subs / sizeof subs[0]; i++) {
        char p[320];
        snprintf(p, sizeof p, "%s%s", dir, subs[i]);
        rmdir(p);
    }
}

/* Makes the directory tree once. Returns 0, or -1 when it cannot (the file-based decoders are
 * then skipped, which the summary's coverage would show). */
static int setup_dir(void) {
    static int state; /* 0 not tried, 1 ready, -1 failed */
    if (state != 0)
        return state > 0 ? 0 : -1;
    state = -1;
    const char *tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/crit-fuzz-json.XXXXXX", tmp ? tmp : "/tmp");
    if (strlen(dir) > 200 || mkdtemp(dir) == NULL) {
        dir[0] = '\0';
        return -1;
    }
    atexit(cleanup);
    const char *subs[] = {"/d", "/d/instructions", "/d/instructions/new"};
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        char p[320];
        snprintf(p, sizeof p, "%s%s", dir, subs[i]);
        if (mkdir(p, 0700) != 0)
            return -1;
    }
    snprintf(file, sizeof file, "%s/d/instructions/new/instructions.json", dir);
    state = 1;
    return 0;
}

/* Writes the input to `file` (truncating). Returns 0 or -1. */
static int write_input(const uint8_t *data, size_t size) {
    FILE *f = fopen(file, "wb");
    if (f == NULL)
        return -1;
    size_t n = fwrite(data, 1, size, f);
    return fclose(f) == 0 && n == size ? 0 : -1;
}

static void file_decoders(const uint8_t *data, size_t size) {
    if (setup_dir() != 0 || write_input(data, size) != 0)
        return;
    char d[] = "d";
    crit_bench_id id = {.directory_name = d};
    crit_instructions in;
    crit_store_load_instructions(dir, &id, "new", &in, err, sizeof err);

    crit_callgrind_totals tot;
    if (crit_callgrind_read_totals(file, &tot, err, sizeof err) == 0) {
        bool found;
        crit_callgrind_event(&tot, "Ir", &found);
    }
    crit_callgrind_tree tree;
    int rc = crit_callgrind_read_tree(file, &tree, err, sizeof err);
    if (rc == 0 && (tree.nnodes < 1 || tree.nodes == NULL))
        die("callgrind", "a tree without its root");
    for (size_t i = 1; rc == 0 && i < tree.nnodes; i++) {
        const crit_callgrind_node *n = &tree.nodes[i];
        if (n->parent >= i || n->cost > tree.nodes[n->parent].cost || n->self > n->cost)
            die("callgrind", "a frame wider than its parent, or with self over its cost");
    }
    crit_callgrind_tree_fini(&tree);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    ROUND_TRIP(crit_bench_id, "benchmark.json", crit_store_decode_benchmark,
               crit_store_encode_benchmark, crit_bench_id_fini);
    ROUND_TRIP(crit_sample, "sample.json", crit_store_decode_sample, crit_store_encode_sample,
               crit_sample_fini);
    ROUND_TRIP(crit_estimates, "estimates.json", crit_store_decode_estimates,
               crit_store_encode_estimates, no_fini);
    ROUND_TRIP(crit_fences, "tukey.json", crit_store_decode_tukey, crit_store_encode_tukey,
               no_fini);
    ROUND_TRIP(crit_change, "change/estimates.json", crit_store_decode_change,
               crit_store_encode_change, no_fini);
    ROUND_TRIP(crit_metrics, "metrics.json", crit_store_decode_metrics, crit_store_encode_metrics,
               no_fini);
    file_decoders(data, size);
    return 0;
}
