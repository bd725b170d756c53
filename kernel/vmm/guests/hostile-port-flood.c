/*
 * Hostile guest "port-flood": IN and OUT of 1, 2 and 4 bytes, forever, at
 * the eight ports of a serial port neither machine has (the seed picks
 * COM2, COM3 or COM4, then each access's port, size and direction).  On a
 * real machine nothing answers (reads give all ones) and the guest spins
 * until someone stops it.  A monitor answers such ports as an empty bus
 * does, but not forever: after IOBUS_UNKNOWN_MAX accesses to ports no
 * device answers, vm_in() and vm_out() end the guest with vm_fail()
 * (kernel/vmm/README.md, "Hostile guests").
 */
#include "hostile.h"

static const struct {
	uint16_t first; /* of eight ports */
	const char *name;
} absent[] = { { 0x2f8, "COM2" }, { 0x3e8, "COM3" }, { 0x2e8, "COM4" } };

/* One IN or OUT of 1, 2 or 4 bytes; what IN reads is dropped. */
static void access(uint16_t port, unsigned size, bool out, uint32_t value)
{
	if (out && size == 1)
		__asm__ volatile("outb %%al, %%dx" : : "a"(value), "d"(port));
	else if (out && size == 2)
		__asm__ volatile("outw %%ax, %%dx" : : "a"(value), "d"(port));
	else if (out)
		__asm__ volatile("outl %%eax, %%dx" : : "a"(value), "d"(port));
	else if (size == 1)
		__asm__ volatile("inb %%dx, %%al" : "=a"(value) : "d"(port));
	else if (size == 2)
		__asm__ volatile("inw %%dx, %%ax" : "=a"(value) : "d"(port));
	else
		__asm__ volatile("inl %%dx, %%eax" : "=a"(value) : "d"(port));
}

static void run(const struct hostile *h)
{
	unsigned which = micro_operand(&h->m, 0) % (sizeof(absent) / sizeof(absent[0]));
	uint16_t first = absent[which].first;
	hostile_say(h, "IN and OUT of 1, 2 and 4 bytes at %#x-%#x (%s: no device), forever", first,
	            first + 7, absent[which].name);
	for (unsigned n = 1;; n++) {
		uint64_t r = micro_operand(&h->m, n);
		unsigned size = 1u << (r % 3);
		/* Aligned to its size, so a wide access stays within the eight. */
		access((uint16_t)(first + (r >> 8) % 8 / size * size), size, r >> 16 & 1,
		       (uint32_t)(r >> 32));
	}
}

HOSTILE_GUEST(port_flood, "port-flood", run);
