/* Handouts.  In a student file, a block
 *
 *	/ * BEGIN SOLUTION * /   optionally followed by   / * STUB: code * /
 *	...the reference solution...
 *	/ * END SOLUTION * /
 *
 * (written here with spaces) becomes the STUB's code, at the BEGIN line's
 * indentation, or nothing.  A stub must compile and fail its tests, so a
 * function returning a value stubs its return.  Markers are checked
 * strictly: an END without a BEGIN, a BEGIN inside a block, a block left
 * open, or a marker in a file that is not a student file is an error
 * naming the file and the line. */
#define _GNU_SOURCE
#include "handout.h"

#include <dirent.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsutil.h"
#include "manifest.h"
#include "util.h"

#define BEGIN "/* BEGIN SOLUTION */"
#define END   "/* END SOLUTION */"
#define STUB  "/* STUB:"

static int strip_text(const char *name, const char *text, struct buf *out, bool *found)
{
	int line = 0, open_line = 0;
	const char *s = text;
	*found = false;
	while (*s) {
		size_t len = strcspn(s, "\n");
		char *l = xstrndup(s, len);
		line++;
		char *b = strstr(l, BEGIN), *e = strstr(l, END);
		int rc = 0;
		if (b && open_line)
			rc = err_set("%s:%d: BEGIN SOLUTION inside the block opened at line %d",
			             name, line, open_line);
		else if (e && !open_line && !b)
			rc = err_set("%s:%d: END SOLUTION without BEGIN SOLUTION", name, line);
		else if (b && e)
			rc = err_set("%s:%d: BEGIN and END SOLUTION on one line: put each marker "
			             "on its own line",
			             name, line);
		else if (b && strstr(b, STUB) && !strstr(strstr(b, STUB), "*/"))
			rc = err_set("%s:%d: the STUB comment does not end on its line (a "
			             "formatter wrapped it?): keep it on one line",
			             name, line);
		if (rc < 0) {
			free(l);
			return -1;
		}
		if (b) {
			*found = true;
			open_line = line;
			char *stub = strstr(b, STUB);
			if (stub) {
				char *end = strstr(stub, "*/");
				stub += strlen(STUB);
				stub += strspn(stub, " ");
				if (end) {
					while (end > stub && end[-1] == ' ')
						end--;
					buf_add(out, l, strspn(l, " \t"));
					buf_add(out, stub, end - stub);
					buf_puts(out, "\n");
				}
			}
		} else if (e) {
			open_line = 0;
		} else if (!open_line) {
			buf_add(out, l, len);
			if (s[len] == '\n')
				buf_puts(out, "\n");
		}
		free(l);
		s += len + (s[len] == '\n');
	}
	if (open_line)
		return err_set("%s:%d: BEGIN SOLUTION never closed (no END SOLUTION follows)", name,
		               open_line);
	return 0;
}

int strip_solutions(const char *in, const char *out)
{
	char *text;
	if (read_file(in, &text, NULL) < 0)
		return -1;
	struct buf b = { 0 };
	bool found;
	int rc = strip_text(in, text, &b, &found);
	if (rc == 0)
		rc = write_file_atomic(out, b.p ? b.p : "", b.len);
	free(text);
	free(b.p);
	return rc;
}

/* A reference solution as the instructor's tree has it, without its
 * markers: every line holding one goes (a marker has a line of its own). */
static int reveal_solutions(const char *in, const char *out)
{
	char *text;
	if (read_file(in, &text, NULL) < 0)
		return -1;
	struct buf b = { 0 };
	for (const char *s = text; *s;) {
		size_t len = strcspn(s, "\n");
		char *l = xstrndup(s, len);
		if (!strstr(l, BEGIN) && !strstr(l, END)) {
			buf_add(&b, l, len);
			buf_puts(&b, "\n");
		}
		free(l);
		s += len + (s[len] == '\n');
	}
	int rc = write_file_atomic(out, b.p ? b.p : "", b.len);
	free(text);
	free(b.p);
	return rc;
}

static bool is_source(const char *name)
{
	const char *dot = strrchr(name, '.');
	return dot && (!strcmp(dot, ".c") || !strcmp(dot, ".h") || !strcmp(dot, ".S") ||
	               !strcmp(dot, ".s"));
}

struct lab_ctx {
	const struct manifest *m;
	bool keep_hidden;
	const char *src; /* the lab's folder in the instructor tree */
	int rc;
};

static bool is_student(const struct manifest *m, const char *rel)
{
	for (int i = 0; i < m->nstudent; i++)
		if (!strcmp(rel, m->student_files[i]))
			return true;
	return false;
}

/* Skip hidden files, the manifest (rewritten), and student files
 * (stripped); refuse markers anywhere else. */
static bool skip_lab(const char *rel, void *ctx)
{
	struct lab_ctx *c = ctx;
	if (!strcmp(rel, "build") || !strcmp(rel, "tests/grade.ini") || is_student(c->m, rel))
		return true;
	for (int i = 0; i < c->m->nhidden; i++)
		if (!strcmp(rel, c->m->hidden_files[i]))
			return !c->keep_hidden;
	const char *base = strrchr(rel, '/');
	if (c->rc == 0 && is_source(base ? base + 1 : rel)) {
		char *path = xasprintf("%s/%s", c->src, rel), *text;
		if (read_file(path, &text, NULL) == 0) {
			if (strstr(text, BEGIN) || strstr(text, END))
				c->rc = err_set("%s: solution markers in a file that is not in "
				                "student_files",
				                path);
			free(text);
		}
		free(path);
	}
	return false;
}

/* The handout's grade.ini: hidden [test] sections and the hidden_* keys
 * of [lab] are left out, so the student's copy grades what they have; so
 * are the comment lines just above a hidden section (they speak of it). */
static int write_manifest(const struct manifest *m, const char *in, const char *out)
{
	char *text;
	if (read_file(in, &text, NULL) < 0)
		return -1;
	struct buf b = { 0 }, comments = { 0 };
	bool drop = false, in_lab = false;
	const char *s = text;
	while (*s) {
		size_t len = strcspn(s, "\n");
		char *l = xstrndup(s, len);
		if (l[0] == '[') {
			drop = false;
			in_lab = !strncmp(l, "[lab]", 5);
			for (int i = 0; i < m->ntests; i++) {
				char *h = xasprintf("[test %s]", m->tests[i].name);
				if (m->tests[i].hidden && !strncmp(l, h, strlen(h)))
					drop = true;
				free(h);
			}
			if (drop)
				comments.len = 0;
		}
		bool hidden_key = in_lab && !strncmp(l, "hidden_", 7);
		if (!drop && (l[0] == ';' || l[0] == '#')) {
			buf_add(&comments, l, len); /* kept once we know what follows */
			buf_puts(&comments, "\n");
		} else if (!drop && !hidden_key) {
			if (comments.len)
				buf_add(&b, comments.p, comments.len);
			comments.len = 0;
			buf_add(&b, l, len);
			buf_puts(&b, "\n");
		}
		free(l);
		s += len + (s[len] == '\n');
	}
	if (comments.len)
		buf_add(&b, comments.p, comments.len);
	int rc = write_file_atomic(out, b.p ? b.p : "", b.len);
	free(b.p);
	free(comments.p);
	free(text);
	return rc;
}

int carry_reference(const char *root, const char *ref, const char *dst)
{
	char *from = xasprintf("%s/labs/%s", root, ref);
	char *to = xasprintf("%s/reference/%s", dst, ref);
	DIR *d = opendir(from);
	int rc = d ? mkdir_p(to, 0755) : err_set("reference_labs: no folder labs/%s", ref);
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (!is_source(e->d_name))
			continue;
		char *in = xasprintf("%s/%s", from, e->d_name);
		char *out = xasprintf("%s/%s", to, e->d_name);
		rc = reveal_solutions(in, out);
		free(in);
		free(out);
	}
	if (d)
		closedir(d);
	free(from);
	free(to);
	return rc;
}

/* The reference labs as objects (handout --reference objects): the lab's
 * reference_objects command, run at the tree's root with REFERENCE_OUT set
 * to LAB_DST/reference, writes each into its folder there; each folder
 * must then hold an object and not one source. */
static int carry_reference_objects(const char *root, const char *lab_dir, const struct manifest *m,
                                   const char *dst)
{
	if (!m->reference_objects)
		return err_set("%s: its manifest has no reference_objects command: its "
		               "reference_labs can be handed out as source only",
		               lab_dir);
	char *out = xasprintf("%s/reference", dst);
	int rc = mkdir_p(out, 0755);
	pid_t pid = rc == 0 ? fork() : -1;
	if (pid == 0) {
		if (chdir(root) < 0 || setenv("REFERENCE_OUT", out, 1) < 0)
			_exit(127);
		execl("/bin/sh", "sh", "-c", m->reference_objects, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	if (rc == 0 && (pid < 0 || waitpid(pid, &status, 0) < 0))
		rc = err_sys("reference_objects");
	if (rc == 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		rc = err_set("%s: reference_objects failed (%s)", lab_dir, m->reference_objects);
	for (int i = 0; i < m->nreference && rc == 0; i++) {
		char *dir = xasprintf("%s/%s", out, m->reference_labs[i]);
		DIR *d = opendir(dir);
		int objects = 0;
		char *source = NULL;
		for (struct dirent *e; d && (e = readdir(d));) {
			size_t n = strlen(e->d_name);
			objects += n > 2 && !strcmp(e->d_name + n - 2, ".o");
			if (!source && is_source(e->d_name))
				source = xstrdup(e->d_name);
		}
		if (source)
			rc = err_set("%s: reference_objects left the source %s in reference/%s",
			             lab_dir, source, m->reference_labs[i]);
		else if (!objects)
			rc = err_set("%s: reference_objects wrote no object into reference/%s",
			             lab_dir, m->reference_labs[i]);
		if (d)
			closedir(d);
		free(source);
		free(dir);
	}
	free(out);
	return rc;
}

static bool selected(const char *name, const char *labs);

static int handout_lab(const char *root, const char *lab_dir, const char *out, bool keep_hidden,
                       bool objects, const char *labs)
{
	char *ini = xasprintf("%s/%s/tests/grade.ini", root, lab_dir);
	struct manifest m;
	if (manifest_load(ini, lab_dir, &m) < 0) {
		free(ini);
		return -1;
	}
	char *src = xasprintf("%s/%s", root, lab_dir);
	char *dst = xasprintf("%s/%s", out, lab_dir);
	struct lab_ctx c = { &m, keep_hidden, src, 0 };
	int rc = mkdir_p(dst, 0755);
	if (rc == 0)
		rc = copy_tree(src, dst, skip_lab, &c);
	if (rc == 0)
		rc = c.rc;
	for (int i = 0; i < m.nstudent && rc == 0; i++) {
		char *from = xasprintf("%s/%s", src, m.student_files[i]);
		char *to = xasprintf("%s/%s", dst, m.student_files[i]);
		char *parent = xstrdup(to);
		rc = mkdir_p(dirname(parent), 0755);
		if (rc == 0)
			rc = is_source(from) ? strip_solutions(from, to) : copy_file(from, to);
		free(parent);
		free(from);
		free(to);
	}
	if (rc == 0 && objects && m.nreference)
		rc = carry_reference_objects(root, lab_dir, &m, dst);
	for (int i = 0; i < m.nreference && rc == 0; i++) {
		if (!objects)
			rc = carry_reference(root, m.reference_labs[i], dst);
		/* A student tree that hands out a lab and its solution at once. */
		if (rc == 0 && !keep_hidden && selected(m.reference_labs[i], labs))
			fprintf(stderr,
			        "handout: warning: %s carries the solution of labs/%s, which this "
			        "handout also gives students to do: leave it out (LABS=) until "
			        "that lab's deadline has passed\n",
			        lab_dir, m.reference_labs[i]);
	}
	if (rc == 0) {
		char *to = xasprintf("%s/tests/grade.ini", dst);
		char *parent = xstrdup(to);
		rc = mkdir_p(dirname(parent), 0755);
		if (rc == 0)
			rc = keep_hidden ? copy_file(ini, to) : write_manifest(&m, ini, to);
		free(parent);
		free(to);
	}
	free(ini);
	free(src);
	free(dst);
	return rc;
}

/* The tree around the labs: everything but the history, the build output,
 * the labs (each handled on its own) and the grader's own tests. */
static bool skip_tree(const char *rel, void *ctx)
{
	const char *out_rel = ctx; /* the handout's own folder, if inside the tree */
	return !strcmp(rel, ".git") || !strcmp(rel, "build") || !strcmp(rel, "labs") ||
	       !strcmp(rel, "grader/tests") || (out_rel && !strcmp(rel, out_rel));
}

/* out relative to root when it lies inside root, else NULL. */
static char *inside(const char *root, const char *out)
{
	char *r = realpath(root, NULL), *o = realpath(out, NULL), *rel = NULL;
	size_t n = r ? strlen(r) : 0;
	if (r && o && !strncmp(o, r, n) && o[n] == '/')
		rel = xstrdup(o + n + 1);
	free(r);
	free(o);
	return rel;
}

static bool selected(const char *name, const char *labs)
{
	if (!labs)
		return true;
	int n;
	char *list = xstrdup(labs);
	for (char *p = list; *p; p++)
		if (*p == ',')
			*p = ' ';
	char **v = split_words(list, &n);
	bool yes = false;
	for (int i = 0; i < n; i++) {
		yes = yes || !strncmp(name, v[i], strlen(v[i]));
		free(v[i]);
	}
	free(v);
	free(list);
	return yes;
}

/* The handout's top README lists the labs of the course in a table; a row
 * whose folder the handout does not hold (`labs/NN-name`) is left out. */
static int trim_readme(const char *out)
{
	char *path = xasprintf("%s/README.md", out), *text;
	if (!path_exists(path)) {
		free(path);
		return 0;
	}
	if (read_file(path, &text, NULL) < 0) {
		free(path);
		return -1;
	}
	struct buf b = { 0 };
	for (const char *s = text; *s;) {
		size_t len = strcspn(s, "\n");
		bool keep = true;
		if (!strncmp(s, "| `labs/", 8)) {
			size_t name = strcspn(s + 8, "`/\n");
			char *dir = xasprintf("%s/labs/%.*s", out, (int)name, s + 8);
			keep = path_exists(dir);
			free(dir);
		}
		if (keep)
			buf_add(&b, s, len + (s[len] == '\n'));
		s += len + (s[len] == '\n');
	}
	int rc = write_file_atomic(path, b.p ? b.p : "", b.len);
	free(b.p);
	free(text);
	free(path);
	return rc;
}

int handout_tree(const char *root, const char *out, const char *labs, bool keep_hidden,
                 bool reference_objects)
{
	if (remove_tree(out) < 0 || mkdir_p(out, 0755) < 0)
		return -1;
	char *out_rel = inside(root, out);
	int copied = copy_tree(root, out, skip_tree, out_rel);
	free(out_rel);
	if (copied < 0)
		return -1;
	char *dir = xasprintf("%s/labs", root);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return 0; /* no labs yet: the tree alone */
	int rc = 0, count = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !selected(e->d_name, labs))
			continue;
		char *lab = xasprintf("labs/%s", e->d_name);
		char *ini = xasprintf("%s/%s/tests/grade.ini", root, lab);
		if (path_exists(ini)) {
			rc = handout_lab(root, lab, out, keep_hidden, reference_objects, labs);
			count++;
		}
		free(ini);
		free(lab);
	}
	closedir(d);
	if (rc == 0 && labs && !count)
		rc = err_set("no lab matches LABS=%s (labs/NN-name/tests/grade.ini)", labs);
	if (rc == 0)
		rc = trim_readme(out);
	return rc;
}
