/*
 * The console: a 16550 UART on COM1, 115200 baud 8N1, polled (no interrupts,
 * so the console works before the IDT exists and inside any trap handler).
 */
#include "console.h"
#include "pvops.h"

#define COM1 0x3f8
/* 16550 registers, as offsets from the base port. */
#define UART_DATA 0 /* transmit / receive; divisor low when LCR.DLAB */
#define UART_IER  1 /* interrupt enable; divisor high when LCR.DLAB */
#define UART_FCR  2 /* FIFO control */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */
#define LCR_DLAB  0x80
#define LCR_8N1   0x03
#define LSR_THRE  0x20 /* transmit holding register empty: room for a byte */
#define LSR_TEMT  0x40 /* transmitter empty: the last byte is on the wire */

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, 1); /* divisor 1: 115200 baud */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0x07); /* enable and clear the FIFOs */
	outb(COM1 + UART_MCR, 0x03); /* DTR, RTS */
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
	outb(COM1 + UART_DATA, (uint8_t)c);
}

void serial_drain(void)
{
	serial_wait(LSR_TEMT);
}
