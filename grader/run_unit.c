/* unit tests: a CUnit judge built with vlab_unit.h runs a test's cases, each
 * against a witness process of its own, so a crash costs that case only; a
 * hang costs the rest of its test too, which fails at once instead of
 * timing out again. */
#include <stdlib.h>
#include <string.h>

#include "runner.h"

/* The last lines of a case's output: the assertion that failed is there. */
static void tail(struct buf *out, const char *text, int max_lines)
{
	const char *start = text + strlen(text);
	int lines = 0;
	while (start > text && lines <= max_lines)
		if (*--start == '\n' && start[1])
			lines++;
	if (start != text)
		start++;
	const char *s = start;
	while (*s) {
		size_t len = strcspn(s, "\n");
		buf_printf(out, "    %.*s\n", (int)len, s);
		s += len + (s[len] == '\n');
	}
}

void run_unit(struct grader *g, struct report *rep, int i)
{
	struct test_result *res = &rep->results[i];
	const struct run *r = res->test->run;
	res->seed = new_seed();
	/* judge --timeout T --run CASE...: the judge runs each case against a
	 * witness of its own and stops a case at T seconds itself; the
	 * sandbox's limit is only the net under it. */
	char **argv = xcalloc((size_t)r->ncases + 6, sizeof(*argv));
	int n = 0;
	argv[n++] = xasprintf("%s/%s", g->work, r->binary);
	argv[n++] = xstrdup("--timeout");
	argv[n++] = xasprintf("%g", r->timeout);
	argv[n++] = xstrdup("--run");
	for (int c = 0; c < r->ncases; c++)
		argv[n++] = xstrdup(r->cases[c]);
	char *dir = scratch_dir(g, res->test->name);
	char **env = sandbox_env(g, dir, res->seed);
	struct sandbox_spec spec;
	struct sandbox_result sr;
	sandbox_prepare(g, &spec, dir, r->timeout * r->ncases + 2, r->memory_mb);
	spec.argv = argv;
	spec.env = env;
	struct buf out = { 0 };
	const char *outcome = "passed";
	if (sandbox_run(&spec, &sr) < 0) {
		buf_printf(&out, "the sandbox failed: %s\n", err_msg());
		outcome = "failed";
	} else {
		res->seconds = sr.seconds;
		/* The binary is the judge, which holds no student code
		 * (vlab_unit.h): its exit status is the verdict, 3 and 4 saying
		 * the tested code was killed by a signal or timed out. */
		if (sr.end != END_EXITED || sr.status != 0) {
			bool judged = sr.end == END_EXITED && sr.status >= 1 && sr.status <= 4 &&
			              sr.status != 2;
			char *why = !judged          ? sandbox_describe(&spec, &sr)
			            : sr.status == 3 ? xstrdup("the tested code crashed")
			            : sr.status == 4
			                    ? xasprintf("a case timed out after %g s", r->timeout)
			                    : xstrdup("failed");
			buf_printf(&out, "%s\n", why);
			tail(&out, sr.out.p ? sr.out.p : "", 15);
			struct buf what_buf = { 0 };
			buf_printf(&what_buf, "%s --timeout %g --run", r->binary, r->timeout);
			for (int c = 0; c < r->ncases; c++)
				buf_printf(&what_buf, " %s", r->cases[c]);
			char *what = buf_take(&what_buf);
			res->transcript =
				save_transcript(g, res->test->name, what, res->seed, why, &sr);
			free(what);
			free(why);
			outcome = (judged && sr.status == 4) || sr.end == END_TIMEOUT ? "timeout"
			          : sr.end == END_OUTPUT_CAP ? "output-limit"
			          : (judged && sr.status == 3) || sr.end == END_SIGNALED ? "crashed"
			                                                                 : "failed";
		}
		sandbox_result_free(&sr);
	}
	free_strv(env);
	free_strv(argv);
	free(dir);
	bool passed = !strcmp(outcome, "passed");
	report_set(rep, i, passed ? TS_PASSED : TS_FAILED, outcome, buf_take(&out));
}
