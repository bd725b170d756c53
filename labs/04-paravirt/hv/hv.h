/*
 * The hypervisor's paravirtual side (lab 04): written once, linked into
 * lab 02's monitor and into lab 03's, which both hand a guest's VMCALL to
 * the toolkit's vm_hypercall() (kernel/vmm/paravirt.h).  It sees only
 * struct vm: guest memory, the vCPU's registers, the devices.
 *
 *	hypercall.c  part A: the dispatch table; arguments checked against
 *	             guest memory; HC_VERSION, HC_CONSOLE_WRITE
 *	vcpu.c       part B: the shared page, the interrupt mask, halt, yield,
 *	             the lazy EOI
 *	batch.c      part C: page-table updates and hypercalls in batches
 *	newbase.c    part C: a switch of page tables that keeps lab 02's shadow
 *	vring.c      part D: one ring, every index and range checked
 *	ringdev.c    part D: the devices' rings, HC_RING_SETUP and _NOTIFY
 *	blk.c        part D: the block device's requests
 */
#ifndef LAB04_HV_H
#define LAB04_HV_H

#include "pvabi.h"
#include "vm.h"
#include "vring.h"

/* The paravirtual state of the one VM (vm->pv_state). */
struct hv {
	uint64_t vcpu_info_gpa; /* 0: none registered */
	int lazy_irq;           /* delivered with eoi_lazy set, not ended yet; or -1 */
	uint64_t timer_left;    /* PIT clocks until the one-shot timer fires; 0: none */
	struct vring ring[PV_DEVICES];
	const uint8_t *disk; /* the block device's backing store, or NULL */
	uint64_t disk_size;
};

static inline struct hv *hv_of(struct vm *vm)
{
	return vm->pv_state;
}

/* Part A: the monitor's pointer to [gpa, gpa + len) of guest memory, or
 * NULL when any byte of it lies outside (the hypercall returns -HC_EFAULT). */
void *hv_guest_range(struct vm *vm, uint64_t gpa, uint64_t len);

/* Part B, vcpu.c. */
int64_t hv_vcpu_info(struct vm *vm, const uint64_t arg[HC_ARGS]);
int64_t hv_irq_unmask(struct vm *vm, const uint64_t arg[HC_ARGS]);
int64_t hv_halt(struct vm *vm, const uint64_t arg[HC_ARGS]);
int64_t hv_yield(struct vm *vm, const uint64_t arg[HC_ARGS]);
int64_t hv_timer_oneshot(struct vm *vm, const uint64_t arg[HC_ARGS]);
void hv_advance(struct vm *vm, uint64_t pit_clocks);
bool hv_irq_masked(struct vm *vm);
void hv_irq_delivered(struct vm *vm, int irq);
void hv_sync(struct vm *vm);

/* Part C, batch.c. */
int64_t hv_mmu_update(struct vm *vm, const uint64_t arg[HC_ARGS]);
int64_t hv_multicall(struct vm *vm, const uint64_t arg[HC_ARGS]);
/* newbase.c */
int64_t hv_mmu_new_base(struct vm *vm, const uint64_t arg[HC_ARGS]);

/* Part D, ringdev.c and blk.c. */
int64_t hv_ring_setup(struct vm *vm, const uint64_t arg[HC_ARGS]);
int64_t hv_ring_notify(struct vm *vm, const uint64_t arg[HC_ARGS]);
/* A block request: NULL and *written (bytes written into the chain), or
 * why the chain is no request. */
const char *blk_chain(struct hv *hv, const struct vring_chain *c, uint32_t *written);

#endif
