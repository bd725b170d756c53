/*
 * Hostile guest "monitor-pt": page tables that lead outside guest memory,
 * to where a monitor's own memory could be.  One entry of its own tables
 * (the seed picks the level: a PML4, PDPT or PD entry) is pointed at each
 * 2 MiB step of the first GiB beyond RAM in turn, from a seeded step on,
 * and an address under it is read each time.  Then CR3 itself is loaded
 * with one of those addresses.
 *
 * On a real machine each read walks into a table of no memory and takes a
 * #PF, which the guest's handler counts and skips; the CR3 at the end
 * leaves the CPU with no mapping even for its IDT: a triple fault
 * (tools/vm: status 2).  A monitor must never read a guest's table from
 * host memory beyond the guest's (what lies there is the monitor's): it
 * ends the guest with vm_fail() at the first of these, in its shadow
 * paging (lab 02) or on the EPT violation of the walk (lab 03).  A read
 * that gives a value instead of a fault is reported with it.
 */
#include "hostile.h"
#include "mm.h"
#include "rt.h"
#include "x86.h"

#define STEPS     512 /* 2 MiB apart: the first GiB beyond RAM */
#define STEP_SIZE 0x200000ul

static volatile unsigned faults, others;

static void on_fault(struct trapframe *tf)
{
	if (tf->vector == T_PF)
		faults++;
	else
		others++;
	tf->rip = tf->rcx; /* skip the read */
}

/* Read at va; RCX holds where the handler resumes if the read faults. */
static uint64_t touch(uint64_t va)
{
	uint64_t value = 0;
	__asm__ volatile("leaq 1f(%%rip), %%rcx\n\tmovq (%1), %0\n1:"
	                 : "+r"(value)
	                 : "r"(va)
	                 : "rcx", "memory");
	return value;
}

static void run(const struct hostile *h)
{
	static const char *const levels[] = { "PML4", "PDPT", "PD" };
	unsigned level = micro_operand(&h->m, 0) % 3;
	unsigned first = micro_operand(&h->m, 1) % STEPS;
	uint64_t va = HOSTILE_WINDOW + micro_operand(&h->m, 2) % STEP_SIZE / 8 * 8;
	uint64_t beyond = hostile_beyond_ram(h);
	uint64_t cr3 = beyond + micro_operand(&h->m, 3) % STEPS * STEP_SIZE;
	hostile_say(h,
	            "a %s entry at each 2 MiB of %#lx-%#lx (RAM ends at %#lx) from %#lx on, "
	            "a read at %#lx each time; then CR3 %#lx",
	            levels[level], beyond, beyond + STEPS * STEP_SIZE - 1, h->ram_end,
	            beyond + first * STEP_SIZE, va, cr3);
	uint64_t *entry[4];
	hostile_window(entry);
	micro_idt_load(on_fault);
	uint64_t own = x86_read_cr3();
	for (unsigned i = 0; i < STEPS; i++) {
		uint64_t table = beyond + (first + i) % STEPS * STEP_SIZE;
		*entry[level] = table | PTE_P | PTE_W;
		x86_write_cr3(own);
		unsigned before = faults + others;
		uint64_t value = touch(va);
		if (faults + others == before)
			hostile_say(h, "a table at %#lx gave %#lx at %#lx", table, value, va);
	}
	hostile_say(h, "%u of %u tables beyond RAM faulted (#PF), %u other traps; now CR3 %#lx",
	            faults, STEPS, others, cr3);
	x86_write_cr3(cr3);
}

HOSTILE_GUEST(monitor_pt, "monitor-pt", run);
