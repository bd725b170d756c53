/*
 * Hostile guest "random-code": a page of seeded random bytes, run, with
 * every general register but RSP random too and an IDT of limit 0.  What
 * the bytes do, the seed decides; usually an undefined opcode, a
 * non-canonical address or a fault comes within a few instructions, and
 * with no gate to deliver it a real machine triple-faults (tools/vm:
 * status 2).  A monitor meets instructions it cannot decode, privileged
 * ones with nonsense operands, and the triple fault; for each, it must
 * emulate, refuse with vm_fail(), or let the CPU deliver, never crash.
 */
#include "hostile.h"
#include "mm.h"
#include "x86.h"

static uint8_t code[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t regs[15]; /* RAX, RBX, RCX, RDX, RSI, RDI, RBP, R8-R15 */

static void run(const struct hostile *h)
{
	for (unsigned i = 0; i < PAGE_SIZE / 8; i++)
		((uint64_t *)code)[i] = micro_operand(&h->m, i);
	for (unsigned i = 0; i < 15; i++)
		regs[i] = micro_operand(&h->m, PAGE_SIZE / 8 + i);
	hostile_say(h,
	            "jumps into %lu random bytes at %#lx (%02x %02x %02x %02x ...), "
	            "every register but RSP random, an IDT of limit 0",
	            PAGE_SIZE, (uint64_t)code, code[0], code[1], code[2], code[3]);
	struct desc_ptr none = { 0, 0 };
	x86_lidt(&none);
	/* The bytes' address goes on the stack for RET; R15 holds the
	 * registers' until it is loaded last. */
	__asm__ volatile("pushq %0\n\t"
	                 "movq %1, %%r15\n\t"
	                 "movq 0(%%r15), %%rax\n\t"
	                 "movq 8(%%r15), %%rbx\n\t"
	                 "movq 16(%%r15), %%rcx\n\t"
	                 "movq 24(%%r15), %%rdx\n\t"
	                 "movq 32(%%r15), %%rsi\n\t"
	                 "movq 40(%%r15), %%rdi\n\t"
	                 "movq 48(%%r15), %%rbp\n\t"
	                 "movq 56(%%r15), %%r8\n\t"
	                 "movq 64(%%r15), %%r9\n\t"
	                 "movq 72(%%r15), %%r10\n\t"
	                 "movq 80(%%r15), %%r11\n\t"
	                 "movq 88(%%r15), %%r12\n\t"
	                 "movq 96(%%r15), %%r13\n\t"
	                 "movq 104(%%r15), %%r14\n\t"
	                 "movq 112(%%r15), %%r15\n\t"
	                 "ret"
	                 :
	                 : "r"((uint64_t)code), "r"(regs)
	                 : "memory");
	__builtin_unreachable();
}

HOSTILE_GUEST(random_code, "random-code", run);
