/* Error reports: one format for every tool of the lab (see err.h). */
#define _GNU_SOURCE
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int sys_fail(const char *call, const char *arg, const char *hint)
{
	int saved = errno;
	fprintf(stderr, "%s: %s(%s): %s", program_invocation_short_name, call, arg,
	        strerror(saved));
	if (hint)
		fprintf(stderr, " (%s)", hint);
	fputc('\n', stderr);
	errno = saved;
	return -1;
}

int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return -1;
}
