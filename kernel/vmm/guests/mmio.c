/*
 * Micro-guest "mmio": a memory-mapped device, the I/O APIC at its PC
 * address (pcdev.h), which guest memory never covers: under lab 03 its page
 * is left out of the EPT and each access is an EPT violation the hypervisor
 * emulates; under lab 02 the guest's page-table entry points outside guest
 * memory and each access faults to the monitor.  Observed: the index
 * register read back, the ID register, the last redirection entry's number,
 * and seeded redirection entries written and read back, masked.
 */
#include "micro.h"
#include "pcdev.h"

#define ENTRIES 3 /* redirection entries written */

static uint32_t rte_low(const struct micro *m, unsigned i)
{
	return ((uint32_t)micro_operand(m, 20 + i) & IOAPIC_RTE_LOW_RW) | IOAPIC_RTE_MASKED;
}

static uint32_t rte_high(const struct micro *m, unsigned i)
{
	return (uint32_t)micro_operand(m, 30 + i) & IOAPIC_RTE_HIGH_RW;
}

#ifndef MICRO_EXPECT
#include "bootinfo.h"
#include "mm.h"
#include "x86.h"

static uint64_t pd[512] __attribute__((aligned(4096)));

/* Which entry the i-th write goes to: only the guest needs to know. */
static unsigned pin(const struct micro *m, unsigned i)
{
	return (unsigned)(micro_operand(m, 10 + i) % IOAPIC_PINS);
}

static volatile uint32_t *reg(unsigned offset)
{
	return (volatile uint32_t *)(IOAPIC_BASE + offset);
}

static uint32_t ioapic_read(uint8_t index)
{
	*reg(IOAPIC_IOREGSEL) = index;
	return *reg(IOAPIC_IOWIN);
}

static void ioapic_write(uint8_t index, uint32_t value)
{
	*reg(IOAPIC_IOREGSEL) = index;
	*reg(IOAPIC_IOWIN) = value;
}

static void run(struct micro *m)
{
	/* The boot tables map the first 1 GiB: one more PD for the fourth,
	 * the device's 2 MiB page uncached. */
	uint64_t *pdpt = (uint64_t *)BOOT_PDPT_LOW;
	pd[IOAPIC_BASE >> 21 & 511] =
		(IOAPIC_BASE & ~0x1fffffull) | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT;
	pdpt[IOAPIC_BASE >> 30] = (uint64_t)pd | PTE_P | PTE_W;
	x86_write_cr3(x86_read_cr3());

	uint8_t index = (uint8_t)(IOAPIC_REDTBL + micro_operand(m, 0) % (2 * IOAPIC_PINS));
	*reg(IOAPIC_IOREGSEL) = index;
	micro_fold(m, "IOREGSEL read back", *reg(IOAPIC_IOREGSEL) & 0xff);
	uint32_t id = (uint32_t)micro_operand(m, 1) & IOAPIC_ID_MASK;
	ioapic_write(IOAPIC_ID, id);
	micro_fold(m, "ID written, read", ioapic_read(IOAPIC_ID) & IOAPIC_ID_MASK);
	micro_fold(m, "VER: the last redirection entry", ioapic_read(IOAPIC_VER) >> 16 & 0xff);
	for (unsigned i = 0; i < ENTRIES; i++) {
		unsigned n = pin(m, i);
		ioapic_write(IOAPIC_REDTBL + 2 * n, rte_low(m, i));
		ioapic_write(IOAPIC_REDTBL + 2 * n + 1, rte_high(m, i));
		micro_fold(m, "redirection entry, low",
		           ioapic_read(IOAPIC_REDTBL + 2 * n) & ~IOAPIC_RTE_RO);
		micro_fold(m, "redirection entry, high", ioapic_read(IOAPIC_REDTBL + 2 * n + 1));
	}
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "IOREGSEL read back",
	           (uint8_t)(IOAPIC_REDTBL + micro_operand(m, 0) % (2 * IOAPIC_PINS)));
	micro_fold(m, "ID written, read", (uint32_t)micro_operand(m, 1) & IOAPIC_ID_MASK);
	micro_fold(m, "VER: the last redirection entry", IOAPIC_PINS - 1);
	for (unsigned i = 0; i < ENTRIES; i++) {
		micro_fold(m, "redirection entry, low", rte_low(m, i));
		micro_fold(m, "redirection entry, high", rte_high(m, i));
	}
}
#endif

MICRO_GUEST(mmio, run, expect);
