/*
 * Hidden micro-guest "hflags": the interrupt flag and the events that go
 * through the IDT, in forms the public guests do not use.
 *
 * PUSHF and POPF with a 16-bit operand (66 9c, 66 9d) move FLAGS, the low
 * half, IOPL included at CPL 0, and keep the upper half (AC, ID); a POPF
 * that sets IF takes a pending interrupt before the next instruction, with
 * no shadow, while STI lets one more instruction run first (SDM Vol. 2,
 * POPF and STI).  Then events through the guest's own IDT: INT n at seeded
 * vectors, INT3 (cc) and INT 3 (cd 03), UD2, a divide by zero, a quotient
 * too large, and INT n to a gate beyond the IDT's limit and to one not
 * present, which fault with the vector in the error code (SDM Vol. 3A,
 * 6.13).  Each handler folds the vector and the error code, where the
 * saved RIP is from the instruction (past it for a trap, on it for a
 * fault), the saved CS, SS and RSP, the saved flags, and IF in the handler.
 */
#include "micro.h"
#include "pcdev.h"
#include "x86.h"

/* The flags this guest sets and reads back: CF, PF, AF, ZF, SF, DF, OF and
 * IF; a 16-bit POPF at CPL 0 writes IOPL too.  AC and ID are the upper
 * half a 16-bit POPF keeps.  TF and NT stay clear (a trace, an IRET that
 * would fault). */
#define FLAGS_SEEN   0x0ed5ull
#define FLAGS16_SEEN (FLAGS_SEEN | RFLAGS_IOPL)
#define FLAGS_UPPER  (RFLAGS_AC | RFLAGS_ID)
#define ROUNDS16     4

#define SEL_CS 0x18 /* the loader's (bootinfo.h: BOOT_GDT_CODE64, BOOT_GDT_DATA) */
#define SEL_SS 0x10

/* The events, in order: the saved RIP's distance from the instruction
 * (its length for a trap, 0 for a fault), and the error-code bits folded.
 * For a gate that cannot be used the SDM's error code is the vector as an
 * IDT index, vector * 8 + 2 (Vol. 3A, 6.13); QEMU 7.2's TCG gives
 * vector * 16 + 2 in 64-bit mode, so only EXT, IDT and TI are folded, and
 * the baseline holds there. */
enum event_kind { INT_N, INT_N2, INT3, INT_3, UD2, DIV0, IDIV_OVERFLOW, PAST_LIMIT, NOT_PRESENT };
#define ERROR_ALL     (~0ull)
#define ERROR_EXT_IDT 7ull
static const struct event_case {
	const char *label;
	unsigned rip_off;
	uint64_t error_seen;
} events[] = {
	[INT_N] = { "int n", 2, ERROR_ALL },
	[INT_N2] = { "int n, another vector", 2, ERROR_ALL },
	[INT3] = { "int3 (cc)", 1, ERROR_ALL },
	[INT_3] = { "int $3 (cd 03)", 2, ERROR_ALL },
	[UD2] = { "ud2", 0, ERROR_ALL },
	[DIV0] = { "div by zero", 0, ERROR_ALL },
	[IDIV_OVERFLOW] = { "idiv: quotient too large", 0, ERROR_ALL },
	[PAST_LIMIT] = { "int n past the IDT's limit", 0, ERROR_EXT_IDT },
	[NOT_PRESENT] = { "int n to a gate not present", 0, ERROR_EXT_IDT },
};
#define NEVENTS (sizeof(events) / sizeof(events[0]))

/* The interrupts a POPF or an STI lets in: how far the saved RIP is from
 * the instruction that set IF. */
static const struct irq_case {
	const char *label;
	unsigned rip_off;
} irqs[] = {
	{ "popfq sets IF: the interrupt right after it", 1 },
	{ "popfw sets IF: the interrupt right after it", 2 },
	{ "sti: the interrupt after the next instruction", 2 },
};
#define NIRQS (sizeof(irqs) / sizeof(irqs[0]))

static uint64_t flags16(const struct micro *m, unsigned i)
{
	return (micro_operand(m, i) & FLAGS16_SEEN & ~RFLAGS_IF) | (i % 2 ? RFLAGS_IF : 0) |
	       RFLAGS_RESERVED;
}

/* What the 64-bit POPF before it leaves: the upper half, and IF the other
 * way round, so that the 16-bit POPF both sets and clears IF. */
static uint64_t flags64_before(const struct micro *m, unsigned i)
{
	return (micro_operand(m, i) >> 32 & FLAGS_UPPER) | (i % 2 ? 0 : RFLAGS_IF) |
	       RFLAGS_RESERVED;
}

static uint64_t event_flags(const struct micro *m, unsigned e)
{
	return (micro_operand(m, 8 + e) & FLAGS_SEEN) | RFLAGS_RESERVED;
}

static uint8_t int_vector(const struct micro *m, unsigned e)
{
	return (uint8_t)(0x20 + micro_operand(m, 20 + e) % 0xe0); /* 0x20 .. 0xff */
}

/* The IDT cut short: vectors up to first_cut - 1; INT n then takes a
 * vector from first_cut up. */
static unsigned first_cut(const struct micro *m)
{
	return 0x40 + micro_operand(m, 30) % 0x40; /* 0x40 .. 0x7f */
}

static uint8_t past_limit_vector(const struct micro *m)
{
	return (uint8_t)(first_cut(m) + micro_operand(m, 31) % (0x100 - first_cut(m)));
}

static uint8_t irq_base(const struct micro *m)
{
	return (uint8_t)(0x20 + 8 * (micro_operand(m, 32) % 28)); /* 0x20 .. 0xf8 */
}

static uint64_t irq_flags(const struct micro *m, unsigned i)
{
	return (micro_operand(m, 40 + i) & FLAGS_SEEN & ~RFLAGS_IF) | RFLAGS_RESERVED;
}

#ifndef MICRO_EXPECT
#include "pvops.h"
#include "rt.h"

/* What the handler saw of the last event. */
static volatile struct {
	unsigned count;
	uint64_t vector, error, rip_off, rsp_off, cs, ss, flags, handler_if;
	bool irq; /* an interrupt of the PIC is awaited, not an exception */
} seen;

/* R8 holds the address of the instruction, R9 where to resume after a
 * fault, R10 the RSP just before it (the asm of each event sets them). */
static void on_event(struct trapframe *tf)
{
	uint64_t f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	seen.count++;
	seen.vector = tf->vector;
	seen.error = tf->error;
	seen.rip_off = tf->rip - tf->r8;
	seen.rsp_off = tf->rsp - tf->r10;
	seen.cs = tf->cs;
	seen.ss = tf->ss;
	seen.flags = tf->rflags;
	seen.handler_if = f & RFLAGS_IF;
	if (seen.irq) {
		outb(PIC1_DATA, 0xff); /* one interrupt per window */
		outb(PIC1_CMD, PIC_EOI);
	} else {
		tf->rip = tf->r9;
	}
}

static void fold_event(struct micro *m, const char *label, uint64_t error_seen, uint64_t after)
{
	micro_fold(m, label, seen.vector << 32 | (seen.error & error_seen));
	micro_fold(m, "saved RIP from the instruction", seen.rip_off);
	micro_fold(m, "saved CS, SS; saved RSP from RSP",
	           seen.cs << 48 | seen.ss << 32 | (uint32_t)seen.rsp_off);
	micro_fold(m, "saved RFLAGS", seen.flags & FLAGS_SEEN);
	micro_fold(m, "IF in the handler, events", seen.handler_if | seen.count);
	micro_fold(m, "RFLAGS after iretq", after & FLAGS_SEEN);
}

/* RFLAGS from f, then INSN at 1:, to be resumed at 2:. */
#define EVENT(SETUP, INSN)                                                                         \
	__asm__ volatile(SETUP "\n\t"                                                              \
	                       "leaq 1f(%%rip), %%r8\n\t"                                          \
	                       "leaq 2f(%%rip), %%r9\n\t"                                          \
	                       "pushq %[f]\n\t"                                                    \
	                       "popfq\n\t"                                                         \
	                       "movq %%rsp, %%r10\n"                                               \
	                       "1:\t" INSN "\n"                                                    \
	                       "2:\tpushfq\n\t"                                                    \
	                       "popq %[after]\n\t"                                                 \
	                       "pushq $2\n\t"                                                      \
	                       "popfq"                                                             \
	                 : [after] "=&r"(after)                                                    \
	                 : [f] "r"(f)                                                              \
	                 : "rax", "rcx", "rdx", "r8", "r9", "r10", "memory", "cc")

/* INT n for every n, as code: 8 bytes each, "movq %rsp, %r10" (3 bytes),
 * "int $n" (cd n), "ret", padding. */
#define THUNK_SIZE 8
#define THUNK_INT  3
#define THUNK_RET  5
extern const uint8_t int_thunks[];
__asm__(".pushsection .text\n"
        ".balign 8\n"
        "int_thunks:\n"
        ".set vector, 0\n"
        ".rept 256\n"
        "movq %rsp, %r10\n"
        ".byte 0xcd, vector\n"
        "ret\n"
        ".balign 8\n"
        ".set vector, vector + 1\n"
        ".endr\n"
        ".popsection");

static uint64_t int_n(uint8_t vector, uint64_t f)
{
	const uint8_t *thunk = int_thunks + THUNK_SIZE * vector;
	uint64_t after;
	__asm__ volatile("leaq %c[i](%[t]), %%r8\n\t"
	                 "leaq %c[r](%[t]), %%r9\n\t"
	                 "pushq %[f]\n\t"
	                 "popfq\n\t"
	                 "call *%[t]\n\t"
	                 "pushfq\n\t"
	                 "popq %[after]\n\t"
	                 "pushq $2\n\t"
	                 "popfq"
	                 : [after] "=&r"(after)
	                 : [t] "r"(thunk), [f] "r"(f), [i] "i"(THUNK_INT), [r] "i"(THUNK_RET)
	                 : "r8", "r9", "r10", "memory", "cc");
	return after;
}

static void popf16_rounds(struct micro *m)
{
	for (unsigned i = 0; i < ROUNDS16; i++) {
		uint64_t before_sp, after_sp, all;
		uint16_t back;
		__asm__ volatile("pushq %[f64]\n\t"
		                 "popfq\n\t"
		                 "movq %%rsp, %[before_sp]\n\t"
		                 "pushw %w[f16]\n\t"
		                 "popfw\n\t"
		                 "pushfw\n\t"
		                 "movq %%rsp, %[after_sp]\n\t"
		                 "popw %w[back]\n\t"
		                 "pushfq\n\t"
		                 "popq %[all]\n\t"
		                 "pushq $2\n\t"
		                 "popfq"
		                 : [before_sp] "=&r"(before_sp), [after_sp] "=&r"(after_sp),
		                   [back] "=&r"(back), [all] "=&r"(all)
		                 : [f64] "r"(flags64_before(m, i)), [f16] "r"(flags16(m, i))
		                 : "memory", "cc");
		micro_fold(m, "popfw, pushfw: FLAGS", back);
		micro_fold(m, "pushfw: RSP down by", before_sp - after_sp);
		micro_fold(m, "popfw kept the upper half: pushfq",
		           all & (FLAGS16_SEEN | FLAGS_UPPER));
	}
}

/* The PIC at a seeded base, every line masked; the PIT's counter 0 at
 * 1 kHz on IRQ 0. */
static void irq_setup(uint8_t base)
{
	outb(PIC1_CMD, PIC_ICW1_8086);
	outb(PIC2_CMD, PIC_ICW1_8086);
	outb(PIC1_DATA, base);
	outb(PIC2_DATA, base + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE);
	outb(PIC2_DATA, PIC_CASCADE);
	outb(PIC1_DATA, ICW4_UPM);
	outb(PIC2_DATA, ICW4_UPM);
	outb(PIC2_DATA, 0xff);
	outb(PIC1_DATA, 0xff);
	outb(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	outb(PIT_CH0, 1193 & 0xff); /* 1 kHz */
	outb(PIT_CH0, 1193 >> 8);
}

/* IRQ 0 unmasked, IF clear: its request waits in the IRR. */
static bool irq_wait(void)
{
	outb(PIC1_DATA, 0xfe);
	outb(PIC1_CMD, PIC_READ_IRR);
	for (long i = 0; i < 50000000; i++)
		if (inb(PIC1_CMD) & 1)
			return true;
	return false;
}

/* RSP in R10, the instruction that sets IF at 1: (R8), then a NOP; the
 * interrupt comes in before the NOP or after it. */
#define IF_WINDOW(SETUP, INSN)                                                                     \
	__asm__ volatile(SETUP "\n\t"                                                              \
	                       "leaq 1f(%%rip), %%r8\n"                                            \
	                       "1:\t" INSN "\n\t"                                                  \
	                       "nop\n\t"                                                           \
	                       "pushfq\n\t"                                                        \
	                       "popq %[after]\n\t"                                                 \
	                       "cli\n\t"                                                           \
	                       "cld"                                                               \
	                 : [after] "=&r"(after)                                                    \
	                 : [f] "r"(f)                                                              \
	                 : "r8", "r10", "memory", "cc")

static void irq_rounds(struct micro *m)
{
	irq_setup(irq_base(m));
	seen.irq = true;
	for (unsigned i = 0; i < NIRQS; i++) {
		seen.count = 0;
		micro_fold(m, "the request waits in the IRR", irq_wait());
		uint64_t f = irq_flags(m, i), after;
		if (i == 0) {
			f |= RFLAGS_IF;
			IF_WINDOW("movq %%rsp, %%r10\n\tpushq %[f]", "popfq");
		} else if (i == 1) {
			f |= RFLAGS_IF;
			IF_WINDOW("movq %%rsp, %%r10\n\tpushw %w[f]", "popfw");
		} else {
			IF_WINDOW("pushq %[f]\n\tpopfq\n\tmovq %%rsp, %%r10", "sti");
		}
		fold_event(m, irqs[i].label, ERROR_ALL, after);
	}
	seen.irq = false;
	outb(PIC1_DATA, 0xff);
}

static void run(struct micro *m)
{
	popf16_rounds(m);

	uint64_t f, after;
	/* CLI, then a POPF whose image has IF set: IF is set. */
	f = (micro_operand(m, 4) & FLAGS_SEEN) | RFLAGS_IF | RFLAGS_RESERVED;
	__asm__ volatile("cli\n\tpushq %1\n\tpopfq\n\tpushfq\n\tpopq %0\n\tcli\n\tcld"
	                 : "=r"(after)
	                 : "r"(f)
	                 : "memory", "cc");
	micro_fold(m, "cli, popfq with IF: pushfq", after & FLAGS_SEEN);

	micro_idt_load(on_event);
	for (unsigned e = 0; e < NEVENTS; e++) {
		seen.count = 0;
		f = event_flags(m, e);
		switch (e) {
		case INT_N:
		case INT_N2:
			after = int_n(int_vector(m, e), f);
			break;
		case INT3:
			EVENT("", "int3");
			break;
		case INT_3:
			EVENT("", ".byte 0xcd, 0x03");
			break;
		case UD2:
			EVENT("", "ud2");
			break;
		case DIV0:
			EVENT("movl $0, %%ecx\n\tmovl $1, %%eax\n\tmovl $0, %%edx", "divl %%ecx");
			break;
		case IDIV_OVERFLOW:
			EVENT("movq $-1, %%rcx\n\tmovq $-1, %%rdx\n\tmovabsq $0x8000000000000000, "
			      "%%rax",
			      "idivq %%rcx");
			break;
		case PAST_LIMIT: {
			struct desc_ptr full, cut;
			__asm__ volatile("sidt %0" : "=m"(full));
			cut = (struct desc_ptr){ (uint16_t)(first_cut(m) * 16 - 1), full.base };
			x86_lidt(&cut);
			after = int_n(past_limit_vector(m), f);
			x86_lidt(&full);
			break;
		}
		case NOT_PRESENT: {
			struct desc_ptr idt;
			__asm__ volatile("sidt %0" : "=m"(idt));
			uint8_t *type = (uint8_t *)idt.base + 16 * int_vector(m, e) + 5;
			*type &= 0x7f; /* P clear */
			after = int_n(int_vector(m, e), f);
			*type |= 0x80;
			break;
		}
		}
		fold_event(m, events[e].label, events[e].error_seen, after);
	}

	irq_rounds(m);
}
#endif

#ifdef MICRO_EXPECT
static uint64_t event_error(const struct micro *m, unsigned e)
{
	/* A gate that cannot be used: the error code names it, IDT bit set
	 * (SDM Vol. 3A, 6.13 "Error Code"). */
	if (e == PAST_LIMIT)
		return past_limit_vector(m) * 8u + 2;
	if (e == NOT_PRESENT)
		return int_vector(m, NOT_PRESENT) * 8u + 2;
	return 0;
}

static uint64_t event_vector(const struct micro *m, unsigned e)
{
	switch (e) {
	case INT3:
	case INT_3:
		return T_BP;
	case UD2:
		return T_UD;
	case DIV0:
	case IDIV_OVERFLOW:
		return T_DE;
	case PAST_LIMIT:
		return T_GP;
	case NOT_PRESENT:
		return T_NP;
	default:
		return int_vector(m, e);
	}
}

static void expect_event(struct micro *m, const char *label, uint64_t vector, uint64_t error,
                         unsigned rip_off, uint64_t flags)
{
	micro_fold(m, label, vector << 32 | error);
	micro_fold(m, "saved RIP from the instruction", rip_off);
	micro_fold(m, "saved CS, SS; saved RSP from RSP",
	           (uint64_t)SEL_CS << 48 | (uint64_t)SEL_SS << 32);
	micro_fold(m, "saved RFLAGS", flags & FLAGS_SEEN);
	micro_fold(m, "IF in the handler, events", 1);
	micro_fold(m, "RFLAGS after iretq", flags & FLAGS_SEEN);
}

static void expect(struct micro *m)
{
	for (unsigned i = 0; i < ROUNDS16; i++) {
		micro_fold(m, "popfw, pushfw: FLAGS", flags16(m, i));
		micro_fold(m, "pushfw: RSP down by", 2);
		micro_fold(m, "popfw kept the upper half: pushfq",
		           (flags64_before(m, i) & FLAGS_UPPER) | (flags16(m, i) & FLAGS16_SEEN));
	}
	micro_fold(m, "cli, popfq with IF: pushfq", (micro_operand(m, 4) & FLAGS_SEEN) | RFLAGS_IF);
	for (unsigned e = 0; e < NEVENTS; e++)
		expect_event(m, events[e].label, event_vector(m, e),
		             event_error(m, e) & events[e].error_seen, events[e].rip_off,
		             event_flags(m, e));
	for (unsigned i = 0; i < NIRQS; i++) {
		micro_fold(m, "the request waits in the IRR", 1);
		expect_event(m, irqs[i].label, irq_base(m), 0, irqs[i].rip_off,
		             irq_flags(m, i) | RFLAGS_IF);
	}
}
#endif

MICRO_GUEST(hflags, run, expect);
