/*
 * What lab 04's page-table guests share: page tables of their own, the
 * boot mappings plus a window of 512 4 KiB pages in PML4 slot 1 (where the
 * boot tables map nothing), and a pool of frames, each with its own seeded
 * word at its start, for the window's pages to map.
 */
#ifndef LAB04_WINDOW_H
#define LAB04_WINDOW_H

#include "bootinfo.h"
#include "micro.h"
#include "mm.h"

#define WINDOW 0x8000000000ull
#define FRAMES 16

static inline uint64_t window_va(unsigned page)
{
	return WINDOW + (uint64_t)page * PAGE_SIZE;
}

/* The seeded word at the start of frame f of the pool. */
static inline uint64_t frame_word(const struct micro *m, unsigned f)
{
	return micro_operand(m, 100 + f);
}

#ifndef MICRO_EXPECT
#include "x86.h"

static uint64_t window_pml4[512] __attribute__((aligned(4096)));
static uint64_t window_pdpt[512] __attribute__((aligned(4096)));
static uint64_t window_pd[512] __attribute__((aligned(4096)));
static uint64_t window_pt[512] __attribute__((aligned(4096)));
static uint64_t window_frames[FRAMES][512] __attribute__((aligned(4096)));

/* Tables of a window: the boot mappings, and in PML4 slot 1 the chain
 * down to pt, whose entries map the window's pages. */
static inline void window_tables(uint64_t *pml4, uint64_t *pdpt, uint64_t *pd, uint64_t *pt)
{
	const uint64_t *boot = (const uint64_t *)BOOT_PML4;
	for (int i = 0; i < 512; i++)
		pml4[i] = boot[i];
	pml4[1] = (uint64_t)pdpt | PTE_P | PTE_W;
	pdpt[0] = (uint64_t)pd | PTE_P | PTE_W;
	pd[0] = (uint64_t)pt | PTE_P | PTE_W;
}

/* Fill the pool, build the tables (the window empty), load them. */
static inline void window_init(const struct micro *m)
{
	window_tables(window_pml4, window_pdpt, window_pd, window_pt);
	for (unsigned f = 0; f < FRAMES; f++)
		window_frames[f][0] = frame_word(m, f);
	x86_write_cr3((uint64_t)window_pml4);
}

static inline uint64_t window_entry(unsigned f)
{
	return (uint64_t)window_frames[f % FRAMES] | PTE_P | PTE_W;
}

static inline uint64_t window_read(unsigned page)
{
	return *(volatile uint64_t *)window_va(page);
}
#endif

#endif
