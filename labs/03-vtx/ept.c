/*
 * Part D: the EPT, the second translation the CPU makes under VMX: the
 * guest's page tables give a guest-physical address, the EPT the
 * host-physical one.  The guest owns its page tables (CR3 loads need no
 * exit); the hypervisor owns the EPT.
 *
 *	the EPT pointer                        SDM Vol. 3C, 25.6.11
 *	EPT paging structures, 4 levels        Vol. 3C, 29.3.2 (Tables 29-1 to 29-6)
 *	memory type and permissions            Vol. 3C, 29.3.7, 29.3.3
 *	EPT violations, their qualification    Vol. 3C, 29.3.3.2; 28.2.1, Table 28-7
 *	what the CPU offers                    Vol. 3D, A.10 (IA32_VMX_EPT_VPID_CAP)
 *
 * Guest memory is one run of host memory, 2 MiB aligned (gmem.h): 2 MiB
 * pages map it (the tables: eptmap.c).  Everything else of the guest-physical space is left
 * unmapped: an access there is an EPT violation, which is either a device
 * of the toolkit's MMIO table (the I/O APIC at 0xfec00000), emulated by
 * decoding the MOV (mmio.c), or a guest going where it must not, stopped.
 */
#include "console.h"
#include "eptmap.h"
#include "mm.h"
#include "mmio.h"
#include "monitor.h"

#define EPTP_WB    6ull        /* the structures' memory type, bits 2:0 */
#define EPTP_WALK4 (3ull << 3) /* walk length - 1, bits 5:3 */
/* The qualification of an EPT violation (Table 28-7). */
#define EPTV_READ         (1ull << 0)
#define EPTV_WRITE        (1ull << 1)
#define EPTV_FETCH        (1ull << 2)
#define EPTV_LINEAR_VALID (1ull << 7)
#define EPTV_TRANSLATED   (1ull << 8) /* the final address, not a paging structure */

static uint64_t host_page(void *ctx)
{
	return palloc_alloc();
}

static void *host_ptr(void *ctx, uint64_t pa)
{
	return pa_to_va(pa);
}

void ept_build(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vmx_refuse("ept_build: not written (part D)"); */
	const struct gmem *g = &mon->vm.mem;
	const struct ept_mem m = { host_page, host_ptr, 0 };
	mon->ept_root = ept_create(&m);
	if (!mon->ept_root)
		vmx_refuse("no page left for the EPT");
	for (uint64_t gpa = 0; gpa < g->size; gpa += EPT_2M) {
		int e = ept_map_2m(&m, mon->ept_root, gpa, g->hpa + gpa, EPT_RWX);
		if (e != EPT_OK)
			vmx_refuse(
				"EPT: guest-physical %#lx to host-physical %#lx refused (error %d)",
				gpa, g->hpa + gpa, e);
	}
	/* END SOLUTION */
}

uint64_t ept_pointer(const struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	return mon->ept_root | EPTP_WB | EPTP_WALK4;
	/* END SOLUTION */
}

/* The instruction at RIP, at most MMIO_INSN_MAX bytes, as far as the
 * guest may fetch; false when the fetch faulted (the guest has its #PF). */
static bool fetch(struct mon *mon, uint8_t *code, unsigned *n)
{
	uint64_t rip = mon->vm.vcpu.rip;
	unsigned first = PAGE_SIZE - (rip & (PAGE_SIZE - 1));
	*n = first < MMIO_INSN_MAX ? first : MMIO_INSN_MAX;
	if (!gva_read(mon, rip, code, *n, GW_FETCH))
		return false;
	if (*n < MMIO_INSN_MAX) { /* the rest only if the next page is there */
		uint64_t gpa;
		uint32_t error;
		if (gwalk(mon, rip + *n, GW_FETCH, &gpa, &error) &&
		    gva_read(mon, rip + *n, code + *n, MMIO_INSN_MAX - *n, GW_FETCH))
			*n = MMIO_INSN_MAX;
	}
	return true;
}

/* The register a load writes, as the CPU writes it: a 4-byte result
 * clears the upper half, a 1- or 2-byte one keeps the rest. */
static void set_register(uint64_t *r, const struct mmio_insn *in, uint64_t value)
{
	if (in->high_byte)
		*r = (*r & ~0xff00ull) | (value & 0xff) << 8;
	else if (in->reg_size == 8)
		*r = value;
	else if (in->reg_size == 4)
		*r = (uint32_t)value;
	else {
		uint64_t mask = (1ull << (8 * in->reg_size)) - 1;
		*r = (*r & ~mask) | (value & mask);
	}
}

void ept_violation(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "ept_violation: not written (part D)"); */
	struct vcpu *v = &mon->vm.vcpu;
	uint64_t q = mon->exit.qual, gpa = mon->exit.gpa;
	vm_exit(&mon->vm, EXIT_REASON_EPT_VIOLATION, q & EPTV_WRITE ? "mmio write" : "mmio read",
	        gpa);
	if ((q & EPTV_LINEAR_VALID) && !(q & EPTV_TRANSLATED))
		vm_fail(&mon->vm,
		        "the guest's paging structure at guest-physical %#lx (for virtual %#lx) "
		        "is outside guest memory",
		        gpa, mon->exit.linear);
	/* During the delivery of an event: the guest's IDT or the frame it
	 * pushes lies outside its memory (IDT-vectoring information, 28.2.4). */
	uint32_t vectoring = (uint32_t)vmread(IDT_VECTORING_INFO);
	if (vectoring & INTR_INFO_VALID)
		vm_fail(&mon->vm,
		        "delivering vector %u through the guest's IDT (base %#lx, limit %#x) "
		        "touched guest-physical %#lx (virtual %#lx), outside guest memory",
		        vectoring & 0xff, v->idtr.base, v->idtr.limit, gpa, mon->exit.linear);
	if (q & EPTV_FETCH)
		vm_fail(&mon->vm,
		        "the guest executes at guest-physical %#lx (virtual %#lx), "
		        "outside guest memory",
		        gpa, mon->exit.linear);
	uint8_t code[MMIO_INSN_MAX];
	unsigned n;
	if (!fetch(mon, code, &n))
		return;
	struct mmio_insn in;
	char why[100];
	if (mmio_decode(code, n, &in, why, sizeof(why)) < 0)
		vm_fail(&mon->vm,
		        "%s of guest-physical %#lx, outside guest memory, by the "
		        "instruction at %#lx: %s",
		        q & EPTV_WRITE ? "a write" : "a read", gpa, v->rip, why);
	if (in.write) {
		uint64_t value = in.immediate ? in.imm : *mon_gpr(mon, in.reg);
		if (in.high_byte)
			value >>= 8;
		vm_mmio_write(&mon->vm, gpa, in.size,
		              in.size == 8 ? value : value & ((1ull << (8 * in.size)) - 1));
	} else {
		set_register(mon_gpr(mon, in.reg), &in, vm_mmio_read(&mon->vm, gpa, in.size));
	}
	/* The violation's instruction length is not one the CPU reports
	 * (28.2.5): the decoder's. */
	mon->exit.len = in.len;
	exit_skip_instruction(mon);
	/* END SOLUTION */
}
