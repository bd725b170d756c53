/*
 * Part C, page-table updates in batches: update_mapping() queues the
 * entry, its guest-physical address and the address it maps, and
 * flush_mappings() (or a full queue) sends them all in one HC_MMU_UPDATE,
 * where the native backend pays an INVLPG, an exit under lab 02, for each.
 * The guest build's kernel image is identity-mapped (bootinfo.h), so a
 * pointer to its page tables is their guest-physical address.
 *
 * And a switch of tables: write_cr3() by HC_MMU_NEW_BASE, where lab 02's
 * monitor, told that the guest switches rather than flushes, keeps its
 * shadow of what the new tables map as the old did: no hidden page fault
 * to rebuild it.  pv_install() takes these only where the hypervisor
 * answers pv_base_init() with 0 (not lab 03: a MOV to CR3 costs nothing
 * there).
 */
#include "console.h"
#include "pv.h"

static struct pv_mmu_update queue[PV_BATCH_MAX];
static unsigned queued;

void pv_flush_mappings(void)
{
	/* BEGIN SOLUTION */ /* STUB: return; */
	if (!queued)
		return;
	int64_t r = hypercall(HC_MMU_UPDATE, (uint64_t)queue, queued, 0, 0, 0);
	if (r != (int64_t)queued)
		panic("HC_MMU_UPDATE of %u entries: %ld", queued, r);
	queued = 0;
	/* END SOLUTION */
}

void pv_update_mapping(uint64_t *pte, uint64_t value, uintptr_t va)
{
	/* BEGIN SOLUTION */ /* STUB: pv_native.update_mapping(pte, value, va); */
	if (queued == PV_BATCH_MAX)
		pv_flush_mappings();
	queue[queued++] = (struct pv_mmu_update){ (uint64_t)pte, value, va };
	/* END SOLUTION */
}

/* The guest's CR3, as it last loaded it: the backend reads it here, where
 * lab 02's monitor would take an exit to emulate the MOV from CR3. */
static uint64_t cr3;

int64_t pv_base_init(void)
{
	cr3 = pv_native.read_cr3();
	return hypercall(HC_MMU_NEW_BASE, cr3, 0, 0, 0, 0);
}

void pv_write_cr3(uint64_t value)
{
	/* BEGIN SOLUTION */ /* STUB: pv_native.write_cr3(value); */
	pv_flush_mappings(); /* the queued entries belong to the tables in use */
	int64_t r = hypercall(HC_MMU_NEW_BASE, value, 0, 0, 0, 0);
	if (r < 0)
		panic("HC_MMU_NEW_BASE to %#lx: %ld", value, r);
	/* END SOLUTION */
	cr3 = value;
}

uint64_t pv_read_cr3(void)
{
	return cr3;
}
