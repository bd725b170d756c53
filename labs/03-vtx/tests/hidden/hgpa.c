/*
 * Hidden hostile guest "hgpa": guest-physical addresses outside guest
 * memory, reached through a 2 MiB page of the guest's own page tables (the
 * public wild-write uses a 4 KiB one).  The seed picks the place: just past
 * the end of RAM, the last 2 MiB below 4 GiB, somewhere in the 60 GiB above
 * 4 GiB, the page below or above the I/O APIC's, or an 8-byte read that
 * starts in the I/O APIC's page and runs past its end; and, but for the
 * last, the access: an 8-byte read, a 4-byte write of an immediate, or a
 * call there (an instruction fetch).
 *
 * Booted natively on Bochs, no RAM is there: reads give all ones (or,
 * just past RAM, the firmware's ACPI tables), writes go nowhere ("not
 * stopped"), a fetch runs into bytes of all ones
 * and faults with no IDT to take it (a triple fault); the read across the
 * I/O APIC's end stops Bochs itself (its I/O APIC panics).  Under EPT each
 * is a violation that no device claims (the I/O APIC's page alone is a
 * device, and not past its end): the hypervisor ends the guest with
 * vm_fail() and says where.
 */
#include "hostile.h"

#ifndef MICRO_EXPECT
#include "bootinfo.h"
#include "console.h"
#include "mm.h"
#include "pcdev.h"
#include "x86.h"

#define LARGE_PAGE 0x200000ull
#define GIB        0x40000000ull

enum place { PAST_RAM, BELOW_4G, ABOVE_4G, BELOW_IOAPIC, ABOVE_IOAPIC, IOAPIC_END, PLACES };
enum access { READ, WRITE, FETCH, ACCESSES };

static const char *const place_names[PLACES] = {
	[PAST_RAM] = "just past RAM",
	[BELOW_4G] = "the last 2 MiB below 4 GiB",
	[ABOVE_4G] = "above 4 GiB",
	[BELOW_IOAPIC] = "the page below the I/O APIC's",
	[ABOVE_IOAPIC] = "the page above the I/O APIC's",
	[IOAPIC_END] = "across the end of the I/O APIC's page",
};
static const char *const access_names[ACCESSES] = {
	[READ] = "an 8-byte read",
	[WRITE] = "a 4-byte write of an immediate",
	[FETCH] = "a call (instruction fetch)",
};

static uint64_t target(const struct hostile *h, enum place p)
{
	uint64_t r = micro_operand(&h->m, 1);
	switch (p) {
	case PAST_RAM:
		return h->ram_end + r % PAGE_SIZE / 8 * 8;
	case BELOW_4G:
		return 4 * GIB - LARGE_PAGE + r % LARGE_PAGE / 8 * 8;
	case ABOVE_4G:
		return 4 * GIB + r % (60 * GIB) / 8 * 8;
	case BELOW_IOAPIC:
		return IOAPIC_BASE - PAGE_SIZE + r % PAGE_SIZE / 8 * 8;
	case ABOVE_IOAPIC:
		return IOAPIC_BASE + IOAPIC_SIZE + r % PAGE_SIZE / 8 * 8;
	case IOAPIC_END:
	case PLACES:
		break;
	}
	return IOAPIC_BASE + IOAPIC_SIZE - 4;
}

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));

/* The boot tables' mappings, and HOSTILE_WINDOW: a 2 MiB page at gpa's. */
static uint64_t map_large(uint64_t gpa)
{
	const uint64_t *boot = (const uint64_t *)BOOT_PML4; /* identity-mapped */
	for (int i = 0; i < 512; i++)
		pml4[i] = boot[i];
	pml4[HOSTILE_WINDOW >> 39] = (uint64_t)pdpt | PTE_P | PTE_W;
	pdpt[0] = (uint64_t)pd | PTE_P | PTE_W;
	pd[0] = (gpa & ~(LARGE_PAGE - 1)) | PTE_P | PTE_W | PTE_PS;
	x86_write_cr3((uint64_t)pml4);
	return HOSTILE_WINDOW + (gpa & (LARGE_PAGE - 1));
}

static void run(const struct hostile *h)
{
	enum place p = micro_operand(&h->m, 0) % PLACES;
	enum access a = p == IOAPIC_END ? READ : micro_operand(&h->m, 2) % ACCESSES;
	uint64_t gpa = target(h, p);
	kprintf("hostile: %s: %s at guest-physical %#lx, %s (RAM ends at %#lx), "
	        "through a 2 MiB page at %#lx\n",
	        h->m.name, access_names[a], gpa, place_names[p], h->ram_end, HOSTILE_WINDOW);
	serial_drain(); /* what comes next may stop the machine */
	uint64_t va = map_large(gpa), value = 0;
	switch (a) {
	case READ:
		__asm__ volatile("movq (%1), %0" : "=r"(value) : "r"(va) : "memory");
		break;
	case WRITE:
		__asm__ volatile("movl $0x5eed5eed, (%0)" : : "r"(va) : "memory");
		break;
	case FETCH:
		__asm__ volatile("call *%0" : : "r"(va) : "memory");
		break;
	case ACCESSES:
		break;
	}
	if (a == READ)
		kprintf("hostile: %s: the read gave %#lx\n", h->m.name, value);
}

HOSTILE_GUEST(hgpa, "hgpa", run);
#endif
