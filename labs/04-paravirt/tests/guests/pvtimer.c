/*
 * Micro-guest pvtimer (part B): the one-shot timer.  The PIT left stopped
 * and masked, only PV_TIMER_IRQ open at the PIC (a seeded vector base): a
 * timer too far away is refused; a timer of seeded length, then a halt,
 * wakes with its one interrupt; a timer armed, cancelled and armed again
 * fires once; a timer replaced by a shorter one fires once.  It folds the
 * interrupts counted after each step and eoi_lazy as each handler found it.
 */
#include "micro.h"
#include "irqline.h"
#include "pvabi.h"

static inline uint64_t usecs(const struct micro *m, unsigned n)
{
	return 1 + micro_operand(m, 1 + n) % 50000;
}

#ifndef MICRO_EXPECT
static void run(struct micro *m)
{
	micro_fold(m, "HC_VCPU_INFO",
	           (uint64_t)hypercall(HC_VCPU_INFO, (uint64_t)&pv_vcpu, 0, 0, 0, 0));
	micro_fold(m, "a timer too far",
	           (uint64_t)pv_timer_oneshot(PV_TIMER_MAX_US + 1 + usecs(m, 9)));
	irqline_open(m, PV_TIMER_IRQ);
	/* Each timer is armed with interrupts masked in the page, and the halt
	 * unmasks: one that fires before the halt (the host's timer moves the
	 * guest's time on too) waits as pending, and the halt takes it. */
	micro_fold(m, "a timer", (uint64_t)pv_timer_oneshot(usecs(m, 0)));
	pv_safe_halt();
	micro_fold(m, "interrupts after its halt", irqline.count);
	pv_irq_disable();
	pv_timer_oneshot(30000 + usecs(m, 1));
	micro_fold(m, "a timer cancelled", (uint64_t)pv_timer_oneshot(0));
	pv_timer_oneshot(usecs(m, 2));
	pv_safe_halt();
	micro_fold(m, "interrupts after the one armed again", irqline.count);
	pv_irq_disable();
	pv_timer_oneshot(usecs(m, 3) + 50000);
	pv_timer_oneshot(usecs(m, 4));
	pv_safe_halt();
	micro_fold(m, "interrupts after the one replaced", irqline.count);
	irqline_close(m);
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
	irqline_expect(m, 3);
}
#endif

MICRO_GUEST(pvtimer, run, expect);
