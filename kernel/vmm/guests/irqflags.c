/*
 * Micro-guest "irqflags": CLI, STI, PUSHF and POPF, the instructions of
 * Popek and Goldberg's x86 hole: in ring 3 POPF changes the arithmetic
 * flags but silently keeps IF, so a monitor must make it trap (lab 02,
 * part E) for this guest to see what a real CPU shows.
 */
#include "micro.h"
#include "x86.h"

/* What POPF may set here and PUSHF then shows: CF, PF, AF, ZF, SF, DF, OF
 * and IF (SDM Vol. 1, 3.4.3).  TF, NT, AC, ID and IOPL are left alone. */
#define FLAGS_SEEN 0x0ed5ull

#ifndef MICRO_EXPECT
static uint64_t pushf(void)
{
	uint64_t f;
	__asm__ volatile("pushfq; popq %0" : "=r"(f) : : "memory");
	return f;
}

/* POPF then PUSHF with nothing between, so every flag is the one written. */
static uint64_t popf_pushf(uint64_t f)
{
	uint64_t back;
	__asm__ volatile("pushq %1; popfq; pushfq; popq %0; cld"
	                 : "=r"(back)
	                 : "r"(f)
	                 : "memory", "cc");
	return back;
}

static void run(struct micro *m)
{
	__asm__ volatile("cli");
	micro_fold(m, "pushf after cli: IF", pushf() & RFLAGS_IF);
	__asm__ volatile("sti");
	micro_fold(m, "pushf after sti: IF", pushf() & RFLAGS_IF);
	for (unsigned i = 0; i < 4; i++) {
		/* IF alternates, so POPF must both set and clear it. */
		uint64_t f = (micro_operand(m, i) & FLAGS_SEEN & ~RFLAGS_IF) |
		             (i % 2 ? RFLAGS_IF : 0) | RFLAGS_RESERVED;
		micro_fold(m, "popf, pushf: the flags", popf_pushf(f) & FLAGS_SEEN);
	}
	/* irq_save / irq_restore nested: only the outer POPF sets IF again. */
	uint64_t outer, inner, in_between, after;
	__asm__ volatile("sti\n\t"
	                 "pushfq; popq %0; cli\n\t"
	                 "pushfq; popq %1; cli\n\t"
	                 "pushq %1; popfq\n\t"
	                 "pushfq; popq %2\n\t"
	                 "pushq %0; popfq\n\t"
	                 "pushfq; popq %3\n\t"
	                 "cli"
	                 : "=&r"(outer), "=&r"(inner), "=&r"(in_between), "=&r"(after)
	                 :
	                 : "memory", "cc");
	micro_fold(m, "nested: IF after the inner popf", in_between & RFLAGS_IF);
	micro_fold(m, "nested: IF after the outer popf", after & RFLAGS_IF);
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "pushf after cli: IF", 0);
	micro_fold(m, "pushf after sti: IF", RFLAGS_IF);
	for (unsigned i = 0; i < 4; i++)
		micro_fold(m, "popf, pushf: the flags",
		           (micro_operand(m, i) & FLAGS_SEEN & ~RFLAGS_IF) |
		                   (i % 2 ? RFLAGS_IF : 0));
	micro_fold(m, "nested: IF after the inner popf", 0);
	micro_fold(m, "nested: IF after the outer popf", RFLAGS_IF);
}
#endif

MICRO_GUEST(irqflags, run, expect);
