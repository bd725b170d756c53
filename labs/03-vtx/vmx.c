/*
 * Part A: discover VMX and enter VMX operation.
 *
 *	CPUID.1:ECX.VMX[bit 5]            SDM Vol. 3C, 24.6 "Discovering Support for VMX"
 *	IA32_VMX_BASIC, the control MSRs  Vol. 3D, A.1 to A.5 (the TRUE_* MSRs when
 *	                                  BASIC bit 55 says they exist)
 *	IA32_VMX_CR0/CR4_FIXED0/1         Vol. 3D, A.7, A.8; Vol. 3C, 24.8
 *	IA32_VMX_EPT_VPID_CAP             Vol. 3D, A.10
 *	IA32_FEATURE_CONTROL              Vol. 3C, 24.7 "Enabling and Entering VMX Operation"
 *	the VMXON region, VMXON           Vol. 3C, 25.11.5; Vol. 3C, 31.3 "VMXON"
 *
 * Bochs 2.7's VMXON checks neither CR0.PG nor the fixed-bit MSRs as a real
 * CPU does: this code checks them itself, so what runs here runs on
 * hardware too.
 */
#include <stdarg.h>
#include "console.h"
#include "mm.h"
#include "monitor.h"
#include "printf.h"

void vmx_refuse(const char *fmt, ...)
{
	char why[200];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	kprintf("vmx: refused: %s\n", why);
	poweroff(VM_FAIL_STATUS);
}

void vmx_discover(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vmx_refuse("vmx_discover: not written (part A)"); */
	struct vmx_caps *c = &mon->caps;
	struct cpuid_regs r;
	x86_cpuid(1, 0, &r);
	if (!(r.ecx & CPUID1_ECX_VMX))
		vmx_refuse("this CPU has no VMX (CPUID.1:ECX bit 5 is 0): lab 03 needs Bochs "
		           "with cpu: model=tigerlake, or a VT-x host");
	c->basic = x86_rdmsr(MSR_IA32_VMX_BASIC);
	bool true_ctls = c->basic & VMX_BASIC_TRUE_CTLS;
	c->pin = x86_rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED : MSR_IA32_VMX_PINBASED_CTLS);
	c->proc = x86_rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED : MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit = x86_rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_EXIT : MSR_IA32_VMX_EXIT_CTLS);
	c->entry = x86_rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_ENTRY : MSR_IA32_VMX_ENTRY_CTLS);
	c->cr0 = (struct cr_fixed){ x86_rdmsr(MSR_IA32_VMX_CR0_FIXED0),
		                    x86_rdmsr(MSR_IA32_VMX_CR0_FIXED1) };
	c->cr4 = (struct cr_fixed){ x86_rdmsr(MSR_IA32_VMX_CR4_FIXED0),
		                    x86_rdmsr(MSR_IA32_VMX_CR4_FIXED1) };
	/* Secondary controls, and with them EPT, exist only where the
	 * primary controls allow bit 31 to be 1 (A.3.2). */
	if (!(c->proc >> 32 & PROC_SECONDARY_CONTROLS))
		vmx_refuse("VMX without secondary controls, so without EPT "
		           "(IA32_VMX_PROCBASED_CTLS %#lx): lab 03 needs EPT",
		           c->proc);
	c->proc2 = x86_rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
	if (!(c->proc2 >> 32 & PROC2_ENABLE_EPT))
		vmx_refuse("VMX without EPT (IA32_VMX_PROCBASED_CTLS2 %#lx, bit 33 is 0): lab 03 "
		           "needs EPT (Bochs: cpu: model=tigerlake)",
		           c->proc2);
	c->ept = x86_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	const uint64_t ept_needs = EPT_CAP_WALK4 | EPT_CAP_WB | EPT_CAP_2M;
	if ((c->ept & ept_needs) != ept_needs)
		vmx_refuse("EPT without a 4-level walk, write-back or 2 MiB pages "
		           "(IA32_VMX_EPT_VPID_CAP %#lx, want bits 6, 14, 16)",
		           c->ept);
	/* A.1: bits 44:32 the region size, bit 48 a 32-bit physical-address limit. */
	uint64_t region = c->basic >> 32 & 0x1fff;
	if (region > PAGE_SIZE || c->basic >> 48 & 1)
		vmx_refuse("IA32_VMX_BASIC %#lx: a VMCS region of %lu bytes or a 32-bit address "
		           "limit, which this hypervisor does not handle",
		           c->basic, region);
	/* END SOLUTION */
}

/* CR0 and CR4 as VMX operation needs them: CR4.VMXE set, and every bit the
 * fixed MSRs name (CR0.NE is the one a kernel may have left clear). */
static void host_control_registers(const struct vmx_caps *c)
{
	/* BEGIN SOLUTION */ /* STUB: vmx_refuse("host_control_registers: not written (part A)"); */
	uint64_t cr0 = x86_read_cr0(), cr4 = x86_read_cr4() | CR4_VMXE;
	uint64_t cr0_want = cr_fixed_apply(cr0, c->cr0);
	if ((cr0_want ^ cr0) & ~CR0_NE)
		vmx_refuse("host CR0 %#lx: VMX operation needs %#lx (IA32_VMX_CR0_FIXED0 %#lx, "
		           "FIXED1 %#lx)",
		           cr0, cr0_want, c->cr0.fixed0, c->cr0.fixed1);
	uint64_t cr4_bad = cr_fixed_violations(cr4, c->cr4);
	if (cr4_bad)
		vmx_refuse("host CR4 %#lx: bits %#lx against IA32_VMX_CR4_FIXED0 %#lx, FIXED1 "
		           "%#lx",
		           cr4, cr4_bad, c->cr4.fixed0, c->cr4.fixed1);
	x86_write_cr0(cr0_want);
	x86_write_cr4(cr4);
	/* END SOLUTION */
}

void vmx_enable(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vmx_refuse("vmx_enable: not written (part A)"); */
	/* The BIOS locks IA32_FEATURE_CONTROL; VMXON outside SMX needs its
	 * bit 2, and with the lock clear we may set both ourselves (24.7). */
	uint64_t fc = x86_rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (!(fc & FEATURE_CONTROL_LOCKED))
		x86_wrmsr(MSR_IA32_FEATURE_CONTROL,
		          fc | FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMXON_OUTSIDE);
	else if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE))
		vmx_refuse("IA32_FEATURE_CONTROL %#lx is locked with VMXON outside SMX off: "
		           "enable VT-x in the firmware",
		           fc);
	host_control_registers(&mon->caps);
	/* The VMXON region: a zeroed 4-KiB page with the VMCS revision
	 * identifier (IA32_VMX_BASIC bits 30:0) in its first word (25.11.5). */
	mon->vmxon_pa = palloc_alloc();
	if (!mon->vmxon_pa)
		vmx_refuse("no page left for the VMXON region");
	*(uint32_t *)pa_to_va(mon->vmxon_pa) = (uint32_t)mon->caps.basic & 0x7fffffff;
	switch (vmxon(mon->vmxon_pa)) {
	case VMX_OK:
		break;
	case VMX_FAIL_INVALID:
		vmx_refuse("VMXON at %#lx: VMfailInvalid (CF=1): the region's address or revision "
		           "identifier %#x is wrong, or the processor is already in VMX operation",
		           mon->vmxon_pa, (uint32_t)mon->caps.basic & 0x7fffffff);
	case VMX_FAIL_VALID:
		vmx_refuse("VMXON at %#lx: VMfailValid (ZF=1): VMXON executed in VMX root "
		           "operation (error 15)",
		           mon->vmxon_pa);
	}
	/* END SOLUTION */
}
