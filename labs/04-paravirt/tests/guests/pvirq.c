/*
 * Micro-guest pvirq (part B): the paravirtual CPU's interrupts.  It
 * registers its shared page (refused first when misaligned or beyond RAM),
 * programs the PIC (a seeded vector base) and the PIT (a seeded, long
 * period), and with the mask set in the page yields for time until the
 * PIC holds the tick: it must wait, noted as pending.  Unmasking delivers
 * it; each halt wakes with one tick; yields bring a seeded number more;
 * every interrupt is ended through the lazy EOI the hypervisor offers
 * (irqline.h).  It folds the ticks counted after each step, the pending
 * flag, and eoi_lazy as each handler found it.
 */
#include "micro.h"
#include "irqline.h"
#include "pcdev.h"
#include "pvabi.h"

#define POLLS 1000 /* yields of a millisecond: the PIT's period is under 55 */

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
/* The master PIC's requests (OCW3: read the IRR). */
static uint8_t pic_irr(void)
{
	outb(PIC1_CMD, PIC_READ_IRR);
	return inb(PIC1_CMD);
}

/* The PIT: mode 2, the seeded divisor. */
static void pit(const struct micro *m)
{
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
	irqline_open(m, 0);
	pit(m);
	for (unsigned i = 0; i < POLLS && !(pic_irr() & 1); i++)
		pv_relax();
	micro_fold(m, "irqline.count while masked", irqline.count);
	micro_fold(m, "irq_pending while masked", pv_vcpu.irq_pending);
	pv_irq_enable();
	micro_fold(m, "irqline.count after unmasking", irqline.count);
	/* Masked before each halt, which unmasks: a tick that comes between
	 * two halts waits as pending, and the next halt takes it. */
	for (unsigned i = 0; i < halts(m); i++) {
		pv_irq_disable();
		pv_safe_halt();
	}
	micro_fold(m, "irqline.count after the halts", irqline.count);
	for (unsigned i = 0, want = irqline.count + yields(m); i < POLLS && irqline.count < want;
	     i++)
		pv_relax();
	micro_fold(m, "irqline.count after the yields", irqline.count);
	irqline_close(m);
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
	irqline_expect(m, ticks);
}
#endif

MICRO_GUEST(pvirq, run, expect);
