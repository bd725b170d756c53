/* JUnit XML, valid against Jenkins' junit-10.xsd: one <testsuite> per lab,
 * a <failure> for each lost test, <skipped> for a test that never ran. */
#include <stdio.h>
#include <stdlib.h>

#include "fsutil.h"
#include "report.h"
#include "util.h"

static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		default:
			buf_add(b, s, 1);
		}
	}
}

int junit_write(const struct report *r, const char *path)
{
	struct buf b = { 0 };
	int failed = report_count(r, TS_FAILED), skipped = report_count(r, TS_NOT_RUN);
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	buf_puts(&b, "  <testsuite name=\"");
	xml_text(&b, r->lab);
	buf_printf(&b,
	           "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">\n",
	           r->n, failed, skipped, r->elapsed);
	buf_printf(&b, "    <properties>\n      <property name=\"score\" value=\"%g\"/>\n",
	           report_score(r));
	buf_printf(&b, "      <property name=\"max_score\" value=\"%g\"/>\n    </properties>\n",
	           manifest_points(r->m));
	for (int i = 0; i < r->n; i++) {
		const struct test_result *t = &r->results[i];
		buf_puts(&b, "    <testcase name=\"");
		xml_text(&b, t->test->name);
		buf_puts(&b, "\" classname=\"");
		xml_text(&b, r->lab);
		if (t->test->part) {
			buf_puts(&b, ".part-");
			xml_text(&b, t->test->part);
		}
		buf_printf(&b, "\" time=\"%.3f\">\n", t->seconds);
		if (t->status != TS_PASSED) {
			const char *tag = t->status == TS_NOT_RUN ? "skipped" : "failure";
			buf_printf(&b, "      <%s type=\"%s\" message=\"", tag, t->outcome);
			buf_printf(&b, "0/%g points\">", t->test->points);
			xml_text(&b, t->output);
			buf_printf(&b, "</%s>\n", tag);
		}
		buf_puts(&b, "    </testcase>\n");
	}
	buf_puts(&b, "  </testsuite>\n</testsuites>\n");
	int rc = write_file_atomic(path, b.p, b.len);
	free(b.p);
	return rc;
}
