/*
 * Micro-guest "pagefault": the guest's own page tables and the faults they
 * raise.  It loads a new CR3 that adds a 4 KiB-page window at a seeded
 * address beside the boot mappings, then, through that window: reads and
 * writes a frame, remaps it with INVLPG, and takes a fault of each kind,
 * not present (read and write), write to a read-only page, fetch from an
 * NX page and a reserved bit set, each delivered through its IDT with the
 * error code and CR2 a CPU gives (SDM Vol. 3A, 4.7 "Page-Fault
 * Exceptions"); the handler repairs the entry and the access is retried.
 * Under a monitor this is shadow paging's test (lab 02) or EPT's (lab 03).
 */
#include "bootinfo.h"
#include "micro.h"
#include "mm.h"
#include "x86.h"

#define WINDOW   0x8000000000ull /* PML4 slot 1: nothing of the boot tables */
#define RESERVED (1ull << 51)    /* above MAXPHYADDR on both emulators' CPUs */
#define RET      0xc3

/* The faults, in order: what the PTE is made, the access done, and the
 * error-code bits folded.  For a reserved bit the SDM sets P with RSVD
 * ("can be set only if bit 0 is also set"), as Bochs does; QEMU 7.2's TCG
 * leaves P clear, so P is not folded there and the baseline holds on both. */
enum access { READ, WRITE, FETCH };
static const struct fault_case {
	const char *label;
	uint64_t pte_flags; /* besides the frame */
	enum access access;
	uint64_t error_seen;
} cases[] = {
	{ "read, not present", 0, READ, 0x1f },
	{ "write, not present", 0, WRITE, 0x1f },
	{ "write, read-only", PTE_P, WRITE, 0x1f },
	{ "fetch, NX", PTE_P | PTE_W | PTE_NX, FETCH, 0x1f },
	{ "read, reserved bit", PTE_P | PTE_W | RESERVED, READ, 0x1f & ~PF_P },
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Where in the window, and at which offset of the page, each access lands. */
static uint64_t page_va(const struct micro *m)
{
	return WINDOW + (micro_operand(m, 0) % 512) * PAGE_SIZE;
}

static uint64_t offset(const struct micro *m, unsigned n)
{
	return micro_operand(m, 10 + n) % (PAGE_SIZE / 8) * 8;
}

#ifndef MICRO_EXPECT
#include "rt.h"

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));
static uint64_t frame_a[512] __attribute__((aligned(4096)));
static uint64_t frame_b[512] __attribute__((aligned(4096)));

static uint64_t *pte;
static struct {
	uint64_t vector, error, cr2, fix;
	int count;
} seen;

/* Record the fault, repair the entry as the case asks, retry. */
static void on_fault(struct trapframe *tf)
{
	seen.count++;
	seen.vector = tf->vector;
	seen.error = tf->error;
	seen.cr2 = x86_read_cr2();
	*pte = seen.fix;
	x86_invlpg(seen.cr2);
	if (tf->vector != T_PF || seen.count > 3) /* not ours to repair: give up the access */
		tf->rip = tf->rcx;
}

static void map(uint64_t va, uint64_t entry)
{
	*pte = entry;
	x86_invlpg(va);
}

static void run(struct micro *m)
{
	uint64_t va = page_va(m);
	for (int i = 0; i < 512; i++) {
		frame_a[i] = micro_operand(m, 1) + i;
		frame_b[i] = micro_operand(m, 2) - i;
	}
	/* The boot tables' slots, and slot 1 for the window: a new CR3. */
	const uint64_t *boot = (const uint64_t *)BOOT_PML4;
	for (int i = 0; i < 512; i++)
		pml4[i] = boot[i];
	pml4[1] = (uint64_t)pdpt | PTE_P | PTE_W;
	pdpt[0] = (uint64_t)pd | PTE_P | PTE_W;
	pd[0] = (uint64_t)pt | PTE_P | PTE_W;
	pte = &pt[(va - WINDOW) / PAGE_SIZE];
	*pte = (uint64_t)frame_a | PTE_P | PTE_W;
	x86_write_cr3((uint64_t)pml4);
	micro_idt_load(on_fault);

	volatile uint64_t *w = (volatile uint64_t *)va;
	micro_fold(m, "read through the window", w[offset(m, 0) / 8]);
	w[offset(m, 1) / 8] = micro_operand(m, 3);
	micro_fold(m, "write through the window, seen in the frame", frame_a[offset(m, 1) / 8]);
	map(va, (uint64_t)frame_b | PTE_P | PTE_W);
	micro_fold(m, "remapped with invlpg, read", w[offset(m, 0) / 8]);

	frame_b[offset(m, 2) / 8 % 512] = 0;
	((uint8_t *)frame_b)[offset(m, 2)] = RET;
	for (unsigned i = 0; i < NCASES; i++) {
		const struct fault_case *c = &cases[i];
		map(va, (uint64_t)frame_b | c->pte_flags);
		seen.count = 0;
		seen.fix = (uint64_t)frame_b | PTE_P | PTE_W;
		uint64_t at = va + offset(m, 2);
		/* RCX holds where to resume if the handler gives up. */
		if (c->access == READ)
			__asm__ volatile("leaq 1f(%%rip), %%rcx\n\tmovq (%0), %%rax\n1:"
			                 :
			                 : "r"(at)
			                 : "rax", "rcx", "memory");
		else if (c->access == WRITE)
			__asm__ volatile("leaq 1f(%%rip), %%rcx\n\tmovb $0xc3, (%0)\n1:"
			                 :
			                 : "r"(at)
			                 : "rcx", "memory");
		else
			__asm__ volatile("leaq 1f(%%rip), %%rcx\n\tcall *%0\n1:"
			                 :
			                 : "r"(at)
			                 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10",
			                   "r11", "memory");
		micro_fold(m, c->label,
		           seen.vector << 56 | (seen.error & c->error_seen) << 32 |
		                   (uint64_t)seen.count);
		micro_fold(m, "cr2", seen.cr2);
	}
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	/* Error codes (SDM Vol. 3A, 4.7): P, W/R, U/S, RSVD, I/D. */
	static const uint64_t error[NCASES] = { 0, PF_W, PF_P | PF_W, PF_P | PF_I, PF_P | PF_RSVD };
	micro_fold(m, "read through the window", micro_operand(m, 1) + offset(m, 0) / 8);
	micro_fold(m, "write through the window, seen in the frame", micro_operand(m, 3));
	micro_fold(m, "remapped with invlpg, read", micro_operand(m, 2) - offset(m, 0) / 8);
	for (unsigned i = 0; i < NCASES; i++) {
		micro_fold(m, cases[i].label,
		           (uint64_t)T_PF << 56 | (error[i] & cases[i].error_seen) << 32 | 1);
		micro_fold(m, "cr2", page_va(m) + offset(m, 2));
	}
}
#endif

MICRO_GUEST(pagefault, run, expect);
