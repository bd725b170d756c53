/*
 * Part C: guest-virtual to guest-physical through the guest's own page
 * tables, for what the hypervisor reads or writes on the guest's behalf:
 * the buffer of a string I/O instruction (exit.c), the bytes of an
 * instruction that touched MMIO (ept.c).  The CPU walked them itself while
 * the guest ran; here software walks them as the guest's access would, and
 * a fault is the guest's #PF.
 *
 *	4-level paging, the entries and their bits   SDM Vol. 3A, 4.5
 *	access rights (U/S, R/W, WP, NX)             Vol. 3A, 4.6
 *	accessed and dirty flags                     Vol. 3A, 4.8
 *	the page-fault error code                    Vol. 3A, 4.7
 *
 * Under EPT every table the guest points at is guest-physical: one outside
 * guest memory is something this guest must not do, and it is stopped.
 */
#include "console.h"
#include "mm.h"
#include "monitor.h"

#define GW_LEVELS 4

bool gwalk(struct mon *mon, uint64_t va, enum gwalk_access how, uint64_t *gpa, uint32_t *pf_error)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "gwalk: not written (part C)"); */
	const struct vcpu *v = &mon->vm.vcpu;
	bool user = (v->ss.ar >> 5 & 3) == 3;
	uint32_t error = (how == GW_WRITE ? PF_W : 0) | (user ? PF_U : 0) |
	                 (how == GW_FETCH && (v->efer & EFER_NXE) ? PF_I : 0);
	if (!x86_canonical(va)) {
		*pf_error = error; /* a #GP on hardware; the caller's data is the guest's fault */
		return false;
	}
	uint64_t table = v->cr3 & PTE_ADDR;
	bool writable = true, usable = true, executable = true;
	for (int level = GW_LEVELS; level >= 1; level--) {
		unsigned index = va >> (12 + 9 * (level - 1)) & 511;
		uint64_t at = table + 8 * index;
		uint64_t *entry = gmem_ptr(&mon->vm.mem, at, 8);
		if (!entry)
			vm_fail(&mon->vm,
			        "the guest's page table at guest-physical %#lx (level %d, for "
			        "virtual %#lx) is outside guest memory",
			        at, level, va);
		uint64_t e = *entry;
		if (!(e & PTE_P)) {
			*pf_error = error;
			return false;
		}
		writable = writable && (e & PTE_W);
		usable = usable && (e & PTE_U);
		executable = executable && !((v->efer & EFER_NXE) && (e & PTE_NX));
		bool leaf = level == 1 || ((level == 2 || level == 3) && (e & PTE_PS));
		if (leaf) {
			bool denied = (user && !usable) || (how == GW_FETCH && !executable) ||
			              (how == GW_WRITE && !writable && (user || (v->cr0 & CR0_WP)));
			if (denied) {
				*pf_error = error | PF_P;
				return false;
			}
			*entry |= PTE_A | (how == GW_WRITE ? PTE_D : 0);
			uint64_t page = 1ull << (12 + 9 * (level - 1));
			*gpa = (e & PTE_ADDR & ~(page - 1)) | (va & (page - 1));
			return true;
		}
		*entry |= PTE_A;
		table = e & PTE_ADDR;
	}
	/* END SOLUTION */
	return false;
}

/* Page by page: a range may straddle pages that map anywhere. */
static bool gva_copy(struct mon *mon, uint64_t va, uint8_t *buf, uint64_t len,
                     enum gwalk_access how)
{
	while (len) {
		uint64_t gpa, chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		uint32_t error;
		if (chunk > len)
			chunk = len;
		if (!gwalk(mon, va, how, &gpa, &error)) {
			mon->vm.vcpu.cr2 = va;
			inject_exception(mon, T_PF, error, true);
			return false;
		}
		bool ok = how == GW_WRITE ? gmem_write(&mon->vm.mem, gpa, buf, chunk)
		                          : gmem_read(&mon->vm.mem, gpa, buf, chunk);
		if (!ok)
			vm_fail(&mon->vm,
			        "guest-virtual %#lx maps guest-physical %#lx, outside guest memory "
			        "(%#lx bytes), for %s of %lu bytes by the hypervisor",
			        va, gpa, mon->vm.mem.size, how == GW_WRITE ? "a write" : "a read",
			        chunk);
		va += chunk, buf += chunk, len -= chunk;
	}
	return true;
}

bool gva_read(struct mon *mon, uint64_t va, void *dst, uint64_t len, enum gwalk_access how)
{
	return gva_copy(mon, va, dst, len, how);
}

bool gva_write(struct mon *mon, uint64_t va, const void *src, uint64_t len)
{
	return gva_copy(mon, va, (uint8_t *)src, len, GW_WRITE);
}
