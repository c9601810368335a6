/* export.c: run records and the two table exports, Markdown (for humans and PR comments) and
 * CSV (for spreadsheets and scripts). The JSON forms are in export_json.c. */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchid.h"
#include "crit_results.h"
#include "format.h"
#include "jsonio.h"
#include "relative.h"
#include "sample.h"

int crit_record_init(crit_run_record *rec, const crit_bench_id *id, const crit_sample *s,
                     const crit_analysis *a) {
    memset(rec, 0, sizeof *rec);
    if (crit_bench_id_init(&rec->id, id->group_id, id->function_id, id->value_str,
                           id->throughput) != 0 ||
        crit_sample_init(&rec->sample, s->n) != 0) {
        crit_record_fini(rec);
        return -CRIT_ENOMEM;
    }
    rec->sample.mode = s->mode;
    memcpy(rec->sample.iters, s->iters, s->n * sizeof *s->iters);
    memcpy(rec->sample.times, s->times, s->n * sizeof *s->times);
    rec->est = a->est;
    rec->cv = a->cv;
    rec->p50 = a->p50;
    rec->p90 = a->p90;
    rec->p95 = a->p95;
    rec->p99 = a->p99;
    rec->compared = a->compared;
    if (a->compared)
        rec->change = a->change;
    return 0;
}

int crit_record_init_instructions(crit_run_record *rec, const crit_bench_id *id,
                                  const crit_instructions *in, const crit_change *change) {
    memset(rec, 0, sizeof *rec);
    if (crit_bench_id_init(&rec->id, id->group_id, id->function_id, id->value_str,
                           id->throughput) != 0) {
        crit_record_fini(rec);
        return -CRIT_ENOMEM;
    }
    rec->has_instructions = true;
    rec->instructions = *in;
    rec->compared = change != NULL;
    if (change)
        rec->change = *change;
    return 0;
}

void crit_record_fini(crit_run_record *rec) {
    crit_bench_id_fini(&rec->id);
    crit_sample_fini(&rec->sample);
    memset(rec, 0, sizeof *rec);
}

/* A Markdown cell: '|' escaped, newlines flattened. */
static void md_cell(FILE *f, const char *s) {
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else
            fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
}

/* Whether any record carries a relative ratio (the tables then gain their relative columns). */
static bool any_relative(const crit_run_record *recs, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (recs[i].relative.used)
            return true;
    return false;
}

/* Which usage columns a table has: each group when any record measured it. */
typedef struct usage_cols {
    bool cpu, allocs, child;
} usage_cols;

static bool has_cpu(const crit_usage *u) { return u->has_cpu || u->has_child; }

static usage_cols usage_columns(const crit_run_record *recs, size_t n) {
    usage_cols c = {false, false, false};
    for (size_t i = 0; i < n; i++) {
        c.cpu = c.cpu || has_cpu(&recs[i].usage);
        c.allocs = c.allocs || recs[i].usage.has_allocs;
        c.child = c.child || recs[i].usage.has_child;
    }
    return c;
}

/* CPU time per iteration as the exports give it: the process's, or for a command benchmark
 * its child's user + system time per run. */
static double cpu_time(const crit_usage *u) {
    return u->has_cpu ? u->cpu_time : u->child_user_time + u->child_sys_time;
}

/* The shape of one table form: its header (without the line end), the relative column's
 * header, the usage groups' headers, what ends a header line, and for Markdown the separator
 * line's cells. */
typedef struct table_form {
    const char *head, *head_rel, *head_cpu, *head_allocs, *head_child, *eol;
    const char *sep, *sep_rel, *sep_cpu, *sep_allocs, *sep_child; /* NULL: no separator line */
    void (*row)(FILE *f, const crit_run_record *r);
    void (*row_end)(FILE *f, const crit_run_record *r, bool relative, usage_cols u);
} table_form;

static void header_line(FILE *f, const table_form *t, bool sep, bool relative, usage_cols u) {
    fputs(sep ? t->sep : t->head, f);
    if (relative)
        fputs(sep ? t->sep_rel : t->head_rel, f);
    if (u.cpu)
        fputs(sep ? t->sep_cpu : t->head_cpu, f);
    if (u.allocs)
        fputs(sep ? t->sep_allocs : t->head_allocs, f);
    if (u.child)
        fputs(sep ? t->sep_child : t->head_child, f);
    fputs(t->eol, f);
}

/* A table: the header, then row() and row_end() for each record, into a malloc'd string (NULL
 * when memory runs out). The relative and usage columns appear only when a record has them.
 * open_memstream's buffer is only final after fclose. */
static char *write_table(const crit_run_record *recs, size_t n, const table_form *t) {
    char *buf = NULL;
    size_t len = 0;
    bool relative = any_relative(recs, n);
    usage_cols u = usage_columns(recs, n);
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return NULL;
    header_line(f, t, false, relative, u);
    if (t->sep)
        header_line(f, t, true, relative, u);
    for (size_t i = 0; i < n; i++) {
        t->row(f, &recs[i]);
        t->row_end(f, &recs[i], relative, u);
    }
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static void count_cell(FILE *f, double v, bool shown) {
    char b[64];
    fputs(shown ? crit_fmt_count(b, sizeof b, v) : "-", f);
}

/* The last cell of a Markdown row: the change of the mean and its verdict, "-" uncompared. */
static void change_cell(FILE *f, const crit_run_record *r) {
    char ch[64];
    if (r->compared) {
        crit_fmt_change(ch, sizeof ch, r->change.mean.point, 1);
        fprintf(f, "%s (%s)", ch + strspn(ch, " "), crit_verdict_texts(r->change.verdict)->words);
    } else {
        fputs("-", f);
    }
    fputs(" |", f);
}

static void markdown_row(FILE *f, const crit_run_record *r) {
    const crit_estimate *t = crit_typical(&r->est);
    char lo[64], pt[64], hi[64], tp[64];
    fputs("| ", f);
    md_cell(f, r->id.full_id);
    fprintf(f, " | %s | %s | %s | ", crit_format_time(lo, sizeof lo, t->lower),
            crit_format_time(pt, sizeof pt, t->point), crit_format_time(hi, sizeof hi, t->upper));
    if (r->id.throughput.kind != CRIT_THROUGHPUT_NONE) {
        crit_fmt_throughput(tp, sizeof tp, r->id.throughput, t->point);
        fputs(tp + strspn(tp, " "), f);
    } else {
        fputs("-", f);
    }
    fputs(" | ", f);
    change_cell(f, r);
}

/* The usage cells of a Markdown row ("-" where this record has none). */
static void markdown_usage(FILE *f, const crit_usage *u, usage_cols cols) {
    char a[64], b[64], c[64];
    if (cols.cpu)
        fprintf(f, " %s |", has_cpu(u) ? crit_format_time(a, sizeof a, cpu_time(u)) : "-");
    if (cols.allocs && u->has_allocs)
        fprintf(f, " %s | %s | %s |", crit_fmt_count(a, sizeof a, u->allocs),
                crit_fmt_count(b, sizeof b, u->bytes), crit_fmt_count(c, sizeof c, u->frees));
    else if (cols.allocs)
        fputs(" - | - | - |", f);
    if (cols.child && u->has_child)
        fprintf(f, " %s | %s | %.2f MiB |", crit_format_time(a, sizeof a, u->child_user_time),
                crit_format_time(b, sizeof b, u->child_sys_time), u->child_max_rss_kib / 1024.0);
    else if (cols.child)
        fputs(" - | - | - |", f);
}

static void markdown_row_end(FILE *f, const crit_run_record *r, bool relative, usage_cols u) {
    char words[160];
    if (relative && r->relative.used) {
        fputs(" vs ", f);
        md_cell(f, r->relative.to);
        fprintf(f, ": %s |", crit_fmt_relative(words, sizeof words, &r->relative.ratio));
    } else if (relative) {
        fputs(" - |", f);
    }
    markdown_usage(f, &r->usage, u);
    fputs("\n", f);
}

/* A count per iteration for a table cell: whole numbers as such, else 2 decimals. */
static void markdown_instructions_row(FILE *f, const crit_run_record *r) {
    const crit_instructions *in = &r->instructions;
    fputs("| ", f);
    md_cell(f, r->id.full_id);
    fputs(" | ", f);
    count_cell(f, in->instructions, true);
    fputs(" | ", f);
    count_cell(f, in->l1_misses, in->cache_sim);
    fputs(" | ", f);
    count_cell(f, in->ll_misses, in->cache_sim);
    fputs(" | ", f);
    count_cell(f, in->estimated_cycles, in->cache_sim);
    fputs(" | ", f);
    change_cell(f, r);
}

char *crit_export_markdown(const crit_run_record *recs, size_t n) {
    static const table_form instructions = {
        "| benchmark | instructions | L1 misses | LL misses | est. cycles | change |",
        "",
        "",
        "",
        "",
        "\n",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        "",
        "",
        "",
        "",
        markdown_instructions_row,
        markdown_row_end};
    static const table_form times = {
        "| benchmark | lower | estimate | upper | throughput | change (mean) |",
        " relative (paired) |",
        " cpu time |",
        " allocs/iter | bytes/iter | frees/iter |",
        " user/run | sys/run | peak RSS |",
        "\n",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        " --- |",
        " ---: |",
        " ---: | ---: | ---: |",
        " ---: | ---: | ---: |",
        markdown_row,
        markdown_row_end};
    return write_table(recs, n, n > 0 && recs[0].has_instructions ? &instructions : &times);
}

static void csv_num(FILE *f, double v) {
    char b[40];
    crit_json_format_double(v, b, sizeof b);
    fprintf(f, ",%s", isfinite(v) ? b : "");
}

static const char *rate_unit(crit_throughput_kind k) {
    switch (k) {
    case CRIT_THROUGHPUT_BYTES:
    case CRIT_THROUGHPUT_BYTES_DECIMAL: return "bytes/s";
    case CRIT_THROUGHPUT_ELEMENTS: return "elements/s";
    case CRIT_THROUGHPUT_BITS: return "bits/s";
    case CRIT_THROUGHPUT_NONE:
    default: return NULL;
    }
}

static void csv_row(FILE *f, const crit_run_record *r) {
    crit_results_csv_field(f, r->id.full_id);
    csv_num(f, r->est.mean.point);
    csv_num(f, r->est.mean.lower);
    csv_num(f, r->est.mean.upper);
    csv_num(f, r->est.median.point);
    csv_num(f, r->est.std_dev.point);
    csv_num(f, r->cv);
    fputs(",ns", f);
    const char *unit = rate_unit(r->id.throughput.kind);
    if (unit != NULL && r->est.mean.point > 0) {
        csv_num(f, (double)r->id.throughput.per_iter * 1e9 / r->est.mean.point);
        fprintf(f, ",%s", unit);
    } else {
        fputs(",,", f);
    }
}

static void csv_row_end(FILE *f, const crit_run_record *r, bool relative, usage_cols cols) {
    const crit_usage *u = &r->usage;
    if (relative && r->relative.used) {
        fputc(',', f);
        crit_results_csv_field(f, r->relative.to);
        csv_num(f, r->relative.ratio.point);
        csv_num(f, r->relative.ratio.lower);
        csv_num(f, r->relative.ratio.upper);
    } else if (relative) {
        fputs(",,,,", f);
    }
    if (cols.cpu)
        csv_num(f, has_cpu(u) ? cpu_time(u) : NAN);
    if (cols.allocs) {
        csv_num(f, u->has_allocs ? u->allocs : NAN);
        csv_num(f, u->has_allocs ? u->bytes : NAN);
        csv_num(f, u->has_allocs ? u->frees : NAN);
    }
    if (cols.child) {
        csv_num(f, u->has_child ? u->child_user_time : NAN);
        csv_num(f, u->has_child ? u->child_sys_time : NAN);
        csv_num(f, u->has_child ? u->child_max_rss_kib : NAN);
    }
    fputs("\r\n", f);
}

static void csv_instructions_row(FILE *f, const crit_run_record *r) {
    const crit_instructions *in = &r->instructions;
    crit_results_csv_field(f, r->id.full_id);
    csv_num(f, in->instructions);
    csv_num(f, in->cache_sim ? in->l1_misses : NAN);
    csv_num(f, in->cache_sim ? in->ll_misses : NAN);
    csv_num(f, in->cache_sim ? in->estimated_cycles : NAN);
    csv_num(f, r->compared ? r->change.mean.point : NAN);
}

char *crit_export_csv(const crit_run_record *recs, size_t n) {
    static const table_form instructions = {
        "id,instructions,l1_misses,ll_misses,estimated_cycles,change",
        "",
        "",
        "",
        "",
        "\r\n",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        csv_instructions_row,
        csv_row_end};
    static const table_form times = {
        "id,mean,lower,upper,median,std_dev,cv,unit,throughput,throughput_unit",
        ",relative_to,ratio,ratio_lower,ratio_upper",
        ",cpu_time",
        ",allocs_per_iter,bytes_per_iter,frees_per_iter",
        ",child_user_time,child_sys_time,child_max_rss_kib",
        "\r\n",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        csv_row,
        csv_row_end};
    return write_table(recs, n, n > 0 && recs[0].has_instructions ? &instructions : &times);
}
