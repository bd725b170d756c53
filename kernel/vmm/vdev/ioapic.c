/*
 * The I/O APIC model (vdev.h).  Registers: Intel 82093AA datasheet, 3.0
 * "Register Description" (IOREGSEL, IOWIN, IOAPICID, IOAPICVER, IOAPICARB,
 * IOREDTBL).  The device lab 03 emulates on EPT violations, since guest
 * memory never covers its page.
 */
#include "refuse.h"
#include "vdev.h"

#define VERSION 0x11 /* the 82093AA's */

void vioapic_init(struct vioapic *a)
{
	*a = (struct vioapic){ 0 };
	for (int i = 0; i < IOAPIC_PINS; i++)
		a->rte_low[i] = IOAPIC_RTE_MASKED;
}

/* The register IOREGSEL selects: its address in the model, or NULL. */
static uint32_t *redirection(struct vioapic *a, uint8_t index)
{
	if (index < IOAPIC_REDTBL || index >= IOAPIC_REDTBL + 2 * IOAPIC_PINS)
		return 0;
	unsigned n = (index - IOAPIC_REDTBL) / 2;
	return index % 2 ? &a->rte_high[n] : &a->rte_low[n];
}

static const char *check(uint64_t offset, unsigned size)
{
	if (offset == IOAPIC_IOREGSEL && (size == 1 || size == 4))
		return 0;
	if (offset == IOAPIC_IOWIN && size == 4)
		return 0;
	return refuse("I/O APIC: a %u-byte access at offset %#lx; it has IOREGSEL (0x00, 1 or 4 "
	              "bytes) and IOWIN (0x10, 4 bytes)",
	              size, offset);
}

const char *vioapic_read(void *dev, uint64_t offset, unsigned size, uint64_t *value)
{
	struct vioapic *a = dev;
	const char *why = check(offset, size);
	if (why)
		return why;
	if (offset == IOAPIC_IOREGSEL) {
		*value = a->index;
		return 0;
	}
	uint32_t *r = redirection(a, a->index);
	if (r)
		*value = *r;
	else if (a->index == IOAPIC_ID || a->index == IOAPIC_ARB)
		*value = a->id; /* the arbitration ID follows the ID */
	else if (a->index == IOAPIC_VER)
		*value = (IOAPIC_PINS - 1) << 16 | VERSION;
	else
		return refuse("I/O APIC: register %#x does not exist (0-2, 0x10-0x3f)", a->index);
	return 0;
}

const char *vioapic_write(void *dev, uint64_t offset, unsigned size, uint64_t value)
{
	struct vioapic *a = dev;
	const char *why = check(offset, size);
	if (why)
		return why;
	if (offset == IOAPIC_IOREGSEL) {
		a->index = (uint8_t)value;
		return 0;
	}
	uint32_t v = (uint32_t)value, *r = redirection(a, a->index);
	if (!r) {
		if (a->index == IOAPIC_ID)
			a->id = v & IOAPIC_ID_MASK;
		else if (a->index != IOAPIC_VER && a->index != IOAPIC_ARB) /* read-only */
			return refuse("I/O APIC: register %#x does not exist (0-2, 0x10-0x3f)",
			              a->index);
		return 0;
	}
	if (a->index % 2) {
		*r = v & IOAPIC_RTE_HIGH_RW;
		return 0;
	}
	if (!(v & IOAPIC_RTE_MASKED))
		return refuse("I/O APIC: entry %u unmasked (%#x); the model delivers interrupts "
		              "through the 8259A only",
		              (a->index - IOAPIC_REDTBL) / 2, v);
	*r = (*r & IOAPIC_RTE_RO) | (v & IOAPIC_RTE_LOW_RW);
	return 0;
}
