/*
 * "Can I tell I am virtualized?"  Each probe executes a raw instruction,
 * bypassing the pv table, and reports whether it saw a sign of a monitor.
 * They are the x86 holes of Popek and Goldberg's theorem: instructions that
 * are sensitive but do not trap in ring 3, so a trap-and-emulate monitor
 * cannot hide them (SGDT, POPF, reading CS), plus the flag a hypervisor sets
 * to announce itself.  Natively on real hardware all are hidden; QEMU and
 * Bochs may set the CPUID flag, since they are hypervisors too.
 */
#include "console.h"
#include "pvops.h"
#include "selftest.h"

uint64_t gdt_base(void);

static void report(const char *name, const char *leak)
{
	if (leak)
		kprintf("detect: %s: leaks (%s)\n", name, leak);
	else
		kprintf("detect: %s: hidden\n", name);
}

/* In ring 3 with IOPL 0, POPF silently keeps IF: no trap, no change. */
static const char *popf_if(void)
{
	uint64_t saved = x86_read_rflags();
	x86_cli();
	x86_write_rflags(saved | RFLAGS_IF);
	uint64_t now = x86_read_rflags();
	x86_write_rflags(saved);
	return now & RFLAGS_IF ? 0 : st_fail("POPF could not set IF");
}

/* SGDT is not privileged: it shows the monitor's GDT, not the one we loaded. */
static const char *sgdt(void)
{
	struct desc_ptr p;
	x86_sgdt(&p);
	return p.base == gdt_base() ? 0 : st_fail("GDT at %#lx, loaded %#lx", p.base, gdt_base());
}

/* The RPL of CS is the privilege level the code really runs at. */
static const char *cs_rpl(void)
{
	uint16_t cs = x86_read_cs();
	return (cs & 3) == 0 ? 0 : st_fail("CS is %#x, ring %d", cs, cs & 3);
}

/* CPUID.1:ECX bit 31 is set by hypervisors (SDM Vol. 2A, CPUID: "Not used";
 * reserved for this purpose by convention). */
static const char *cpuid_hypervisor(void)
{
	struct cpuid_regs r;
	x86_cpuid(1, 0, &r);
	return r.ecx & (1u << 31) ? st_fail("CPUID.1:ECX.31 set") : 0;
}

void detect_run_all(void)
{
	report("popf_if", popf_if());
	report("sgdt", sgdt());
	report("cs_rpl", cs_rpl());
	report("cpuid_hypervisor", cpuid_hypervisor());
}
