/* The native backend of the privileged operations: the instructions themselves. */
#include "console.h"
#include "pcdev.h"
#include "pvops.h"

/* Between two polls of something only time changes: a short spin, and no
 * port access: under QEMU's TCG every port access takes the emulator's
 * global lock, and a loop of nothing but port reads can keep the thread
 * that fires the PIT from ever getting that lock on a busy host. */
static void native_relax(void)
{
	for (volatile int spin = 0; spin < 100; spin++)
		x86_pause();
}

/* A non-specific EOI to the chip the request came through, and to the
 * master for a slave's (it saw the cascade). */
static void native_irq_eoi(int irq)
{
	if (irq >= 8)
		x86_outb(PIC2_CMD, PIC_EOI);
	x86_outb(PIC1_CMD, PIC_EOI);
}

static void native_update_mapping(uint64_t *pte, uint64_t value, uintptr_t va)
{
	*pte = value;
	x86_invlpg(va);
}

static void native_flush_mappings(void)
{
}

const struct pv_ops pv_native = {
	.name = "native",
	.irq_disable = x86_cli,
	.irq_enable = x86_sti,
	.save_flags = x86_read_rflags,
	.restore_flags = x86_write_rflags,
	.safe_halt = x86_sti_hlt,
	.halt = x86_hlt,
	.irq_eoi = native_irq_eoi,
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
	.update_mapping = native_update_mapping,
	.flush_mappings = native_flush_mappings,
	.rdmsr = x86_rdmsr,
	.wrmsr = x86_wrmsr,
	.cpuid = x86_cpuid,
	.load_gdt = x86_lgdt,
	.load_idt = x86_lidt,
	.load_tr = x86_ltr,
	.relax = native_relax,
	.console_putc = serial_putc,
	.console_flush = serial_drain,
};

struct pv_ops pv = pv_native;

/* Weak: a build with another backend links its own (pvops.h). */
__attribute__((weak)) void pv_init(void)
{
}
