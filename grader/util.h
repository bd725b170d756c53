/* Errors, memory and strings shared by every part of the grader.
 *
 * Errors travel as a message: the function that fails calls err_set() or
 * err_sys() and returns -1; whoever decides to give up prints err_msg() once.
 * Running out of memory is the one error nobody can handle, so the x*()
 * allocators print and exit. */
#ifndef GRADER_UTIL_H
#define GRADER_UTIL_H

#include <stdarg.h>
#include <stddef.h>

int err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int err_sys(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err_msg(void);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing byte string, always NUL-terminated. */
struct buf {
	char *p;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_take(struct buf *b);

/* Split s at blanks into a NULL-terminated array; *n gets the count. */
char **split_words(const char *s, int *n);
/* Replace every "${name}" in s by value. */
char *subst(const char *s, const char *name, const char *value);
double now_seconds(void);
/* A copy that any JSON or XML reader accepts: invalid UTF-8 and control
 * characters other than tab and newline become '?'. */
char *text_clean(const char *s);

#endif
