/* Gradescope's results.json: the primary output.  Written before the first
 * test (every test "not run") and again after each one, atomically, so the
 * file is valid whenever the grader is stopped. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsutil.h"
#include "report.h"
#include "sandbox.h"
#include "util.h"

static json_object *test_json(const struct report *r, int i)
{
	const struct test_result *t = &r->results[i];
	json_object *o = json_object_new_object();
	char number[16];
	snprintf(number, sizeof(number), "%d", i + 1);
	json_object_object_add(o, "name", json_object_new_string(t->test->name));
	json_object_object_add(o, "number", json_object_new_string(number));
	json_object_object_add(o, "score", json_object_new_double(t->score));
	json_object_object_add(o, "max_score", json_object_new_double(t->test->points));
	/* Gradescope knows only passed and failed: a test not run has failed. */
	json_object_object_add(
		o, "status", json_object_new_string(t->status == TS_PASSED ? "passed" : "failed"));
	json_object_object_add(o, "output", json_object_new_string(t->output));
	json_object_object_add(
		o, "visibility",
		json_object_new_string(t->test->hidden ? "after_published" : "visible"));
	json_object *x = json_object_new_object();
	json_object_object_add(x, "outcome", json_object_new_string(t->outcome));
	json_object_object_add(x, "kind", json_object_new_string(kind_name(t->test->run->kind)));
	json_object_object_add(x, "seconds", json_object_new_double(t->seconds));
	if (t->test->part)
		json_object_object_add(x, "part", json_object_new_string(t->test->part));
	if (t->seed)
		json_object_object_add(x, "seed", json_object_new_string(t->seed));
	if (t->transcript)
		json_object_object_add(x, "transcript", json_object_new_string(t->transcript));
	json_object_object_add(o, "extra_data", x);
	return o;
}

int results_json_write(const struct report *r, const char *path)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "score", json_object_new_double(report_score(r)));
	json_object_object_add(root, "execution_time",
	                       json_object_new_int((int)(r->elapsed + 0.5)));
	json_object_object_add(root, "output",
	                       json_object_new_string(r->notes.p ? r->notes.p : ""));
	json_object *tests = json_object_new_array();
	for (int i = 0; i < r->n; i++)
		json_object_array_add(tests, test_json(r, i));
	json_object_object_add(root, "tests", tests);
	json_object *x = json_object_new_object();
	json_object_object_add(x, "lab", json_object_new_string(r->lab));
	json_object_object_add(x, "title", json_object_new_string(r->m->title));
	json_object_object_add(x, "max_score", json_object_new_double(manifest_points(r->m)));
	json_object_object_add(x, "tests_done", json_object_new_int(r->done));
	json_object_object_add(x, "not_submitted", json_object_new_int(r->not_submitted));
	json_object_object_add(x, "student_files", json_object_new_int(r->m->nstudent));
	if (r->partial)
		json_object_object_add(x, "partial", json_object_new_string(r->partial));
	double runs = sandbox_seconds() - r->sandbox_at_start;
	json_object_object_add(x, "elapsed_seconds", json_object_new_double(r->elapsed));
	/* Builds and test runs, and the rest: the grader's own overhead. */
	json_object_object_add(x, "runs_seconds", json_object_new_double(runs));
	json_object_object_add(x, "overhead_seconds", json_object_new_double(r->elapsed - runs));
	if (sandbox_warning())
		json_object_object_add(x, "sandbox_warning",
		                       json_object_new_string(sandbox_warning()));
	json_object_object_add(root, "extra_data", x);
	const char *text = json_object_to_json_string_ext(
		root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	struct buf b = { 0 };
	buf_puts(&b, text);
	buf_puts(&b, "\n");
	int rc = write_file_atomic(path, b.p, b.len);
	free(b.p);
	json_object_put(root);
	return rc;
}
