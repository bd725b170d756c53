/*
 * Hostile guest "wild-write": a page of its own page tables pointed at a
 * guest-physical address beyond its RAM (the E820 map says where RAM ends;
 * the seed picks a page in the first GiB past it), then a seeded value
 * written there and read back.  On a real machine nothing is there: the
 * write goes nowhere, the read gives what the bus gives, and the guest
 * comes back ("not stopped").  A monitor must not turn that address into
 * host memory beyond the guest's: shadow paging (lab 02) refuses the entry
 * when it fills the shadow, EPT (lab 03) takes a violation no device
 * claims; both end the guest with vm_fail().
 */
#include "hostile.h"
#include "mm.h"
#include "x86.h"

static void run(const struct hostile *h)
{
	uint64_t gpa = hostile_beyond_ram(h) + micro_operand(&h->m, 0) % 0x40000 * PAGE_SIZE;
	uint64_t offset = micro_operand(&h->m, 1) % (PAGE_SIZE / 8) * 8;
	uint64_t value = micro_operand(&h->m, 2);
	hostile_say(h,
	            "writes %#lx at guest-physical %#lx, beyond RAM (ends at %#lx), mapped at %#lx",
	            value, gpa + offset, h->ram_end, HOSTILE_WINDOW + offset);
	uint64_t *entry[4];
	hostile_window(entry);
	*entry[3] = gpa | PTE_P | PTE_W;
	x86_invlpg(HOSTILE_WINDOW);
	volatile uint64_t *p = (volatile uint64_t *)(HOSTILE_WINDOW + offset);
	*p = value;
	uint64_t back = *p;
	hostile_say(h, "read back %#lx: %s", back,
	            back == value ? "memory after all" : "no memory there");
}

HOSTILE_GUEST(wild_write, "wild-write", run);
