/* flame.h: a flame graph of a callgrind call tree (store/callgrind.h) as a standalone SVG
 * document drawn with svg.h's string buffer: no JavaScript, a <title> tooltip per frame.
 * Private to the report. Pure: builds text in memory, never prints or touches files.
 *
 * Layout: the root ("all", the tree's nodes[0]) is the bottom row, each call level one row
 * higher (16 px); a frame is a rectangle as wide as its inclusive cost in proportion to the
 * root's (the document is CRIT_FLAME_WIDTH px wide with 10 px margins), its children from
 * its left edge in the tree's order (widest first), its self cost the gap on their right.
 * A frame shows its function name cut to fit ("…"), or no text when fewer than 3 characters
 * fit; its tooltip reads "name (file): cost event, share %" ("parse (src.c): 3840 Ir,
 * 31.90 %"). Colours are a hash of the name onto a warm palette (red to yellow), so a
 * function has the same colour wherever it appears and from one report to the next. The
 * caller's title is the first line; a note under the frames says what the widths are. */
#ifndef CRIT_FLAME_H
#define CRIT_FLAME_H

#include "callgrind.h"
#include "svg.h"

#define CRIT_FLAME_WIDTH 1200.0 /* px, the document's width */
#define CRIT_FLAME_ROW 16.0     /* px per call level (a frame is 1 px less, for the gap) */

/* Appends the flame graph of t to b (a zeroed or partly filled crit_sbuf; the caller frees it
 * with crit_sbuf_fini, also on failure). title (escaped) is e.g. "cold_start_simple: 1225
 * instructions per iteration"; NULL is "". A tree whose total is 0 gives a document with the
 * title and "no cost was collected". Returns 0; -CRIT_EINVAL when t is NULL, has no nodes,
 * or a node's children are not after it inside the array (crit_callgrind_read_tree's order:
 * a node's first_child is greater than its index), nothing appended; -CRIT_ENOMEM when the
 * buffer could not grow. */
int crit_report_flame_svg(crit_sbuf *b, const crit_callgrind_tree *t, const char *title);

/* The fill colour of a frame named `name`: "#rrggbb" with red 205-254, green 0-229, blue
 * 0-54 from a hash of the name, written to out (>= 8 bytes). Returns out. */
char *crit_report_flame_colour(const char *name, char *out, size_t outlen);

#endif
