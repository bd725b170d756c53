/*
 * Part C: one handler per exit reason, in a table indexed by the basic
 * exit reason (SDM Vol. 3D, Appendix C; their names: exit_reason_name()).
 * Each counts its exit with vm_exit() and does to the vCPU what the
 * instruction would have done; an exit with no handler ends the guest by
 * its name.
 *
 *	instructions that cause exits           SDM Vol. 3C, 26.1.2, 26.1.3
 *	the exit qualification of each reason   Vol. 3C, 28.2.1 (CR access: Table
 *	                                        28-3; I/O: Table 28-5)
 *	the instruction-information field       Vol. 3C, 28.2.5 (INS and OUTS)
 *	CPUID leaf 1                            Vol. 2A, CPUID, Table 3-10
 *	the MSRs a 64-bit kernel uses           Vol. 4, Table 2-2
 *
 * MSRs: the VMCS uses no MSR bitmap, so every RDMSR and WRMSR exits and is
 * emulated here (a few fields; any other MSR is #GP, as on a CPU without
 * it).  The host never uses SYSCALL or SWAPGS, so the guest's STAR,
 * LSTAR, CSTAR, FMASK and KERNEL_GS_BASE live in the real MSRs, where the
 * guest's own SYSCALL and SWAPGS find them without an exit.
 */
#include "console.h"
#include "monitor.h"

#define MSR_IA32_FMASK_BITS 0xffffffffull
#define EFER_SCE            (1ull << 0) /* SYSCALL enable (SDM Vol. 3A, 2.2.1) */

void exit_skip_instruction(struct mon *mon)
{
	mon->vm.vcpu.rip += mon->exit.len;
	uint64_t blocking = vmread(GUEST_INTERRUPTIBILITY);
	if (blocking & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS))
		vmwrite(GUEST_INTERRUPTIBILITY,
		        blocking & ~(uint64_t)(INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
}

static void exit_external_interrupt(struct mon *mon)
{
	/* The host's own interrupt: still pending at the CPU (no "acknowledge
	 * interrupt on exit"), it is taken when the run loop opens interrupts. */
	vm_exit(&mon->vm, EXIT_REASON_EXTERNAL_INTERRUPT, "irq", 0);
}

static void exit_triple_fault(struct mon *mon)
{
	vm_exit(&mon->vm, EXIT_REASON_TRIPLE_FAULT, 0, 0);
	vm_fail(&mon->vm, "the guest triple-faulted: an exception while delivering a double "
	                  "fault (its IDT or stack is unusable)");
}

static void exit_interrupt_window(struct mon *mon)
{
	/* The guest can take an interrupt now: inject_pending gives it. */
	vm_exit(&mon->vm, EXIT_REASON_INTERRUPT_WINDOW, 0, 0);
}

static void exit_cpuid(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "exit_cpuid: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	struct cpuid_regs r;
	vm_exit(&mon->vm, EXIT_REASON_CPUID, "cpuid", (uint32_t)v->rax);
	x86_cpuid((uint32_t)v->rax, (uint32_t)v->rcx, &r);
	/* The guest sees the processor, not the hypervisor: no VMX to nest,
	 * and no "hypervisor present" bit. */
	if ((uint32_t)v->rax == 1)
		r.ecx &= ~(CPUID1_ECX_VMX | CPUID1_ECX_HYPERVISOR);
	v->rax = r.eax, v->rbx = r.ebx, v->rcx = r.ecx, v->rdx = r.edx;
	exit_skip_instruction(mon);
	/* END SOLUTION */
}

static void exit_hlt(struct mon *mon)
{
	vm_exit(&mon->vm, EXIT_REASON_HLT, "hlt", 0);
	inject_halt(mon);
}

/* A VMX instruction in the guest: VMX is hidden from it (CR4.VMXE reads 0,
 * CPUID says no VMX), and there it is #UD (Vol. 3C, 31.3, each
 * instruction's exceptions). */
static void exit_vmx_instruction(struct mon *mon)
{
	vm_exit(&mon->vm, mon->exit.reason, exit_reason_name(mon->exit.reason), 0);
	inject_exception(mon, T_UD, 0, false);
}

/* VMCALL: a paravirtual guest's hypercall (lab 04; paravirt.h), if this
 * image offers any; otherwise #UD like the other VMX instructions. */
static void exit_vmcall(struct mon *mon)
{
	if (!vm_hypercall(&mon->vm)) {
		exit_vmx_instruction(mon);
		return;
	}
	exit_skip_instruction(mon);
}

/* MOV to CR0 or CR4 that changed a bit the host owns (the masks, vmcs.c),
 * MOV to or from CR3 or CR8 if the CPU insisted on those exits, CLTS and
 * LMSW.  The checks are the ones the CPU makes for a 64-bit kernel (SDM
 * Vol. 3A, 2.5, 9.8.5.4): a #GP when they fail. */
static void exit_cr_access(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "exit_cr_access: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	uint64_t q = mon->exit.qual;
	unsigned cr = q & 15, type = q >> 4 & 3;
	uint64_t *reg = mon_gpr(mon, q >> 8 & 15);
	static const char *const names[4] = { "mov to cr", "mov from cr", "clts", "lmsw" };
	vm_exit(&mon->vm, EXIT_REASON_CR_ACCESS, names[type], cr);
	if (type == 1) {
		*reg = cr == 3 ? v->cr3 : mon->cr8;
	} else if (type == 2) {
		v->cr0 &= ~CR0_TS;
	} else if (type == 3) {
		/* LMSW: bits 3:0 of CR0 from bits 3:0 of the source, and it
		 * never clears PE. */
		uint64_t msw = q >> 16 & 0xf;
		v->cr0 = (v->cr0 & ~0xeull) | (msw & 0xe) | ((v->cr0 | msw) & CR0_PE);
	} else {
		uint64_t value = *reg;
		bool ok = true;
		if (cr == 0) {
			ok = (value & CR0_PG) && (value & CR0_PE) && !(value >> 32);
			if (ok)
				v->cr0 = value | CR0_ET;
		} else if (cr == 4) {
			/* VMX is hidden: setting VMXE is #GP, as setting any bit
			 * the CPU lacks. */
			uint64_t bad = ~mon->caps.cr4.fixed1 | CR4_VMXE;
			ok = (value & CR4_PAE) && !(value & bad);
			if (ok)
				v->cr4 = value;
		} else if (cr == 3) {
			v->cr3 = value;
		} else if (cr == 8) {
			ok = !(value >> 4);
			if (ok)
				mon->cr8 = value;
		} else {
			vm_fail(&mon->vm, "MOV to CR%u: no such control register", cr);
		}
		if (!ok) {
			inject_exception(mon, T_GP, 0, true);
			return;
		}
	}
	exit_skip_instruction(mon);
	/* END SOLUTION */
}

/* The MSRs a 64-bit kernel uses; where their value lives. */
static bool msr_is_real(uint32_t index)
{
	return index == MSR_IA32_STAR || index == MSR_IA32_LSTAR || index == MSR_IA32_CSTAR ||
	       index == MSR_IA32_FMASK || index == MSR_IA32_KERNEL_GS_BASE;
}

static uint64_t *msr_field(struct mon *mon, uint32_t index)
{
	struct vcpu *v = &mon->vm.vcpu;
	switch (index) {
	case MSR_IA32_EFER:
		return &v->efer;
	case MSR_IA32_FS_BASE:
		return &v->fs.base;
	case MSR_IA32_GS_BASE:
		return &v->gs.base;
	case MSR_IA32_PAT:
		return &mon->msr.pat;
	}
	return 0;
}

static void exit_msr(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "exit_msr: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	uint32_t index = (uint32_t)v->rcx;
	bool read = mon->exit.reason == EXIT_REASON_RDMSR;
	uint64_t *field = msr_field(mon, index);
	vm_exit(&mon->vm, mon->exit.reason, read ? "rdmsr" : "wrmsr", index);
	bool known = field || msr_is_real(index) || (read && index == MSR_IA32_TSC);
	if (!known) {
		inject_exception(mon, T_GP, 0, true);
		return;
	}
	if (read) {
		uint64_t value = field ? *field : x86_rdmsr(index);
		v->rax = (uint32_t)value;
		v->rdx = value >> 32;
		exit_skip_instruction(mon);
		return;
	}
	uint64_t value = (uint32_t)v->rax | v->rdx << 32;
	bool address = index == MSR_IA32_FS_BASE || index == MSR_IA32_GS_BASE ||
	               index == MSR_IA32_KERNEL_GS_BASE || index == MSR_IA32_LSTAR ||
	               index == MSR_IA32_CSTAR;
	bool ok = !address || x86_canonical(value);
	if (index == MSR_IA32_FMASK)
		ok = !(value & ~MSR_IA32_FMASK_BITS);
	if (index == MSR_IA32_EFER) {
		/* SCE, LME, NXE are the guest's; LMA is the CPU's; LME cannot
		 * change with paging on (SDM Vol. 3A, 9.8.5). */
		const uint64_t writable = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
		ok = !(value & ~writable) && !((value ^ v->efer) & EFER_LME);
		value = (value & ~EFER_LMA) | (v->efer & EFER_LMA);
	}
	if (!ok) {
		inject_exception(mon, T_GP, 0, true);
		return;
	}
	if (field)
		*field = value;
	else
		x86_wrmsr(index, value);
	exit_skip_instruction(mon);
	/* END SOLUTION */
}

/* The segment base of an OUTS source (its instruction information, bits
 * 17:15) or of INS's ES; in 64-bit mode only FS and GS have one. */
static uint64_t string_segment_base(struct mon *mon, bool in)
{
	const struct vcpu *v = &mon->vm.vcpu;
	if (in || !(mon->caps.basic & VMX_BASIC_INS_OUTS_INFO))
		return 0;
	unsigned seg = mon->exit.info >> 15 & 7;
	return seg == 4 ? v->fs.base : seg == 5 ? v->gs.base : 0;
}

/* INS and OUTS, with or without REP: each element through the guest's
 * paging to guest memory and one device access, RSI or RDI stepped by DF,
 * RCX counted down.  A fault is the guest's #PF with the registers where
 * it stopped, as the CPU leaves them. */
static void string_io(struct mon *mon, uint16_t port, unsigned size, bool in, bool rep)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "string_io: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	/* Address size (instruction information bits 9:7): 16, 32 or 64. */
	unsigned asz = mon->caps.basic & VMX_BASIC_INS_OUTS_INFO ? mon->exit.info >> 7 & 7 : 2;
	uint64_t mask = asz == 0 ? 0xffff : asz == 1 ? 0xffffffff : ~0ull;
	uint64_t *index = in ? &v->rdi : &v->rsi;
	uint64_t base = string_segment_base(mon, in);
	int64_t step = v->rflags & RFLAGS_DF ? -(int64_t)size : (int64_t)size;
	while (!rep || (v->rcx & mask)) {
		uint64_t va = base + (*index & mask);
		uint32_t value = 0;
		if (in) {
			value = vm_in(&mon->vm, port, size);
			if (!gva_write(mon, va, &value, size))
				return;
		} else {
			if (!gva_read(mon, va, &value, size, GW_READ))
				return;
			vm_out(&mon->vm, port, size, value);
		}
		*index = (*index & ~mask) | ((*index + (uint64_t)step) & mask);
		if (!rep)
			break;
		v->rcx = (v->rcx & ~mask) | ((v->rcx - 1) & mask);
	}
	exit_skip_instruction(mon);
	/* END SOLUTION */
}

/* The qualification (Table 28-5): bits 2:0 size - 1, bit 3 IN, bit 4
 * string, bit 5 REP, bits 31:16 the port. */
static void exit_io(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "exit_io: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	uint64_t q = mon->exit.qual;
	unsigned size = (q & 7) + 1;
	bool in = q & 8, string = q & 16, rep = q & 32;
	uint16_t port = (uint16_t)(q >> 16);
	static const char *const names[2][2] = { { "out", "in" }, { "outs", "ins" } };
	vm_exit(&mon->vm, EXIT_REASON_IO_INSTRUCTION, names[string][in], port);
	if (size != 1 && size != 2 && size != 4)
		vm_fail(&mon->vm, "I/O exit with size %u (qualification %#lx)", size, q);
	if (string) {
		vmcs_save_full(mon); /* paging: CR3, CR0.WP, EFER.NXE, the CPL */
		string_io(mon, port, size, in, rep);
		return;
	}
	if (in) {
		uint32_t value = vm_in(&mon->vm, port, size);
		if (size == 4)
			v->rax = value; /* a 32-bit result clears RAX's upper half */
		else {
			uint64_t m = (1ull << (8 * size)) - 1;
			v->rax = (v->rax & ~m) | (value & m);
		}
	} else {
		vm_out(&mon->vm, port, size,
		       (uint32_t)v->rax & (uint32_t)((1ull << (8 * size)) - 1));
	}
	exit_skip_instruction(mon);
	/* END SOLUTION */
}

typedef void (*exit_handler)(struct mon *mon);

/* quick: the handler needs no more of the guest than its general registers,
 * RIP, RSP and RFLAGS (vmcs.c, vmcs_load_guest); the others get all of it. */
struct exit_entry {
	exit_handler run;
	bool quick;
};

static const struct exit_entry handlers[EXIT_REASONS] = {
	[EXIT_REASON_EXTERNAL_INTERRUPT] = { exit_external_interrupt, true },
	[EXIT_REASON_TRIPLE_FAULT] = { exit_triple_fault },
	[EXIT_REASON_INTERRUPT_WINDOW] = { exit_interrupt_window, true },
	[EXIT_REASON_CPUID] = { exit_cpuid, true },
	[EXIT_REASON_HLT] = { exit_hlt, true },
	[EXIT_REASON_VMCALL] = { exit_vmcall, true },
	[19] = { exit_vmx_instruction }, /* VMCLEAR, VMLAUNCH, VMPTRLD, VMPTRST, */
	[20] = { exit_vmx_instruction }, /* VMREAD, VMRESUME, VMWRITE, VMXOFF, VMXON */
	[21] = { exit_vmx_instruction },
	[22] = { exit_vmx_instruction },
	[23] = { exit_vmx_instruction },
	[24] = { exit_vmx_instruction },
	[25] = { exit_vmx_instruction },
	[26] = { exit_vmx_instruction },
	[27] = { exit_vmx_instruction },
	[EXIT_REASON_CR_ACCESS] = { exit_cr_access },
	[EXIT_REASON_IO_INSTRUCTION] = { exit_io, true },
	[EXIT_REASON_RDMSR] = { exit_msr },
	[EXIT_REASON_WRMSR] = { exit_msr },
	[EXIT_REASON_EPT_VIOLATION] = { ept_violation },
	[50] = { exit_vmx_instruction }, /* INVEPT */
	[53] = { exit_vmx_instruction }, /* INVVPID */
};

void exit_dispatch(struct mon *mon)
{
	uint32_t reason = mon->exit.reason;
	const struct exit_entry *h = reason < EXIT_REASONS ? &handlers[reason] : 0;
	if (!h || !h->quick)
		vmcs_save_full(mon);
	if (!h || !h->run) {
		vm_exit(&mon->vm, reason, 0, mon->exit.qual);
		vm_fail(&mon->vm, "exit %s (%u), qualification %#lx: no handler for it",
		        exit_reason_name(reason), reason, mon->exit.qual);
	}
	h->run(mon);
}
