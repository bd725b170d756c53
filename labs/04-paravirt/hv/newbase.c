/*
 * Part C, a switch of page tables (pvabi.h, HC_MMU_NEW_BASE): checked
 * here, then handed to the monitor, which alone knows what it keeps of
 * the guest's translations (vm.h, switch_base).  The tables below the top
 * one are the monitor's to check as it walks them, as after a MOV to CR3.
 */
#include "hv.h"
#include "mm.h"

int64_t hv_mmu_new_base(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	uint64_t cr3 = arg[0];
	if (cr3 & ~(PTE_ADDR | PV_CR3_FLAGS))
		return -HC_EINVAL;
	if (!hv_guest_range(vm, cr3 & PTE_ADDR, PAGE_SIZE))
		return -HC_EFAULT;
	if (!vm->switch_base)
		return -HC_ENODEV;
	vm->switch_base(vm, cr3);
	return 0;
	/* END SOLUTION */
}
