/* flame.c: flame.h's SVG flame graph: one <g> per tree node (tooltip, rectangle, clipped
 * name), laid out bottom-up from the root in the tree's node order. */
#include "flame.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

#define MARGIN 10.0     /* px left and right of the frames */
#define TITLE_Y 22.0    /* baseline of the title */
#define FRAMES_TOP 36.0 /* top of the highest row */
#define NOTE_GAP 22.0   /* from the bottom row to the note's baseline */
#define BOTTOM 12.0     /* under the note */
#define CHAR_W 7.0      /* a 12 px sans-serif character, generously */
#define TEXT_PAD 3.0    /* px between a frame's left edge and its name */
#define MIN_CHARS 3     /* fewer characters fit: no name */

char *crit_report_flame_colour(const char *name, char *out, size_t outlen) {
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *s = (const unsigned char *)name; *s; s++)
        h = (h ^ *s) * 16777619u;
    unsigned r = 205 + h % 50, g = (h / 50) % 230, b = (h / (50 * 230)) % 55;
    snprintf(out, outlen, "#%02x%02x%02x", r, g, b);
    return out;
}

/* The tooltip: "name (file): cost event, share %". */
static void tooltip(crit_sbuf *b, const crit_callgrind_node *n, uint64_t total, const char *event) {
    crit_sbuf_puts(b, "<title>");
    crit_sbuf_escape(b, n->name);
    if (n->file != NULL && n->file[0] != '\0' && strcmp(n->file, "???") != 0) {
        crit_sbuf_puts(b, " (");
        crit_sbuf_escape(b, n->file);
        crit_sbuf_puts(b, ")");
    }
    crit_sbuf_printf(b, ": %" PRIu64 " ", n->cost);
    crit_sbuf_escape(b, event);
    crit_sbuf_printf(b, ", %.2f %%</title>", 100.0 * (double)n->cost / (double)total);
}

static void frame(crit_sbuf *b, const crit_callgrind_node *n, uint64_t total, const char *event,
                  double x, double y, double w) {
    char colour[8], label[512];
    crit_sbuf_puts(b, "<g>");
    tooltip(b, n, total, event);
    crit_sbuf_puts(b, "<rect x=\"");
    crit_sbuf_fixed(b, x, 1);
    crit_sbuf_puts(b, "\" y=\"");
    crit_sbuf_fixed(b, y, 1);
    crit_sbuf_puts(b, "\" width=\"");
    crit_sbuf_fixed(b, w, 1);
    crit_sbuf_printf(b, "\" height=\"%.0f\" rx=\"2\" fill=\"%s\"/>", CRIT_FLAME_ROW - 1,
                     crit_report_flame_colour(n->name, colour, sizeof colour));
    double room = (w - 2 * TEXT_PAD) / CHAR_W;
    if (room >= MIN_CHARS) {
        size_t fit = room > (double)(sizeof label / 4) ? sizeof label / 4 : (size_t)room;
        crit_sbuf_puts(b, "<text x=\"");
        crit_sbuf_fixed(b, x + TEXT_PAD, 1);
        crit_sbuf_puts(b, "\" y=\"");
        crit_sbuf_fixed(b, y + CRIT_FLAME_ROW - 4.5, 1);
        crit_sbuf_puts(b, "\">");
        crit_sbuf_escape(b, crit_svg_ellipsize(n->name, fit, label, sizeof label));
        crit_sbuf_puts(b, "</text>");
    }
    crit_sbuf_puts(b, "</g>\n");
}

int crit_report_flame_svg(crit_sbuf *b, const crit_callgrind_tree *t, const char *title) {
    if (t == NULL || t->nodes == NULL || t->nnodes == 0)
        return -CRIT_EINVAL;
    size_t n = t->nnodes;
    /* children come after their parent and inside the array (crit_callgrind_read_tree's order) */
    for (size_t i = 0; i < n; i++) {
        const crit_callgrind_node *nd = &t->nodes[i];
        if (nd->nchildren > 0 &&
            (nd->first_child <= i || nd->first_child > n || nd->nchildren > n - nd->first_child))
            return -CRIT_EINVAL;
    }
    double *left = calloc(n, sizeof *left); /* in cost units from the root's left edge */
    unsigned *level = calloc(n, sizeof *level);
    if (left == NULL || level == NULL) {
        free(left);
        free(level);
        return -CRIT_ENOMEM;
    }
    unsigned top = 0;
    for (size_t i = 0; i < n; i++) {
        const crit_callgrind_node *nd = &t->nodes[i];
        double x = left[i];
        for (size_t c = 0; c < nd->nchildren; c++) {
            size_t k = nd->first_child + c;
            left[k] = x;
            level[k] = level[i] + 1;
            x += (double)t->nodes[k].cost;
            if (level[k] > top)
                top = level[k];
        }
    }
    uint64_t total = t->nodes[0].cost;
    const char *event = t->totals.nevents > 0 ? t->totals.names[0] : "cost";
    double width = CRIT_FLAME_WIDTH, rows = total > 0 ? top + 1.0 : 1.0;
    double bottom_row = FRAMES_TOP + (rows - 1) * CRIT_FLAME_ROW;
    double height = bottom_row + CRIT_FLAME_ROW + NOTE_GAP + BOTTOM;
    crit_sbuf_printf(b,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www."
                     "w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
                     " font-family=\"sans-serif\" font-size=\"12\">\n<title>",
                     width, height, width, height);
    crit_sbuf_escape(b, title ? title : "");
    crit_sbuf_printf(b,
                     "</title>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n"
                     "<text x=\"%.0f\" y=\"%.0f\" font-size=\"14\" font-weight=\"bold\">",
                     width, height, MARGIN, TITLE_Y);
    crit_sbuf_escape(b, title ? title : "");
    crit_sbuf_puts(b, "</text>\n");
    if (total == 0) {
        crit_sbuf_printf(b, "<text x=\"%.0f\" y=\"%.0f\">no cost was collected</text>\n", MARGIN,
                         bottom_row + CRIT_FLAME_ROW - 4.5);
    } else {
        double scale = (width - 2 * MARGIN) / (double)total;
        for (size_t i = 0; i < n; i++)
            frame(b, &t->nodes[i], total, event, MARGIN + left[i] * scale,
                  bottom_row - level[i] * CRIT_FLAME_ROW, (double)t->nodes[i].cost * scale);
    }
    crit_sbuf_printf(b, "<text x=\"%.0f\" y=\"%.0f\" fill=\"#555\" font-size=\"11\">", MARGIN,
                     bottom_row + CRIT_FLAME_ROW + NOTE_GAP - 6);
    crit_sbuf_puts(b, "Callgrind ");
    crit_sbuf_escape(b, event);
    crit_sbuf_printf(b,
                     " by call path, the root at the bottom: a frame is as wide as its inclusive "
                     "cost; paths estimated from caller-callee totals; frames under %g %% are "
                     "merged into their caller.</text>\n</svg>\n",
                     CRIT_CALLGRIND_TREE_MIN_PERMILLE / 10.0);
    free(left);
    free(level);
    return b->failed ? -CRIT_ENOMEM : 0;
}
