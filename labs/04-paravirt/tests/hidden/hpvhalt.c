/*
 * Hidden hostile guest hpvhalt (part B): the shared page registered, every
 * PIC line masked, interrupts unmasked in the page, then HC_HALT, after a
 * seeded number of yields.  Nothing can ever wake it: the hypervisor must
 * stop it through vm_fail with a reason that starts "HC_HALT", within the
 * run's time limit (not wait in real time, not resume it, not hang).
 */
#include "micro.h"
#include "pcdev.h"
#include "pvabi.h"

#ifndef MICRO_EXPECT
#include "console.h"
#include "guest/pv.h"

static void run(struct micro *m)
{
	unsigned yields = 1 + micro_operand(m, 0) % 16;
	kprintf("hostile: hpvhalt: HC_HALT with every PIC line masked, after %u yields\n", yields);
	micro_fold(m, "HC_VCPU_INFO",
	           (uint64_t)hypercall(HC_VCPU_INFO, (uint64_t)&pv_vcpu, 0, 0, 0, 0));
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	for (unsigned i = 0; i < yields; i++)
		pv_relax();
	pv_safe_halt();
	kprintf("hostile: hpvhalt: not stopped (seed %lu)\n", m->seed);
}
#endif

#ifdef MICRO_EXPECT
/* No line to expect: the guest must not get to print one. */
static void expect(struct micro *m)
{
	(void)m;
}
#endif

MICRO_GUEST(hpvhalt, run, expect);
