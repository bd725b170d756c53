/* Errors, memory and strings shared by every part of the grader. */
#define _GNU_SOURCE
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char err_buf[4096];

int err_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
	return -1;
}

/* Like err_set(), with ": strerror(errno)" appended. */
int err_sys(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(err_buf, sizeof(err_buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(err_buf))
		snprintf(err_buf + n, sizeof(err_buf) - n, ": %s", strerror(saved));
	errno = saved;
	return -1;
}

const char *err_msg(void)
{
	return err_buf;
}

static void *oom(size_t n)
{
	fprintf(stderr, "vlab-grade: out of memory (%zu bytes)\n", n);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	return p ? p : oom(n);
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	return p ? p : oom(n * size);
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	return p ? p : oom(n);
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);
	return p ? p : oom(n);
}

static char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		oom(strlen(fmt));
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

/* Hand over the string (never NULL) and leave b empty. */
char *buf_take(struct buf *b)
{
	char *p = b->p ? b->p : xstrdup("");
	*b = (struct buf){ 0 };
	return p;
}

char **split_words(const char *s, int *n)
{
	char **v = xcalloc(1, sizeof(*v));
	int count = 0;
	while (*s) {
		s += strspn(s, " \t\n");
		size_t len = strcspn(s, " \t\n");
		if (len == 0)
			break;
		v = xrealloc(v, (count + 2) * sizeof(*v));
		v[count] = xmalloc(len + 1);
		memcpy(v[count], s, len);
		v[count][len] = '\0';
		v[++count] = NULL;
		s += len;
	}
	*n = count;
	return v;
}

char *subst(const char *s, const char *name, const char *value)
{
	char *key = xasprintf("${%s}", name);
	size_t klen = strlen(key);
	struct buf b = { 0 };
	const char *hit;
	while ((hit = strstr(s, key))) {
		buf_add(&b, s, hit - s);
		buf_puts(&b, value);
		s = hit + klen;
	}
	buf_puts(&b, s);
	free(key);
	return buf_take(&b);
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Length of the valid UTF-8 sequence at s, or 0. */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] < 0x80             ? 1
	        : (s[0] & 0xe0) == 0xc0 ? 2
	        : (s[0] & 0xf0) == 0xe0 ? 3
	        : (s[0] & 0xf8) == 0xf0 ? 4
	                                : 0;
	if (n == 2 && s[0] < 0xc2)
		return 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

char *text_clean(const char *s)
{
	struct buf b = { 0 };
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		int n = utf8_len(p);
		if (n == 1 && *p < 0x20 && *p != '\t' && *p != '\n')
			n = 0;
		if (n == 1 && *p == 0x7f)
			n = 0;
		if (n)
			buf_add(&b, p, n);
		else
			buf_puts(&b, "?");
		p += n ? n : 1;
	}
	return buf_take(&b);
}
