/*
 * Micro-guest pvabi (part A): the hypercall ABI, seen from the guest.  It
 * folds what each hypercall returned: HC_VERSION; seeded numbers no
 * hypercall has (-HC_ENOSYS); a console write of a seeded line (its
 * length); writes whose range leaves guest memory or wraps around
 * (-HC_EFAULT) or is too long (-HC_E2BIG); and which registers a
 * hypercall left as they were (all but RAX, hypercall.h).
 */
#include "micro.h"
#include "pvabi.h"

#define SAVED 13 /* RBX RCX RDX RSI RDI R8 ... R15 */

/* The guest's RAM ends below this: 32 MiB and more are never beyond 1 TiB. */
#define FAR_AWAY (1ull << 40)

static inline uint64_t unknown_number(const struct micro *m, unsigned n)
{
	uint64_t op = micro_operand(m, n);
	return n % 2 ? HC_COUNT + op % 4096 : op | 1ull << 63;
}

#ifndef MICRO_EXPECT
#include "console.h"
#include "guest/pv.h"
#include "kstring.h"
#include "rt.h"

static uint64_t regs[2 * SAVED]; /* what went in, then what came out */

/* VMCALL with every register but RAX, RSP and RBP set from regs[], and
 * every one of them stored back after.  RBP points at regs meanwhile. */
static int64_t vmcall_all(uint64_t nr)
{
	uint64_t rax = nr;
	__asm__ volatile("push %%rbp\n\t"
	                 "lea regs(%%rip), %%rbp\n\t"
	                 "mov 0(%%rbp), %%rbx\n\t"
	                 "mov 8(%%rbp), %%rcx\n\t"
	                 "mov 16(%%rbp), %%rdx\n\t"
	                 "mov 24(%%rbp), %%rsi\n\t"
	                 "mov 32(%%rbp), %%rdi\n\t"
	                 "mov 40(%%rbp), %%r8\n\t"
	                 "mov 48(%%rbp), %%r9\n\t"
	                 "mov 56(%%rbp), %%r10\n\t"
	                 "mov 64(%%rbp), %%r11\n\t"
	                 "mov 72(%%rbp), %%r12\n\t"
	                 "mov 80(%%rbp), %%r13\n\t"
	                 "mov 88(%%rbp), %%r14\n\t"
	                 "mov 96(%%rbp), %%r15\n\t"
	                 "vmcall\n\t"
	                 "mov %%rbx, 104(%%rbp)\n\t"
	                 "mov %%rcx, 112(%%rbp)\n\t"
	                 "mov %%rdx, 120(%%rbp)\n\t"
	                 "mov %%rsi, 128(%%rbp)\n\t"
	                 "mov %%rdi, 136(%%rbp)\n\t"
	                 "mov %%r8, 144(%%rbp)\n\t"
	                 "mov %%r9, 152(%%rbp)\n\t"
	                 "mov %%r10, 160(%%rbp)\n\t"
	                 "mov %%r11, 168(%%rbp)\n\t"
	                 "mov %%r12, 176(%%rbp)\n\t"
	                 "mov %%r13, 184(%%rbp)\n\t"
	                 "mov %%r14, 192(%%rbp)\n\t"
	                 "mov %%r15, 200(%%rbp)\n\t"
	                 "pop %%rbp"
	                 : "+a"(rax)
	                 :
	                 : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
	                   "r13", "r14", "r15", "memory", "cc");
	return (int64_t)rax;
}

static char line[96];

static void run(struct micro *m)
{
	micro_fold(m, "HC_VERSION", (uint64_t)hypercall(HC_VERSION, 0, 0, 0, 0, 0));
	for (unsigned n = 0; n < 4; n++)
		micro_fold(m, "an unknown number",
		           (uint64_t)hypercall(unknown_number(m, n), micro_operand(m, 10 + n), 0, 0,
		                               0, 0));
	int len = ksnprintf(line, sizeof(line), "pvabi: a line through HC_CONSOLE_WRITE, %016lx\n",
	                    micro_operand(m, 4));
	micro_fold(m, "HC_CONSOLE_WRITE",
	           (uint64_t)hypercall(HC_CONSOLE_WRITE, (uint64_t)line, (uint64_t)len, 0, 0, 0));
	uint64_t far = FAR_AWAY + (micro_operand(m, 5) & 0xffffff);
	micro_fold(m, "a write far beyond RAM",
	           (uint64_t)hypercall(HC_CONSOLE_WRITE, far, 16, 0, 0, 0));
	micro_fold(m, "a write that runs past the end of RAM",
	           (uint64_t)hypercall(HC_CONSOLE_WRITE,
	                               micro_ram_end() - 1 - micro_operand(m, 7) % 64, 128, 0, 0,
	                               0));
	micro_fold(m, "a write from the last bytes of the address space",
	           (uint64_t)hypercall(HC_CONSOLE_WRITE, ~0ull - 7, 16, 0, 0, 0));
	micro_fold(m, "a write longer than PV_CONSOLE_MAX",
	           (uint64_t)hypercall(HC_CONSOLE_WRITE, (uint64_t)line,
	                               PV_CONSOLE_MAX + 1 + micro_operand(m, 6) % 64, 0, 0, 0));
	micro_fold(m, "an empty write",
	           (uint64_t)hypercall(HC_CONSOLE_WRITE, (uint64_t)line, 0, 0, 0, 0));
	for (unsigned i = 0; i < SAVED; i++)
		regs[i] = micro_operand(m, 20 + i);
	micro_fold(m, "HC_VERSION, every register set", (uint64_t)vmcall_all(HC_VERSION));
	uint64_t kept = 0;
	for (unsigned i = 0; i < SAVED; i++)
		kept |= (uint64_t)(regs[SAVED + i] == regs[i]) << i;
	micro_fold(m, "the registers a hypercall kept", kept);
}
#endif

#ifdef MICRO_EXPECT
#include <stdio.h>

static void expect(struct micro *m)
{
	micro_fold(m, "HC_VERSION", PV_VERSION);
	for (unsigned n = 0; n < 4; n++)
		micro_fold(m, "an unknown number", (uint64_t)-HC_ENOSYS);
	char text[96];
	int len = snprintf(text, sizeof(text), "pvabi: a line through HC_CONSOLE_WRITE, %016lx\n",
	                   micro_operand(m, 4));
	micro_fold(m, "HC_CONSOLE_WRITE", (uint64_t)len);
	micro_fold(m, "a write far beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "a write that runs past the end of RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "a write from the last bytes of the address space", (uint64_t)-HC_EFAULT);
	micro_fold(m, "a write longer than PV_CONSOLE_MAX", (uint64_t)-HC_E2BIG);
	micro_fold(m, "an empty write", 0);
	micro_fold(m, "HC_VERSION, every register set", PV_VERSION);
	micro_fold(m, "the registers a hypercall kept", (1u << SAVED) - 1);
}
#endif

MICRO_GUEST(pvabi, run, expect);
