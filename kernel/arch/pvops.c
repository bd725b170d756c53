/* The native backend of the privileged operations: the instructions themselves. */
#include "console.h"
#include "pvops.h"

const struct pv_ops pv_native = {
	.name = "native",
	.irq_disable = x86_cli,
	.irq_enable = x86_sti,
	.save_flags = x86_read_rflags,
	.restore_flags = x86_write_rflags,
	.safe_halt = x86_sti_hlt,
	.halt = x86_hlt,
	.inb = x86_inb,
	.outb = x86_outb,
	.outl = x86_outl,
	.read_cr0 = x86_read_cr0,
	.write_cr0 = x86_write_cr0,
	.read_cr2 = x86_read_cr2,
	.read_cr3 = x86_read_cr3,
	.write_cr3 = x86_write_cr3,
	.read_cr4 = x86_read_cr4,
	.invlpg = x86_invlpg,
	.rdmsr = x86_rdmsr,
	.wrmsr = x86_wrmsr,
	.cpuid = x86_cpuid,
	.load_gdt = x86_lgdt,
	.load_idt = x86_lidt,
	.load_tr = x86_ltr,
	.console_putc = serial_putc,
	.console_flush = serial_drain,
};

struct pv_ops pv = pv_native;

/* Weak: a build with another backend links its own (pvops.h). */
__attribute__((weak)) void pv_init(void)
{
}
