/* Self-check: grade the reference tree, then the handout (with the hidden
 * tests kept, as the autograder has them).  Expected: reference = every
 * test passes; handout = it builds, baseline tests pass, every other test
 * fails.  A handout test that passes means a stub that does the work, or
 * a test that checks nothing the student writes. */
#define _GNU_SOURCE
#include "selfcheck.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "handout.h"
#include "util.h"

static void claim(bool ok, int *passed, int *failed, const char *fmt, const char *a, const char *b)
{
	printf("self-check: %s: ", ok ? "ok" : "FAIL");
	printf(fmt, a, b);
	printf("\n");
	*(ok ? passed : failed) += 1;
}

int self_check(const struct grade_opts *o, int *passed, int *failed)
{
	char *lab = xstrdup(o->lab);
	const char *name = basename(lab);
	struct grade_opts ref = *o, hand = *o;
	struct report r;
	struct manifest m;
	ref.out = xasprintf("%s/reference", o->out);
	int rc = grade_lab(&ref, &r, &m);
	if (rc == 0)
		for (int i = 0; i < r.n; i++)
			claim(r.results[i].status == TS_PASSED, passed, failed,
			      "%s: reference passes %s", name, r.results[i].test->name);
	char *tree = xasprintf("%s/handout-tree", o->out);
	if (rc == 0 && handout_tree(o->root, tree, name, true, false) < 0)
		rc = -1;
	struct report h;
	struct manifest hm;
	hand.root = tree;
	hand.submission = NULL;
	hand.quiet = true; /* its failures are expected: the claims say what matters */
	hand.out = xasprintf("%s/handout", o->out);
	if (rc == 0)
		rc = grade_lab(&hand, &h, &hm);
	if (rc == 0) {
		bool built = h.n == 0 || strcmp(h.results[0].outcome, "build-failed");
		claim(built, passed, failed, "%s: the handout builds%s", name, "");
		for (int i = 0; built && i < h.n; i++) {
			const struct test *t = h.results[i].test;
			bool pass = h.results[i].status == TS_PASSED;
			if (t->baseline)
				claim(pass, passed, failed, "%s: handout passes baseline test %s",
				      name, t->name);
			else
				claim(!pass, passed, failed, "%s: handout fails %s", name, t->name);
		}
	}
	if (!o->keep)
		remove_tree(tree);
	free(tree);
	free((char *)ref.out);
	free((char *)hand.out);
	free(lab);
	return rc;
}
