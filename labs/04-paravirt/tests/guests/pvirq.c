/*
 * Micro-guest pvirq (part B): the paravirtual CPU's interrupts.  It
 * registers its shared page (refused first when misaligned or beyond RAM),
 * programs the PIC (a seeded vector base) and the PIT (a seeded, long
 * period), and with the mask set in the page yields for time until the
 * PIC holds the tick: it must wait, noted as pending.  Unmasking delivers
 * it; each halt wakes with one tick; yields bring a seeded number more;
 * every interrupt is ended through the lazy EOI the hypervisor offers.  It folds the ticks counted
 * after each step, the pending flag, and eoi_lazy as each handler found it.
 */
#include "micro.h"
#include "pcdev.h"
#include "master.h"
#include "pvabi.h"

#define LAZY_SEEN 32
#define POLLS     1000 /* yields of a millisecond: the PIT's period is under 55 */

static inline uint8_t vector_base(const struct micro *m)
{
	return (uint8_t)(0x20 + 8 * (micro_operand(m, 0) % 26));
}

/* 40000 clocks and more, some 34 ms: a host timer tick adds 1193, so no
 * second edge comes while the guest runs between two steps. */
static inline uint16_t divisor(const struct micro *m)
{
	return (uint16_t)(40000 + micro_operand(m, 1) % 25000);
}

static inline unsigned halts(const struct micro *m)
{
	return 2 + micro_operand(m, 3) % 5;
}

static inline unsigned yields(const struct micro *m)
{
	return 1 + micro_operand(m, 4) % 4;
}

#ifndef MICRO_EXPECT
#include "guest/pv.h"
#include "rt.h"

static volatile unsigned ticks, strays;
static volatile uint8_t lazy_seen[LAZY_SEEN];
static uint8_t base;

/* The master PIC's requests (OCW3: read the IRR). */
static uint8_t pic_irr(void)
{
	outb(PIC1_CMD, PIC_READ_IRR);
	return inb(PIC1_CMD);
}

static void handler(struct trapframe *tf)
{
	if (tf->vector != base) {
		strays++;
		return;
	}
	if (ticks < LAZY_SEEN)
		lazy_seen[ticks] = pv_vcpu.eoi_lazy;
	ticks++;
	pv_irq_eoi(0);
}

static void pic_and_pit(const struct micro *m)
{
	base = vector_base(m);
	master_pic(base, 1 << 0); /* IRQ 0 only */
	outb(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	outb(PIT_CH0, divisor(m) & 0xff);
	outb(PIT_CH0, divisor(m) >> 8);
}

static void run(struct micro *m)
{
	uint64_t page = (uint64_t)&pv_vcpu;
	micro_fold(m, "HC_VCPU_INFO, misaligned",
	           (uint64_t)hypercall(HC_VCPU_INFO, page + 8 * (1 + micro_operand(m, 5) % 511), 0,
	                               0, 0, 0));
	micro_fold(m, "HC_VCPU_INFO, beyond RAM",
	           (uint64_t)hypercall(HC_VCPU_INFO, 1ull << 40, 0, 0, 0, 0));
	micro_fold(m, "HC_VCPU_INFO", (uint64_t)hypercall(HC_VCPU_INFO, page, 0, 0, 0, 0));
	pv_vcpu.irq_masked = 1;
	micro_idt_load(handler);
	pic_and_pit(m);
	x86_sti(); /* from now on the page's byte is the mask */
	for (unsigned i = 0; i < POLLS && !(pic_irr() & 1); i++)
		pv_relax();
	micro_fold(m, "ticks while masked", ticks);
	micro_fold(m, "irq_pending while masked", pv_vcpu.irq_pending);
	pv_irq_enable();
	micro_fold(m, "ticks after unmasking", ticks);
	/* Masked before each halt, which unmasks: a tick that comes between
	 * two halts waits as pending, and the next halt takes it. */
	for (unsigned i = 0; i < halts(m); i++) {
		pv_irq_disable();
		pv_safe_halt();
	}
	micro_fold(m, "ticks after the halts", ticks);
	for (unsigned i = 0, want = ticks + yields(m); i < POLLS && ticks < want; i++)
		pv_relax();
	micro_fold(m, "ticks after the yields", ticks);
	pv_irq_disable();
	x86_cli();
	outb(PIC1_DATA, 0xff);
	for (unsigned i = 0; i < ticks && i < LAZY_SEEN; i++)
		micro_fold(m, "eoi_lazy in the handler", lazy_seen[i]);
	micro_fold(m, "other vectors", strays);
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "HC_VCPU_INFO, misaligned", (uint64_t)-HC_EINVAL);
	micro_fold(m, "HC_VCPU_INFO, beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "HC_VCPU_INFO", 0);
	micro_fold(m, "ticks while masked", 0);
	micro_fold(m, "irq_pending while masked", 1);
	micro_fold(m, "ticks after unmasking", 1);
	unsigned ticks = 1 + halts(m);
	micro_fold(m, "ticks after the halts", ticks);
	ticks += yields(m);
	micro_fold(m, "ticks after the yields", ticks);
	for (unsigned i = 0; i < ticks && i < LAZY_SEEN; i++)
		micro_fold(m, "eoi_lazy in the handler", 1);
	micro_fold(m, "other vectors", 0);
}
#endif

MICRO_GUEST(pvirq, run, expect);
