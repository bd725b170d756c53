/*
 * Hidden micro-guest "hsys": the system state a kernel keeps, through
 * operand forms the public guests do not use.  SMSW to memory and to a 16-,
 * 32- and 64-bit register; LGDT RIP-relative, LIDT through a SIB operand
 * and through a 32-bit address that wraps, SGDT and SIDT through a SIB
 * operand and an FS override; LTR from memory, STR and SLDT to memory and
 * to registers, and LTR of the TSS it made busy; MOV to and from CR8;
 * WRMSR and RDMSR of STAR, LSTAR, FMASK and PAT with garbage in the upper
 * halves of RCX, RAX and RDX, SWAPGS with KERNEL_GS_BASE; and an RDMSR
 * of an MSR no CPU has, a #GP through its own IDT (SDM Vol. 2, each
 * instruction's page; Vol. 4, Table 2-2).
 *
 * The last is the SDM's and the lab's rule (an MSR the vCPU lacks: #GP),
 * not the emulators': QEMU 7.2's TCG reads 0 from an MSR it does not know
 * ("XXX: exception?" in its helper_rdmsr), and so does Bochs while its
 * ignore_bad_msrs is on, the default.  Booted natively on either, this
 * guest differs from its model in those three values only.
 */
#include "micro.h"
#include "x86.h"

#define CR0_AM      (1ull << 18)
#define GDT_ENTRIES 16
#define TSS_LIMIT   0x67
#define TYPE_TSS    0x9
#define CODE64      0x00af9a000000ffffull
#define DATA        0x00cf92000000ffffull
#define PAT_DEFAULT 0x0007040600070406ull /* the reset value (SDM Vol. 3A, 13.12.4) */
#define NO_MSR      0x0000abcdu           /* in no range of Vol. 4, Table 2-2 */

/* The CR0 written: paging and protection on, MP, TS and AM from the seed. */
static uint64_t cr0_value(const struct micro *m)
{
	return CR0_PE | CR0_NE | CR0_WP | CR0_PG |
	       (micro_operand(m, 0) & (CR0_MP | CR0_TS | CR0_AM));
}

static uint64_t junk(const struct micro *m)
{
	return micro_operand(m, 1);
}

static unsigned tss_slot(const struct micro *m)
{
	return 4 + 2 * (micro_operand(m, 2) % 5); /* 4 .. 12: a TSS takes two slots */
}

static uint16_t gdt_limit(const struct micro *m)
{
	return (uint16_t)(8 * GDT_ENTRIES - 1 - 8 * (micro_operand(m, 3) % 2));
}

static uint16_t idt_limit(const struct micro *m, unsigned n)
{
	return (uint16_t)(16 * (32 + micro_operand(m, 4 + n) % 224) - 1);
}

/* A canonical address, either half (bit 47 copied up). */
static uint64_t canonical(uint64_t v)
{
	return (uint64_t)((int64_t)(v << 16) >> 16);
}

/* The MSRs written and read back, each value as the CPU keeps it. */
enum { STAR, LSTAR, FMASK, PAT, NMSRS };

static uint64_t msr_value(const struct micro *m, unsigned i)
{
	uint64_t v = micro_operand(m, 10 + i);
	if (i == LSTAR)
		return canonical(v);
	if (i == FMASK)
		return v & 0xffffffffull; /* the upper half is reserved */
	if (i == PAT) {
		/* Eight entries, each a memory type that exists: UC, WC, WT, WP,
		 * WB, UC- (SDM Vol. 3A, Table 13-10). */
		static const uint8_t types[6] = { 0, 1, 4, 5, 6, 7 };
		uint64_t pat = 0;
		for (int e = 0; e < 8; e++)
			pat |= (uint64_t)types[(v >> (8 * e)) % 6] << (8 * e);
		return pat;
	}
	return v;
}

static uint64_t gs_value(const struct micro *m, unsigned n)
{
	return canonical(micro_operand(m, 20 + n));
}

static uint8_t cr8_value(const struct micro *m)
{
	return (uint8_t)(1 + micro_operand(m, 22) % 15); /* 1 .. 15 */
}

/* The selector LTR is given the second time: the same TSS, seeded RPL. */
static uint16_t busy_selector(const struct micro *m)
{
	return (uint16_t)(8 * tss_slot(m) | (micro_operand(m, 23) & 3));
}

#ifndef MICRO_EXPECT
#include "rt.h"

static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static uint8_t tss[TSS_LIMIT + 1] __attribute__((aligned(16)));
static uint8_t idt_area[256 * 16] __attribute__((aligned(16)));
static struct desc_ptr gdtr; /* LGDT's operand, RIP-relative */

static volatile struct {
	uint64_t vector, error, rip_off;
	unsigned count;
} seen;

/* R8: the faulting instruction; R9: where to resume. */
static void on_fault(struct trapframe *tf)
{
	seen.count++;
	seen.vector = tf->vector;
	seen.error = tf->error;
	seen.rip_off = tf->rip - tf->r8;
	tf->rip = tf->r9;
}

static void fold_fault(struct micro *m, const char *label)
{
	micro_fold(m, label, seen.vector << 32 | seen.error);
	micro_fold(m, "saved RIP from the instruction, faults", seen.rip_off << 8 | seen.count);
	seen.count = 0;
}

static void smsw_forms(struct micro *m)
{
	x86_write_cr0(cr0_value(m));
	uint64_t mem = junk(m), r64 = junk(m), r32 = junk(m), r16 = junk(m);
	__asm__ volatile("smsw 1(%0)" : : "r"(&mem) : "memory");
	__asm__ volatile("smsw %q0" : "+r"(r64));
	__asm__ volatile("smsw %k0" : "+r"(r32));
	__asm__ volatile("smsw %w0" : "+r"(r16));
	x86_write_cr0(CR0_PE | CR0_NE | CR0_WP | CR0_PG);
	micro_fold(m, "smsw m16", mem);
	micro_fold(m, "smsw r64", r64);
	micro_fold(m, "smsw r32", r32);
	micro_fold(m, "smsw r16", r16);
}

static void table_forms(struct micro *m)
{
	gdt[2] = DATA; /* the loader's selectors stay valid: IRETQ reloads them */
	gdt[3] = CODE64;
	uint64_t base = (uint64_t)tss;
	unsigned t = tss_slot(m);
	gdt[t] = (1ull << 47) | ((uint64_t)TYPE_TSS << 40) | TSS_LIMIT | (base & 0xffffff) << 16 |
	         (base >> 24 & 0xff) << 56;
	gdt[t + 1] = base >> 32;

	gdtr = (struct desc_ptr){ gdt_limit(m), (uint64_t)gdt };
	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");

	/* LIDT through base + index * 8, the index seeded. */
	struct desc_ptr idtr = { idt_limit(m, 0), (uint64_t)idt_area }, back[3];
	uint64_t index = micro_operand(m, 6) % 4096;
	__asm__ volatile("lidt (%0,%1,8)"
	                 :
	                 : "r"((uint64_t)&idtr - 8 * index), "r"(index)
	                 : "memory");
	__asm__ volatile("sidt -6(%0,%1,2)"
	                 :
	                 : "r"((uint64_t)&back[0] + 6 - 2 * index), "r"(index)
	                 : "memory");

	/* LIDT through a 32-bit address (67): base + index * 2 wraps past
	 * 4 GiB, and the registers' upper halves are garbage that does not
	 * count. */
	struct desc_ptr idtr2 = { idt_limit(m, 1), (uint64_t)idt_area };
	uint32_t scaled = 0x80000000u | (uint32_t)micro_operand(m, 7);
	uint64_t b = (junk(m) & ~0xffffffffull) | (uint32_t)((uint64_t)&idtr2 - 2ull * scaled);
	uint64_t i = (junk(m) << 32) | scaled;
	__asm__ volatile("lidt (%k0,%k1,2)" : : "r"(b), "r"(i) : "memory");

	/* SIDT and SGDT with FS's base added. */
	uint64_t fs = canonical(micro_operand(m, 8)) & ~0xfull;
	x86_wrmsr(MSR_IA32_FS_BASE, fs);
	__asm__ volatile("sidt %%fs:(%0)" : : "r"((uint64_t)&back[1] - fs) : "memory");
	__asm__ volatile("sgdt %%fs:(%0)" : : "r"((uint64_t)&back[2] - fs) : "memory");
	x86_wrmsr(MSR_IA32_FS_BASE, 0);

	micro_fold(m, "lidt (sib), sidt (sib): limit", back[0].limit);
	micro_fold(m, "lidt (sib), sidt (sib): base is the IDT's",
	           back[0].base == (uint64_t)idt_area);
	micro_fold(m, "lidt (addr32), sidt %fs: limit", back[1].limit);
	micro_fold(m, "lidt (addr32), sidt %fs: base is the IDT's",
	           back[1].base == (uint64_t)idt_area);
	micro_fold(m, "lgdt (rip), sgdt %fs: limit", back[2].limit);
	micro_fold(m, "lgdt (rip), sgdt %fs: base is the GDT's", back[2].base == (uint64_t)gdt);
}

static void task_forms(struct micro *m)
{
	unsigned t = tss_slot(m);
	uint16_t sel[2] = { (uint16_t)micro_operand(m, 9), (uint16_t)(8 * t) };
	__asm__ volatile("ltr 2(%0)" : : "r"(sel) : "memory");
	uint64_t str_mem = junk(m), sldt_mem = junk(m), str_r64 = junk(m), sldt_r32 = junk(m);
	__asm__ volatile("str 1(%0)" : : "r"(&str_mem) : "memory");
	__asm__ volatile("sldt 1(%0)" : : "r"(&sldt_mem) : "memory");
	__asm__ volatile("rex.W str %%eax" : "+a"(str_r64)); /* 48 0f 00 c8: gas drops REX.W */
	__asm__ volatile("sldt %k0" : "+r"(sldt_r32));
	micro_fold(m, "ltr m16, str m16", str_mem);
	micro_fold(m, "sldt m16", sldt_mem);
	micro_fold(m, "str r64", str_r64);
	micro_fold(m, "sldt r32", sldt_r32);
	micro_fold(m, "ltr: the descriptor's type, now busy", gdt[t] >> 40 & 0xf);

	/* LTR of a busy TSS: #GP with the selector, RPL dropped. */
	uint16_t busy = busy_selector(m);
	__asm__ volatile("leaq 1f(%%rip), %%r8\n\t"
	                 "leaq 2f(%%rip), %%r9\n"
	                 "1:\tltr %0\n"
	                 "2:"
	                 :
	                 : "r"(busy)
	                 : "r8", "r9", "memory");
	fold_fault(m, "ltr of a busy TSS");
}

static void cr8_forms(struct micro *m)
{
	uint64_t back;
	__asm__ volatile("movq %1, %%r11\n\t"
	                 "movq %%r11, %%cr8\n\t"
	                 "movq %%cr8, %%r12\n\t"
	                 "movq %%r12, %0"
	                 : "=r"(back)
	                 : "r"((uint64_t)cr8_value(m))
	                 : "r11", "r12");
	micro_fold(m, "mov r11 to cr8, mov cr8 to r12", back);
	__asm__ volatile("movq %0, %%cr8" : : "r"(0ull));
	__asm__ volatile("movq %%cr8, %0" : "=r"(back));
	micro_fold(m, "mov 0 to cr8, then from cr8", back);
}

/* WRMSR takes EDX:EAX, and RDMSR writes EDX and EAX, zero-extended; the
 * index is ECX.  Garbage above each. */
static void msr_write(const struct micro *m, uint32_t index, uint64_t v)
{
	__asm__ volatile("wrmsr"
	                 :
	                 : "c"(junk(m) << 32 | index), "a"(junk(m) << 32 | (uint32_t)v),
	                   "d"(~junk(m) << 32 | v >> 32)
	                 : "memory");
}

static void msr_read(const struct micro *m, uint32_t index, uint64_t *rax, uint64_t *rdx)
{
	uint64_t a = junk(m), d = ~junk(m);
	__asm__ volatile("rdmsr" : "+a"(a), "+d"(d) : "c"(junk(m) << 32 | index));
	*rax = a;
	*rdx = d;
}

static void msr_forms(struct micro *m)
{
	static const uint32_t msr_index[NMSRS] = { MSR_IA32_STAR, MSR_IA32_LSTAR, MSR_IA32_FMASK,
		                                   MSR_IA32_PAT };
	uint64_t rax, rdx;
	for (unsigned i = 0; i < NMSRS; i++) {
		msr_write(m, msr_index[i], msr_value(m, i));
		msr_read(m, msr_index[i], &rax, &rdx);
		micro_fold(m, "wrmsr, rdmsr: RAX", rax);
		micro_fold(m, "wrmsr, rdmsr: RDX", rdx);
	}
	x86_wrmsr(MSR_IA32_PAT, PAT_DEFAULT);

	x86_wrmsr(MSR_IA32_GS_BASE, gs_value(m, 0));
	x86_wrmsr(MSR_IA32_KERNEL_GS_BASE, gs_value(m, 1));
	__asm__ volatile("swapgs" ::: "memory");
	micro_fold(m, "swapgs: GS_BASE", x86_rdmsr(MSR_IA32_GS_BASE));
	micro_fold(m, "swapgs: KERNEL_GS_BASE", x86_rdmsr(MSR_IA32_KERNEL_GS_BASE));
	__asm__ volatile("swapgs" ::: "memory");
	micro_fold(m, "swapgs again: GS_BASE", x86_rdmsr(MSR_IA32_GS_BASE));
	x86_wrmsr(MSR_IA32_GS_BASE, 0);

	/* An MSR no CPU has: #GP(0), RAX and RDX as they were. */
	uint64_t a = junk(m), d = ~junk(m);
	__asm__ volatile("leaq 1f(%%rip), %%r8\n\t"
	                 "leaq 2f(%%rip), %%r9\n"
	                 "1:\trdmsr\n"
	                 "2:"
	                 : "+a"(a), "+d"(d)
	                 : "c"((uint64_t)NO_MSR)
	                 : "r8", "r9", "memory");
	fold_fault(m, "rdmsr of an MSR that does not exist");
	micro_fold(m, "... RAX, RDX untouched", (a == junk(m)) << 1 | (d == ~junk(m)));
}

static void run(struct micro *m)
{
	smsw_forms(m);
	table_forms(m);
	micro_idt_load(on_fault);
	task_forms(m);
	cr8_forms(m);
	msr_forms(m);
}
#endif

#ifdef MICRO_EXPECT
/* 16 bits stored into seeded memory: the neighbours stay. */
static uint64_t stored16(const struct micro *m, uint64_t value)
{
	return (junk(m) & ~0xffff00ull) | (value & 0xffff) << 8;
}

static void expect(struct micro *m)
{
	uint64_t cr0 = cr0_value(m) | CR0_ET;
	micro_fold(m, "smsw m16", stored16(m, cr0));
	micro_fold(m, "smsw r64", cr0);
	micro_fold(m, "smsw r32", (uint32_t)cr0);
	micro_fold(m, "smsw r16", (junk(m) & ~0xffffull) | (cr0 & 0xffff));

	micro_fold(m, "lidt (sib), sidt (sib): limit", idt_limit(m, 0));
	micro_fold(m, "lidt (sib), sidt (sib): base is the IDT's", 1);
	micro_fold(m, "lidt (addr32), sidt %fs: limit", idt_limit(m, 1));
	micro_fold(m, "lidt (addr32), sidt %fs: base is the IDT's", 1);
	micro_fold(m, "lgdt (rip), sgdt %fs: limit", gdt_limit(m));
	micro_fold(m, "lgdt (rip), sgdt %fs: base is the GDT's", 1);

	micro_fold(m, "ltr m16, str m16", stored16(m, 8 * tss_slot(m)));
	micro_fold(m, "sldt m16", stored16(m, 0));
	micro_fold(m, "str r64", 8 * tss_slot(m));
	micro_fold(m, "sldt r32", 0);
	micro_fold(m, "ltr: the descriptor's type, now busy", 0xb);
	micro_fold(m, "ltr of a busy TSS", (uint64_t)T_GP << 32 | (busy_selector(m) & ~3u));
	micro_fold(m, "saved RIP from the instruction, faults", 1);

	micro_fold(m, "mov r11 to cr8, mov cr8 to r12", cr8_value(m));
	micro_fold(m, "mov 0 to cr8, then from cr8", 0);

	for (unsigned i = 0; i < NMSRS; i++) {
		micro_fold(m, "wrmsr, rdmsr: RAX", (uint32_t)msr_value(m, i));
		micro_fold(m, "wrmsr, rdmsr: RDX", msr_value(m, i) >> 32);
	}
	micro_fold(m, "swapgs: GS_BASE", gs_value(m, 1));
	micro_fold(m, "swapgs: KERNEL_GS_BASE", gs_value(m, 0));
	micro_fold(m, "swapgs again: GS_BASE", gs_value(m, 0));
	micro_fold(m, "rdmsr of an MSR that does not exist", (uint64_t)T_GP << 32);
	micro_fold(m, "saved RIP from the instruction, faults", 1);
	micro_fold(m, "... RAX, RDX untouched", 3);
}
#endif

MICRO_GUEST(hsys, run, expect);
