/* gates.c: the Gates section. Reads the JSON array written by `tools/gates.sh --json`
 * ([{"id","description","measured","pass"}, ...]) and renders it as a table in file order.
 * Without a usable file the section says the gates were not evaluated and how to run them. */
#include "perfdoc.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "measured" may be a string, a number or null. */
static char *measured_text(const cJSON *it) {
    char num[64];
    if (cJSON_IsString(it))
        return strdup(it->valuestring);
    if (cJSON_IsNumber(it) && isfinite(it->valuedouble)) {
        snprintf(num, sizeof num, "%g", it->valuedouble);
        return strdup(num);
    }
    return strdup("\xE2\x80\x94");
}

/* Fills g from the parsed array; -1 malformed (why set), -2 out of memory. */
static int decode_gates(const cJSON *root, pd_gates *g, char *why, size_t whylen) {
    if (!cJSON_IsArray(root)) {
        snprintf(why, whylen, "not a JSON array");
        return -1;
    }
    int n = cJSON_GetArraySize(root);
    g->v = calloc(n > 0 ? (size_t)n : 1, sizeof *g->v);
    if (g->v == NULL)
        return -2;
    const cJSON *it;
    cJSON_ArrayForEach(it, root) {
        if (g->n >= (size_t)n)
            break;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id");
        const cJSON *desc = cJSON_GetObjectItemCaseSensitive(it, "description");
        const cJSON *pass = cJSON_GetObjectItemCaseSensitive(it, "pass");
        if (!cJSON_IsString(id) || !cJSON_IsString(desc) || !cJSON_IsBool(pass)) {
            snprintf(why, whylen,
                     "entry %zu lacks a string 'id', a string 'description' "
                     "or a boolean 'pass'",
                     g->n + 1);
            return -1;
        }
        pd_gate *gate = &g->v[g->n++];
        gate->id = strdup(id->valuestring);
        gate->description = strdup(desc->valuestring);
        gate->measured = measured_text(cJSON_GetObjectItemCaseSensitive(it, "measured"));
        gate->pass = cJSON_IsTrue(pass);
        if (!gate->id || !gate->description || !gate->measured)
            return -2;
    }
    return 0;
}

int pd_gates_load(pd_gates *g, const char *path) {
    memset(g, 0, sizeof *g);
    if (path == NULL)
        return 0;
    char *data, why[160] = "";
    size_t len;
    char msg[512];
    int got = pd_read_file(path, 0, &data, &len, msg, sizeof msg);
    if (got != 0) {
        if (got == PD_READ_NOMEM)
            return -1;
        if (got != PD_READ_MISSING)
            fprintf(stderr, "perfdoc: warning: gates file: %s; gates not shown\n", msg);
        return 0;
    }
    cJSON *root = strlen(data) == len ? cJSON_ParseWithOpts(data, NULL, 1) : NULL;
    int rc = root ? decode_gates(root, g, why, sizeof why) : -1;
    if (root == NULL)
        snprintf(why, sizeof why, "%s",
                 len == 0              ? "empty file"
                 : strlen(data) != len ? "contains a NUL byte"
                                       : "not valid JSON");
    cJSON_Delete(root);
    free(data);
    if (rc == 0) {
        g->loaded = 1;
        return 0;
    }
    if (rc == -1)
        fprintf(stderr, "perfdoc: warning: gates file %s: %s; gates not shown\n", path, why);
    pd_gates_free(g);
    return rc == -2 ? -1 : 0;
}

void pd_gates_free(pd_gates *g) {
    for (size_t i = 0; g->v && i < g->n; i++) {
        free(g->v[i].id);
        free(g->v[i].description);
        free(g->v[i].measured);
    }
    free(g->v);
    memset(g, 0, sizeof *g);
}

void pd_render_gates(pd_buf *out, const pd_doc *doc) {
    const pd_gates *g = doc->gates;
    if (g == NULL || !g->loaded) {
        pd_buf_puts(out, "The gates were not evaluated for this run: `make perfdoc` runs "
                         "`tools/gates.sh --json` and renders its verdicts here.\n");
        return;
    }
    if (g->n == 0) {
        pd_buf_puts(out, "`tools/gates.sh` reported no gates.\n");
        return;
    }
    size_t passed = 0;
    pd_buf_puts(out, "| id | criterion | measured | result |\n| --- | --- | --- | --- |\n");
    for (size_t i = 0; i < g->n; i++) {
        pd_buf_puts(out, "| ");
        pd_buf_cell(out, g->v[i].id);
        pd_buf_puts(out, " | ");
        pd_buf_cell(out, g->v[i].description);
        pd_buf_puts(out, " | ");
        pd_buf_cell(out, g->v[i].measured);
        pd_buf_puts(out, g->v[i].pass ? " | PASS |\n" : " | FAIL |\n");
        passed += g->v[i].pass != 0;
    }
    pd_buf_printf(out, "\n%zu of %zu gates pass.\n", passed, g->n);
}
