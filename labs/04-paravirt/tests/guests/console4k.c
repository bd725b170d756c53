/*
 * Micro-guest console4k (parts C and E): 4 KiB onto the console, 64 lines
 * of 64 bytes with seeded text, natively through the UART (two port
 * accesses a byte) or, with ARGS=pv=1, through the paravirtual backend
 * (pv_install: a hypercall a line).  The exit counts of the two runs are
 * lab 04's measure; the folded text shows the bytes all went through.
 */
#include "micro.h"

#define LINES 64
#define WIDTH 63 /* and the newline */

static inline char text(const struct micro *m, unsigned line, unsigned col)
{
	return "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-"
		[(micro_operand(m, line) >> (col % 10 * 6)) & 63];
}

#ifndef MICRO_EXPECT
#include "console.h"
#include "guest/pv.h"
#include "rt.h"

static void run(struct micro *m)
{
	int64_t refused = micro_has_arg("pv=1") ? pv_install() : 0;
	if (refused) /* and the line differs from the expected one */
		micro_fold(m, "pv_install refused", (uint64_t)refused);
	char line[WIDTH + 2];
	for (unsigned l = 0; l < LINES; l++) {
		uint64_t sum = 0;
		for (unsigned c = 0; c < WIDTH; c++) {
			line[c] = text(m, l, c);
			sum = sum * 131 + (uint8_t)line[c];
		}
		line[WIDTH] = '\n';
		line[WIDTH + 1] = '\0';
		kprintf("%s", line);
		micro_fold(m, "a line", sum);
	}
	pv.console_flush();
}
#endif

#ifdef MICRO_EXPECT
/* The same line with and without pv=1. */
static void expect(struct micro *m)
{
	for (unsigned l = 0; l < LINES; l++) {
		uint64_t sum = 0;
		for (unsigned c = 0; c < WIDTH; c++)
			sum = sum * 131 + (uint8_t)text(m, l, c);
		micro_fold(m, "a line", sum);
	}
}
#endif

MICRO_GUEST(console4k, run, expect);
