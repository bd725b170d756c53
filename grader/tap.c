/* TAP version 13 (what Debian 12's prove reads; it refuses "TAP version
 * 14"): a test point per test, the reasons of a failure in a YAML
 * diagnostic block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "report.h"
#include "util.h"

/* '#' starts a directive in a description, so it is escaped. */
static void description(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '#' || *s == '\\')
			buf_puts(b, "\\");
		buf_add(b, s, 1);
	}
}

static void yaml_block(struct buf *b, const char *key, const char *text)
{
	buf_printf(b, "  %s: |\n", key);
	const char *s = text;
	while (*s) {
		size_t len = strcspn(s, "\n");
		buf_puts(b, "    ");
		buf_add(b, s, len);
		buf_puts(b, "\n");
		s += len + (s[len] == '\n');
	}
}

int tap_write(const struct report *r, const char *path)
{
	struct buf b = { 0 };
	buf_printf(&b, "TAP version 13\n1..%d\n", r->n);
	for (int i = 0; i < r->n; i++) {
		const struct test_result *t = &r->results[i];
		buf_printf(&b, "%s %d - ", t->status == TS_PASSED ? "ok" : "not ok", i + 1);
		description(&b, t->test->name);
		buf_printf(&b, "\n  ---\n  outcome: %s\n  score: %g\n  max_score: %g\n", t->outcome,
		           t->score, t->test->points);
		if (t->status != TS_PASSED)
			yaml_block(&b, "output", t->output);
		buf_puts(&b, "  ...\n");
	}
	buf_printf(&b, "# Score: %g/%g%s%s\n", report_score(r), manifest_points(r->m),
	           r->partial ? " " : "", r->partial ? r->partial : "");
	int rc = write_file_atomic(path, b.p, b.len);
	free(b.p);
	return rc;
}
