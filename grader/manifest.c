/* Parse tests/grade.ini with inih and check it whole before anything runs:
 * a manifest mistake found halfway through a student's grading would cost
 * the student points, so every error is reported as file:line: reason. */
#define _GNU_SOURCE
#include "manifest.h"

#include <errno.h>
#include <fnmatch.h>
#include <ini.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum section { SEC_NONE, SEC_LAB, SEC_PART, SEC_RUN, SEC_TEST, SEC_QUESTION };

struct parser {
	struct manifest *m;
	FILE *f;
	int line;         /* the line inih is handling */
	int header_line;  /* the last [section] line */
	bool new_section; /* a [section] line was read since the last key */
	enum section type;
	struct run *run;   /* the [run] being filled */
	struct test *test; /* the [test] being filled */
	char **run_refs;   /* per test: the name after run =, resolved at the end */
	int err_line;
	char *err;
};

static int fail(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, int line, const char *fmt, ...)
{
	if (p->err)
		return 0;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&p->err, fmt, ap) < 0)
		p->err = xstrdup(fmt);
	va_end(ap);
	p->err_line = line;
	return 0;
}

const char *kind_name(enum kind k)
{
	static const char *names[] = { "unit", "qemu", "bochs", "exec" };
	return names[k];
}

static int parse_kind(const char *s, enum kind *k)
{
	for (enum kind i = KIND_UNIT; i <= KIND_EXEC; i++)
		if (!strcmp(s, kind_name(i))) {
			*k = i;
			return 0;
		}
	return -1;
}

static int parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || v < 0)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "yes")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "false") || !strcmp(s, "no")) {
		*out = false;
		return 0;
	}
	return -1;
}

/* A regex is checked now, with a sample seed, so a typo fails the
 * manifest and not a student's run. */
static int check_regex(struct parser *p, const char *re)
{
	char *s = subst(re, "seed", "0");
	regex_t rx;
	int rc = regcomp(&rx, s, REG_EXTENDED | REG_NOSUB);
	free(s);
	if (rc) {
		char msg[256];
		regerror(rc, &rx, msg, sizeof(msg));
		return fail(p, p->line, "bad regex '%s': %s", re, msg);
	}
	regfree(&rx);
	return 1;
}

static struct run *new_run(struct parser *p, const char *name)
{
	struct manifest *m = p->m;
	struct run *r = xcalloc(1, sizeof(*r));
	r->name = xstrdup(name);
	r->line = p->header_line;
	r->timeout = -1;
	m->runs = xrealloc(m->runs, (m->nruns + 1) * sizeof(*m->runs));
	m->runs[m->nruns++] = r;
	return r;
}

/* Keys that describe a run, in a [run] section or inline in a [test].
 * Returns 1 when handled, 0 on error, -1 when the key is not a run key. */
static int run_key(struct parser *p, struct run *r, const char *name, const char *value)
{
	double d;
	if (!strcmp(name, "kind")) {
		if (parse_kind(value, &r->kind) < 0)
			return fail(p, p->line, "kind must be unit, qemu, bochs or exec, not '%s'",
			            value);
		r->line = p->line;
	} else if (!strcmp(name, "image")) {
		r->image = xstrdup(value);
	} else if (!strcmp(name, "args")) {
		r->args = xstrdup(value);
	} else if (!strcmp(name, "binary")) {
		r->binary = xstrdup(value);
	} else if (!strcmp(name, "case")) {
		int n;
		char **v = split_words(value, &n);
		r->cases = xrealloc(r->cases, (r->ncases + n + 1) * sizeof(*r->cases));
		memcpy(r->cases + r->ncases, v, (n + 1) * sizeof(*v));
		r->ncases += n;
		free(v);
	} else if (!strcmp(name, "command")) {
		r->command = xstrdup(value);
	} else if (!strcmp(name, "as")) {
		if (!strcmp(value, "user"))
			r->as = AS_USER;
		else if (!strcmp(value, "userns"))
			r->as = AS_USERNS;
		else if (!strcmp(value, "root"))
			r->as = AS_ROOT;
		else
			return fail(p, p->line, "as must be user, userns or root, not '%s'", value);
		r->as_line = p->line;
	} else if (!strcmp(name, "timeout")) {
		if (parse_number(value, &r->timeout) < 0 || r->timeout <= 0)
			return fail(p, p->line,
			            "timeout must be a positive number of seconds, not '%s'",
			            value);
	} else if (!strcmp(name, "memory")) {
		if (parse_number(value, &d) < 0 || d < 1)
			return fail(p, p->line, "memory must be a number of MiB, not '%s'", value);
		r->memory_mb = (long)d;
	} else if (!strcmp(name, "stop")) {
		if (!check_regex(p, value))
			return 0;
		r->stop = xstrdup(value);
	} else {
		return -1;
	}
	return 1;
}

/* A Debian package name (Debian Policy 5.6.1): lower-case letters, digits
 * and + - . only, at least two characters, starting with a letter or digit.
 * Anything else would reach apt-get's command line. */
static bool package_name(const char *s)
{
	if (strlen(s) < 2 || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789+-.") == strlen(s);
}

static int packages_key(struct parser *p, const char *value)
{
	struct manifest *m = p->m;
	int n;
	char **v = split_words(value, &n);
	for (int i = 0; i < n; i++)
		if (!package_name(v[i])) {
			fail(p, p->line, "packages: '%s' is not a Debian package name", v[i]);
			break;
		}
	m->packages = xrealloc(m->packages, (m->npackages + n + 1) * sizeof(*v));
	memcpy(m->packages + m->npackages, v, (n + 1) * sizeof(*v));
	m->npackages += n;
	free(v);
	return !p->err;
}

/* A relative path with no ".." among its components. */
static bool inside_tree(const char *path)
{
	if (*path == '/')
		return false;
	for (const char *c = path; *c; c += strcspn(c, "/"), c += *c == '/')
		if (!strncmp(c, "..", 2) && (c[2] == '/' || !c[2]))
			return false;
	return true;
}

static int lab_key(struct parser *p, const char *name, const char *value)
{
	struct manifest *m = p->m;
	if (!strcmp(name, "title"))
		m->title = xstrdup(value);
	else if (!strcmp(name, "student_files"))
		m->student_files = split_words(value, &m->nstudent);
	else if (!strcmp(name, "hidden_files"))
		m->hidden_files = split_words(value, &m->nhidden);
	else if (!strcmp(name, "reference_labs")) {
		m->reference_labs = split_words(value, &m->nreference);
		for (int i = 0; i < m->nreference; i++) {
			const char *r = m->reference_labs[i];
			if (strchr(r, '/') || !strcmp(r, ".") || !strcmp(r, ".."))
				return fail(p, p->line,
				            "reference_labs: '%s' must be a lab's folder name in "
				            "labs/ (e.g. 02-trap-and-emulate)",
				            r);
		}
	} else if (!strcmp(name, "reference_objects"))
		m->reference_objects = xstrdup(value);
	else if (!strcmp(name, "copy"))
		m->copy = split_words(value, &m->ncopy);
	else if (!strcmp(name, "packages"))
		return packages_key(p, value);
	else if (!strcmp(name, "prebuild"))
		m->prebuild = xstrdup(value);
	else if (!strcmp(name, "prebuilt")) {
		m->prebuilt = split_words(value, &m->nprebuilt);
		for (int i = 0; i < m->nprebuilt; i++) {
			const char *d = m->prebuilt[i];
			if (!inside_tree(d))
				return fail(p, p->line,
				            "prebuilt '%s' must be a path inside the tree", d);
			/* A lab's build output holds objects of its reference solution. */
			if (!strcmp(d, "labs") || !strncmp(d, "labs/", 5))
				return fail(p, p->line,
				            "prebuilt '%s' must lie outside labs/ (a lab's build "
				            "output holds its reference solution)",
				            d);
		}
	} else if (!strcmp(name, "build"))
		m->build = xstrdup(value);
	else if (!strcmp(name, "hidden_build"))
		m->hidden_build = xstrdup(value);
	else if (!strcmp(name, "answers"))
		m->answers = xstrdup(value);
	else if (!strcmp(name, "build_timeout")) {
		if (parse_number(value, &m->build_timeout) < 0 || m->build_timeout <= 0)
			return fail(p, p->line,
			            "build_timeout must be a positive number of seconds");
	} else
		return fail(p, p->line, "unknown key '%s' in [lab]", name);
	return 1;
}

static int test_key(struct parser *p, const char *name, const char *value)
{
	struct test *t = p->test;
	int idx = t - p->m->tests;
	if (!strcmp(name, "points")) {
		if (parse_number(value, &t->points) < 0 || t->points <= 0)
			return fail(p, p->line, "points must be a positive number, not '%s'",
			            value);
	} else if (!strcmp(name, "part")) {
		t->part = xstrdup(value);
	} else if (!strcmp(name, "must") || !strcmp(name, "must_not")) {
		if (!check_regex(p, value))
			return 0;
		t->checks = xrealloc(t->checks, (t->nchecks + 1) * sizeof(*t->checks));
		t->checks[t->nchecks++] = (struct check){ name[4] == '_', xstrdup(value), p->line };
	} else if (!strcmp(name, "status")) {
		double d;
		if (parse_number(value, &d) < 0 || d > 255 || d != (int)d)
			return fail(p, p->line, "status must be an exit status 0..255, not '%s'",
			            value);
		t->status = (int)d;
	} else if (!strcmp(name, "expect_from")) {
		free(t->expect_from);
		t->expect_from = xstrdup(value);
	} else if (!strcmp(name, "requires")) {
		int n;
		char **v = split_words(value, &n);
		t->requires = xrealloc(t->requires, (t->nrequires + n + 1) * sizeof(*v));
		memcpy(t->requires + t->nrequires, v, (n + 1) * sizeof(*v));
		t->nrequires += n;
		free(v);
	} else if (!strcmp(name, "creates")) {
		int n;
		char **v = split_words(value, &n);
		t->creates = xrealloc(t->creates, (t->ncreates + n + 1) * sizeof(*v));
		memcpy(t->creates + t->ncreates, v, (n + 1) * sizeof(*v));
		t->ncreates += n;
		free(v);
	} else if (!strcmp(name, "hidden") || !strcmp(name, "baseline")) {
		if (parse_bool(value, name[0] == 'h' ? &t->hidden : &t->baseline) < 0)
			return fail(p, p->line, "%s must be true or false, not '%s'", name, value);
	} else if (!strcmp(name, "run")) {
		if (t->run)
			return fail(p, p->line,
			            "test '%s' has its own run keys and a run = line: keep one",
			            t->name);
		p->run_refs[idx] = xstrdup(value);
	} else {
		if (p->run_refs[idx])
			return fail(p, p->line, "test '%s' uses run = %s: '%s' belongs in [run %s]",
			            t->name, p->run_refs[idx], name, p->run_refs[idx]);
		if (!t->run) {
			t->run = new_run(p, t->name);
			t->run->line = t->line;
		}
		int r = run_key(p, t->run, name, value);
		if (r < 0)
			return fail(p, p->line, "unknown key '%s' in [test %s]", name, t->name);
		return r;
	}
	return 1;
}

/* A new [section] begins: create what it names. */
static int open_section(struct parser *p, const char *section)
{
	struct manifest *m = p->m;
	p->new_section = false;
	char type[16] = "";
	const char *name = strchr(section, ' ');
	size_t tlen = name ? (size_t)(name - section) : strlen(section);
	if (tlen < sizeof(type))
		memcpy(type, section, tlen);
	name = name ? name + strspn(name, " ") : "";
	if (!strcmp(type, "lab") && !*name) {
		p->type = SEC_LAB;
	} else if (!strcmp(type, "part") && *name) {
		p->type = SEC_PART;
		for (int i = 0; i < m->nparts; i++)
			if (!strcmp(m->parts[i].id, name))
				return fail(p, p->header_line, "part '%s' declared twice", name);
		m->parts = xrealloc(m->parts, (m->nparts + 1) * sizeof(*m->parts));
		m->parts[m->nparts++] = (struct part){ xstrdup(name), NULL };
	} else if (!strcmp(type, "run") && *name) {
		p->type = SEC_RUN;
		for (int i = 0; i < m->nruns; i++)
			if (!strcmp(m->runs[i]->name, name))
				return fail(p, p->header_line, "run '%s' declared twice", name);
		p->run = new_run(p, name);
		p->run->kind = KIND_QEMU;
	} else if (!strcmp(type, "test") && *name) {
		p->type = SEC_TEST;
		for (int i = 0; i < m->ntests; i++)
			if (!strcmp(m->tests[i].name, name))
				return fail(p, p->header_line, "test '%s' declared twice", name);
		m->tests = xrealloc(m->tests, (m->ntests + 1) * sizeof(*m->tests));
		p->run_refs = xrealloc(p->run_refs, (m->ntests + 1) * sizeof(*p->run_refs));
		p->run_refs[m->ntests] = NULL;
		p->test = &m->tests[m->ntests++];
		*p->test = (struct test){ .name = xstrdup(name),
			                  .status = -1,
			                  .line = p->header_line };
	} else if (!strcmp(type, "question") && *name) {
		p->type = SEC_QUESTION;
		for (int i = 0; i < m->nquestions; i++)
			if (!strcmp(m->questions[i].name, name))
				return fail(p, p->header_line, "question '%s' declared twice",
				            name);
		m->questions = xrealloc(m->questions, (m->nquestions + 1) * sizeof(*m->questions));
		m->questions[m->nquestions++] =
			(struct question){ .name = xstrdup(name), .line = p->header_line };
	} else {
		return fail(
			p, p->header_line,
			"unknown section [%s]: use [lab], [part ID], [run NAME], [test NAME] or "
			"[question NAME]",
			section);
	}
	return 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;
	if (p->new_section && !open_section(p, section))
		return 0;
	if (!*value)
		return fail(p, p->line, "'%s' has an empty value", name);
	switch (p->type) {
	case SEC_LAB:
		return lab_key(p, name, value);
	case SEC_PART:
		if (strcmp(name, "title"))
			return fail(p, p->line, "unknown key '%s' in [part]: only title", name);
		p->m->parts[p->m->nparts - 1].title = xstrdup(value);
		return 1;
	case SEC_RUN: {
		int r = run_key(p, p->run, name, value);
		return r < 0 ? fail(p, p->line, "unknown key '%s' in [run %s]", name, p->run->name)
		             : r;
	}
	case SEC_TEST:
		return test_key(p, name, value);
	case SEC_QUESTION: {
		struct question *q = &p->m->questions[p->m->nquestions - 1];
		if (!strcmp(name, "ask"))
			q->ask = xstrdup(value);
		else if (!strcmp(name, "points")) {
			if (parse_number(value, &q->points) < 0 || q->points <= 0)
				return fail(p, p->line,
				            "points must be a positive number, not '%s'", value);
		} else
			return fail(p, p->line, "unknown key '%s' in [question]: points or ask",
			            name);
		return 1;
	}
	case SEC_NONE:
		break;
	}
	return fail(p, p->line, "'%s' outside any section", name);
}

/* inih's reader, wrapped to count lines and to refuse what inih would
 * silently reinterpret: over-long lines and indented continuation lines. */
static char *read_line(char *str, int num, void *stream)
{
	struct parser *p = stream;
	if (!fgets(str, num, p->f))
		return NULL;
	p->line++;
	size_t len = strlen(str);
	if (len == (size_t)num - 1 && str[len - 1] != '\n' && !feof(p->f)) {
		fail(p, p->line, "line longer than %d characters", num - 2);
		int c;
		while ((c = fgetc(p->f)) != EOF && c != '\n')
			;
	}
	const char *s = str + strspn(str, " \t");
	if (s != str && *s && *s != '\n' && *s != ';' && *s != '#')
		fail(p, p->line,
		     "indented line: inih would join it to the previous value; remove the "
		     "indentation");
	if (*s == '[') {
		p->header_line = p->line;
		p->new_section = true;
	}
	return str;
}

static bool is_vm(enum kind k)
{
	return k == KIND_QEMU || k == KIND_BOCHS;
}

static int check_run(struct parser *p, struct run *r)
{
	if (is_vm(r->kind) && !r->image)
		return fail(p, r->line, "run '%s' of kind %s needs image =", r->name,
		            kind_name(r->kind));
	if (r->kind == KIND_EXEC && !r->command)
		return fail(p, r->line, "run '%s' of kind exec needs command =", r->name);
	if (r->as_line && r->kind != KIND_EXEC)
		return fail(p, r->as_line, "run '%s': as = is for exec runs; a %s run ignores it",
		            r->name, kind_name(r->kind));
	if (r->kind == KIND_UNIT && (!r->binary || !r->ncases))
		return fail(p, r->line,
		            "test '%s' of kind unit needs binary = and case =", r->name);
	if (r->timeout < 0)
		r->timeout = r->kind == KIND_UNIT ? 10 : r->kind == KIND_EXEC ? 20 : 60;
	if (!r->memory_mb)
		r->memory_mb = is_vm(r->kind) ? 4096 : 512;
	if (is_vm(r->kind) && !r->stop)
		r->stop = xstrdup("^selftest: [0-9]+ passed, [0-9]+ failed");
	return 1;
}

/* Whole-manifest rules, once every section is read. */
static int finish(struct parser *p)
{
	struct manifest *m = p->m;
	if (!m->title)
		return fail(p, 1, "[lab] needs title =");
	if (!m->nstudent)
		return fail(p, 1, "[lab] needs student_files = (the files a student edits)");
	if (!m->build_timeout)
		m->build_timeout = 300;
	if (!m->ntests)
		return fail(p, p->line, "no [test NAME] section: nothing to grade");
	for (int i = 0; i < m->nquestions; i++)
		if (!m->questions[i].ask || m->questions[i].points <= 0)
			return fail(p, m->questions[i].line,
			            "question '%s' needs points = and ask =", m->questions[i].name);
	if (m->reference_objects && !m->nreference)
		return fail(p, 1,
		            "reference_objects = needs reference_labs = (the labs it builds)");
	if (m->nquestions && !m->answers)
		return fail(p, 1, "[lab] needs answers = (the file the questions are answered in)");
	if (m->answers) {
		int j = 0;
		while (j < m->nstudent && strcmp(m->student_files[j], m->answers))
			j++;
		if (j == m->nstudent)
			return fail(p, 1, "answers = %s is not one of the student files",
			            m->answers);
	}
	for (int i = 0; i < m->ntests; i++) {
		struct test *t = &m->tests[i];
		if (p->run_refs[i]) {
			for (int j = 0; j < m->nruns; j++)
				if (!strcmp(m->runs[j]->name, p->run_refs[i]))
					t->run = m->runs[j];
			if (!t->run)
				return fail(p, t->line, "test '%s': no [run %s]", t->name,
				            p->run_refs[i]);
			if (t->run->kind == KIND_UNIT)
				return fail(p, t->line,
				            "test '%s': run = names a run; unit tests take binary "
				            "= and case =",
				            t->name);
		}
		if (!t->run)
			return fail(p, t->line, "test '%s' needs kind = or run =", t->name);
		t->required = xrealloc(t->required, (t->nrequires + 1) * sizeof(*t->required));
		for (int r = 0; r < t->nrequires; r++) {
			int j = 0;
			while (j < i && strcmp(m->tests[j].name, t->requires[r]))
				j++;
			if (j == i)
				return fail(p, t->line,
				            "test '%s' requires '%s', which is no test before it",
				            t->name, t->requires[r]);
			t->required[r] = j;
		}
		if (t->points <= 0)
			return fail(p, t->line, "test '%s' needs points =", t->name);
		if (m->nparts && !t->part)
			return fail(p, t->line,
			            "test '%s' needs part = (the manifest declares parts)",
			            t->name);
		if (t->part) {
			int j = 0;
			while (j < m->nparts && strcmp(m->parts[j].id, t->part))
				j++;
			if (j == m->nparts)
				return fail(p, t->line, "test '%s': no [part %s]", t->name,
				            t->part);
		}
		if (t->expect_from && t->run->kind == KIND_UNIT)
			return fail(p, t->line,
			            "test '%s': expect_from = is for exec, qemu and "
			            "bochs tests",
			            t->name);
		if (is_vm(t->run->kind) && !t->nchecks && !t->expect_from)
			return fail(p, t->line,
			            "test '%s' checks nothing: add must = or expect_from = lines",
			            t->name);
		if (t->run->kind == KIND_EXEC && !t->nchecks && t->status < 0 && !t->ncreates &&
		    !t->expect_from)
			return fail(p, t->line,
			            "test '%s' checks nothing: add must =, status = or creates =",
			            t->name);
		if (t->ncreates && t->run->kind != KIND_EXEC)
			return fail(p, t->line, "test '%s': creates = is for exec tests", t->name);
	}
	for (int i = 0; i < m->nruns; i++)
		if (!check_run(p, m->runs[i]))
			return 0;
	return 1;
}

int manifest_load(const char *path, const char *lab_dir, struct manifest *m)
{
	*m = (struct manifest){ .path = xstrdup(path), .lab_dir = xstrdup(lab_dir) };
	struct parser p = { .m = m };
	p.f = fopen(path, "r");
	if (!p.f)
		return err_sys("%s", path);
	int rc = ini_parse_stream(read_line, &p, on_key, &p);
	fclose(p.f);
	if (rc > 0 && !p.err)
		fail(&p, rc, "expected [section] or name = value");
	if (rc < 0 && !p.err)
		fail(&p, 0, "inih could not parse the file (error %d)", rc);
	if (!p.err)
		finish(&p);
	for (int i = 0; i < m->ntests; i++)
		free(p.run_refs[i]);
	free(p.run_refs);
	if (p.err) {
		err_set("%s:%d: %s", path, p.err_line, p.err);
		free(p.err);
		return -1;
	}
	return 0;
}

static bool matches(const char *list, const char *name, bool glob)
{
	char *copy = xstrdup(list);
	for (char *c = copy; *c; c++)
		if (*c == ',')
			*c = ' ';
	int n;
	char **v = split_words(copy, &n);
	bool yes = false;
	for (int i = 0; i < n; i++) {
		yes = yes || (glob ? fnmatch(v[i], name, 0) == 0 : !strcmp(v[i], name));
		free(v[i]);
	}
	free(v);
	free(copy);
	return yes;
}

int manifest_select(struct manifest *m, const char *tests, const char *parts)
{
	int kept = 0;
	for (int i = 0; i < m->ntests; i++) {
		struct test *t = &m->tests[i];
		if ((!tests || matches(tests, t->name, true)) &&
		    (!parts || (t->part && matches(parts, t->part, false))))
			m->tests[kept++] = *t;
	}
	if (kept) {
		m->ntests = kept;
		return 0;
	}
	struct buf names = { 0 };
	for (int i = 0; i < m->ntests; i++)
		buf_printf(&names, "%s%s", i ? " " : "", m->tests[i].name);
	struct buf ids = { 0 };
	for (int i = 0; i < m->nparts; i++)
		buf_printf(&ids, "%s%s", i ? " " : "", m->parts[i].id);
	err_set("%s: no test matches%s%s%s%s (tests: %s; parts: %s)", m->path,
	        tests ? " TEST=" : "", tests ? tests : "", parts ? " PART=" : "",
	        parts ? parts : "", names.p, ids.p ? ids.p : "none");
	free(names.p);
	free(ids.p);
	return -1;
}

double manifest_points(const struct manifest *m)
{
	double sum = 0;
	for (int i = 0; i < m->ntests; i++)
		sum += m->tests[i].points;
	return sum;
}
