/*
 * Self-tests: exceptions the kernel provokes and handles itself.  Each test
 * runs one faulting instruction; the handler records the vector and resumes
 * at the label after it (fixup_rip), as an exception table would.
 */
#include "selftest.h"
#include "trap.h"
#include "x86.h"

uint64_t fixup_rip;
static struct {
	uint64_t vector, error;
	int count;
} seen;

static bool resume_after(struct trapframe *tf)
{
	seen.vector = tf->vector;
	seen.error = tf->error;
	seen.count++;
	tf->rip = fixup_rip;
	return true;
}

/* Run INSN (which may use RDX) with the handler installed for VECTOR; the
 * label 1: follows it. */
#define PROVOKE(vector, insn, ...)                                                                 \
	do {                                                                                       \
		seen.count = 0;                                                                    \
		trap_register(vector, resume_after);                                               \
		__asm__ volatile("leaq 1f(%%rip), %%rax\n\t"                                       \
		                 "movq %%rax, fixup_rip(%%rip)\n\t" insn "\n1:" ::__VA_ARGS__      \
		                 : "rax", "rdx", "memory");                                        \
		trap_register(vector, 0);                                                          \
	} while (0)

static const char *check(uint64_t vector, uint64_t error)
{
	if (seen.count != 1)
		return st_fail("%d traps, want one %s", seen.count, trap_name(vector));
	if (seen.vector != vector || seen.error != error)
		return st_fail("got %s error %#lx, want %s error %#lx", trap_name(seen.vector),
		               seen.error, trap_name(vector), error);
	return 0;
}

static const char *divide_error(void)
{
	PROVOKE(T_DE, "xor %%edx, %%edx\n\tdivq %0", "r"(0ull));
	return check(T_DE, 0);
}

static const char *breakpoint(void)
{
	PROVOKE(T_BP, "int3");
	return check(T_BP, 0);
}

static const char *invalid_opcode(void)
{
	PROVOKE(T_UD, "ud2");
	return check(T_UD, 0);
}

/* A non-canonical address raises #GP, not #PF (SDM Vol. 3A, 6.15, #GP). */
static const char *general_protection(void)
{
	PROVOKE(T_GP, "movq (%0), %%rdx", "r"(0x8000000000000000ull));
	return check(T_GP, 0);
}

static const char *software_interrupt(void)
{
	PROVOKE(0x80, "int $0x80");
	return check(0x80, 0);
}

const struct selftest selftests_faults[] = {
	{ "divide_error", divide_error },
	{ "breakpoint", breakpoint },
	{ "invalid_opcode", invalid_opcode },
	{ "general_protection", general_protection },
	{ "software_interrupt", software_interrupt },
	{ 0, 0 },
};
