/* console.c: prints results in criterion.rs's layout (24-column id field, time/thrpt/change
 * lines, verdict, outlier summary) and the status lines/progress bar on stderr. */
#include "console.h"

#include <stdarg.h>
#include <string.h>

#include "format.h"
#include "relative.h"

#define BOLD "\x1b[1m"
#define FAINT "\x1b[2m"
#define RED "\x1b[31m"
#define GREEN "\x1b[32m"
#define YELLOW "\x1b[33m"
#define RESET "\x1b[0m"

static const char *on(const crit_console *c, const char *code) { return c->color ? code : ""; }

void crit_console_status(crit_console *c, const char *fmt, ...) {
    if (c->verbosity == CRIT_VERBOSITY_QUIET)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (c->overwrite)
        fputs("\r\x1b[2K", c->err);
    vfprintf(c->err, fmt, ap);
    va_end(ap);
    if (c->overwrite) {
        c->status_open = true;
    } else {
        fputc('\n', c->err);
    }
    fflush(c->err);
}

void crit_console_progress(crit_console *c, const char *id, size_t done, size_t total) {
    if (!c->overwrite || c->verbosity == CRIT_VERBOSITY_QUIET || total == 0)
        return;
    enum { WIDTH = 40 };
    char bar[WIDTH + 1];
    size_t fill = done * WIDTH / total;
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '=' : (i == fill ? '>' : ' ');
    bar[WIDTH] = '\0';
    fprintf(c->err, "\r\x1b[2KBenchmarking %s: Collecting [%s] %zu/%zu", id, bar, done, total);
    c->status_open = true;
    fflush(c->err);
}

void crit_console_end_status(crit_console *c) {
    if (c->status_open) {
        fputs("\r\x1b[2K", c->err);
        fflush(c->err);
        c->status_open = false;
    }
}

void crit_console_message(crit_console *c, const char *fmt, ...) {
    crit_console_end_status(c);
    fflush(c->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->err, fmt, ap);
    va_end(ap);
    fputc('\n', c->err);
    fflush(c->err);
}

static void time_lines(crit_console *c, const crit_bench_id *id, const crit_analysis *a) {
    const crit_estimate *t = crit_typical(&a->est);
    char lo[64], pt[64], hi[64];
    size_t idlen = strlen(id->title);
    if (idlen > 23) {
        fprintf(c->out, "%s%s%s\n", on(c, GREEN), id->title, on(c, RESET));
        idlen = 0;
    } else {
        fprintf(c->out, "%s%s%s", on(c, GREEN), id->title, on(c, RESET));
    }
    fprintf(c->out, "%*stime:   [%s%s%s %s%s%s %s%s%s]\n", (int)(24 - idlen), "", on(c, FAINT),
            crit_fmt_time_aligned(lo, sizeof lo, t->lower), on(c, RESET), on(c, BOLD),
            crit_fmt_time_aligned(pt, sizeof pt, t->point), on(c, RESET), on(c, FAINT),
            crit_fmt_time_aligned(hi, sizeof hi, t->upper), on(c, RESET));
    if (id->throughput.kind != CRIT_THROUGHPUT_NONE) {
        /* the fastest time is the highest throughput: bounds swap */
        fprintf(c->out, "%24sthrpt:  [%s%s%s %s%s%s %s%s%s]\n", "", on(c, FAINT),
                crit_fmt_throughput(lo, sizeof lo, id->throughput, t->upper), on(c, RESET),
                on(c, BOLD), crit_fmt_throughput(pt, sizeof pt, id->throughput, t->point),
                on(c, RESET), on(c, FAINT),
                crit_fmt_throughput(hi, sizeof hi, id->throughput, t->lower), on(c, RESET));
    }
}

/* A time ratio r (new/old - 1) as a throughput ratio. */
static double thrpt_change(double r) { return 1.0 / (1.0 + r) - 1.0; }

static void change_lines(crit_console *c, const crit_bench_id *id, const crit_analysis *a) {
    const crit_change *ch = &a->change;
    const crit_estimate *m = &ch->mean;
    bool different = ch->p_value < ch->significance_level;
    const crit_verdict_text *text = crit_verdict_texts(ch->verdict);
    const char *color = ch->verdict == CRIT_VERDICT_IMPROVED    ? GREEN
                        : ch->verdict == CRIT_VERDICT_REGRESSED ? RED
                                                                : "";
    char lo[64], pt[64], hi[64];
    crit_fmt_change(lo, sizeof lo, m->lower, 1);
    crit_fmt_change(pt, sizeof pt, m->point, 1);
    crit_fmt_change(hi, sizeof hi, m->upper, 1);
    const char *head = id->throughput.kind != CRIT_THROUGHPUT_NONE ? "time:   " : "change: ";
    if (id->throughput.kind != CRIT_THROUGHPUT_NONE)
        fprintf(c->out, "%17schange:\n", "");
    char how[64] = "";
    if (ch->method == CRIT_CHANGE_PAIRED)
        snprintf(how, sizeof how, "paired, %zu rounds, ", ch->rounds);
    fprintf(c->out, "%24s%s[%s %s%s%s%s %s] (%sp = %.2f %s %.2f)\n", "", head, lo,
            on(c, *color ? BOLD : ""), on(c, color), pt, on(c, *color ? RESET : ""), hi, how,
            ch->p_value, different ? "<" : ">", ch->significance_level);
    if (id->throughput.kind != CRIT_THROUGHPUT_NONE) {
        fprintf(c->out, "%24sthrpt:  [%s %s%s%s%s %s]\n", "",
                crit_fmt_change(lo, sizeof lo, thrpt_change(m->upper), 1),
                on(c, *color ? BOLD : ""), on(c, color),
                crit_fmt_change(pt, sizeof pt, thrpt_change(m->point), 1),
                on(c, *color ? RESET : ""),
                crit_fmt_change(hi, sizeof hi, thrpt_change(m->lower), 1));
    }
    /* as criterion: only the verdict's word inside the sentence is coloured */
    const char *word = *color ? strstr(text->sentence, text->words) : NULL;
    if (word)
        fprintf(c->out, "%24s%.*s%s%s%s%s\n", "", (int)(word - text->sentence), text->sentence,
                on(c, color), text->words, on(c, RESET), word + strlen(text->words));
    else
        fprintf(c->out, "%24s%s\n", "", text->sentence);
}

static void outlier_lines(crit_console *c, const crit_analysis *a) {
    const crit_outlier_counts *k = &a->counts;
    size_t total = k->low_severe + k->low_mild + k->high_mild + k->high_severe;
    if (total == 0)
        return;
    double n = (double)a->n;
    fprintf(c->out, "%sFound %zu outliers among %zu measurements (%.2f%%)%s\n", on(c, YELLOW),
            total, a->n, 100.0 * (double)total / n, on(c, RESET));
    const size_t counts[4] = {k->low_severe, k->low_mild, k->high_mild, k->high_severe};
    const char *const names[4] = {"low severe", "low mild", "high mild", "high severe"};
    for (int i = 0; i < 4; i++)
        if (counts[i])
            fprintf(c->out, "  %zu (%.2f%%) %s\n", counts[i], 100.0 * (double)counts[i] / n,
                    names[i]);
}

static char *short_estimate(char *buf, size_t len, const crit_estimate *e) {
    char lo[64], hi[64];
    snprintf(buf, len, "[%s %s]", crit_fmt_time_aligned(lo, sizeof lo, e->lower),
             crit_fmt_time_aligned(hi, sizeof hi, e->upper));
    return buf;
}

static void verbose_lines(crit_console *c, const crit_analysis *a) {
    char x[160], y[160];
    if (a->est.has_slope)
        fprintf(c->out, "%-7s%s %-15s[%0.7f %0.7f]\n", "slope",
                short_estimate(x, sizeof x, &a->est.slope), "R^2", a->r2_lower, a->r2_upper);
    fprintf(c->out, "%-7s%s %-15s%s\n", "mean", short_estimate(x, sizeof x, &a->est.mean),
            "std. dev.", short_estimate(y, sizeof y, &a->est.std_dev));
    fprintf(c->out, "%-7s%s %-15s%s\n", "median", short_estimate(x, sizeof x, &a->est.median),
            "med. abs. dev.", short_estimate(y, sizeof y, &a->est.median_abs_dev));
}

/* The allocation line under time/thrpt (--count-allocs). */
static void alloc_lines(crit_console *c, const crit_usage *u) {
    char n[64], by[64], fr[64];
    fprintf(c->out, "%24sallocs: %s%s%s /iter  bytes: %s /iter  frees: %s /iter\n", "", on(c, BOLD),
            crit_fmt_count(n, sizeof n, u->allocs), on(c, RESET),
            crit_fmt_count(by, sizeof by, u->bytes), crit_fmt_count(fr, sizeof fr, u->frees));
}

/* --verbose: CPU time per iteration; a command's user and system time per run, peak RSS. */
static void usage_lines(crit_console *c, const crit_usage *u) {
    char x[64], y[64];
    if (u->has_cpu)
        fprintf(c->out, "%-7s%s /iter (process CPU time)\n", "cpu",
                crit_fmt_time_aligned(x, sizeof x, u->cpu_time));
    if (u->has_child) {
        fprintf(c->out, "%-7s%s /run  %-7s%s /run\n", "user",
                crit_fmt_time_aligned(x, sizeof x, u->child_user_time), "sys",
                crit_fmt_time_aligned(y, sizeof y, u->child_sys_time));
        fprintf(c->out, "%-7s%.2f MiB peak RSS (%.0f KiB, the largest run)\n", "memory",
                u->child_max_rss_kib / 1024.0, u->child_max_rss_kib);
    }
}

void crit_console_instructions(crit_console *c, const crit_bench_id *id,
                               const crit_instructions *in, const crit_change *change) {
    char v[64];
    crit_console_end_status(c);
    fprintf(c->out, "%-24sinstructions: %s%s%s /iter\n", id->title, on(c, BOLD),
            crit_fmt_count(v, sizeof v, in->instructions), on(c, RESET));
    if (in->cache_sim) {
        fprintf(c->out, "%24sL1 misses:    %s /iter\n", "",
                crit_fmt_count(v, sizeof v, in->l1_misses));
        fprintf(c->out, "%24sLL misses:    %s /iter\n", "",
                crit_fmt_count(v, sizeof v, in->ll_misses));
        fprintf(c->out, "%24sest. cycles:  %s /iter\n", "",
                crit_fmt_count(v, sizeof v, in->estimated_cycles));
    }
    if (change && c->verbosity != CRIT_VERBOSITY_QUIET) {
        const crit_verdict_text *text = crit_verdict_texts(change->verdict);
        fprintf(c->out, "%24schange: %s (instructions)\n", "",
                crit_fmt_change(v, sizeof v, change->mean.point, 1));
        fprintf(c->out, "%24s%s\n", "", text->sentence);
    }
    fflush(c->out);
}

void crit_console_precision_note(crit_console *c, const char *title, const crit_precision *p,
                                 const char *unit) {
    if (p->ceiling)
        crit_console_message(c,
                             "note: %s: the measurement time ran out at +-%.2f %% before the "
                             "target +-%.2f %% (%zu %s)",
                             title, p->achieved * 100, p->target * 100, p->samples, unit);
}

void crit_console_result(crit_console *c, const crit_bench_id *id, const crit_analysis *a,
                         const crit_relative *rel, const crit_usage *u) {
    crit_console_end_status(c);
    time_lines(c, id, a);
    if (u && u->has_allocs)
        alloc_lines(c, u);
    if (rel) {
        char words[160];
        fprintf(c->out, "%24svs %s: %s (paired, %zu rounds)\n", "", rel->to,
                crit_fmt_relative(words, sizeof words, &rel->ratio), rel->rounds);
    }
    /* criterion's --quiet keeps only the time (and thrpt) line */
    if (c->verbosity == CRIT_VERBOSITY_QUIET) {
        fflush(c->out);
        return;
    }
    if (a->compared)
        change_lines(c, id, a);
    outlier_lines(c, a);
    if (c->verbosity == CRIT_VERBOSITY_VERBOSE) {
        verbose_lines(c, a);
        if (u)
            usage_lines(c, u);
    }
    fflush(c->out);
}
