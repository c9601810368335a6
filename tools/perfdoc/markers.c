/* markers.c: finds the `<!-- perfdoc:begin NAME -->` / `<!-- perfdoc:end NAME -->` line pairs
 * of a Markdown document and replaces what lies between them with freshly rendered sections.
 * Bytes outside the pairs (marker lines included) are copied unchanged; any missing, repeated,
 * unknown or interleaved marker is an error and nothing is produced. */
#include "perfdoc.h"

#include <stdio.h>
#include <string.h>

const pd_section pd_sections[PD_NSECTIONS] = {
    {"methodology", "Methodology", pd_render_methodology},
    {"results", "Results", pd_render_results},
    {"breakdown", "Breakdown", pd_render_breakdown},
    {"comparison", "Comparison", pd_render_comparison},
    {"variance", "Variance", pd_render_variance},
    {"gates", "Gates", pd_render_gates},
    {"reproduction", "Reproduction", pd_render_reproduction},
};

#define MARKER_PREFIX "<!-- perfdoc:"

/* Where one section's region lies: from the byte after its begin line to the first byte of
 * its end line. Lines are 1-based, 0 when not seen. */
typedef struct region {
    size_t from, to;
    int begin_line, end_line;
} region;

/* A whole line trimmed of blanks; kind 0 = begin, 1 = end, section index in *sec. Returns 0
 * for a non-marker line, 1 for a marker, -1 for a malformed marker (msg set). */
static int parse_marker(const char *s, size_t n, int *kind, int *sec, char *msg, size_t msglen) {
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    size_t plen = strlen(MARKER_PREFIX);
    if (n < plen || memcmp(s, MARKER_PREFIX, plen) != 0)
        return 0;
    s += plen, n -= plen;
    if (n >= 6 && memcmp(s, "begin ", 6) == 0)
        *kind = 0;
    else if (n >= 4 && memcmp(s, "end ", 4) == 0)
        *kind = 1;
    else
        *kind = -1;
    if (*kind < 0 || n < 4 || memcmp(s + n - 4, " -->", 4) != 0) {
        snprintf(msg, msglen,
                 "malformed marker (expected `<!-- perfdoc:begin NAME -->` or "
                 "`<!-- perfdoc:end NAME -->`)");
        return -1;
    }
    size_t skip = *kind == 0 ? 6 : 4;
    const char *name = s + skip;
    size_t nlen = n >= skip + 4 ? n - skip - 4 : 0;
    for (int i = 0; i < PD_NSECTIONS; i++) {
        if (strlen(pd_sections[i].name) == nlen && memcmp(pd_sections[i].name, name, nlen) == 0) {
            *sec = i;
            return 1;
        }
    }
    snprintf(msg, msglen,
             "unknown section '%.*s' in marker (known: methodology, results, "
             "breakdown, comparison, variance, gates, reproduction)",
             (int)(nlen > 64 ? 64 : nlen), name);
    return -1;
}

/* Applies one marker to the regions; -1 with msg when it breaks the pairing. */
static int apply_marker(region *rg, int *open, int kind, int sec, int line, size_t line_start,
                        size_t next, char *msg, size_t msglen) {
    const char *name = pd_sections[sec].name;
    if (kind == 0 && *open >= 0) {
        snprintf(msg, msglen, "begin marker for '%s' inside '%s' (opened at line %d, no end yet)",
                 name, pd_sections[*open].name, rg[*open].begin_line);
        return -1;
    }
    if (kind == 0 && rg[sec].begin_line != 0) {
        snprintf(msg, msglen, "second begin marker for '%s' (the first is at line %d)", name,
                 rg[sec].begin_line);
        return -1;
    }
    if (kind == 1 && *open != sec) {
        if (*open >= 0)
            snprintf(msg, msglen, "end marker for '%s' while '%s' (line %d) is open", name,
                     pd_sections[*open].name, rg[*open].begin_line);
        else
            snprintf(msg, msglen, "end marker for '%s' without a begin marker before it", name);
        return -1;
    }
    if (kind == 0) {
        rg[sec].begin_line = line;
        rg[sec].from = next;
        *open = sec;
    } else {
        rg[sec].end_line = line;
        rg[sec].to = line_start;
        *open = -1;
    }
    return 0;
}

/* Fills rg (zeroed by the caller) from text; -1 with "NAME:LINE: ..." in err. */
static int find_regions(const char *text, size_t len, const char *name, region *rg, char *err,
                        size_t errlen) {
    char msg[256];
    int open = -1, line = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len, next = nl ? end + 1 : len;
        int kind = 0, sec = 0, rc;
        line++;
        rc = parse_marker(text + pos, end - pos, &kind, &sec, msg, sizeof msg);
        if (rc == 1)
            rc = apply_marker(rg, &open, kind, sec, line, pos, next, msg, sizeof msg) ? -1 : 1;
        if (rc < 0) {
            snprintf(err, errlen, "%s:%d: %s", name, line, msg);
            return -1;
        }
        pos = next;
    }
    if (open >= 0) {
        snprintf(err, errlen, "%s:%d: begin marker for '%s' has no end marker", name,
                 rg[open].begin_line, pd_sections[open].name);
        return -1;
    }
    for (int i = 0; i < PD_NSECTIONS; i++) {
        if (rg[i].begin_line == 0) {
            snprintf(err, errlen,
                     "%s: no marker pair for section '%s' (add the lines "
                     "`<!-- perfdoc:begin %s -->` and `<!-- perfdoc:end %s -->`)",
                     name, pd_sections[i].name, pd_sections[i].name, pd_sections[i].name);
            return -1;
        }
    }
    return 0;
}

void pd_skeleton(pd_buf *out) {
    pd_buf_puts(out, "# Performance\n");
    for (int i = 0; i < PD_NSECTIONS; i++)
        pd_buf_printf(out, "\n## %s\n\n<!-- perfdoc:begin %s -->\n<!-- perfdoc:end %s -->\n",
                      pd_sections[i].heading, pd_sections[i].name, pd_sections[i].name);
}

int pd_splice(const char *text, size_t len, const char *name, const pd_doc *doc, pd_buf *out,
              char *err, size_t errlen) {
    region rg[PD_NSECTIONS];
    memset(rg, 0, sizeof rg);
    if (find_regions(text, len, name, rg, err, errlen) != 0)
        return -1;
    int order[PD_NSECTIONS]; /* sections in document order */
    for (int i = 0; i < PD_NSECTIONS; i++) {
        int j = i;
        for (; j > 0 && rg[order[j - 1]].from > rg[i].from; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    size_t prev = 0;
    for (int k = 0; k < PD_NSECTIONS; k++) {
        const region *r = &rg[order[k]];
        pd_buf_add(out, text + prev, r->from - prev);
        pd_buf_puts(out, "\n");
        pd_sections[order[k]].render(out, doc);
        pd_buf_puts(out, "\n");
        prev = r->to;
    }
    pd_buf_add(out, text + prev, len - prev);
    return 0;
}
