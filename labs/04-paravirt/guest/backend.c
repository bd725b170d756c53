/*
 * The paravirtual backend's table (pvops.h): the native operations, with
 * those the hypervisor does better replaced.  What stays native still
 * traps or exits, as port I/O to the PIC and the PIT does; lab 04's exit
 * counts show what is left.
 */
#include "pv.h"

static struct pv_ops pv_hypercall;

int64_t pv_install(void)
{
	int64_t r = hypercall(HC_VCPU_INFO, (uint64_t)&pv_vcpu, 0, 0, 0, 0);
	if (r < 0)
		return r;
	pv_hypercall = pv_native;
	pv_hypercall.name = "hypercall";
	/* Interrupts stay masked through the switch: the mask moves from
	 * RFLAGS.IF (clear since boot) to the shared page. */
	pv_vcpu.irq_masked = 1;
	pv_hypercall.irq_disable = pv_irq_disable;
	pv_hypercall.irq_enable = pv_irq_enable;
	pv_hypercall.save_flags = pv_save_flags;
	pv_hypercall.restore_flags = pv_restore_flags;
	pv_hypercall.safe_halt = pv_safe_halt;
	pv_hypercall.relax = pv_relax;
	pv_hypercall.irq_eoi = pv_irq_eoi;
	pv_hypercall.console_putc = pv_console_putc;
	pv_hypercall.console_flush = pv_console_flush;
	pv_hypercall.update_mapping = pv_update_mapping;
	pv_hypercall.flush_mappings = pv_flush_mappings;
	if (pv_base_init() == 0) {
		pv_hypercall.read_cr3 = pv_read_cr3;
		pv_hypercall.write_cr3 = pv_write_cr3;
	}
	pv = pv_hypercall;
	x86_sti();
	return 0;
}
