/*
 * Micro-guest "timer": the 8259A and the 8254 as a guest programs them, and
 * interrupts delivered through its IDT.  The PIC is initialised with a
 * seeded vector base and, by the seed, automatic EOI; the PIT with a seeded
 * mode (2 or 3) and divisor.  Observed: the request held in the IRR while
 * IF is clear, the one interrupt STI lets through, its vector, the ISR as
 * the handler sees it, one wake-up per HLT, and a latched count within the
 * divisor.  The handler masks IRQ 0 before its EOI, so however slowly a
 * monitor runs it, exactly one interrupt arrives per window opened.
 */
#include "micro.h"
#include "pcdev.h"
#include "x86.h"

static uint8_t vector_base(const struct micro *m)
{
	return (uint8_t)(0x20 + 8 * (micro_operand(m, 0) % 28)); /* 0x20 .. 0xf8 */
}

static bool auto_eoi(const struct micro *m)
{
	return micro_operand(m, 1) & 1;
}

static unsigned halts(const struct micro *m)
{
	return 2 + micro_operand(m, 4) % 4;
}

#ifndef MICRO_EXPECT
#include "pvops.h"
#include "rt.h"

/* What only the guest needs to know: the timer's mode and divisor. */
static unsigned mode(const struct micro *m)
{
	return micro_operand(m, 2) & 1 ? PIT_SQUARE_WAVE : PIT_RATE_GEN;
}

static uint16_t divisor(const struct micro *m)
{
	return (uint16_t)(2000 + (micro_operand(m, 3) % 5000) * 2); /* even: 100 - 600 Hz */
}

static volatile struct {
	unsigned count, other;
	uint64_t vector; /* of the last interrupt */
	uint8_t isr;
} seen;
static uint8_t base;
static bool aeoi;

static void on_interrupt(struct trapframe *tf)
{
	seen.vector = tf->vector;
	if (tf->vector != base) {
		seen.other++;
		return;
	}
	seen.count++;
	outb(PIC1_CMD, PIC_READ_ISR);
	seen.isr = inb(PIC1_CMD);
	outb(PIC1_DATA, 0xff); /* no second one before the guest opens a window again */
	if (!aeoi)
		outb(PIC1_CMD, PIC_EOI);
}

static bool wait_request(void)
{
	outb(PIC1_CMD, PIC_READ_IRR);
	for (long i = 0; i < 50000000; i++)
		if (inb(PIC1_CMD) & 1)
			return true;
	return false;
}

static void run(struct micro *m)
{
	base = vector_base(m);
	aeoi = auto_eoi(m);
	micro_idt_load(on_interrupt);
	outb(PIC1_CMD, PIC_ICW1_8086);
	outb(PIC2_CMD, PIC_ICW1_8086);
	outb(PIC1_DATA, base);
	outb(PIC2_DATA, base + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE);
	outb(PIC2_DATA, PIC_CASCADE);
	outb(PIC1_DATA, ICW4_UPM | (aeoi ? ICW4_AEOI : 0));
	outb(PIC2_DATA, ICW4_UPM);
	outb(PIC2_DATA, 0xff);
	outb(PIC1_DATA, 0xfe);
	outb(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, mode(m)));
	outb(PIT_CH0, divisor(m) & 0xff);
	outb(PIT_CH0, divisor(m) >> 8);

	micro_fold(m, "cli: the request waits in the IRR", wait_request());
	micro_fold(m, "cli: none delivered", seen.count);
	__asm__ volatile("sti; nop; cli" ::: "memory"); /* the window: one instruction */
	micro_fold(m, "sti: delivered", seen.count);
	micro_fold(m, "the vector", seen.vector);
	micro_fold(m, "the ISR in the handler", seen.isr);
	micro_fold(m, "other vectors", seen.other);

	for (unsigned i = 0; i < halts(m); i++) {
		outb(PIC1_DATA, 0xfe);
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	}
	micro_fold(m, "hlt: one wake-up each", seen.count - 1);

	outb(PIT_MODE, PIT_CW(0, PIT_RW_LATCH, 0));
	uint16_t count = inb(PIT_CH0);
	count |= (uint16_t)inb(PIT_CH0) << 8;
	micro_fold(m, "latched count within the divisor", count <= divisor(m));
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "cli: the request waits in the IRR", 1);
	micro_fold(m, "cli: none delivered", 0);
	micro_fold(m, "sti: delivered", 1);
	micro_fold(m, "the vector", vector_base(m));
	micro_fold(m, "the ISR in the handler", auto_eoi(m) ? 0 : 1);
	micro_fold(m, "other vectors", 0);
	micro_fold(m, "hlt: one wake-up each", halts(m));
	micro_fold(m, "latched count within the divisor", 1);
}
#endif

MICRO_GUEST(timer, run, expect);
