/* Grade one lab.  The steps, in order:
 *   1. load the manifest; write results.json with every test "not run";
 *   2. copy the pristine tree (never the hidden files, never grade.ini)
 *      into a private folder and put the student's files in it;
 *   3. build it as the sandbox uid; then, as root, add the hidden files,
 *      build them (hidden_build) and delete their sources;
 *   4. hand the tree to root, read-only for the sandbox uid, and run the
 *      tests, each run in its own writable scratch folder;
 *   5. after each test, rewrite results.json; at the end, JUnit and TAP. */
#define _GNU_SOURCE
#include "grade.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fsutil.h"
#include "handout.h"
#include "runner.h"

/* The lab's folder is copied without grade.ini and without hidden files. */
static bool skip_in_lab(const char *rel, void *ctx)
{
	const struct manifest *m = ctx;
	if (!strcmp(rel, "tests/grade.ini") || !strcmp(rel, "build"))
		return true;
	for (int i = 0; i < m->nhidden; i++)
		if (!strcmp(rel, m->hidden_files[i]))
			return true;
	return false;
}

static bool skip_build(const char *rel, void *ctx)
{
	(void)ctx;
	return !strcmp(rel, "build") || !strcmp(rel, ".git");
}

/* Find a student file in a submission: at its path in the lab, at its
 * path in the tree (a whole repository was submitted), or by its name. */
static char *find_submitted(const char *sub, const char *lab_dir, const char *file)
{
	char *c[3] = { xasprintf("%s/%s", sub, file), xasprintf("%s/%s/%s", sub, lab_dir, file),
		       NULL };
	char *copy = xstrdup(file);
	c[2] = xasprintf("%s/%s", sub, basename(copy));
	free(copy);
	char *found = NULL;
	for (int i = 0; i < 3; i++) {
		if (!found && path_exists(c[i]))
			found = c[i];
		else
			free(c[i]);
	}
	return found;
}

/* Without copy =, a build gets everything of the tree but the labs (its
 * own lab is copied apart), the build output and the history. */
static bool skip_outside_lab(const char *rel, void *ctx)
{
	(void)ctx;
	return !strcmp(rel, ".git") || !strcmp(rel, "build") || !strcmp(rel, "labs");
}

static bool build_step(struct grader *g, struct report *rep, const char *command, const char *dir,
                       bool as_student, const char *log);

/* What the lab stands on and no submission changes (the mini-kernel and
 * the hypervisor toolkit): made once in the pristine tree (prebuild) and
 * copied, times kept, into every private tree (prebuilt), so that a
 * grade's build makes only the lab.  A failed prebuild costs time, not
 * points: the build then makes the rest from its sources. */
static int copy_prebuilt(struct grader *g, struct report *rep)
{
	const struct manifest *m = g->m;
	if (!m->prebuild && !m->nprebuilt)
		return 0;
	/* One at a time (a batch grades in parallel): a make that is writing
	 * the output is neither raced by another nor copied half-way. */
	int lock = open(g->o->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock < 0 || flock(lock, LOCK_EX) < 0) {
		err_sys("lock %s", g->o->root);
		if (lock >= 0)
			close(lock);
		return -1;
	}
	if (m->prebuild && !build_step(g, rep, m->prebuild, g->o->root, false, "prebuild"))
		buf_puts(&rep->notes, "the build makes what prebuild would have made\n");
	for (int i = 0; i < m->nprebuilt; i++) {
		char *src = xasprintf("%s/%s", g->o->root, m->prebuilt[i]);
		char *dst = xasprintf("%s/%s", g->work, m->prebuilt[i]);
		char *parent = xstrdup(dst);
		int rc = 0;
		if (path_exists(src) && (rc = mkdir_p(dirname(parent), 0755)) == 0)
			rc = copy_tree(src, dst, NULL, NULL);
		free(src);
		free(dst);
		free(parent);
		if (rc < 0) {
			close(lock);
			return -1;
		}
	}
	close(lock);
	return 0;
}

static int prepare_tree(struct grader *g, struct report *rep)
{
	const struct manifest *m = g->m;
	const char *root = g->o->root;
	if (!m->ncopy && copy_tree(root, g->work, skip_outside_lab, NULL) < 0)
		return -1;
	if (copy_prebuilt(g, rep) < 0)
		return -1;
	for (int i = 0; i < m->ncopy; i++) {
		char *src = xasprintf("%s/%s", root, m->copy[i]);
		char *dst = xasprintf("%s/%s", g->work, m->copy[i]);
		char *parent = xstrdup(dst);
		int rc = mkdir_p(dirname(parent), 0755);
		if (rc == 0)
			rc = copy_tree(src, dst, skip_build, NULL);
		free(src);
		free(dst);
		free(parent);
		if (rc < 0)
			return -1;
	}
	char *src = xasprintf("%s/%s", root, m->lab_dir);
	char *dst = xasprintf("%s/%s", g->work, m->lab_dir);
	int rc = mkdir_p(dst, 0755);
	if (rc == 0)
		rc = copy_tree(src, dst, skip_in_lab, (void *)m);
	/* A handout's tree brought its reference/ along: that one stays. */
	for (int i = 0; i < m->nreference && rc == 0; i++) {
		char *have = xasprintf("%s/reference/%s", dst, m->reference_labs[i]);
		if (!path_exists(have))
			rc = carry_reference(root, m->reference_labs[i], dst);
		free(have);
	}
	free(src);
	if (rc < 0 || !g->o->submission) {
		free(dst);
		return rc;
	}
	/* A file not taken from the submission is graded as the handout has
	 * it, even when the pristine tree is the instructor's, solutions and all. */
	for (int i = 0; i < m->nstudent; i++) {
		char *from = find_submitted(g->o->submission, m->lab_dir, m->student_files[i]);
		char *to = xasprintf("%s/%s", dst, m->student_files[i]);
		int used = from ? copy_regular(from, to) : -1;
		if (from && used < 0)
			buf_printf(&rep->notes, "not used: %s (the handout's version is graded)\n",
			           err_msg());
		else if (!from)
			buf_printf(&rep->notes,
			           "not submitted: %s (the handout's version is graded)\n",
			           m->student_files[i]);
		rep->not_submitted += !from;
		char *pristine = xasprintf("%s/%s/%s", root, m->lab_dir, m->student_files[i]);
		if (used < 0 && strip_solutions(pristine, to) < 0)
			buf_printf(&rep->notes, "%s\n", err_msg());
		free(pristine);
		free(from);
		free(to);
	}
	free(dst);
	return 0;
}

/* The hint lines under a failed build: its first error, and why a warning
 * stopped it (the labs build with -Werror). */
static void build_hint(struct buf *notes, const char *log)
{
	static const char *const errors[] = { "error:", "undefined reference", "No such file",
		                              "*** " };
	const char *s = log;
	while (*s) {
		size_t len = strcspn(s, "\n");
		char *line = xstrndup(s, len);
		bool found = false;
		for (size_t i = 0; i < sizeof(errors) / sizeof(*errors) && !found; i++)
			found = strstr(line, errors[i]) != NULL;
		free(line);
		if (found) {
			buf_printf(notes, "hint: %.*s\n", (int)len, s);
			break;
		}
		s += len + (s[len] == '\n');
	}
	if (strstr(log, "[-Werror="))
		buf_puts(notes, "hint: warnings are errors here (-Werror): the warning marked "
		                "[-Werror=...] stops the build; fix it as you would an error\n");
}

/* Run a build command in the private tree; on failure, the log's tail goes
 * to the report's notes. */
static bool build_step(struct grader *g, struct report *rep, const char *command, const char *dir,
                       bool as_student, const char *log)
{
	char *argv[] = { "/bin/sh", "-c", (char *)command, NULL };
	char *home = scratch_dir(g, "build");
	char **env = sandbox_env(g, home, NULL);
	struct sandbox_spec s;
	struct sandbox_result r;
	sandbox_prepare(g, &s, dir, g->m->build_timeout, 4096);
	s.readonly = NULL;          /* the build writes the tree */
	if (strcmp(dir, g->work)) { /* the pristine tree: nothing of a student's */
		s.keep = dir;
		s.hide = NULL;
	}
	s.argv = argv;
	s.env = env;
	s.nproc = 512;
	s.fsize_mb = 1024;
	s.output_cap = 8 << 20;
	if (!as_student) {
		s.uid = (uid_t)-1;
		s.gid = (gid_t)-1;
	}
	bool ok = false;
	if (sandbox_run(&s, &r) < 0) {
		buf_printf(&rep->notes, "%s: %s\n", log, err_msg());
	} else {
		ok = r.end == END_EXITED && r.status == 0;
		char *path = xasprintf("%s/%s.log", g->transcripts, log);
		if (r.out.p && write_file_atomic(path, r.out.p, r.out.len) < 0)
			buf_printf(&rep->notes, "%s\n", err_msg());
		if (!ok) {
			char *why = sandbox_describe(&s, &r);
			buf_printf(&rep->notes, "the %s failed (%s: %s); its log: %s\n", log,
			           command, why, path);
			/* The hidden build's log quotes hidden sources: it stays in
			 * the log file, which only the instructor reads. */
			const char *t = r.out.p && as_student ? r.out.p : "";
			size_t len = strlen(t);
			buf_puts(&rep->notes, len > 3000 ? t + len - 3000 : t);
			if (len)
				buf_puts(&rep->notes, "\n");
			build_hint(&rep->notes, t);
			free(why);
		}
		free(path);
		sandbox_result_free(&r);
	}
	free_strv(env);
	free(home);
	return ok;
}

static bool build(struct grader *g, struct report *rep)
{
	const struct manifest *m = g->m;
	if (g->root && chown_tree(g->work, g->o->uid, g->o->gid) < 0) {
		buf_printf(&rep->notes, "%s\n", err_msg());
		return false;
	}
	if (m->build && !build_step(g, rep, m->build, g->work, true, "build"))
		return false;
	/* From here on the tree is root's: runs may read it, not change it. */
	if (g->root && chown_tree(g->work, 0, 0) < 0) {
		buf_printf(&rep->notes, "%s\n", err_msg());
		return false;
	}
	if (!m->nhidden)
		return true;
	bool ok = true;
	for (int i = 0; i < m->nhidden && ok; i++) {
		char *src = xasprintf("%s/%s/%s", g->o->root, m->lab_dir, m->hidden_files[i]);
		char *dst = xasprintf("%s/%s/%s", g->work, m->lab_dir, m->hidden_files[i]);
		if (copy_file(src, dst) < 0 || chmod(dst, 0600) < 0) {
			buf_printf(&rep->notes, "hidden file: %s\n", err_msg());
			ok = false;
		}
		free(src);
		free(dst);
	}
	if (ok && m->hidden_build)
		ok = build_step(g, rep, m->hidden_build, g->work, false, "hidden-build");
	for (int i = 0; i < m->nhidden; i++) {
		char *dst = xasprintf("%s/%s/%s", g->work, m->lab_dir, m->hidden_files[i]);
		if (unlink(dst) < 0 && errno != ENOENT)
			ok = false;
		free(dst);
	}
	return ok;
}

/* line as an extended regex that matches it whole and nothing else. */
static char *literal_line(const char *line)
{
	struct buf b = { 0 };
	buf_puts(&b, "^");
	for (const char *c = line; *c; c++) {
		if (strchr("\\.[]()*+?{}|^$", *c))
			buf_puts(&b, "\\");
		buf_printf(&b, "%c", *c);
	}
	buf_puts(&b, "$");
	return buf_take(&b);
}

/* The checks of test t on this run: its must lines, then one for each line
 * its expect_from command prints for the run's seed.  Returns the number of
 * checks in *out (to free with free_checks), or -1 with the reason in
 * unmet when the command fails. */
static int test_checks(struct grader *g, const struct test *t, const char *seed, struct check **out,
                       struct buf *unmet)
{
	*out = xcalloc((size_t)t->nchecks + 1, sizeof(**out));
	for (int c = 0; c < t->nchecks; c++)
		(*out)[c] = (struct check){ t->checks[c].must_not, xstrdup(t->checks[c].regex),
			                    t->checks[c].line };
	int n = t->nchecks;
	if (!t->expect_from)
		return n;
	char *command = subst(t->expect_from, "seed", seed);
	char *argv[] = { "/bin/sh", "-c", command, NULL };
	char **env = sandbox_env(g, g->scratch, seed);
	struct sandbox_spec spec;
	struct sandbox_result r;
	sandbox_prepare(g, &spec, g->work, 20, 512);
	spec.argv = argv;
	spec.env = env;
	spec.split_stderr = true;
	int rc = sandbox_run(&spec, &r);
	if (rc < 0 || r.end != END_EXITED || r.status != 0 || !r.out.len) {
		char *why = rc < 0 ? xstrdup(err_msg()) : sandbox_describe(&spec, &r);
		buf_printf(unmet, "  the expected lines could not be computed (%s: %s)\n%s",
		           command, why, rc < 0 || !r.err.p ? "" : r.err.p);
		free(why);
		n = -1;
	}
	for (char *line = rc < 0 || n < 0 ? NULL : r.out.p; line && *line;) {
		size_t len = strcspn(line, "\n");
		char *text = xasprintf("%.*s", (int)len, line);
		*out = xrealloc(*out, (size_t)(n + 1) * sizeof(**out));
		(*out)[n++] = (struct check){ false, literal_line(text), t->line };
		free(text);
		line += len + (line[len] == '\n');
	}
	if (rc >= 0)
		sandbox_result_free(&r);
	free_strv(env);
	free(command);
	return n;
}

static void free_checks(struct check *c, int n)
{
	for (int i = 0; i < n; i++)
		free(c[i].regex);
	free(c);
}

/* Judge test i on the record of its run. */
static void judge(struct grader *g, struct report *rep, int i, struct run_record *rec)
{
	struct test_result *res = &rep->results[i];
	const struct test *t = res->test;
	const struct sandbox_result *sr = &rec->res;
	struct buf out = { 0 };
	free(res->seed);
	res->seed = xstrdup(rec->seed);
	res->seconds = sr->seconds;
	struct buf unmet = { 0 };
	if (t->status >= 0 && !(sr->end == END_EXITED && sr->status == t->status))
		buf_printf(&unmet, "  expected exit status %d, but: %s\n", t->status,
		           rec->describe);
	for (int c = 0; c < t->ncreates; c++) {
		char *path = xasprintf("%s/%s", rec->dir, t->creates[c]);
		if (!path_exists(path))
			buf_printf(&unmet, "  MISSING file %s\n", t->creates[c]);
		free(path);
	}
	struct check *checks;
	int nchecks = test_checks(g, t, rec->seed, &checks, &unmet);
	bool pass = nchecks >= 0 && checks_pass(checks, nchecks, sr->out.p ? sr->out.p : "",
	                                        rec->seed, unmet.len > 0, &out);
	free_checks(checks, nchecks < 0 ? t->nchecks : nchecks);
	pass = pass && !unmet.len;
	buf_puts(&out, unmet.p ? unmet.p : "");
	free(unmet.p);
	const char *outcome = "passed";
	if (!pass) {
		outcome = sr->end == END_TIMEOUT      ? "timeout"
		          : sr->end == END_OUTPUT_CAP ? "output-limit"
		          : rec->panicked || sr->end == END_SIGNALED ||
		                          (t->run->kind != KIND_EXEC && sr->end == END_EXITED &&
		                           sr->status >= 2)
		                  ? "crashed"
		                  : "failed";
		struct buf head = { 0 };
		buf_printf(&head, "%s (seed %s): %s\n", rec->what, rec->seed, rec->describe);
		/* The emulator's own words: which VM-entry check failed, say. */
		const char *e = sr->err.p ? sr->err.p : "";
		while (*e) {
			size_t len = strcspn(e, "\n");
			buf_printf(&head, "  %.*s\n", (int)len, e);
			e += len + (e[len] == '\n');
		}
		if (!rec->transcript)
			rec->transcript = save_transcript(g, t->run->name, rec->what, rec->seed,
			                                  rec->describe, sr);
		/* The transcript's path means something on this machine only: the
		 * terminal shows it, Gradescope's output has the excerpt. */
		buf_puts(&head, out.p ? out.p : "");
		free(out.p);
		out = head;
		res->transcript = rec->transcript ? xstrdup(rec->transcript) : NULL;
	}
	report_set(rep, i, pass ? TS_PASSED : TS_FAILED, outcome, buf_take(&out));
}

static bool uses_emulator(const struct manifest *m)
{
	for (int i = 0; i < m->nruns; i++)
		if (m->runs[i]->kind == KIND_QEMU || m->runs[i]->kind == KIND_BOCHS)
			return true;
	return false;
}

/* The emulator runs of the tests being graded, EMULATOR_JOBS at a time:
 * QEMU's translation and Bochs each keep one core busy, and a lab boots
 * its image once per micro-guest.  Their tests are judged afterwards, in
 * order, as before; a run that could not start is left to run_test, which
 * starts it again and says why. */
#define EMULATOR_JOBS 2

struct emulator_pool {
	struct grader *g;
	struct run_record *recs;
	int runs[EMULATOR_JOBS * 64]; /* indices in the manifest's runs */
	int n, next;
	pthread_mutex_t lock;
};

static void *emulator_worker(void *arg)
{
	struct emulator_pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		int k = p->next < p->n ? p->runs[p->next++] : -1;
		pthread_mutex_unlock(&p->lock);
		if (k < 0)
			return NULL;
		run_vm(p->g, p->g->m->runs[k], &p->recs[k]);
	}
}

static void run_emulators(struct grader *g, struct report *rep, struct run_record *recs)
{
	struct emulator_pool p = { .g = g, .recs = recs, .lock = PTHREAD_MUTEX_INITIALIZER };
	for (int r = 0; r < g->m->nruns && p.n < (int)(sizeof(p.runs) / sizeof(p.runs[0])); r++) {
		const struct run *run = g->m->runs[r];
		bool wanted = false;
		for (int i = 0; i < rep->n && !wanted; i++)
			wanted = rep->results[i].test->run == run;
		if (wanted && (run->kind == KIND_QEMU || run->kind == KIND_BOCHS))
			p.runs[p.n++] = r;
	}
	if (p.n < 2)
		return;
	pthread_t t[EMULATOR_JOBS];
	int started = 0;
	while (started < EMULATOR_JOBS && started < p.n &&
	       pthread_create(&t[started], NULL, emulator_worker, &p) == 0)
		started++;
	for (int i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

static void run_test(struct grader *g, struct report *rep, int i, struct run_record *recs)
{
	const struct test *t = rep->results[i].test;
	if (t->run->kind == KIND_UNIT) {
		run_unit(g, rep, i);
		return;
	}
	int r = 0;
	while (g->m->runs[r] != t->run)
		r++;
	struct run_record *rec = &recs[r];
	if (!rec->done) {
		int rc = t->run->kind == KIND_EXEC ? run_exec(g, t->run, rec)
		                                   : run_vm(g, t->run, rec);
		if (rc < 0) {
			report_set(rep, i, TS_FAILED, "failed",
			           xasprintf("the run could not start: %s\n", err_msg()));
			return;
		}
	}
	judge(g, rep, i, rec);
}

/* A passed test whose required tests did not pass fails (manifest.h).  A
 * required test left out by TEST= or PART= is not held against it: the
 * whole grade runs them all. */
static void apply_requires(struct report *rep, int i)
{
	const struct test *t = rep->results[i].test;
	for (int r = 0; r < t->nrequires && rep->results[i].status == TS_PASSED; r++) {
		if (rep->results[t->required[r]].status != TS_FAILED)
			continue;
		rep->done--; /* report_set counts the test again */
		report_set(rep, i, TS_FAILED, "failed",
		           xasprintf("its checks pass, but it counts only once test %s passes too: "
		                     "that result shows the guest really ran\n",
		                     t->requires[r]));
	}
}

static int write_results(const struct grader *g, const struct report *rep)
{
	const char *path = g->o->results;
	char *def = NULL;
	if (!path)
		path = def = xasprintf("%s/results.json", g->o->out);
	int rc = results_json_write(rep, path);
	free(def);
	return rc;
}

/* The written questions: what they ask, their points, where the answers
 * are; graded by hand, so in no score here. */
static void note_questions(struct report *rep)
{
	const struct manifest *m = rep->m;
	double points = 0;
	for (int i = 0; i < m->nquestions; i++)
		points += m->questions[i].points;
	if (!m->nquestions)
		return;
	buf_printf(&rep->notes,
	           "Written questions, graded by hand (%g points, not in this score; "
	           "answers in %s/%s):\n",
	           points, m->lab_dir, m->answers);
	for (int i = 0; i < m->nquestions; i++)
		buf_printf(&rep->notes, "  %-20s %g points  %s\n", m->questions[i].name,
		           m->questions[i].points, m->questions[i].ask);
}

static void finish(struct grader *g, struct report *rep, struct term *term)
{
	note_questions(rep);
	rep->elapsed = now_seconds() - rep->started;
	char *junit = xasprintf("%s/junit.xml", g->o->out),
	     *tap = xasprintf("%s/results.tap", g->o->out);
	if (write_results(g, rep) < 0 || junit_write(rep, junit) < 0 || tap_write(rep, tap) < 0)
		fprintf(stderr, "vlab-grade: %s\n", err_msg());
	free(junit);
	free(tap);
	term_summary(term, rep);
}

static void cleanup(struct grader *g, struct run_record *recs)
{
	for (int i = 0; recs && i < g->m->nruns; i++) {
		sandbox_result_free(&recs[i].res);
		free(recs[i].seed);
		free(recs[i].dir);
		free(recs[i].what);
		free(recs[i].describe);
		free(recs[i].transcript);
	}
	free(recs);
	if (!g->o->keep && g->top && remove_tree(g->top) < 0)
		fprintf(stderr, "vlab-grade: %s\n", err_msg());
	free(g->top);
	for (int i = 0; i < 3; i++)
		free(g->hide[i]);
	free(g->work);
	free(g->scratch);
	free(g->transcripts);
	free(g->vm);
}

int grade_lab(const struct grade_opts *o, struct report *rep, struct manifest *m)
{
	struct grader g = { .o = o, .m = m, .root = geteuid() == 0 };
	char *ini = xasprintf("%s/%s/tests/grade.ini", o->root, o->lab);
	int rc = manifest_load(ini, o->lab, m);
	free(ini);
	if (rc < 0)
		return -1;
	int all_tests = m->ntests;
	if ((o->tests || o->parts) && manifest_select(m, o->tests, o->parts) < 0)
		return -1;
	char *lab = xstrdup(o->lab);
	report_init(rep, m, basename(lab));
	free(lab);
	if (o->tests || o->parts)
		rep->partial = xasprintf("partial: %d of %d tests,%s%s%s%s", m->ntests, all_tests,
		                         o->tests ? " TEST=" : "", o->tests ? o->tests : "",
		                         o->parts ? " PART=" : "", o->parts ? o->parts : "");
	/* Every run starts with no transcript: one left from an earlier run
	 * would describe code that is no longer there. */
	g.transcripts = xasprintf("%s/transcripts", o->out);
	if (remove_tree(g.transcripts) < 0 || mkdir_p(g.transcripts, 0755) < 0 ||
	    write_results(&g, rep) < 0) {
		free(g.transcripts);
		return -1;
	}
	struct term term;
	term_init(&term, stdout, o->quiet);
	if (!o->quiet)
		printf("== %s: %s\n", rep->lab, m->title);

	/* The private copy lives in a fresh folder the sandbox uid can enter
	 * but not list: tree/ for the build, scratch/ for the runs. */
	const char *tmp = getenv("TMPDIR");
	char *top = xasprintf("%s/vlab-grade.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(top) || chmod(top, 0711) < 0) {
		err_sys("mkdtemp %s", top);
		free(top);
		free(g.transcripts);
		return -1;
	}
	g.top = top;
	/* The pristine tree holds the hidden tests; beside a submission lie the
	 * others (batch); above the results lie the others' results. */
	char *sub = o->submission ? xstrdup(o->submission) : NULL;
	char *out = xstrdup(o->out);
	int nhide = 0;
	g.hide[nhide++] = xstrdup(o->root);
	if (sub)
		g.hide[nhide++] = xstrdup(dirname(sub));
	g.hide[nhide++] = xstrdup(dirname(dirname(out)));
	free(sub);
	free(out);
	g.work = xasprintf("%s/tree", top);
	g.scratch = xasprintf("%s/scratch", top);
	/* A launcher given by path is copied in beside the tree, if a run needs
	 * it: the run's view of the file system may cover where it lies (under
	 * /tmp, say). */
	bool copy_vm = o->vm && uses_emulator(m);
	g.vm = copy_vm ? xasprintf("%s/launcher", top)
	       : o->vm ? xstrdup(o->vm)
	               : xasprintf("%s/tools/vm", g.work);
	struct run_record *recs = xcalloc(m->nruns, sizeof(*recs));
	if (mkdir(g.work, 0755) < 0 || mkdir(g.scratch, 0711) < 0 ||
	    (copy_vm && (copy_file(o->vm, g.vm) < 0 ||
	                 (chmod(g.vm, 0755) < 0 && err_sys("chmod %s", g.vm) < 0))) ||
	    prepare_tree(&g, rep) < 0) {
		buf_printf(&rep->notes, "could not prepare the private copy: %s\n", err_msg());
		for (int i = 0; i < rep->n; i++)
			report_set(rep, i, TS_FAILED, "not-run",
			           xstrdup("not run: the grader could not prepare the tree\n"));
		finish(&g, rep, &term);
		cleanup(&g, recs);
		return 0;
	}
	term_progress(&term, rep, "build");
	if (!build(&g, rep)) {
		/* Each test says why, in Gradescope too: the hint lines come last. */
		const char *hints = rep->notes.p ? strstr(rep->notes.p, "hint: ") : NULL;
		for (int i = 0; i < rep->n; i++)
			report_set(rep, i, TS_FAILED, "build-failed",
			           xasprintf("not run: the build failed (its log is in the "
			                     "report's output)\n%s",
			                     hints ? hints : ""));
		finish(&g, rep, &term);
		cleanup(&g, recs);
		return 0;
	}
	term_progress(&term, rep, "emulators");
	run_emulators(&g, rep, recs);
	for (int i = 0; i < rep->n; i++) {
		term_progress(&term, rep, m->tests[i].name);
		run_test(&g, rep, i, recs);
		apply_requires(rep, i);
		term_test(&term, rep, i);
		if (write_results(&g, rep) < 0)
			fprintf(stderr, "vlab-grade: %s\n", err_msg());
	}
	if (sandbox_warning())
		buf_printf(&rep->notes, "%s\n", sandbox_warning());
	finish(&g, rep, &term);
	cleanup(&g, recs);
	return 0;
}
