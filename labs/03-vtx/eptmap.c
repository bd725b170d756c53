/*
 * Part D: the EPT's tables (eptmap.h).  A guest-physical address is split
 * as a virtual one is by 4-level paging: bits 47:39 index the PML4, 38:30
 * the PDPT, 29:21 the PD, whose entry with bit 7 set maps 2 MiB (SDM Vol.
 * 3C, 29.3.2).  Non-leaf entries are read/write/execute: the leaf's bits
 * decide (29.3.3).  A leaf with write but not read is misconfigured
 * (29.3.3.1); execute-only needs a capability this code does not ask for.
 */
#include <stdbool.h>
#include "eptmap.h"

uint64_t ept_create(const struct ept_mem *m)
{
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	return m->alloc(m->ctx);
	/* END SOLUTION */
}

int ept_map_2m(const struct ept_mem *m, uint64_t root, uint64_t gpa, uint64_t hpa, uint64_t perms)
{
	/* BEGIN SOLUTION */ /* STUB: return EPT_NOMEM; */
	if (gpa % EPT_2M || hpa % EPT_2M)
		return EPT_UNALIGNED;
	if (gpa >= EPT_GPA_LIMIT || hpa & ~EPT_ADDR)
		return EPT_TOO_HIGH;
	if (!(perms & EPT_READ) || perms & ~EPT_RWX)
		return EPT_BAD_PERMS;
	uint64_t table = root;
	for (int shift = 39; shift > 21; shift -= 9) {
		uint64_t *e = (uint64_t *)m->ptr(m->ctx, table) + (gpa >> shift & 511);
		if (*e & EPT_LARGE)
			return EPT_MAPPED;
		if (!(*e & EPT_RWX)) {
			uint64_t page = m->alloc(m->ctx);
			if (!page)
				return EPT_NOMEM;
			*e = page | EPT_RWX;
		}
		table = *e & EPT_ADDR;
	}
	uint64_t *pde = (uint64_t *)m->ptr(m->ctx, table) + (gpa >> 21 & 511);
	if (*pde & EPT_RWX)
		return EPT_MAPPED;
	*pde = hpa | perms | EPT_MEMTYPE_WB | EPT_LARGE;
	return EPT_OK;
	/* END SOLUTION */
}
