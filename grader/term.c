/* The terminal report.  Colours only on a terminal and never when NO_COLOR
 * is set (no-color.org); the progress line is redrawn in place on a
 * terminal and left out elsewhere, where the per-test lines carry n/m. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"
#include "util.h"

void term_init(struct term *t, FILE *f, bool quiet)
{
	const char *no_colour = getenv("NO_COLOR");
	t->f = f;
	t->tty = isatty(fileno(f));
	t->colour = t->tty && !(no_colour && *no_colour);
	t->quiet = quiet;
}

static const char *paint(const struct term *t, const char *code)
{
	return t->colour ? code : "";
}

void term_progress(struct term *t, const struct report *r, const char *what)
{
	if (!t->tty || t->quiet)
		return;
	fprintf(t->f, "\r\033[K[%2d/%d %5.1fs] %s...", r->done + 1, r->n,
	        now_seconds() - r->started, what);
	fflush(t->f);
}

void term_test(struct term *t, const struct report *r, int i)
{
	if (t->quiet)
		return;
	const struct test_result *res = &r->results[i];
	bool pass = res->status == TS_PASSED;
	if (t->tty)
		fputs("\r\033[K", t->f);
	fprintf(t->f, "[%2d/%d %5.1fs] %s%s%s  %-32s %g/%g  (%.1f s)\n", r->done, r->n, r->elapsed,
	        paint(t, pass ? "\033[32m" : "\033[31m"), pass ? "PASS" : "FAIL",
	        paint(t, "\033[0m"), res->test->name, res->score, res->test->points, res->seconds);
	if (pass)
		return;
	/* Indent the reasons under their test. */
	const char *s = res->output;
	while (*s) {
		size_t len = strcspn(s, "\n");
		fprintf(t->f, "      %.*s\n", (int)len, s);
		s += len + (s[len] == '\n');
	}
	/* Named once, here, unless the runner's output already names it. */
	if (res->transcript && !strstr(res->output, res->transcript))
		fprintf(t->f, "      transcript: %s\n", res->transcript);
	fflush(t->f);
}

void term_summary(struct term *t, const struct report *r)
{
	if (t->tty)
		fputs("\r\033[K", t->f);
	if (r->notes.len && !t->quiet)
		fprintf(t->f, "%s", r->notes.p);
	for (int p = 0; p < r->m->nparts && !t->quiet; p++) {
		const struct part *part = &r->m->parts[p];
		double got = 0, max = 0;
		for (int i = 0; i < r->n; i++)
			if (!strcmp(r->results[i].test->part, part->id)) {
				got += r->results[i].score;
				max += r->results[i].test->points;
			}
		if (max == 0) /* none of its tests was selected */
			continue;
		fprintf(t->f, "Part %s: %g/%g%s%s\n", part->id, got, max, part->title ? "  " : "",
		        part->title ? part->title : "");
	}
	fprintf(t->f, "Score: %g/%g%s%s%s\n", report_score(r), manifest_points(r->m),
	        r->partial ? " (" : "", r->partial ? r->partial : "", r->partial ? ")" : "");
	fflush(t->f);
}
