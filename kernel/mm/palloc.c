/*
 * The physical page allocator: a bitmap with one bit per 4 KiB page of the
 * first MAX_PHYS bytes, set when the page is free.  A bitmap, rather than a
 * free list threaded through the pages, makes a double free detectable and
 * the state easy to print in a debugger.
 */
#include "kstring.h"
#include "console.h"
#include "mm.h"

#define NPAGES    (MAX_PHYS / PAGE_SIZE)
#define WORD_BITS 64

static uint64_t free_map[NPAGES / WORD_BITS];
static size_t free_count;
static size_t cursor; /* word where the next search starts */

static bool page_is_free(size_t pfn)
{
	return free_map[pfn / WORD_BITS] >> (pfn % WORD_BITS) & 1;
}

static void set_free(size_t pfn, bool free)
{
	uint64_t bit = 1ull << (pfn % WORD_BITS);
	if (free)
		free_map[pfn / WORD_BITS] |= bit;
	else
		free_map[pfn / WORD_BITS] &= ~bit;
}

void palloc_add_range(uint64_t base, uint64_t length)
{
	uint64_t end = base + length;
	if (end > MAX_PHYS)
		end = MAX_PHYS;
	for (uint64_t pfn = (base + PAGE_SIZE - 1) / PAGE_SIZE; pfn < end / PAGE_SIZE; pfn++) {
		if (pfn == 0)
			continue; /* physical address 0 means "no page" */
		if (!page_is_free(pfn)) {
			set_free(pfn, true);
			free_count++;
		}
	}
}

void palloc_reserve(uint64_t base, uint64_t length)
{
	uint64_t end = base + length;
	if (end > MAX_PHYS)
		end = MAX_PHYS;
	for (uint64_t pfn = base / PAGE_SIZE; pfn < (end + PAGE_SIZE - 1) / PAGE_SIZE; pfn++) {
		if (page_is_free(pfn)) {
			set_free(pfn, false);
			free_count--;
		}
	}
}

uint64_t palloc_alloc(void)
{
	size_t words = NPAGES / WORD_BITS;
	for (size_t n = 0; n < words; n++) {
		size_t w = (cursor + n) % words;
		if (!free_map[w])
			continue;
		size_t pfn = w * WORD_BITS + __builtin_ctzll(free_map[w]);
		set_free(pfn, false);
		free_count--;
		cursor = w;
		uint64_t pa = pfn * PAGE_SIZE;
		memset(pa_to_va(pa), 0, PAGE_SIZE);
		return pa;
	}
	return 0;
}

uint64_t palloc_alloc_contig(size_t npages, size_t align_pages)
{
	if (npages == 0 || align_pages == 0 || (align_pages & (align_pages - 1)))
		return 0;
	/* First fit over aligned starts; a used page inside a candidate run
	 * moves the search past it. */
	size_t pfn = align_pages;
	while (pfn + npages <= NPAGES) {
		size_t n = 0;
		while (n < npages && page_is_free(pfn + n))
			n++;
		if (n == npages) {
			for (n = 0; n < npages; n++)
				set_free(pfn + n, false);
			free_count -= npages;
			memset(pa_to_va(pfn * PAGE_SIZE), 0, npages * PAGE_SIZE);
			return pfn * PAGE_SIZE;
		}
		pfn = (pfn + n + 1 + align_pages - 1) & ~(align_pages - 1);
	}
	return 0;
}

void palloc_free(uint64_t pa)
{
	if (pa == 0 || pa % PAGE_SIZE || pa >= MAX_PHYS)
		panic("palloc_free(%#lx): not a page address the allocator manages", pa);
	size_t pfn = pa / PAGE_SIZE;
	if (page_is_free(pfn))
		panic("palloc_free(%#lx): page is already free (double free)", pa);
	set_free(pfn, true);
	free_count++;
}

size_t palloc_free_pages(void)
{
	return free_count;
}
