/* Batch mode.  Each submission is graded by a child vlab-grade with its
 * own output folder and its own sandbox uid (uid + slot), so parallel
 * runs never share a process limit, and a child that dies costs that
 * submission only: its gradebook row says so. */
#define _GNU_SOURCE
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "manifest.h"
#include "util.h"

static int only_dirs(const struct dirent *e)
{
	return e->d_name[0] != '.' && (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN);
}

static pid_t start(const struct grade_opts *o, const char *self, const char *sub, const char *out,
                   int slot)
{
	char *log = xasprintf("%s.log", out);
	char uid[16], gid[16], cap[24];
	snprintf(uid, sizeof(uid), "%u", (unsigned)(o->uid + slot));
	snprintf(gid, sizeof(gid), "%u", (unsigned)(o->gid + slot));
	snprintf(cap, sizeof(cap), "%zu", o->output_cap >> 10);
	char *argv[18] = { (char *)self,
		           "--root",
		           (char *)o->root,
		           "--submission",
		           (char *)sub,
		           "--out",
		           (char *)out,
		           "--uid",
		           uid,
		           "--gid",
		           gid,
		           "--output-cap",
		           cap,
		           "--quiet" };
	int argc = 14;
	if (o->vm) {
		argv[argc++] = "--vm";
		argv[argc++] = (char *)o->vm;
	}
	argv[argc++] = (char *)o->lab;
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(2);
		execv(self, argv);
		fprintf(stderr, "vlab-grade: cannot run %s: %s\n", self, strerror(errno));
		_exit(2);
	}
	free(log);
	return pid;
}

/* One CSV field (RFC 4180): quoted when it holds a comma, quote or newline. */
static void csv_field(struct buf *csv, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(csv, s);
		return;
	}
	buf_puts(csv, "\"");
	for (; *s; s++)
		buf_puts(csv, *s == '"' ? "\"\"" : (char[]){ *s, '\0' });
	buf_puts(csv, "\"");
}

/* A test's score in a results.json, 0 when it is not there. */
static double test_score(json_object *tests, const char *name)
{
	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i), *n, *s;
		if (json_object_object_get_ex(t, "name", &n) &&
		    !strcmp(json_object_get_string(n), name) &&
		    json_object_object_get_ex(t, "score", &s))
			return json_object_get_double(s);
	}
	return 0;
}

static int json_int(json_object *o, const char *key)
{
	json_object *v;
	return o && json_object_object_get_ex(o, key, &v) ? json_object_get_int(v) : 0;
}

/* What happened to a submission, in the gradebook's words: "graded", "build
 * failed" (its files did not compile: every test says so), "not submitted"
 * (none of the student files was there) or "error" (the grader could not
 * finish: its log says why). */
static const char *row_status(json_object *res, json_object *tests, int exit_status)
{
	if (!res || !tests || exit_status > 1)
		return "error";
	json_object *extra = NULL;
	json_object_object_get_ex(res, "extra_data", &extra);
	int files = json_int(extra, "student_files");
	if (files > 0 && json_int(extra, "not_submitted") == files)
		return "not submitted";
	json_object *t = json_object_array_get_idx(tests, 0), *x, *outcome;
	if (t && json_object_object_get_ex(t, "extra_data", &x) &&
	    json_object_object_get_ex(x, "outcome", &outcome) &&
	    !strcmp(json_object_get_string(outcome), "build-failed"))
		return "build failed";
	return "graded";
}

/* One gradebook row from a submission's results.json; the columns are the
 * manifest's parts, then its tests, so a submission without results still
 * lines up. */
static json_object *row(const struct manifest *m, const char *name, const char *results,
                        int exit_status, struct buf *csv)
{
	json_object *r = json_object_new_object(), *scores = json_object_new_object(),
		    *parts = json_object_new_object();
	json_object_object_add(r, "submission", json_object_new_string(name));
	json_object *res = json_object_from_file(results);
	json_object *tests = NULL, *score = NULL;
	bool ok = res && json_object_object_get_ex(res, "tests", &tests) &&
	          json_object_object_get_ex(res, "score", &score);
	const char *status = row_status(ok ? res : NULL, tests, exit_status);
	double s = ok ? json_object_get_double(score) : 0, max = manifest_points(m);
	csv_field(csv, name);
	buf_printf(csv, ",%g,%g,%s", s, max, status);
	for (int p = 0; p < m->nparts; p++) {
		double sum = 0;
		for (int i = 0; i < m->ntests; i++)
			if (!strcmp(m->tests[i].part, m->parts[p].id))
				sum += test_score(tests, m->tests[i].name);
		buf_printf(csv, ",%g", sum);
		json_object_object_add(parts, m->parts[p].id, json_object_new_double(sum));
	}
	for (int i = 0; i < m->ntests; i++) {
		double ts = test_score(tests, m->tests[i].name);
		buf_printf(csv, ",%g", ts);
		json_object_object_add(scores, m->tests[i].name, json_object_new_double(ts));
	}
	buf_puts(csv, "\n");
	json_object_object_add(r, "score", json_object_new_double(s));
	json_object_object_add(r, "max_score", json_object_new_double(max));
	json_object_object_add(r, "status", json_object_new_string(status));
	json_object_object_add(r, "parts", parts);
	json_object_object_add(r, "tests", scores);
	json_object_put(res);
	return r;
}

int batch_grade(const struct grade_opts *o, const char *self, const char *submissions, int jobs)
{
	struct manifest m;
	char *ini = xasprintf("%s/%s/tests/grade.ini", o->root, o->lab);
	int loaded = manifest_load(ini, o->lab, &m);
	free(ini);
	if (loaded < 0)
		return -1;
	struct dirent **names;
	int n = scandir(submissions, &names, only_dirs, alphasort);
	if (n < 0)
		return err_sys("%s", submissions);
	if (mkdir_p(o->out, 0755) < 0)
		return -1;
	pid_t *pids = xcalloc(jobs, sizeof(*pids));
	int *which = xcalloc(jobs, sizeof(*which)), *status = xcalloc(n, sizeof(*status));
	int next = 0, running = 0;
	while (next < n || running) {
		while (running < jobs && next < n) {
			int slot = 0;
			while (pids[slot])
				slot++;
			char *sub = xasprintf("%s/%s", submissions, names[next]->d_name);
			char *out = xasprintf("%s/%s", o->out, names[next]->d_name);
			pids[slot] = start(o, self, sub, out, slot);
			status[next] = 2;
			if (pids[slot] < 0) {
				fprintf(stderr, "vlab-grade: fork: %s\n", strerror(errno));
				pids[slot] = 0;
			} else {
				which[slot] = next;
				running++;
			}
			free(sub);
			free(out);
			next++;
		}
		if (!running)
			continue;
		int st;
		pid_t pid = wait(&st);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		for (int s = 0; s < jobs; s++)
			if (pids[s] == pid) {
				pids[s] = 0;
				running--;
				status[which[s]] = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
				if (!o->quiet)
					printf("batch: %-24s %s\n", names[which[s]]->d_name,
					       status[which[s]] == 0   ? "full marks"
					       : status[which[s]] == 1 ? "graded"
					                               : "ERROR (see its log)");
			}
	}
	struct buf csv = { 0 };
	buf_puts(&csv, "submission,score,max_score,status");
	for (int p = 0; p < m.nparts; p++) {
		char *col = xasprintf("part %s", m.parts[p].id);
		buf_puts(&csv, ",");
		csv_field(&csv, col);
		free(col);
	}
	for (int i = 0; i < m.ntests; i++) {
		buf_puts(&csv, ",");
		csv_field(&csv, m.tests[i].name);
	}
	buf_puts(&csv, "\n");
	json_object *book = json_object_new_array();
	char *lab = xstrdup(o->lab);
	int errors = 0;
	for (int i = 0; i < n; i++) {
		char *results =
			xasprintf("%s/%s/%s/results.json", o->out, names[i]->d_name, basename(lab));
		json_object *r = row(&m, names[i]->d_name, results, status[i], &csv);
		json_object *st;
		json_object_object_get_ex(r, "status", &st);
		errors += !strcmp(json_object_get_string(st), "error");
		json_object_array_add(book, r);
		free(results);
		free(names[i]);
	}
	char *csv_path = xasprintf("%s/gradebook.csv", o->out),
	     *json_path = xasprintf("%s/gradebook.json", o->out);
	const char *text = json_object_to_json_string_ext(book, JSON_C_TO_STRING_PRETTY);
	int rc = write_file_atomic(csv_path, csv.p ? csv.p : "", csv.len);
	if (rc == 0)
		rc = write_file_atomic(json_path, text, strlen(text));
	if (rc == 0)
		printf("batch: %d submissions, %d could not be graded; gradebook: %s, %s\n", n,
		       errors, csv_path, json_path);
	json_object_put(book);
	free(csv.p);
	free(csv_path);
	free(json_path);
	free(lab);
	free(names);
	free(pids);
	free(which);
	free(status);
	return rc < 0 ? -1 : errors;
}
