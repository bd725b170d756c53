/* The C library's names for the kernel's formatting (printf.c), so that
 * plain C shared with host programs links in the kernel too: lab 02's
 * decoder formats its reasons with snprintf in the monitor and in the
 * host's unit tests alike.  Kernel builds only; the host tests have libc. */
#include <stdarg.h>
#include <stddef.h>
#include "printf.h"

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return kvsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
