/* export.c: run records and the two table exports, Markdown (for humans and PR comments) and
 * CSV (for spreadsheets and scripts). The JSON forms are in export_json.c. */
#include "export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchid.h"
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

/* A table: the header, then row() for each record, into a malloc'd string (NULL when memory
 * runs out). With `relative`, header_rel replaces header and each row is ended by row_end.
 * open_memstream's buffer is only final after fclose. */
static char *write_table(const crit_run_record *recs, size_t n, const char *header,
                         const char *header_rel, void (*row)(FILE *f, const crit_run_record *r),
                         void (*row_end)(FILE *f, const crit_run_record *r, bool relative)) {
    char *buf = NULL;
    size_t len = 0;
    bool relative = any_relative(recs, n);
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        return NULL;
    fputs(relative ? header_rel : header, f);
    for (size_t i = 0; i < n; i++) {
        row(f, &recs[i]);
        row_end(f, &recs[i], relative);
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

static void markdown_row_end(FILE *f, const crit_run_record *r, bool relative) {
    char words[160];
    if (relative && r->relative.used) {
        fputs(" vs ", f);
        md_cell(f, r->relative.to);
        fprintf(f, ": %s |", crit_fmt_relative(words, sizeof words, &r->relative.ratio));
    } else if (relative) {
        fputs(" - |", f);
    }
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
    if (n > 0 && recs[0].has_instructions)
        return write_table(recs, n,
                           "| benchmark | instructions | L1 misses | LL misses | est. cycles | "
                           "change |\n| --- | ---: | ---: | ---: | ---: | --- |\n",
                           NULL, markdown_instructions_row, markdown_row_end);
    return write_table(recs, n,
                       "| benchmark | lower | estimate | upper | throughput | change (mean) |\n"
                       "| --- | ---: | ---: | ---: | ---: | --- |\n",
                       "| benchmark | lower | estimate | upper | throughput | change (mean) "
                       "| relative (paired) |\n"
                       "| --- | ---: | ---: | ---: | ---: | --- | --- |\n",
                       markdown_row, markdown_row_end);
}

/* A CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180). */
static void csv_field(FILE *f, const char *s) {
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
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
    csv_field(f, r->id.full_id);
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

static void csv_row_end(FILE *f, const crit_run_record *r, bool relative) {
    if (relative && r->relative.used) {
        fputc(',', f);
        csv_field(f, r->relative.to);
        csv_num(f, r->relative.ratio.point);
        csv_num(f, r->relative.ratio.lower);
        csv_num(f, r->relative.ratio.upper);
    } else if (relative) {
        fputs(",,,,", f);
    }
    fputs("\r\n", f);
}

static void csv_instructions_row(FILE *f, const crit_run_record *r) {
    const crit_instructions *in = &r->instructions;
    csv_field(f, r->id.full_id);
    csv_num(f, in->instructions);
    csv_num(f, in->cache_sim ? in->l1_misses : NAN);
    csv_num(f, in->cache_sim ? in->ll_misses : NAN);
    csv_num(f, in->cache_sim ? in->estimated_cycles : NAN);
    csv_num(f, r->compared ? r->change.mean.point : NAN);
}

char *crit_export_csv(const crit_run_record *recs, size_t n) {
    if (n > 0 && recs[0].has_instructions)
        return write_table(recs, n,
                           "id,instructions,l1_misses,ll_misses,estimated_cycles,change\r\n", NULL,
                           csv_instructions_row, csv_row_end);
    return write_table(recs, n,
                       "id,mean,lower,upper,median,std_dev,cv,unit,throughput,throughput_unit\r\n",
                       "id,mean,lower,upper,median,std_dev,cv,unit,throughput,throughput_unit,"
                       "relative_to,ratio,ratio_lower,ratio_upper\r\n",
                       csv_row, csv_row_end);
}
