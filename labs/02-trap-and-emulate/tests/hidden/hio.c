/*
 * Hidden micro-guest "hio": port I/O in the forms the public guest does
 * not use.  16- and 32-bit IN and OUT, with the port in DX and as an
 * immediate, each byte going to the next port (an ISA bus's cycles): the
 * PIC's command and mask registers as one word, the UART's divisor latch,
 * FIFO control and line control as one doubleword; REP OUTSW and REP INSW
 * with DF set, walking down; REP INSB with a count of 0; REP OUTSB with an
 * FS override; REP INSB with a 32-bit address size; and ports no device
 * answers, as a word and a doubleword.  What IN writes to RAX: a 16-bit IN
 * keeps bits 16-63, a 32-bit IN clears bits 32-63; what the string forms
 * leave in RSI, RDI and RCX: with a 32-bit address size, ESI, EDI and
 * ECX, zero-extended as every 32-bit register write (SDM Vol. 1, 3.4.1.1).
 *
 * The UART's registers are changed only between two lines of output, and
 * put back before the next, so the console is never garbled.  Reading the
 * IIR clears a pending THR-empty interrupt (PC16550D datasheet, 8.3):
 * the first word REP INSW reads differs from the others, which shows the
 * order in which the words went to memory.
 *
 * The baseline is QEMU's, whose bus splits a wide access as an ISA bus
 * does; Bochs answers a word or a doubleword to the 8259's or the 16550's
 * byte-wide registers with all ones, so the first three values differ
 * there.
 */
#include "micro.h"
#include "pcdev.h"
#include "x86.h"

#define NO_DEVICE        0x2f8 /* COM2's ports: no second UART on either machine */
#define WORDS_MAX        6
#define SENTINEL         0x5a5a
#define LCR_SEEN         0x3f /* word length, stop bits, parity: no break, no DLAB */
#define IIR_FIFOS_NO_INT (IIR_FIFOS | IIR_NO_INT)

static uint64_t junk(const struct micro *m)
{
	return micro_operand(m, 0);
}

static uint8_t pic_mask(const struct micro *m, unsigned chip)
{
	return (uint8_t)micro_operand(m, 1 + chip);
}

static uint8_t lcr(const struct micro *m)
{
	return (uint8_t)micro_operand(m, 3) & LCR_SEEN;
}

/* The doubleword OUT to COM1 with DLAB set: DLL, DLM, FCR (FIFOs on,
 * a seeded trigger level), LCR (DLAB kept). */
static uint32_t uart_dword(const struct micro *m)
{
	uint32_t v = (uint32_t)micro_operand(m, 4);
	return (v & 0xffff) | (uint32_t)(0x07 | (v >> 16 & 0xc0)) << 16 |
	       (uint32_t)(LCR_DLAB | lcr(m)) << 24;
}

static uint16_t divisor(const struct micro *m)
{
	return (uint16_t)micro_operand(m, 5);
}

static unsigned words(const struct micro *m)
{
	return 3 + micro_operand(m, 6) % (WORDS_MAX - 2); /* 3 .. 6 */
}

static uint16_t word_out(const struct micro *m, unsigned i)
{
	return (uint16_t)(micro_operand(m, 7) >> (16 * (i % 4)) ^ i);
}

static uint8_t byte_out(const struct micro *m, unsigned i)
{
	return (uint8_t)(micro_operand(m, 8) >> (8 * i));
}

static unsigned bytes(const struct micro *m)
{
	return 2 + micro_operand(m, 9) % 6; /* 2 .. 7 */
}

#ifndef MICRO_EXPECT
#include "console.h"
#include "pvops.h"

static uint64_t fs_base(const struct micro *m)
{
	return micro_operand(m, 10) & 0x00007ffffffffff0ull;
}

static void pic_words(struct micro *m)
{
	/* The command port takes OCW3 "read the ISR", the data port the mask;
	 * RAX's upper bits are garbage that a 16-bit IN keeps. */
	uint64_t master = (junk(m) & ~0xffffull) | (uint16_t)(pic_mask(m, 0) << 8 | PIC_READ_ISR);
	uint64_t slave = (~junk(m) & ~0xffffull) | (uint16_t)(pic_mask(m, 1) << 8 | PIC_READ_ISR);
	__asm__ volatile("outw %%ax, %%dx\n\tinw %%dx, %%ax" : "+a"(master) : "d"(PIC1_CMD));
	__asm__ volatile("outw %%ax, $0xa0\n\tinw $0xa0, %%ax" : "+a"(slave));
	outb(PIC1_CMD, PIC_READ_IRR);
	outb(PIC2_CMD, PIC_READ_IRR);
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	micro_fold(m, "outw, inw %dx <- master ISR, mask; RAX", master);
	micro_fold(m, "outw, inw $0xa0 <- slave ISR, mask; RAX", slave);
}

static void uart_words(struct micro *m)
{
	uint64_t dword = (junk(m) & ~0xffffffffull) | uart_dword(m);
	uint64_t word = (junk(m) & ~0xffffull) | divisor(m), last = junk(m);
	uint16_t out[WORDS_MAX], in[WORDS_MAX + 2];
	unsigned n = words(m);
	for (unsigned i = 0; i < n; i++)
		out[i] = word_out(m, i);
	for (unsigned i = 0; i < n + 2; i++)
		in[i] = SENTINEL;
	const uint16_t *src = &out[n - 1];
	uint16_t *dst = &in[n];
	unsigned long count_out = n, count_in = n;

	/* From here to the end, no output: DLAB is set or the LCR changed.
	 * The last line leaves the wire first. */
	serial_drain();
	outb(COM1 + UART_LCR, LCR_DLAB);
	__asm__ volatile("outl %%eax, %%dx\n\tinl %%dx, %%eax" : "+a"(dword) : "d"(COM1));
	__asm__ volatile("outw %%ax, %%dx\n\tinw %%dx, %%ax" : "+a"(word) : "d"(COM1));
	__asm__ volatile("std\n\trep outsw\n\tcld\n\tinw %%dx, %%ax"
	                 : "+S"(src), "+c"(count_out), "+a"(last)
	                 : "d"(COM1)
	                 : "memory");
	outb(COM1 + UART_LCR, lcr(m));
	outb(COM1 + UART_IER, IER_ETBEI); /* THR is empty: the interrupt is pending */
	__asm__ volatile("std\n\trep insw\n\tcld"
	                 : "+D"(dst), "+c"(count_in)
	                 : "d"(COM1 + UART_IIR)
	                 : "memory");
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_FCR, 0x07);
	outb(COM1 + UART_LCR, LCR_8N1);

	micro_fold(m, "outl, inl COM1 (DLAB) <- DLL, DLM, IIR, LCR; RAX", dword);
	micro_fold(m, "outw, inw COM1 (DLAB) <- the divisor; RAX", word);
	micro_fold(m, "std; rep outsw, then inw: the last word; RAX", last);
	micro_fold(m, "std; rep outsw: RSI moved by", (uint64_t)src - (uint64_t)&out[n - 1]);
	micro_fold(m, "std; rep outsw: RCX left", count_out);
	for (unsigned i = 0; i < n + 2; i++)
		micro_fold(m, "std; rep insw <- IIR, LCR: the words", in[i]);
	micro_fold(m, "std; rep insw: RDI moved by", (uint64_t)dst - (uint64_t)&in[n]);
	micro_fold(m, "std; rep insw: RCX left", count_in);
}

static void string_bytes(struct micro *m)
{
	uint8_t out[8], in[8];
	unsigned n = bytes(m);
	for (unsigned i = 0; i < 8; i++) {
		out[i] = byte_out(m, i);
		in[i] = (uint8_t)SENTINEL;
	}

	/* A count of 0: nothing moves. */
	uint8_t *dst = in;
	unsigned long count = 0;
	__asm__ volatile("rep insb" : "+D"(dst), "+c"(count) : "d"(COM1 + UART_SCR) : "memory");
	micro_fold(m, "rep insb, RCX 0: RDI moved by", (uint64_t)(dst - in));

	/* FS's base added to RSI. */
	uint64_t fs = fs_base(m);
	x86_wrmsr(MSR_IA32_FS_BASE, fs);
	uint64_t rsi = (uint64_t)out - fs;
	count = n;
	__asm__ volatile("rep outsb %%fs:(%%rsi), (%%dx)"
	                 : "+S"(rsi), "+c"(count)
	                 : "d"(COM1 + UART_SCR)
	                 : "memory");
	x86_wrmsr(MSR_IA32_FS_BASE, 0);
	micro_fold(m, "rep outsb %fs:, then in: the last byte", inb(COM1 + UART_SCR));
	micro_fold(m, "rep outsb %fs: RSI moved by", rsi - ((uint64_t)out - fs));

	/* A 32-bit address size: EDI and ECX count, garbage above them, and
	 * each is written back zero-extended. */
	uint64_t rdi = junk(m) << 32 | (uint32_t)(uint64_t)in;
	uint64_t rcx = ~junk(m) << 32 | n;
	__asm__ volatile("addr32 rep insb"
	                 : "+D"(rdi), "+c"(rcx)
	                 : "d"(COM1 + UART_SCR)
	                 : "memory");
	uint64_t got = 0;
	for (unsigned i = 0; i < 8; i++)
		got = got << 8 | in[i];
	micro_fold(m, "addr32 rep insb: the bytes", got);
	micro_fold(m, "addr32 rep insb: RDI", rdi - (uint32_t)(uint64_t)in);
	micro_fold(m, "addr32 rep insb: RCX", rcx);
}

static void no_device(struct micro *m)
{
	/* The doubleword aligned: QEMU 7.2 reads 0, not all ones, from one at
	 * 0x2fe, which runs past COM2's eight ports. */
	uint64_t w = junk(m), l = junk(m);
	uint16_t word_port = (uint16_t)(NO_DEVICE + (junk(m) & 6));
	uint16_t dword_port = (uint16_t)(NO_DEVICE + (junk(m) & 4));
	__asm__ volatile("outw %%ax, %%dx\n\tinw %%dx, %%ax" : "+a"(w) : "d"(word_port));
	__asm__ volatile("outl %%eax, %%dx\n\tinl %%dx, %%eax" : "+a"(l) : "d"(dword_port));
	micro_fold(m, "inw <- ports with no device; RAX", w);
	micro_fold(m, "inl <- ports with no device; RAX", l);
}

static void run(struct micro *m)
{
	pic_words(m);
	uart_words(m);
	string_bytes(m);
	no_device(m);
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "outw, inw %dx <- master ISR, mask; RAX",
	           (junk(m) & ~0xffffull) | (uint64_t)pic_mask(m, 0) << 8);
	micro_fold(m, "outw, inw $0xa0 <- slave ISR, mask; RAX",
	           (~junk(m) & ~0xffffull) | (uint64_t)pic_mask(m, 1) << 8);

	uint32_t d = uart_dword(m);
	micro_fold(m, "outl, inl COM1 (DLAB) <- DLL, DLM, IIR, LCR; RAX",
	           (d & 0xffff) | (uint32_t)IIR_FIFOS_NO_INT << 16 | (d & 0xff000000u));
	micro_fold(m, "outw, inw COM1 (DLAB) <- the divisor; RAX",
	           (junk(m) & ~0xffffull) | divisor(m));
	unsigned n = words(m);
	/* Walking down, the last word out is the first of the buffer. */
	micro_fold(m, "std; rep outsw, then inw: the last word; RAX",
	           (junk(m) & ~0xffffull) | word_out(m, 0));
	micro_fold(m, "std; rep outsw: RSI moved by", (uint64_t) - (int64_t)(2 * n));
	micro_fold(m, "std; rep outsw: RCX left", 0);
	/* in[n] first, with THR empty pending, then down to in[1]. */
	for (unsigned i = 0; i < n + 2; i++) {
		uint16_t iir = i == n ? IIR_FIFOS | IIR_THRE : IIR_FIFOS_NO_INT;
		micro_fold(m, "std; rep insw <- IIR, LCR: the words",
		           i == 0 || i == n + 1 ? SENTINEL : (uint16_t)(lcr(m) << 8 | iir));
	}
	micro_fold(m, "std; rep insw: RDI moved by", (uint64_t) - (int64_t)(2 * n));
	micro_fold(m, "std; rep insw: RCX left", 0);

	unsigned b = bytes(m);
	micro_fold(m, "rep insb, RCX 0: RDI moved by", 0);
	micro_fold(m, "rep outsb %fs:, then in: the last byte", byte_out(m, b - 1));
	micro_fold(m, "rep outsb %fs: RSI moved by", b);
	uint64_t got = 0;
	for (unsigned i = 0; i < 8; i++)
		got = got << 8 | (i < b ? byte_out(m, b - 1) : (uint8_t)SENTINEL);
	micro_fold(m, "addr32 rep insb: the bytes", got);
	micro_fold(m, "addr32 rep insb: RDI", b);
	micro_fold(m, "addr32 rep insb: RCX", 0);

	micro_fold(m, "inw <- ports with no device; RAX", (junk(m) & ~0xffffull) | 0xffff);
	micro_fold(m, "inl <- ports with no device; RAX", 0xffffffff);
}
#endif

MICRO_GUEST(hio, run, expect);
