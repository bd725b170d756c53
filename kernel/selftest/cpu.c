/* Self-tests: CPUID, control registers, MSRs, the time-stamp counter. */
#include "pvops.h"
#include "selftest.h"

static const char *cpuid_vendor(void)
{
	struct cpuid_regs r;
	pv.cpuid(0, 0, &r);
	if (r.eax < 1)
		return st_fail("highest basic leaf is %u, want at least 1", r.eax);
	const uint32_t parts[3] = { r.ebx, r.edx, r.ecx }; /* "GenuineIntel" order */
	for (int i = 0; i < 12; i++) {
		char c = (char)(parts[i / 4] >> (8 * (i % 4)));
		if (c < 0x20 || c > 0x7e)
			return st_fail("vendor byte %d is %#x, not printable", i,
			               (unsigned)c & 0xff);
	}
	return 0;
}

/* What the kernel relies on: CPUID.1:EDX (SDM Vol. 2A, Table 3-11) and
 * CPUID.80000001h:EDX (long mode, NX). */
static const char *cpuid_features(void)
{
	struct cpuid_regs r;
	pv.cpuid(1, 0, &r);
	const uint32_t need = 1u << 4 | 1u << 5 | 1u << 6; /* TSC, MSR, PAE */
	if ((r.edx & need) != need)
		return st_fail("CPUID.1:EDX is %#x, lacks TSC/MSR/PAE", r.edx);
	pv.cpuid(0x80000001, 0, &r);
	if (!(r.edx & (1u << 29)) || !(r.edx & (1u << 20)))
		return st_fail("CPUID.80000001h:EDX is %#x, lacks LM or NX", r.edx);
	return 0;
}

static const char *cr0_state(void)
{
	uint64_t cr0 = pv.read_cr0(), want = CR0_PE | CR0_PG | CR0_WP | CR0_NE;
	if ((cr0 & want) != want)
		return st_fail("CR0 is %#lx, want PE, PG, WP and NE set", cr0);
	uint64_t cr4 = pv.read_cr4();
	if (!(cr4 & CR4_PAE))
		return st_fail("CR4 is %#lx, PAE is clear", cr4);
	return 0;
}

/* CR0.TS is harmless while the kernel uses no FPU: set it, see it, clear it. */
static const char *cr0_write(void)
{
	uint64_t cr0 = pv.read_cr0();
	pv.write_cr0(cr0 | CR0_TS);
	uint64_t with = pv.read_cr0();
	pv.write_cr0(cr0 & ~CR0_TS);
	uint64_t without = pv.read_cr0();
	if (!(with & CR0_TS) || (without & CR0_TS))
		return st_fail("CR0.TS set reads %#lx, cleared reads %#lx", with, without);
	return 0;
}

/* IA32_KERNEL_GS_BASE is unused by this kernel, so any canonical value is
 * harmless (SDM Vol. 4, Table 2-2). */
static const char *msr_roundtrip(void)
{
	uint64_t old = pv.rdmsr(MSR_IA32_KERNEL_GS_BASE);
	uint64_t v = st_pattern(1) & 0x00007ffffffff000ull;
	pv.wrmsr(MSR_IA32_KERNEL_GS_BASE, v);
	uint64_t got = pv.rdmsr(MSR_IA32_KERNEL_GS_BASE);
	pv.wrmsr(MSR_IA32_KERNEL_GS_BASE, old);
	if (got != v)
		return st_fail("wrote %#lx to IA32_KERNEL_GS_BASE, read %#lx", v, got);
	return 0;
}

static const char *efer_long_mode(void)
{
	uint64_t efer = pv.rdmsr(MSR_IA32_EFER);
	uint64_t want = 1u << 8 | 1u << 10 | 1u << 11; /* LME, LMA, NXE */
	if ((efer & want) != want)
		return st_fail("IA32_EFER is %#lx, want LME, LMA and NXE", efer);
	return 0;
}

static const char *tsc_advances(void)
{
	uint64_t a = x86_rdtsc();
	for (volatile int i = 0; i < 1000; i++)
		;
	uint64_t b = x86_rdtsc();
	if (b <= a)
		return st_fail("TSC went from %lu to %lu", a, b);
	return 0;
}

const struct selftest selftests_cpu[] = {
	{ "cpuid_vendor", cpuid_vendor },   { "cpuid_features", cpuid_features },
	{ "cr0_state", cr0_state },         { "cr0_write", cr0_write },
	{ "msr_roundtrip", msr_roundtrip }, { "efer_long_mode", efer_long_mode },
	{ "tsc_advances", tsc_advances },   { 0, 0 },
};
