/*
 * Hidden micro-guest "hvmx": the VMX instructions, in an order the seed
 * picks, each with seeded operands and seeded arithmetic flags.  The guest
 * sees no VMX (CPUID says none, CR4.VMXE reads 0), so each must raise #UD
 * at its own address, leaving its registers, its memory operand and the
 * flags as they were; the guest's handler notes the vector, the error code
 * and where it was raised, and resumes after the instruction.  In VMX
 * non-root operation these instructions exit unconditionally (SDM Vol. 3C,
 * 26.1.2): a hypervisor that emulates one (sets CF or ZF as VMfail would,
 * writes VMREAD's destination or VMPTRST's memory), skips it, stops the
 * guest or injects another exception shows here.  VMCALL is not among
 * them: lab 04 gives it a meaning.  VMFUNC neither: with VM functions off
 * it is #UD without an exit.
 */
#include "micro.h"
#include "x86.h"

enum vmx_insn {
	VMXON,
	VMCLEAR,
	VMPTRLD,
	VMPTRST,
	VMREAD,
	VMWRITE,
	INVEPT,
	INVVPID,
	VMLAUNCH,
	VMRESUME,
	VMXOFF,
	VMX_INSNS
};

static const char *const names[VMX_INSNS] = {
	[VMXON] = "vmxon",       [VMCLEAR] = "vmclear", [VMPTRLD] = "vmptrld",
	[VMPTRST] = "vmptrst",   [VMREAD] = "vmread",   [VMWRITE] = "vmwrite",
	[INVEPT] = "invept",     [INVVPID] = "invvpid", [VMLAUNCH] = "vmlaunch",
	[VMRESUME] = "vmresume", [VMXOFF] = "vmxoff",
};

#define LAHF_FLAGS   0xd5 /* SF, ZF, AF, PF, CF as AH holds them */
#define LAHF_ALWAYS1 0x02

/* The seed's order: a Fisher-Yates shuffle of the instructions. */
static void order(const struct micro *m, enum vmx_insn out[VMX_INSNS])
{
	for (unsigned i = 0; i < VMX_INSNS; i++)
		out[i] = (enum vmx_insn)i;
	for (unsigned i = VMX_INSNS - 1; i > 0; i--) {
		unsigned j = micro_operand(m, i) % (i + 1);
		enum vmx_insn t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
}

/* The i-th try's operands: a register (a field encoding, an INVEPT
 * type), a memory qword, and the flags SAHF loads. */
static uint64_t reg_operand(const struct micro *m, unsigned i)
{
	return micro_operand(m, 16 + 3 * i);
}

static uint64_t mem_operand(const struct micro *m, unsigned i)
{
	return micro_operand(m, 17 + 3 * i);
}

static uint8_t flags(const struct micro *m, unsigned i)
{
	return (uint8_t)(micro_operand(m, 18 + 3 * i) & LAHF_FLAGS);
}

#ifndef MICRO_EXPECT
#include "rt.h"

static volatile uint64_t fault_vector, fault_error, fault_rip;

static void on_fault(struct trapframe *tf)
{
	fault_vector = tf->vector;
	fault_error = tf->error;
	fault_rip = tf->rip;
	tf->rip = tf->rcx; /* past the instruction */
}

/* Run INSN with RBX and RDX the register operands, RSI pointing at the
 * memory operand, AH the flags; RCX tells the handler where to resume.
 * After it, AH holds the flags again and START where INSN began. */
#define TRY(INSN)                                                                                  \
	__asm__ volatile("leaq 1f(%%rip), %%rcx\n\t"                                               \
	                 "leaq 2f(%%rip), %[start]\n\t"                                            \
	                 "sahf\n"                                                                  \
	                 "2:\t" INSN "\n"                                                          \
	                 "1:\tlahf"                                                                \
	                 : [start] "=&r"(start), "+a"(ax), "+b"(rbx), "+d"(rdx)                    \
	                 : "S"(mem)                                                                \
	                 : "rcx", "cc", "memory")

static void try(struct micro *m, unsigned i, enum vmx_insn insn)
{
	uint64_t mem[2] = { mem_operand(m, i), ~mem_operand(m, i) };
	uint64_t rbx = reg_operand(m, i), rdx = ~reg_operand(m, i);
	uint64_t ax = (uint64_t)flags(m, i) << 8, start = 0;
	fault_vector = fault_error = fault_rip = 0;
	switch (insn) {
	case VMXON:
		TRY("vmxon (%%rsi)");
		break;
	case VMCLEAR:
		TRY("vmclear (%%rsi)");
		break;
	case VMPTRLD:
		TRY("vmptrld (%%rsi)");
		break;
	case VMPTRST:
		TRY("vmptrst (%%rsi)");
		break;
	case VMREAD:
		TRY("vmread %%rbx, %%rdx");
		break;
	case VMWRITE:
		TRY("vmwrite %%rdx, %%rbx");
		break;
	case INVEPT:
		TRY("invept (%%rsi), %%rbx");
		break;
	case INVVPID:
		TRY("invvpid (%%rsi), %%rbx");
		break;
	case VMLAUNCH:
		TRY("vmlaunch");
		break;
	case VMRESUME:
		TRY("vmresume");
		break;
	case VMXOFF:
		TRY("vmxoff");
		break;
	case VMX_INSNS:
		break;
	}
	micro_fold(m, names[insn], fault_vector);
	micro_fold(m, "its error code", fault_error);
	micro_fold(m, "where it faulted, from where it starts", fault_rip - start);
	micro_fold(m, "the flags after it (LAHF)", ax >> 8 & 0xff);
	micro_fold(m, "RBX, RDX after it", rbx ^ rdx << 1);
	micro_fold(m, "its memory operand after it", mem[0] ^ mem[1] << 1);
}

static void run(struct micro *m)
{
	enum vmx_insn seq[VMX_INSNS];
	order(m, seq);
	micro_idt_load(on_fault);
	for (unsigned i = 0; i < VMX_INSNS; i++)
		try(m, i, seq[i]);
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	enum vmx_insn seq[VMX_INSNS];
	order(m, seq);
	for (unsigned i = 0; i < VMX_INSNS; i++) {
		micro_fold(m, names[seq[i]], T_UD);
		micro_fold(m, "its error code", 0);
		micro_fold(m, "where it faulted, from where it starts", 0);
		micro_fold(m, "the flags after it (LAHF)", flags(m, i) | LAHF_ALWAYS1);
		micro_fold(m, "RBX, RDX after it", reg_operand(m, i) ^ ~reg_operand(m, i) << 1);
		micro_fold(m, "its memory operand after it",
		           mem_operand(m, i) ^ ~mem_operand(m, i) << 1);
	}
}
#endif

MICRO_GUEST(hvmx, run, expect);
