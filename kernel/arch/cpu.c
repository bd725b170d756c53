/*
 * What this CPU offers that the labs need, for the boot banner ("cpu: ..."),
 * which `make doctor` reads to tell a student whether lab 03 can run.
 */
#include <stdbool.h>
#include "console.h"
#include "pvops.h"

#define CPUID1_ECX_VMX               (1u << 5) /* SDM Vol. 2A, Table 3-10 */
#define CPUID1_ECX_HYPERVISOR        (1u << 31)
#define CPUID7_ECX_UMIP              (1u << 2)
#define MSR_IA32_VMX_PROCBASED_CTLS  0x482 /* SDM Vol. 3D, A.3.2 */
#define MSR_IA32_VMX_PROCBASED_CTLS2 0x48b /* SDM Vol. 3D, A.3.3 */
#define PROCBASED_SECONDARY          (1u << 31)
#define PROCBASED2_EPT               (1u << 1)
#define PROCBASED2_UNRESTRICTED      (1u << 7)

void cpu_print_banner(void)
{
	struct cpuid_regs r;
	char vendor[13];
	pv.cpuid(0, 0, &r);
	uint32_t max_leaf = r.eax;
	const uint32_t parts[3] = { r.ebx, r.edx, r.ecx };
	for (int i = 0; i < 12; i++)
		vendor[i] = (char)(parts[i / 4] >> (8 * (i % 4)));
	vendor[12] = '\0';

	pv.cpuid(1, 0, &r);
	bool vmx = r.ecx & CPUID1_ECX_VMX, hypervisor = r.ecx & CPUID1_ECX_HYPERVISOR;
	bool umip = false, ept = false, unrestricted = false;
	if (max_leaf >= 7) {
		pv.cpuid(7, 0, &r);
		umip = r.ecx & CPUID7_ECX_UMIP;
	}
	/* The allowed-1 settings are the high half of each capability MSR; the
	 * MSRs exist only where CPUID reports VMX. */
	if (vmx && (pv.rdmsr(MSR_IA32_VMX_PROCBASED_CTLS) >> 32 & PROCBASED_SECONDARY)) {
		uint32_t allowed2 = pv.rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2) >> 32;
		ept = allowed2 & PROCBASED2_EPT;
		unrestricted = allowed2 & PROCBASED2_UNRESTRICTED;
	}
	kprintf("cpu: %s,%s%s%s%s%s\n", vendor, vmx ? " vmx" : " no-vmx", ept ? " ept" : "",
	        unrestricted ? " unrestricted-guest" : "", umip ? " umip" : "",
	        hypervisor ? " hypervisor" : "");
}
