/* unit tests: a CUnit judge built with vlab_unit.h, one process per case
 * (binary --run SUITE:TEST), so a crash costs that case only; a hang costs
 * the rest of its test too, which fails at once instead of timing out again. */
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
	char *binary = xasprintf("%s/%s", g->work, r->binary);
	res->seed = new_seed();
	struct buf out = { 0 };
	const char *outcome = "passed";
	char *timed_out = NULL; /* the case that hung: the rest are not run */
	for (int c = 0; c < r->ncases; c++) {
		if (timed_out) {
			buf_printf(&out, "case %s: not run: case %s timed out\n", r->cases[c],
			           timed_out);
			continue;
		}
		char *dir = scratch_dir(g, res->test->name);
		char *argv[] = { binary, "--run", r->cases[c], NULL };
		char **env = sandbox_env(g, dir, res->seed);
		struct sandbox_spec spec;
		struct sandbox_result sr;
		sandbox_prepare(g, &spec, dir, r->timeout, r->memory_mb);
		spec.argv = argv;
		spec.env = env;
		if (sandbox_run(&spec, &sr) < 0) {
			buf_printf(&out, "case %s: the sandbox failed: %s\n", r->cases[c],
			           err_msg());
			outcome = "failed";
		} else {
			res->seconds += sr.seconds;
			/* The binary is the judge, which holds no student code
			 * (vlab_unit.h): its exit status is the verdict, and 3
			 * says the tested code was killed by a signal. */
			bool crashed = sr.end == END_EXITED && sr.status == 3;
			if (sr.end != END_EXITED || sr.status != 0) {
				char *why = sr.end == END_EXITED && sr.status == 1
				                    ? xstrdup("failed")
				            : crashed ? xstrdup("the tested code crashed")
				                      : sandbox_describe(&spec, &sr);
				buf_printf(&out, "case %s: %s\n", r->cases[c], why);
				tail(&out, sr.out.p ? sr.out.p : "", 15);
				char *name = xasprintf("%s.%s", res->test->name, r->cases[c]);
				char *what = xasprintf("%s --run %s", r->binary, r->cases[c]);
				free(res->transcript);
				res->transcript =
					save_transcript(g, name, what, res->seed, why, &sr);
				free(name);
				free(what);
				free(why);
				outcome = sr.end == END_TIMEOUT               ? "timeout"
				          : sr.end == END_OUTPUT_CAP          ? "output-limit"
				          : sr.end == END_SIGNALED || crashed ? "crashed"
				                                              : "failed";
				if (sr.end == END_TIMEOUT)
					timed_out = r->cases[c];
			}
			sandbox_result_free(&sr);
		}
		free_strv(env);
		free(dir);
	}
	free(binary);
	bool passed = !strcmp(outcome, "passed");
	report_set(rep, i, passed ? TS_PASSED : TS_FAILED, outcome, buf_take(&out));
}
