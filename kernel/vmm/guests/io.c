/*
 * Micro-guest "io": port I/O in each form a monitor decodes: IN and OUT
 * with the port in DX and as an immediate, the string forms with REP, and
 * reads of a port no device answers, byte and dword.  Devices: the UART's
 * scratch register and the PICs' mask registers (pcdev.h).
 */
#include "micro.h"
#include "pcdev.h"

#define NO_DEVICE 0x2f8 /* COM2's ports: no second UART on either machine */
#define STRING    7     /* bytes moved by the string forms */

#ifndef MICRO_EXPECT
static uint8_t in_dx(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %%dx, %%al" : "=a"(v) : "d"(port));
	return v;
}

static void run(struct micro *m)
{
	uint8_t scratch = (uint8_t)micro_operand(m, 0), mask = (uint8_t)micro_operand(m, 1);
	__asm__ volatile("outb %%al, %%dx" : : "a"(scratch), "d"(COM1 + UART_SCR));
	micro_fold(m, "in %dx <- UART scratch", in_dx(COM1 + UART_SCR));

	uint8_t got;
	__asm__ volatile("outb %%al, $0xa1" : : "a"(mask)); /* PIC2_DATA as an immediate */
	__asm__ volatile("inb $0xa1, %%al" : "=a"(got));
	micro_fold(m, "in $0xa1 <- slave PIC mask", got);
	__asm__ volatile("outb %%al, $0xa1" : : "a"((uint8_t)0xff));

	uint8_t out[STRING], in[STRING];
	for (int i = 0; i < STRING; i++)
		out[i] = (uint8_t)(micro_operand(m, 2) >> (8 * i));
	const uint8_t *src = out;
	unsigned long n = STRING;
	__asm__ volatile("rep outsb" : "+S"(src), "+c"(n) : "d"(COM1 + UART_SCR) : "memory");
	micro_fold(m, "rep outsb, then in: the last byte", in_dx(COM1 + UART_SCR));
	micro_fold(m, "rep outsb: RSI advanced by", (uint64_t)(src - out));

	__asm__ volatile("outb %%al, %%dx" : : "a"(mask ^ 0x5a), "d"(PIC1_DATA));
	uint8_t *dst = in;
	n = STRING;
	__asm__ volatile("rep insb" : "+D"(dst), "+c"(n) : "d"(PIC1_DATA) : "memory");
	__asm__ volatile("outb %%al, %%dx" : : "a"((uint8_t)0xff), "d"(PIC1_DATA));
	uint64_t bytes = 0;
	for (int i = 0; i < STRING; i++)
		bytes = bytes << 8 | in[i];
	micro_fold(m, "rep insb <- master PIC mask", bytes);
	micro_fold(m, "rep insb: RCX left", n);

	micro_fold(m, "in <- a port with no device", in_dx(NO_DEVICE + (mask & 7)));
	uint32_t wide;
	__asm__ volatile("inl %%dx, %%eax" : "=a"(wide) : "d"(NO_DEVICE));
	micro_fold(m, "inl <- ports with no device", wide);
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	uint8_t mask = (uint8_t)micro_operand(m, 1);
	micro_fold(m, "in %dx <- UART scratch", (uint8_t)micro_operand(m, 0));
	micro_fold(m, "in $0xa1 <- slave PIC mask", mask);
	micro_fold(m, "rep outsb, then in: the last byte",
	           (uint8_t)(micro_operand(m, 2) >> (8 * (STRING - 1))));
	micro_fold(m, "rep outsb: RSI advanced by", STRING);
	uint64_t bytes = 0;
	for (int i = 0; i < STRING; i++)
		bytes = bytes << 8 | (uint8_t)(mask ^ 0x5a);
	micro_fold(m, "rep insb <- master PIC mask", bytes);
	micro_fold(m, "rep insb: RCX left", 0);
	micro_fold(m, "in <- a port with no device", 0xff);
	micro_fold(m, "inl <- ports with no device", 0xffffffff);
}
#endif

MICRO_GUEST(io, run, expect);
