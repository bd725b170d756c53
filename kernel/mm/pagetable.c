/*
 * Four-level page tables (SDM Vol. 3A, 4.5 "4-Level Paging and 5-Level
 * Paging"): a 48-bit virtual address is split into four 9-bit indexes, one per
 * level (PML4, PDPT, PD, PT), and a 12-bit offset.  These helpers only edit
 * the tables in memory; the caller flushes the TLB (invlpg or a CR3 reload),
 * so they run unchanged in the unit tests.
 */
#include "mm.h"
#include "x86.h"

#define LEVELS 4

static unsigned index_at(uint64_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

static uint64_t *table(uint64_t pa)
{
	return pa_to_va(pa & PTE_ADDR);
}

uint64_t pt_create(void)
{
	return palloc_alloc();
}

uint64_t *pt_walk(uint64_t root, uint64_t va, bool create, int *level)
{
	uint64_t *t = table(root);
	for (int l = LEVELS; l > 1; l--) {
		uint64_t *e = &t[index_at(va, l)];
		if ((*e & PTE_P) && (*e & PTE_PS) && l <= 3) {
			*level = l;
			return e;
		}
		if (!(*e & PTE_P)) {
			if (!create)
				return 0;
			uint64_t pa = palloc_alloc();
			if (!pa)
				return 0;
			/* Permissions are decided at the leaf; the tables above allow all. */
			*e = pa | PTE_P | PTE_W | PTE_U;
		}
		t = table(*e);
	}
	*level = 1;
	return &t[index_at(va, 1)];
}

int pt_map(uint64_t root, uint64_t va, uint64_t pa, uint64_t flags)
{
	if (!x86_canonical(va) || va % PAGE_SIZE || pa % PAGE_SIZE || (pa & ~PTE_ADDR))
		return PT_INVALID;
	int level;
	uint64_t *e = pt_walk(root, va, true, &level);
	if (!e)
		return PT_NOMEM;
	if (level != 1)
		return PT_HUGE;
	*e = pa | (flags & PTE_FLAGS) | PTE_P;
	return PT_OK;
}

/* The present entry that maps va, or NULL with *error set. */
static uint64_t *mapped(uint64_t root, uint64_t va, int *level, int *error)
{
	uint64_t *e = x86_canonical(va) ? pt_walk(root, va, false, level) : 0;
	*error = !x86_canonical(va) ? PT_INVALID : PT_NOTMAPPED;
	return e && (*e & PTE_P) ? e : 0;
}

int pt_unmap(uint64_t root, uint64_t va)
{
	int level, error;
	uint64_t *e = mapped(root, va, &level, &error);
	if (!e)
		return error;
	if (level != 1)
		return PT_HUGE;
	*e = 0;
	return PT_OK;
}

int pt_protect(uint64_t root, uint64_t va, uint64_t flags)
{
	int level, error;
	uint64_t *e = mapped(root, va, &level, &error);
	if (!e)
		return error;
	uint64_t keep = PTE_ADDR | (level != 1 ? PTE_PS : 0);
	*e = (*e & keep) | (flags & PTE_FLAGS & ~PTE_PS) | PTE_P;
	return PT_OK;
}

bool pt_translate(uint64_t root, uint64_t va, uint64_t *pa)
{
	int level, error;
	uint64_t *e = mapped(root, va, &level, &error);
	if (!e)
		return false;
	uint64_t page_mask = (1ull << (PAGE_SHIFT + 9 * (level - 1))) - 1;
	*pa = (*e & PTE_ADDR & ~page_mask) | (va & page_mask);
	return true;
}

static void destroy_level(uint64_t pa, int level)
{
	uint64_t *t = table(pa);
	for (int i = 0; i < 512 && level > 1; i++)
		if ((t[i] & PTE_P) && !(t[i] & PTE_PS))
			destroy_level(t[i] & PTE_ADDR, level - 1);
	palloc_free(pa & PTE_ADDR);
}

void pt_destroy(uint64_t root, int first, int last)
{
	uint64_t *t = table(root);
	for (int i = first; i <= last; i++) {
		if (t[i] & PTE_P)
			destroy_level(t[i] & PTE_ADDR, LEVELS - 1);
		t[i] = 0;
	}
	if (first == 0 && last == 511)
		palloc_free(root);
}

const char *pt_strerror(int error)
{
	switch (error) {
	case PT_OK:
		return "ok";
	case PT_NOMEM:
		return "out of physical pages for a page table";
	case PT_INVALID:
		return "unaligned or non-canonical address";
	case PT_HUGE:
		return "address lies inside a 2 MiB or 1 GiB page";
	case PT_NOTMAPPED:
		return "address is not mapped";
	}
	return "unknown page-table error";
}
