/*
 * Part B, the guest's paravirtual CPU: interrupts masked by a byte in the
 * page it shares with the hypervisor (pvabi.h, struct pv_vcpu_info), so
 * CLI, STI, PUSHF and POPF, each an exit or a trap under lab 02, cost
 * nothing; and halt as a hypercall.  The guest's RFLAGS.IF stays set: the
 * byte is the mask now.  Xen's PV guests do the same with vcpu_info's
 * evtchn_upcall_mask and evtchn_upcall_pending.
 */
#include "pv.h"

struct pv_vcpu_info pv_vcpu __attribute__((aligned(4096)));

/* The compiler must not move a load or a store of the guest's data across
 * a change of the mask. */
#define barrier() __asm__ volatile("" ::: "memory")

void pv_irq_disable(void)
{
	/* BEGIN SOLUTION */ /* STUB: x86_cli(); */
	pv_vcpu.irq_masked = 1;
	barrier();
	/* END SOLUTION */
}

void pv_irq_enable(void)
{
	/* BEGIN SOLUTION */ /* STUB: x86_sti(); */
	barrier();
	pv_vcpu.irq_masked = 0;
	barrier();
	/* An interrupt came while masked: the hypervisor noted it and waits
	 * for an exit to deliver it.  Checked after the store, so one that
	 * comes in between is delivered at its own exit. */
	if (pv_vcpu.irq_pending)
		hypercall(HC_IRQ_UNMASK, 0, 0, 0, 0, 0);
	/* END SOLUTION */
}

/* irq_save() and irq_restore() see IF as the mask says; the other flags
 * are not the backend's business (pvops.h). */
uint64_t pv_save_flags(void)
{
	/* BEGIN SOLUTION */ /* STUB: return x86_read_rflags(); */
	return pv_vcpu.irq_masked ? 0 : RFLAGS_IF;
	/* END SOLUTION */
}

void pv_restore_flags(uint64_t flags)
{
	/* BEGIN SOLUTION */ /* STUB: x86_write_rflags(flags); */
	if (flags & RFLAGS_IF)
		pv_irq_enable();
	else
		pv_irq_disable();
	/* END SOLUTION */
}

/* STI; HLT, in one step: the hypervisor unmasks and waits, so no
 * interrupt can slip in between the two. */
void pv_safe_halt(void)
{
	/* BEGIN SOLUTION */ /* STUB: x86_sti_hlt(); */
	hypercall(HC_HALT, 0, 0, 0, 0, 0);
	/* END SOLUTION */
}

/* A polling loop (pvops.h, relax): the guest waits for time to pass, so
 * it asks for time rather than spin through the exits of its polls. */
void pv_relax(void)
{
	/* BEGIN SOLUTION */ /* STUB: x86_pause(); */
	hypercall(HC_YIELD, 0, 0, 0, 0, 0);
	/* END SOLUTION */
}

/* The end of an interrupt: a byte cleared, if the hypervisor allowed it
 * for this one (pvabi.h); the PIC's command port otherwise. */
void pv_irq_eoi(int irq)
{
	/* BEGIN SOLUTION */ /* STUB: pv_native.irq_eoi(irq); */
	if (irq < 8 && pv_vcpu.eoi_lazy) {
		pv_vcpu.eoi_lazy = 0;
		return;
	}
	pv_native.irq_eoi(irq);
	/* END SOLUTION */
}

int64_t pv_timer_oneshot(uint64_t usecs)
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	return hypercall(HC_TIMER_ONESHOT, usecs, 0, 0, 0, 0);
	/* END SOLUTION */
}
