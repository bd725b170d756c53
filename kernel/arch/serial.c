/*
 * The console: a 16550 UART on COM1, 115200 baud 8N1, polled (no interrupts,
 * so the console works before the IDT exists and inside any trap handler).
 */
#include "console.h"
#include "pcdev.h"
#include "pvops.h"

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07); /* enable and clear the FIFOs */
	outb(COM1 + UART_MCR, MCR_DTR | MCR_RTS);
}

static void serial_wait(uint8_t bit)
{
	/* Bounded, so a missing UART cannot hang the kernel. */
	for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & bit); i++)
		x86_pause();
}

void serial_putc(char c)
{
	serial_wait(LSR_THRE);
	outb(COM1 + UART_THR, (uint8_t)c);
}

void serial_drain(void)
{
	serial_wait(LSR_TEMT);
}
