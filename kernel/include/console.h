/* The kernel console: the first serial port (serial.c), plus panic. */
#ifndef VLAB_CONSOLE_H
#define VLAB_CONSOLE_H

#include <stdarg.h>
#include <stdint.h>
#include "printf.h"

void serial_init(void);
void serial_putc(char c);
void serial_drain(void); /* wait until the last byte has left the UART */

int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Print "panic: ..." with a backtrace and power off with status 1. */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Print the return addresses up the frame-pointer chain from RBP. */
void backtrace(uint64_t rbp);

/* Print "poweroff: status N", drain the console and stop the emulator with
 * that status (power.c). */
void poweroff(int status) __attribute__((noreturn));

#define assert(cond)                                                                               \
	do {                                                                                       \
		if (!(cond))                                                                       \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__);          \
	} while (0)

#endif
