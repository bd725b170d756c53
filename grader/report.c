/* The result model. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "sandbox.h"
#include "util.h"

void report_init(struct report *r, const struct manifest *m, const char *lab)
{
	*r = (struct report){ .m = m, .lab = xstrdup(lab), .n = m->ntests };
	r->started = now_seconds();
	r->sandbox_at_start = sandbox_seconds();
	r->results = xcalloc(m->ntests, sizeof(*r->results));
	for (int i = 0; i < m->ntests; i++) {
		r->results[i].test = &m->tests[i];
		r->results[i].outcome = xstrdup("not-run");
		r->results[i].output = xstrdup("not run: the grader stopped before this test");
	}
}

/* Record a finished test; output is taken over. */
void report_set(struct report *r, int i, enum test_status st, const char *outcome, char *output)
{
	struct test_result *t = &r->results[i];
	t->status = st;
	t->score = st == TS_PASSED ? t->test->points : 0;
	free(t->outcome);
	t->outcome = xstrdup(outcome);
	free(t->output);
	t->output = text_clean(output);
	free(output);
	r->done++;
	r->elapsed = now_seconds() - r->started;
}

double report_score(const struct report *r)
{
	double s = 0;
	for (int i = 0; i < r->n; i++)
		s += r->results[i].score;
	return s;
}

int report_count(const struct report *r, enum test_status st)
{
	int n = 0;
	for (int i = 0; i < r->n; i++)
		n += r->results[i].status == st;
	return n;
}
