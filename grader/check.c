/* Ordered regex expectations and GOOD/BAD/MISSING diagnostics. */
#include "check.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

enum mark { PLAIN, GOOD, BAD };

#define CONTEXT   2   /* lines shown around each marked line */
#define MAX_SHOWN 60  /* lines shown at most around the marked ones */
#define TAIL      15  /* the last lines, always shown: the program's last words */
#define WIDTH     160 /* characters shown of a line at most */

static char **split_lines(const char *text, int *n)
{
	char **v = NULL;
	int count = 0;
	const char *s = text;
	while (*s) {
		size_t len = strcspn(s, "\n");
		v = xrealloc(v, (count + 1) * sizeof(*v));
		v[count] = xmalloc(len + 1);
		memcpy(v[count], s, len);
		v[count][len] = '\0';
		count++;
		s += len + (s[len] == '\n');
	}
	*n = count;
	return v;
}

/* The lines near a marked one, then the last TAIL lines whatever they
 * are: when nothing matched, why is usually in what the program said last. */
static void show(struct buf *report, char **lines, int nlines, const enum mark *marks)
{
	static const char *label[] = { "    ", "GOOD", "BAD " };
	int shown = 0, last = -1, tail = nlines > TAIL ? nlines - TAIL : 0;
	for (int i = 0; i < nlines; i++) {
		bool near = i >= tail;
		for (int j = i - CONTEXT; j <= i + CONTEXT && !near && shown < MAX_SHOWN; j++)
			near = j >= 0 && j < nlines && marks[j] != PLAIN;
		if (!near)
			continue;
		if (i != last + 1)
			buf_puts(report, "  ...\n");
		int len = (int)strlen(lines[i]);
		buf_printf(report, "  %s | %.*s%s\n", label[marks[i]], len > WIDTH ? WIDTH : len,
		           lines[i], len > WIDTH ? " [...]" : "");
		last = i;
		shown += i < tail;
	}
}

bool checks_pass(const struct check *c, int n, const char *output, const char *seed,
                 bool show_output, struct buf *report)
{
	int nlines;
	char **lines = split_lines(output, &nlines);
	enum mark *marks = xcalloc(nlines + 1, sizeof(*marks));
	struct buf missing = { 0 };
	int next = 0; /* must regexes match in order: search from here */
	bool pass = true;
	for (int i = 0; i < n; i++) {
		char *re = subst(c[i].regex, "seed", seed);
		regex_t rx;
		/* The manifest was checked with a sample seed; a seed is digits. */
		if (regcomp(&rx, re, REG_EXTENDED | REG_NOSUB)) {
			buf_printf(&missing, "  MISSING '%s' (the regex does not compile)\n",
			           c[i].regex);
			pass = false;
			free(re);
			continue;
		}
		if (c[i].must_not) {
			for (int l = 0; l < nlines; l++)
				if (!regexec(&rx, lines[l], 0, NULL, 0)) {
					marks[l] = BAD;
					pass = false;
				}
		} else {
			int l = next;
			while (l < nlines && regexec(&rx, lines[l], 0, NULL, 0))
				l++;
			if (l < nlines) {
				if (marks[l] == PLAIN)
					marks[l] = GOOD;
				next = l + 1;
			} else {
				buf_printf(&missing, "  MISSING '%s'", re);
				if (next > 0)
					buf_printf(&missing, " after line %d", next);
				buf_puts(&missing, "\n");
				pass = false;
			}
		}
		regfree(&rx);
		free(re);
	}
	if (!pass || show_output) {
		if (nlines == 0)
			buf_puts(report, "  (no output)\n");
		show(report, lines, nlines, marks);
		if (missing.len)
			buf_puts(report, missing.p);
	}
	free(missing.p);
	for (int i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	free(marks);
	return pass;
}
