/*
 * Part B: the VMCS.
 *
 *	the VMCS region, VMCLEAR, VMPTRLD   SDM Vol. 3C, 25.1 to 25.3, 25.11.3
 *	guest-state area                    25.4 (segments in the access-rights format)
 *	host-state area                     25.5
 *	execution, exit, entry controls     25.6 to 25.8, adjusted against Vol. 3D, A.3 to A.5
 *	VMLAUNCH, VMRESUME                  31.3; the checks they make: 27.2, 27.3
 *	VM-instruction error numbers        31.4
 *	a failed VM entry (reason bit 31)   27.8, 28.2.1
 *	the fields' encodings               Vol. 3D, Appendix B (vmx.h)
 *
 * struct vcpu is the guest's state between exits: saved from the VMCS
 * after an exit, written back before the next entry, so the handlers and
 * vm_fail's register table work on it as in lab 02 (how much of it, each
 * time: vmcs_load_guest).
 */
#include <stddef.h>
#include "console.h"
#include "mm.h"
#include "monitor.h"
#include "trap.h"

/* SDM Vol. 3C, 31.4, Table 31-1, in our words. */
static const char *const instruction_errors[] = {
	[1] = "VMCALL in VMX root operation",
	[2] = "VMCLEAR with an invalid physical address",
	[3] = "VMCLEAR with the VMXON pointer",
	[4] = "VMLAUNCH with a VMCS that is not clear (use VMRESUME)",
	[5] = "VMRESUME with a VMCS that was never launched (use VMLAUNCH)",
	[6] = "VMRESUME after VMXOFF",
	[7] = "VM entry with invalid control fields",
	[8] = "VM entry with invalid host-state fields",
	[9] = "VMPTRLD with an invalid physical address",
	[10] = "VMPTRLD with the VMXON pointer",
	[11] = "VMPTRLD with a wrong VMCS revision identifier",
	[12] = "VMREAD or VMWRITE of a field this processor does not have",
	[13] = "VMWRITE to a read-only field",
	[15] = "VMXON in VMX root operation",
	[16] = "VM entry with an invalid executive-VMCS pointer",
	[17] = "VM entry with a non-launched executive VMCS",
	[18] = "VM entry with an executive-VMCS pointer that is not the VMXON pointer",
	[19] = "VMCALL with a VMCS that is not clear",
	[20] = "VMCALL with invalid VM-exit control fields",
	[22] = "VMCALL with a wrong MSEG revision identifier",
	[23] = "VMXOFF under the dual-monitor treatment of SMIs and SMM",
	[24] = "VMCALL with invalid SMM-monitor features",
	[25] = "VM entry with invalid execution controls in the executive VMCS",
	[26] = "VM entry with events blocked by MOV SS",
	[28] = "INVEPT or INVVPID with an invalid operand",
};

static const char *instruction_error_name(uint32_t n)
{
	if (n < sizeof(instruction_errors) / sizeof(instruction_errors[0]) && instruction_errors[n])
		return instruction_errors[n];
	return "a number the SDM does not list";
}

/* The error field itself is read without vmread(): a failure there would
 * recurse. */
void vmcs_bad_access(const char *what, uint32_t field)
{
	uint64_t error = 0;
	uint8_t failed;
	__asm__ volatile("vmread %2, %0; setna %1"
	                 : "=r"(error), "=rm"(failed)
	                 : "r"((uint64_t)VM_INSTRUCTION_ERROR)
	                 : "cc");
	if (failed)
		panic("%s of VMCS field %#x: VMfailInvalid (no current VMCS)", what, field);
	panic("%s of VMCS field %#x: VMfailValid, VM-instruction error %lu: %s", what, field, error,
	      instruction_error_name((uint32_t)error));
}

/* One control field: what we want, adjusted (controls.c); what the CPU
 * cannot give is refused by name. */
static uint32_t controls(const char *name, uint64_t cap, uint32_t want)
{
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	uint32_t missing, bad;
	uint32_t value = vmx_adjust_controls(cap, want, &missing, &bad);
	if (bad)
		vmx_refuse("%s capability MSR %#lx: bits %#x must be 1 and may not be", name, cap,
		           bad);
	if (missing)
		vmx_refuse("%s controls: this CPU cannot set bits %#x (allowed-1 %#x)", name,
		           missing, (uint32_t)(cap >> 32));
	return value;
	/* END SOLUTION */
}

/* The TSS's base from its descriptor in the host's GDT (SDM Vol. 3A,
 * 8.2.3: 16 bytes in IA-32e mode). */
static uint64_t host_tr_base(uint64_t gdt_base)
{
	const uint64_t *d = (const uint64_t *)(gdt_base + SEL_TSS);
	return (d[0] >> 16 & 0xffffff) | (d[0] >> 56 & 0xff) << 24 | d[1] << 32;
}

/* Where the CPU comes back to at a VM exit (25.5): this kernel's state.
 * HOST_RSP is written by vmx_run before every entry: the exit lands on
 * the stack of the call that entered. */
static void host_state(void)
{
	/* BEGIN SOLUTION */ /* STUB: vmx_refuse("host_state: not written (part B)"); */
	struct desc_ptr gdt, idt;
	x86_sgdt(&gdt);
	__asm__ volatile("sidt %0" : "=m"(idt));
	vmwrite(HOST_CR0, x86_read_cr0());
	vmwrite(HOST_CR3, x86_read_cr3());
	vmwrite(HOST_CR4, x86_read_cr4());
	vmwrite(HOST_CS_SELECTOR, SEL_KCODE);
	vmwrite(HOST_SS_SELECTOR, SEL_KDATA);
	vmwrite(HOST_DS_SELECTOR, SEL_KDATA);
	vmwrite(HOST_ES_SELECTOR, SEL_KDATA);
	vmwrite(HOST_FS_SELECTOR, 0);
	vmwrite(HOST_GS_SELECTOR, 0);
	vmwrite(HOST_TR_SELECTOR, SEL_TSS);
	vmwrite(HOST_FS_BASE, 0);
	vmwrite(HOST_GS_BASE, 0);
	vmwrite(HOST_TR_BASE, host_tr_base(gdt.base));
	vmwrite(HOST_GDTR_BASE, gdt.base);
	vmwrite(HOST_IDTR_BASE, idt.base);
	vmwrite(HOST_SYSENTER_CS, 0);
	vmwrite(HOST_SYSENTER_ESP, 0);
	vmwrite(HOST_SYSENTER_EIP, 0);
	vmwrite(HOST_IA32_EFER, x86_rdmsr(MSR_IA32_EFER));
	vmwrite(HOST_RIP, (uint64_t)vmx_exit_point);
	/* END SOLUTION */
}

void vmcs_create(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vmx_refuse("vmcs_create: not written (part B)"); */
	const struct vmx_caps *c = &mon->caps;
	mon->vmcs_pa = palloc_alloc();
	if (!mon->vmcs_pa)
		vmx_refuse("no page left for the VMCS");
	*(uint32_t *)pa_to_va(mon->vmcs_pa) = (uint32_t)c->basic & 0x7fffffff;
	if (vmclear(mon->vmcs_pa) != VMX_OK || vmptrld(mon->vmcs_pa) != VMX_OK)
		vmx_refuse("VMCLEAR or VMPTRLD of the VMCS at %#lx failed", mon->vmcs_pa);

	/* Exits for what the devices answer (I/O, HLT), for the host's own
	 * interrupts, for every RDMSR and WRMSR (no MSR bitmap: exit.c
	 * emulates the few MSRs a kernel uses); CR3 is the guest's own under
	 * EPT, so no CR3 exits where the CPU lets us drop them. */
	vmwrite(PIN_BASED_CONTROLS, controls("pin-based", c->pin, PIN_EXTERNAL_INTERRUPT_EXITING));
	mon->proc = controls("processor-based", c->proc,
	                     PROC_HLT_EXITING | PROC_UNCONDITIONAL_IO_EXITING |
	                             PROC_SECONDARY_CONTROLS);
	vmwrite(PROC_BASED_CONTROLS, mon->proc);
	vmwrite(PROC_BASED_CONTROLS2, controls("secondary", c->proc2, PROC2_ENABLE_EPT));
	vmwrite(EXIT_CONTROLS,
	        controls("VM-exit", c->exit,
	                 EXIT_HOST_ADDR_SPACE_SIZE | EXIT_SAVE_IA32_EFER | EXIT_LOAD_IA32_EFER));
	vmwrite(ENTRY_CONTROLS,
	        controls("VM-entry", c->entry, ENTRY_IA32E_MODE_GUEST | ENTRY_LOAD_IA32_EFER));
	vmwrite(EXCEPTION_BITMAP, 0); /* the guest's exceptions stay the guest's */
	vmwrite(CR3_TARGET_COUNT, 0);
	vmwrite(EXIT_MSR_STORE_COUNT, 0);
	vmwrite(EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(ENTRY_INTR_INFO, 0);
	/* The bits of CR0 and CR4 the fixed MSRs pin (and every reserved bit
	 * of CR4) are the host's: the guest reads its own value from the
	 * shadow, and a write that changes them exits (25.6.6). */
	vmwrite(CR0_GUEST_HOST_MASK, (c->cr0.fixed0 | ~c->cr0.fixed1) & 0xffffffff);
	vmwrite(CR4_GUEST_HOST_MASK, (c->cr4.fixed0 | ~c->cr4.fixed1) & 0xffffffff);
	vmwrite(EPT_POINTER, ept_pointer(mon));
	host_state();
	mon->full = true; /* the first entry writes all of the vCPU */
	/* Guest state the vCPU has no field for (25.4.1, 25.4.2). */
	vmwrite(VMCS_LINK_POINTER, ~0ull);
	vmwrite(GUEST_DR7, 0x400);
	vmwrite(GUEST_IA32_DEBUGCTL, 0);
	vmwrite(GUEST_SYSENTER_CS, 0);
	vmwrite(GUEST_SYSENTER_ESP, 0);
	vmwrite(GUEST_SYSENTER_EIP, 0);
	vmwrite(GUEST_INTERRUPTIBILITY, 0);
	vmwrite(GUEST_ACTIVITY_STATE, 0);
	vmwrite(GUEST_PENDING_DEBUG, 0);
	/* END SOLUTION */
}

void vmcs_set_proc(struct mon *mon, uint32_t bits, bool on)
{
	uint32_t proc = on ? mon->proc | bits : mon->proc & ~bits;
	if (proc != mon->proc)
		vmwrite(PROC_BASED_CONTROLS, mon->proc = proc);
}

/* ES, CS, SS, DS, FS, GS, LDTR, TR: the VMCS's order (Appendix B). */
static struct vcpu_segment *segment(struct vcpu *v, int i)
{
	struct vcpu_segment *const order[8] = { &v->es, &v->cs, &v->ss,   &v->ds,
		                                &v->fs, &v->gs, &v->ldtr, &v->tr };
	return order[i];
}

/* The exits that come by the thousand (the UART's ports, the timer's
 * interrupts and their EOI) need no more of the guest than its general
 * registers, RIP, RSP and RFLAGS, and under Bochs every VMREAD and VMWRITE
 * is an emulated instruction: 90 of them per exit cost more than the
 * guest's 1 ms timer period.  So the rest of the guest state (control
 * registers, EFER, segments, descriptor tables) is read only for the exits
 * whose handlers use it (vmcs_save_full), and written back only then.
 * The cost: when a quick exit ends in vm_fail (a device refusing a port
 * access), its register table shows the control registers and segments
 * as they were at the last full read. */
void vmcs_load_guest(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "vmcs_load_guest: not written (part B)"); */
	struct vcpu *v = &mon->vm.vcpu;
	const struct vmx_caps *c = &mon->caps;
	vmwrite(GUEST_RSP, v->rsp);
	vmwrite(GUEST_RIP, v->rip);
	vmwrite(GUEST_RFLAGS, v->rflags);
	/* CR2 is no VMCS field: the guest runs on the real register. */
	x86_write_cr2(v->cr2);
	if (!mon->full)
		return;
	mon->full = false;
	for (int i = 0; i < 8; i++) {
		const struct vcpu_segment *s = segment(v, i);
		vmwrite(GUEST_ES_SELECTOR + 2 * i, s->selector);
		vmwrite(GUEST_ES_BASE + 2 * i, s->base);
		vmwrite(GUEST_ES_LIMIT + 2 * i, s->limit);
		vmwrite(GUEST_ES_AR + 2 * i, s->ar);
	}
	vmwrite(GUEST_GDTR_BASE, v->gdtr.base);
	vmwrite(GUEST_GDTR_LIMIT, v->gdtr.limit);
	vmwrite(GUEST_IDTR_BASE, v->idtr.base);
	vmwrite(GUEST_IDTR_LIMIT, v->idtr.limit);
	/* The CPU runs on the fixed bits; the guest reads its own value. */
	vmwrite(GUEST_CR0, cr_fixed_apply(v->cr0, c->cr0));
	vmwrite(CR0_READ_SHADOW, v->cr0);
	vmwrite(GUEST_CR4, cr_fixed_apply(v->cr4, c->cr4));
	vmwrite(CR4_READ_SHADOW, v->cr4);
	vmwrite(GUEST_CR3, v->cr3);
	vmwrite(GUEST_IA32_EFER, v->efer);
	/* Entry demands "IA-32e mode guest" equal to EFER.LMA (27.3.1.1). */
	uint32_t entry = (uint32_t)vmread(ENTRY_CONTROLS);
	entry = v->efer & EFER_LMA ? entry | ENTRY_IA32E_MODE_GUEST
	                           : entry & ~ENTRY_IA32E_MODE_GUEST;
	vmwrite(ENTRY_CONTROLS, entry);
	/* END SOLUTION */
}

void vmcs_save_guest(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "vmcs_save_guest: not written (part B)"); */
	struct vcpu *v = &mon->vm.vcpu;
	v->rsp = vmread(GUEST_RSP);
	v->rip = vmread(GUEST_RIP);
	v->rflags = vmread(GUEST_RFLAGS);
	v->cr2 = x86_read_cr2();
	/* END SOLUTION */
}

void vmcs_save_full(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "vmcs_save_full: not written (part B)"); */
	struct vcpu *v = &mon->vm.vcpu;
	if (mon->full)
		return;
	mon->full = true;
	for (int i = 0; i < 8; i++) {
		struct vcpu_segment *s = segment(v, i);
		s->selector = (uint16_t)vmread(GUEST_ES_SELECTOR + 2 * i);
		s->base = vmread(GUEST_ES_BASE + 2 * i);
		s->limit = (uint32_t)vmread(GUEST_ES_LIMIT + 2 * i);
		s->ar = (uint32_t)vmread(GUEST_ES_AR + 2 * i);
	}
	v->gdtr.base = vmread(GUEST_GDTR_BASE);
	v->gdtr.limit = (uint16_t)vmread(GUEST_GDTR_LIMIT);
	v->idtr.base = vmread(GUEST_IDTR_BASE);
	v->idtr.limit = (uint16_t)vmread(GUEST_IDTR_LIMIT);
	uint64_t cr0_mask = vmread(CR0_GUEST_HOST_MASK), cr4_mask = vmread(CR4_GUEST_HOST_MASK);
	v->cr0 = (vmread(GUEST_CR0) & ~cr0_mask) | (vmread(CR0_READ_SHADOW) & cr0_mask);
	v->cr4 = (vmread(GUEST_CR4) & ~cr4_mask) | (vmread(CR4_READ_SHADOW) & cr4_mask);
	v->cr3 = vmread(GUEST_CR3);
	v->efer = vmread(GUEST_IA32_EFER);
	/* END SOLUTION */
}

_Static_assert(offsetof(struct vcpu, rax) == 0 && offsetof(struct vcpu, rdi) == 40 &&
                       offsetof(struct vcpu, rsp) == 56 && offsetof(struct vcpu, r15) == 120,
               "vmentry.S's offsets into struct vcpu");

/* A VM exit whose basic reason has bit 31 set: the entry itself failed,
 * after the CPU had loaded part of the guest (27.8); Bochs writes the
 * check that failed to its log. */
static void failed_entry(struct mon *mon, uint32_t raw)
{
	vmcs_save_full(mon);
	vm_fail(&mon->vm,
	        "VM entry failed: %s (exit reason %#x, qualification %#lx); Bochs names the "
	        "check that failed in bochs.log (tools/vm prints its VMX lines)",
	        exit_reason_name(raw & 0xffff), raw, vmread(EXIT_QUALIFICATION));
}

void vmcs_run(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "vmcs_run: not written (part B)"); */
	vmcs_load_guest(mon);
	int r = vmx_run(&mon->vm.vcpu, mon->launched);
	if (r != 0) {
		const char *insn = mon->launched ? "VMRESUME" : "VMLAUNCH";
		if (r == VMX_FAIL_INVALID)
			vm_fail(&mon->vm, "%s: VMfailInvalid (CF=1): no current VMCS", insn);
		uint32_t n = (uint32_t)vmread(VM_INSTRUCTION_ERROR);
		vm_fail(&mon->vm, "%s: VMfailValid (ZF=1), VM-instruction error %u: %s", insn, n,
		        instruction_error_name(n));
	}
	mon->launched = true;
	vmcs_save_guest(mon);
	uint32_t raw = (uint32_t)vmread(EXIT_REASON);
	if (raw & EXIT_REASON_FAILED_ENTRY)
		failed_entry(mon, raw);
	struct vmexit *e = &mon->exit;
	*e = (struct vmexit){
		.reason = raw & 0xffff,
		.qual = vmread(EXIT_QUALIFICATION),
		.len = (uint32_t)vmread(EXIT_INSTRUCTION_LEN),
	};
	/* The other fields hold something only for some reasons (28.2.1, 28.2.5). */
	if (e->reason == EXIT_REASON_EPT_VIOLATION) {
		e->gpa = vmread(GUEST_PHYSICAL_ADDRESS);
		e->linear = vmread(GUEST_LINEAR_ADDRESS);
	}
	if (e->reason == EXIT_REASON_IO_INSTRUCTION && (e->qual & 16)) /* INS, OUTS */
		e->info = (uint32_t)vmread(EXIT_INSTRUCTION_INFO);
	/* END SOLUTION */
}
