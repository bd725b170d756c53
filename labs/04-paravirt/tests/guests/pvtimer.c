/*
 * Micro-guest pvtimer (part B): the one-shot timer.  The PIT left stopped
 * and masked, only PV_TIMER_IRQ open at the PIC (a seeded vector base): a
 * timer too far away is refused; a timer of seeded length, then a halt,
 * wakes with its one interrupt; a timer armed, cancelled and armed again
 * fires once; a timer replaced by a shorter one fires once.  It folds the
 * interrupts counted after each step and eoi_lazy as each handler found it.
 */
#include "micro.h"
#include "pcdev.h"
#include "master.h"
#include "pvabi.h"

#define SEEN 8

static inline uint8_t vector_base(const struct micro *m)
{
	return (uint8_t)(0x20 + 8 * (micro_operand(m, 0) % 26));
}

static inline uint64_t usecs(const struct micro *m, unsigned n)
{
	return 1 + micro_operand(m, 1 + n) % 50000;
}

#ifndef MICRO_EXPECT
#include "guest/pv.h"
#include "rt.h"

static volatile unsigned fired, strays;
static volatile uint8_t lazy_seen[SEEN];
static uint8_t base;

static void handler(struct trapframe *tf)
{
	if (tf->vector != (uint64_t)base + PV_TIMER_IRQ) {
		strays++;
		return;
	}
	if (fired < SEEN)
		lazy_seen[fired] = pv_vcpu.eoi_lazy;
	fired++;
	pv_irq_eoi(PV_TIMER_IRQ);
}

static void run(struct micro *m)
{
	micro_fold(m, "HC_VCPU_INFO",
	           (uint64_t)hypercall(HC_VCPU_INFO, (uint64_t)&pv_vcpu, 0, 0, 0, 0));
	micro_fold(m, "a timer too far",
	           (uint64_t)pv_timer_oneshot(PV_TIMER_MAX_US + 1 + usecs(m, 9)));
	pv_vcpu.irq_masked = 1;
	base = vector_base(m);
	micro_idt_load(handler);
	master_pic(base, 1 << PV_TIMER_IRQ);
	x86_sti(); /* the page's byte is the mask now */
	/* Each timer is armed with interrupts masked in the page, and the halt
	 * unmasks: one that fires before the halt (the host's timer moves the
	 * guest's time on too) waits as pending, and the halt takes it. */
	micro_fold(m, "a timer", (uint64_t)pv_timer_oneshot(usecs(m, 0)));
	pv_safe_halt();
	micro_fold(m, "interrupts after its halt", fired);
	pv_irq_disable();
	pv_timer_oneshot(30000 + usecs(m, 1));
	micro_fold(m, "a timer cancelled", (uint64_t)pv_timer_oneshot(0));
	pv_timer_oneshot(usecs(m, 2));
	pv_safe_halt();
	micro_fold(m, "interrupts after the one armed again", fired);
	pv_irq_disable();
	pv_timer_oneshot(usecs(m, 3) + 50000);
	pv_timer_oneshot(usecs(m, 4));
	pv_safe_halt();
	micro_fold(m, "interrupts after the one replaced", fired);
	pv_irq_disable();
	x86_cli();
	outb(PIC1_DATA, 0xff);
	for (unsigned i = 0; i < fired && i < SEEN; i++)
		micro_fold(m, "eoi_lazy in the handler", lazy_seen[i]);
	micro_fold(m, "other vectors", strays);
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "HC_VCPU_INFO", 0);
	micro_fold(m, "a timer too far", (uint64_t)-HC_EINVAL);
	micro_fold(m, "a timer", 0);
	micro_fold(m, "interrupts after its halt", 1);
	micro_fold(m, "a timer cancelled", 0);
	micro_fold(m, "interrupts after the one armed again", 2);
	micro_fold(m, "interrupts after the one replaced", 3);
	for (unsigned i = 0; i < 3; i++)
		micro_fold(m, "eoi_lazy in the handler", 1);
	micro_fold(m, "other vectors", 0);
}
#endif

MICRO_GUEST(pvtimer, run, expect);
