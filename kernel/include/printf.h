/*
 * Formatted output, freestanding.  Supports the conversions the kernel uses:
 * %d %i %u %x %X %o %p %s %c %%, the length modifiers hh h l ll z t j, the
 * flags - 0 + space #, a field width and a precision (each may be *).
 * Floating point is not supported: the kernel is built without SSE.
 */
#ifndef VLAB_PRINTF_H
#define VLAB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Calls put(c, arg) for every character produced; returns how many. */
int kformat(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap);

/* Like C's vsnprintf/snprintf: always NUL-terminates when size > 0 and
 * returns the length the full output would have had. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
