/* Errors, crun-style: the step that fails records what it called, on which
 * object, why the kernel refused, and what to check next; nothing prints
 * until the message reaches main.  A step that fails inside the container
 * sends its message back to the runtime over a pipe (container.c), so even
 * then exactly one process prints, once:
 *
 *	vlab-ctr: pivot_root(rootfs): Invalid argument (is the rootfs on a shared mount?)
 *
 * Every line vlab-ctr itself prints, error or not, goes through say().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctr.h"

static char message[1024];

static void say(const char *fmt, va_list ap)
{
	fputs("vlab-ctr: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* -v: what the runtime does, step by step, on stderr. */
void note(const struct container *c, const char *fmt, ...)
{
	if (!c->verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

/* What the user must know even when nothing failed: an OOM kill, a
 * cleanup that did not work. */
void inform(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

/* "WHAT: strerror(errno) (HINT)"; returns -1 so a step can `return fail(...)`. */
int fail(const char *hint, const char *fmt, ...)
{
	int saved = errno;
	if (message[0])
		return -1; /* the first failure is the cause; keep it */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(message))
		n = (int)strlen(message);
	snprintf(message + n, sizeof(message) - n, ": %s%s%s%s", strerror(saved), hint ? " (" : "",
	         hint ? hint : "", hint ? ")" : "");
	errno = saved;
	return -1;
}

/* A failure that is not a system call's: bad input, a missing feature. */
int fail_msg(const char *fmt, ...)
{
	if (message[0])
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return -1;
}

void error_print(void)
{
	inform("%s", message[0] ? message : "failed (no message recorded)");
}

/* Inside the container: hand the message to the runtime, which prints it. */
void error_send(int fd)
{
	size_t len = strlen(message);
	if (!len)
		len = strlen(strcpy(message, "the container failed before its command ran"));
	/* The pipe is the only way out; if it is gone the runtime is gone too. */
	if (write(fd, message, len) < 0)
		_exit(125);
}

/* In the runtime, once the container is gone: true if it sent a message
 * (now the one to print: a failure inside comes before the runtime's own
 * failures that followed from it).  fd is non-blocking: a process that outlived
 * the container's init (no PID namespace) cannot hold the runtime. */
bool error_recv(int fd)
{
	char sent[sizeof(message)];
	ssize_t n;
	size_t len = 0;
	while ((n = read(fd, sent + len, sizeof(sent) - 1 - len)) > 0)
		len += (size_t)n;
	if (!len)
		return false;
	memcpy(message, sent, len);
	message[len] = '\0';
	return true;
}
