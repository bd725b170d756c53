/*
 * The raw x86-64 instructions and architectural constants the kernel needs.
 * Kernel code calls the paravirtual operations (pvops.h) instead of most of
 * these, so that a hypervisor lab can swap them; the raw forms stay for the
 * native backend and for the probes that must see the real machine.
 *
 * Section numbers in vlab refer to the Intel SDM in its 2016-2022 editions
 * (e.g. order number 325462-078US): Vol. 3A chapter 4 is "Paging", chapter 6
 * "Interrupt and Exception Handling"; later editions renumber some chapters,
 * so the section titles are given too.
 */
#ifndef VLAB_X86_H
#define VLAB_X86_H

#include <stdbool.h>
#include <stdint.h>

/* Control registers (SDM Vol. 3A, 2.5 "Control Registers"). */
#define CR0_PE   (1ull << 0)
#define CR0_MP   (1ull << 1)
#define CR0_TS   (1ull << 3)
#define CR0_ET   (1ull << 4) /* reserved, reads 1 on every CPU since the i486 */
#define CR0_NE   (1ull << 5)
#define CR0_WP   (1ull << 16)
#define CR0_PG   (1ull << 31)
#define CR4_PAE  (1ull << 5)
#define CR4_PGE  (1ull << 7)
#define CR4_UMIP (1ull << 11)
#define CR4_VMXE (1ull << 13)

/* RFLAGS (SDM Vol. 1, 3.4.3 "EFLAGS Register"). */
#define RFLAGS_CF       (1ull << 0)
#define RFLAGS_RESERVED (1ull << 1) /* always 1 */
#define RFLAGS_TF       (1ull << 8)
#define RFLAGS_IF       (1ull << 9)
#define RFLAGS_DF       (1ull << 10)
#define RFLAGS_IOPL     (3ull << 12)
#define RFLAGS_NT       (1ull << 14)
#define RFLAGS_RF       (1ull << 16)
#define RFLAGS_AC       (1ull << 18)
#define RFLAGS_ID       (1ull << 21)
/* What POPF and IRETQ may change in ring 0 (SDM Vol. 2, POPF, 64-bit
 * mode): CF PF AF ZF SF TF IF DF OF IOPL NT AC ID, not VM, VIF or VIP. */
#define RFLAGS_WRITABLE 0x247fd5ull

/* MSRs (SDM Vol. 4, Table 2-2). */
#define MSR_IA32_EFER           0xc0000080
#define EFER_LME                (1ull << 8) /* SDM Vol. 3A, 2.2.1 "Extended Feature Enable Register" */
#define EFER_LMA                (1ull << 10)
#define EFER_NXE                (1ull << 11)
#define MSR_IA32_STAR           0xc0000081
#define MSR_IA32_LSTAR          0xc0000082
#define MSR_IA32_CSTAR          0xc0000083
#define MSR_IA32_FMASK          0xc0000084
#define MSR_IA32_FS_BASE        0xc0000100
#define MSR_IA32_GS_BASE        0xc0000101
#define MSR_IA32_KERNEL_GS_BASE 0xc0000102
#define MSR_IA32_TSC            0x10
#define MSR_IA32_APIC_BASE      0x1b
#define MSR_IA32_PAT            0x277

/* Exception vectors (SDM Vol. 3A, Table 6-1). */
#define T_DE  0 /* divide error */
#define T_DB  1 /* debug */
#define T_NMI 2
#define T_BP  3 /* breakpoint (INT3) */
#define T_OF  4
#define T_BR  5
#define T_UD  6  /* invalid opcode */
#define T_NM  7  /* device not available */
#define T_DF  8  /* double fault */
#define T_TS  10 /* invalid TSS */
#define T_NP  11 /* segment not present */
#define T_SS  12 /* stack-segment fault */
#define T_GP  13 /* general protection */
#define T_PF  14 /* page fault */
#define T_MF  16
#define T_AC  17
#define T_MC  18
#define T_XM  19
#define T_VE  20
#define T_CP  21

/* Page-fault error code (SDM Vol. 3A, 4.7 "Page-Fault Exceptions"). */
#define PF_P    (1u << 0) /* 0: not present, 1: protection violation */
#define PF_W    (1u << 1) /* write access */
#define PF_U    (1u << 2) /* user-mode access */
#define PF_RSVD (1u << 3)
#define PF_I    (1u << 4) /* instruction fetch */

/* VMX basic exit reasons (SDM Vol. 3D, Appendix C, Table C-1), the ones
 * vlab's monitors name; their words: exit_reason_name() (vmm/exitstat.c).
 * EXIT_REASON_TRAPPED is vlab's own: what traps in ring 3 under lab 02 but
 * runs in VMX non-root mode without an exit (CLI, STI, POPF, PUSHF, ...). */
#define EXIT_REASON_EXCEPTION_NMI          0
#define EXIT_REASON_EXTERNAL_INTERRUPT     1
#define EXIT_REASON_TRIPLE_FAULT           2
#define EXIT_REASON_INTERRUPT_WINDOW       7
#define EXIT_REASON_CPUID                  10
#define EXIT_REASON_HLT                    12
#define EXIT_REASON_INVLPG                 14
#define EXIT_REASON_RDTSC                  16
#define EXIT_REASON_VMCALL                 18
#define EXIT_REASON_CR_ACCESS              28
#define EXIT_REASON_IO_INSTRUCTION         30
#define EXIT_REASON_RDMSR                  31
#define EXIT_REASON_WRMSR                  32
#define EXIT_REASON_ENTRY_FAIL_GUEST_STATE 33
#define EXIT_REASON_GDTR_IDTR              46
#define EXIT_REASON_LDTR_TR                47
#define EXIT_REASON_EPT_VIOLATION          48
#define EXIT_REASON_EPT_MISCONFIG          49
#define EXIT_REASON_WBINVD                 54
#define EXIT_REASON_TRAPPED                70 /* 0 .. 69 are the SDM's */
#define EXIT_REASONS                       71

/* Segment access rights as the VMCS holds them (SDM Vol. 3C, Table 24-2):
 * the descriptor's type, S, DPL, P, AVL, L, D/B and G bits, and bit 16 for
 * "unusable". */
#define SEG_AR_TYPE_CODE_XRA 0xb /* execute/read, accessed */
#define SEG_AR_TYPE_DATA_RWA 0x3 /* read/write, accessed */
#define SEG_AR_TYPE_TSS_BUSY 0xb /* 64-bit TSS, busy */
#define SEG_AR_S             (1u << 4)
#define SEG_AR_P             (1u << 7)
#define SEG_AR_L             (1u << 13)
#define SEG_AR_DB            (1u << 14)
#define SEG_AR_G             (1u << 15)
#define SEG_AR_UNUSABLE      (1u << 16)

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* A 64-bit IDT gate (SDM Vol. 3A, 6.14.1, Figure 6-8): the handler's
 * address in three pieces, its code selector, IST index and type byte
 * (P, DPL, type: 0xE interrupt gate, 0xF trap gate). */
struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline uint8_t x86_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void x86_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void x86_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline void x86_cli(void)
{
	__asm__ volatile("cli" ::: "memory");
}

static inline void x86_sti(void)
{
	__asm__ volatile("sti" ::: "memory");
}

/* STI delays interrupts by one instruction, so no interrupt can slip in
 * between it and HLT (SDM Vol. 2B, STI). */
static inline void x86_sti_hlt(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

static inline void x86_hlt(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

static inline uint64_t x86_read_rflags(void)
{
	uint64_t f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

static inline void x86_write_rflags(uint64_t f)
{
	__asm__ volatile("pushq %0; popfq" : : "r"(f) : "memory", "cc");
}

#define X86_CR_ACCESSORS(n)                                                                        \
	static inline uint64_t x86_read_cr##n(void)                                                \
	{                                                                                          \
		uint64_t v;                                                                        \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));                                  \
		return v;                                                                          \
	}                                                                                          \
	static inline void x86_write_cr##n(uint64_t v)                                             \
	{                                                                                          \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");                         \
	}
X86_CR_ACCESSORS(0)
X86_CR_ACCESSORS(2)
X86_CR_ACCESSORS(3)
X86_CR_ACCESSORS(4)

static inline void x86_invlpg(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void x86_cpuid(uint32_t leaf, uint32_t sub, struct cpuid_regs *r)
{
	__asm__ volatile("cpuid"
	                 : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
	                 : "a"(leaf), "c"(sub));
}

static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* Bits 63:47 all equal: an address the CPU can use (SDM Vol. 1, 3.3.7.1
 * "Canonical Addressing"). */
static inline bool x86_canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_lgdt(const struct desc_ptr *p)
{
	__asm__ volatile("lgdt %0" : : "m"(*p));
}

static inline void x86_sgdt(struct desc_ptr *p)
{
	__asm__ volatile("sgdt %0" : "=m"(*p));
}

static inline void x86_lidt(const struct desc_ptr *p)
{
	__asm__ volatile("lidt %0" : : "m"(*p));
}

static inline void x86_ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel));
}

static inline uint16_t x86_read_cs(void)
{
	uint16_t cs;
	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs;
}

static inline void x86_pause(void)
{
	__asm__ volatile("pause");
}

#endif
