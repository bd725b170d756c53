/*
 * Micro-guest "crmsr": MOV to and from CR0, CR2, CR3 and CR4, RDMSR and
 * WRMSR: seeded values written and read back, so a monitor must keep the
 * guest's view of each register (SDM Vol. 3A, 2.5 "Control Registers";
 * Vol. 4, Table 2-2).
 */
#include "bootinfo.h"
#include "micro.h"
#include "x86.h"

#define CR0_AM 0x40000ull
#define CR0_CD 0x40000000ull
#define CR0_NW 0x20000000ull
/* CR4 bits both emulators' CPUs have and this guest does not feel:
 * TSD, DE, PGE, PCE, OSFXSR, OSXMMEXCPT (SDM Vol. 3A, 2.5). */
#define CR4_TSD        (1ull << 2)
#define CR4_DE         (1ull << 3)
#define CR4_PCE        (1ull << 8)
#define CR4_OSFXSR     (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_SEEDED     (CR4_TSD | CR4_DE | CR4_PGE | CR4_PCE | CR4_OSFXSR | CR4_OSXMMEXCPT)
#define CR3_PWT        (1ull << 3)
#define CR3_PCD        (1ull << 4)
#define EFER_SCE       1ull

/* The CR0 this guest writes: paging on as the loader left it, the cache
 * on, and MP, TS, AM from the seed.  ET is left out: it reads 1 anyway. */
static uint64_t cr0_value(const struct micro *m)
{
	return CR0_PE | CR0_NE | CR0_WP | CR0_PG |
	       (micro_operand(m, 0) & (CR0_MP | CR0_TS | CR0_AM));
}

static uint64_t canonical(uint64_t v)
{
	return v & 0x00007ffffffff000ull; /* the lower half, page aligned */
}

#ifndef MICRO_EXPECT
static void run(struct micro *m)
{
	x86_write_cr0(cr0_value(m));
	micro_fold(m, "mov cr0, then mov from cr0", x86_read_cr0());
	x86_write_cr4(CR4_PAE | (micro_operand(m, 1) & CR4_SEEDED));
	micro_fold(m, "mov cr4, then mov from cr4", x86_read_cr4());
	x86_write_cr3(BOOT_PML4 | (micro_operand(m, 2) & (CR3_PWT | CR3_PCD)));
	micro_fold(m, "mov cr3, then mov from cr3", x86_read_cr3());
	x86_write_cr3(BOOT_PML4);
	x86_write_cr2(micro_operand(m, 3));
	micro_fold(m, "mov cr2, then mov from cr2", x86_read_cr2());

	x86_wrmsr(MSR_IA32_KERNEL_GS_BASE, canonical(micro_operand(m, 4)));
	micro_fold(m, "wrmsr, rdmsr IA32_KERNEL_GS_BASE", x86_rdmsr(MSR_IA32_KERNEL_GS_BASE));
	x86_wrmsr(MSR_IA32_STAR, micro_operand(m, 5));
	micro_fold(m, "wrmsr, rdmsr IA32_STAR", x86_rdmsr(MSR_IA32_STAR));
	x86_wrmsr(MSR_IA32_LSTAR, canonical(micro_operand(m, 6)));
	micro_fold(m, "wrmsr, rdmsr IA32_LSTAR", x86_rdmsr(MSR_IA32_LSTAR));
	x86_wrmsr(MSR_IA32_EFER, EFER_LME | EFER_NXE | (micro_operand(m, 7) & EFER_SCE));
	micro_fold(m, "wrmsr, rdmsr IA32_EFER", x86_rdmsr(MSR_IA32_EFER));
	x86_write_cr0(CR0_PE | CR0_NE | CR0_WP | CR0_PG); /* TS off again, for any FPU use */
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "mov cr0, then mov from cr0", cr0_value(m) | CR0_ET);
	micro_fold(m, "mov cr4, then mov from cr4", CR4_PAE | (micro_operand(m, 1) & CR4_SEEDED));
	micro_fold(m, "mov cr3, then mov from cr3",
	           BOOT_PML4 | (micro_operand(m, 2) & (CR3_PWT | CR3_PCD)));
	micro_fold(m, "mov cr2, then mov from cr2", micro_operand(m, 3));
	micro_fold(m, "wrmsr, rdmsr IA32_KERNEL_GS_BASE", canonical(micro_operand(m, 4)));
	micro_fold(m, "wrmsr, rdmsr IA32_STAR", micro_operand(m, 5));
	micro_fold(m, "wrmsr, rdmsr IA32_LSTAR", canonical(micro_operand(m, 6)));
	/* LMA is the CPU's: set while in long mode, whatever is written. */
	micro_fold(m, "wrmsr, rdmsr IA32_EFER",
	           EFER_LME | EFER_LMA | EFER_NXE | (micro_operand(m, 7) & EFER_SCE));
}
#endif

MICRO_GUEST(crmsr, run, expect);
