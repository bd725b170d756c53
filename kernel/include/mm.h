/*
 * Physical memory: the page allocator (mm/palloc.c) and four-level page
 * tables (mm/pagetable.c).  Both reach physical memory through the physmap:
 * physical address PA is readable at virtual address physmap_base + PA
 * (PHYSMAP_BASE in the host build, 0 in the guest build, a buffer in the
 * unit tests), so the same code runs in all three.
 */
#ifndef VLAB_MM_H
#define VLAB_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE  4096ul
#define PAGE_SHIFT 12
#define MAX_PHYS   0x40000000ul /* the allocator manages the first 1 GiB */

extern uintptr_t physmap_base;

static inline void *pa_to_va(uint64_t pa)
{
	return (void *)(physmap_base + pa);
}

/* Page allocator: one bit per page of [0, MAX_PHYS), set when free. */
void palloc_add_range(uint64_t base, uint64_t length); /* whole pages inside become free */
void palloc_reserve(uint64_t base, uint64_t length);   /* pages touching it become used */
uint64_t palloc_alloc(void);                           /* a zeroed page, or 0 if none is left */
/* npages zeroed pages in a row, the first aligned to align_pages (a power of
 * two): guest memory and DMA-like buffers.  0 if no such run is free. */
uint64_t palloc_alloc_contig(size_t npages, size_t align_pages);
void palloc_free(uint64_t pa); /* panics on a double or a bad free */
size_t palloc_free_pages(void);

/* Page-table entry bits (SDM Vol. 3A, 4.5 "4-Level Paging", Tables 4-14 to 4-20). */
#define PTE_P     (1ull << 0)
#define PTE_W     (1ull << 1)
#define PTE_U     (1ull << 2)
#define PTE_PWT   (1ull << 3)
#define PTE_PCD   (1ull << 4)
#define PTE_A     (1ull << 5)
#define PTE_D     (1ull << 6)
#define PTE_PS    (1ull << 7) /* in a PDE or PDPTE: maps a 2 MiB or 1 GiB page */
#define PTE_G     (1ull << 8)
#define PTE_NX    (1ull << 63)
#define PTE_ADDR  0x000ffffffffff000ull
#define PTE_FLAGS (~PTE_ADDR)

enum pt_error {
	PT_OK = 0,
	PT_NOMEM = -1,   /* no page left for a table */
	PT_INVALID = -2, /* unaligned or non-canonical address */
	PT_HUGE = -3,    /* the address lies inside a 2 MiB or 1 GiB page */
	PT_NOTMAPPED = -4,
};

uint64_t pt_create(void); /* an empty top-level table (PML4); 0 if out of memory */
/* The entry that maps va; *level is 1 (4 KiB PTE), 2 (2 MiB PDE) or 3 (1 GiB
 * PDPTE).  With create, missing tables are allocated (NULL if out of memory);
 * without, NULL when va is not mapped. */
uint64_t *pt_walk(uint64_t root, uint64_t va, bool create, int *level);
int pt_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags);
int pt_unmap(uint64_t root, uint64_t va);
int pt_protect(uint64_t root, uint64_t va, uint64_t flags);
bool pt_translate(uint64_t root, uint64_t va, uint64_t *pa);
/* Free every table reachable from root entries [first, last] of the PML4,
 * and, if both bounds cover it all, the PML4 itself; mapped pages are the
 * caller's. */
void pt_destroy(uint64_t root, int first, int last);
const char *pt_strerror(int error);

#endif
