/*
 * The privileged operations of the kernel, behind one table.
 *
 * Every privileged thing the kernel does on purpose (mask interrupts, halt,
 * touch an I/O port, switch page tables, read an MSR, ...) goes through
 * `pv`, as Linux does with its paravirt ops.  The native backend (pvops.c)
 * executes the instruction; under a trap-and-emulate or VT-x monitor the
 * same instruction traps and is emulated; lab 04 installs a backend that asks
 * the hypervisor directly with a hypercall instead.  The console is here
 * too: on real hardware it is a UART polled a byte at a time, two port
 * accesses for each character, which a hypervisor can take in whole lines.
 *
 * The "can I tell I am virtualized" probes deliberately bypass this table:
 * they must execute the raw instruction (x86.h).
 */
#ifndef VLAB_PVOPS_H
#define VLAB_PVOPS_H

#include <stdint.h>
#include "x86.h"

struct pv_ops {
	const char *name;
	void (*irq_disable)(void);
	void (*irq_enable)(void);
	uint64_t (*save_flags)(void);          /* RFLAGS, for irq_save */
	void (*restore_flags)(uint64_t flags); /* only RFLAGS.IF is meant to change */
	void (*safe_halt)(void);               /* enable interrupts and wait for one */
	void (*halt)(void);
	void (*irq_eoi)(int irq); /* end of interrupt, to the PIC(s) */
	uint8_t (*inb)(uint16_t port);
	void (*outb)(uint16_t port, uint8_t value);
	void (*outl)(uint16_t port, uint32_t value);
	uint64_t (*read_cr0)(void);
	void (*write_cr0)(uint64_t value);
	uint64_t (*read_cr2)(void);
	uint64_t (*read_cr3)(void);
	void (*write_cr3)(uint64_t value);
	uint64_t (*read_cr4)(void);
	void (*invlpg)(uintptr_t va);
	/* Write a page-table entry that maps va; the new mapping holds after
	 * flush_mappings() at the latest (Linux's lazy MMU mode): natively at
	 * once, with INVLPG; a hypervisor may take a batch in one call. */
	void (*update_mapping)(uint64_t *pte, uint64_t value, uintptr_t va);
	void (*flush_mappings)(void);
	uint64_t (*rdmsr)(uint32_t msr);
	void (*wrmsr)(uint32_t msr, uint64_t value);
	void (*cpuid)(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *out);
	void (*load_gdt)(const struct desc_ptr *gdt);
	void (*load_idt)(const struct desc_ptr *idt);
	void (*load_tr)(uint16_t selector);
	void (*relax)(void); /* between two polls of what only time changes */
	void (*console_putc)(char c);
	void (*console_flush)(void); /* until the last byte has left */
};

extern struct pv_ops pv;
extern const struct pv_ops pv_native;

/* Called by kmain once memory and the IDT are up, before the first line:
 * install another backend if this build has one and the command line asks
 * for it.  The kernel's own does nothing; lab 04's guest build links its
 * paravirtual backend's instead. */
void pv_init(void);

static inline void irq_disable(void)
{
	pv.irq_disable();
}

static inline void irq_enable(void)
{
	pv.irq_enable();
}

/* Disable interrupts and return the previous RFLAGS, for irq_restore: the
 * pair nests, as pushf/cli ... popf does. */
static inline uint64_t irq_save(void)
{
	uint64_t flags = pv.save_flags();
	pv.irq_disable();
	return flags;
}

static inline void irq_restore(uint64_t flags)
{
	pv.restore_flags(flags);
}

static inline uint8_t inb(uint16_t port)
{
	return pv.inb(port);
}

static inline void outb(uint16_t port, uint8_t value)
{
	pv.outb(port, value);
}

#endif
