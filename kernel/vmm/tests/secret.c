/*
 * A stand-in for a lab's hidden micro-guest (mk/lab-image.mk, MICRO_HIDDEN):
 * built only into the null monitor's image and its micro-expect, to test
 * that hidden guests are carried and known.  Port I/O, folded in an order
 * and with operands of its own.
 */
#include "micro.h"
#include "pcdev.h"

#ifndef MICRO_EXPECT
#include "pvops.h"

static void run(struct micro *m)
{
	for (unsigned i = 0; i < 3; i++) {
		outb(COM1 + UART_SCR, (uint8_t)micro_operand(m, i));
		micro_fold(m, "scratch", inb(COM1 + UART_SCR));
	}
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	for (unsigned i = 0; i < 3; i++)
		micro_fold(m, "scratch", (uint8_t)micro_operand(m, i));
}
#endif

MICRO_GUEST(secret, run, expect);
