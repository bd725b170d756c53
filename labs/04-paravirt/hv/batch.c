/*
 * Part C, batches: many page-table writes, or many hypercalls, for the
 * price of one exit (pvabi.h; Xen's mmu_update and multicall).  The array
 * lives in guest memory: the guest may change it while the hypervisor
 * reads it (another vCPU could), so each entry is copied out once and only
 * the copy is checked and used.
 */
#include "hv.h"
#include "mm.h"

/* The batch's array: count entries of size bytes at gpa, or NULL and why. */
static void *batch(struct vm *vm, uint64_t gpa, uint64_t count, uint64_t size, int64_t *why)
{
	*why = count > PV_BATCH_MAX ? -HC_E2BIG : 0;
	void *entries = *why ? 0 : hv_guest_range(vm, gpa, count * size);
	if (!*why && !entries)
		*why = -HC_EFAULT;
	return entries;
}

int64_t hv_mmu_update(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	int64_t why;
	const struct pv_mmu_update *shared =
		batch(vm, arg[0], arg[1], sizeof(struct pv_mmu_update), &why);
	if (!shared)
		return why;
	static struct pv_mmu_update u[PV_BATCH_MAX];
	uint64_t n = arg[1];
	for (uint64_t i = 0; i < n; i++) {
		u[i] = shared[i];
		if (u[i].pte % 8)
			return -HC_EINVAL;
		if (!hv_guest_range(vm, u[i].pte, 8))
			return -HC_EFAULT;
		if ((u[i].value & PTE_P) && !hv_guest_range(vm, u[i].value & PTE_ADDR, PAGE_SIZE))
			return -HC_EPERM;
	}
	static uint64_t va[PV_BATCH_MAX];
	for (uint64_t i = 0; i < n; i++) {
		*(uint64_t *)hv_guest_range(vm, u[i].pte, 8) = u[i].value;
		va[i] = u[i].va;
	}
	if (vm->mappings_changed)
		vm->mappings_changed(vm, va, (unsigned)n);
	return (int64_t)n;
	/* END SOLUTION */
}

int64_t hv_multicall(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	int64_t why;
	struct pv_multicall *shared = batch(vm, arg[0], arg[1], sizeof(struct pv_multicall), &why);
	if (!shared)
		return why;
	for (uint64_t i = 0; i < arg[1]; i++) {
		struct pv_multicall call = shared[i];
		call.result = call.nr == HC_MULTICALL ? -HC_EINVAL
		                                      : vm_hypercall_run(vm, call.nr, call.arg);
		shared[i].result = call.result;
	}
	return (int64_t)arg[1];
	/* END SOLUTION */
}
