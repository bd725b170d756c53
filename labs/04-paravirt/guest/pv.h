/*
 * The guest's paravirtual backend (lab 04): the kernel's privileged
 * operations (pvops.h) done by asking the hypervisor, one concept a file:
 *
 *	hcall.c      part A: VMCALL with the convention of hypercall.h
 *	pvcpu.c      part B: interrupts masked in the shared page, halt
 *	pvconsole.c  part C: the console, a line per hypercall
 *	pvmmu.c      part C: page-table updates, a batch per hypercall; a
 *	             switch of tables that keeps lab 02's shadow
 *	ring.c       part D: a ring's driver side
 *	backend.c    the table, installed by pv_install()
 *	pvinit.c     pv_init(): pv_install() when ARGS has pv=1 and a
 *	             hypervisor answers
 */
#ifndef LAB04_GUEST_PV_H
#define LAB04_GUEST_PV_H

#include <stdbool.h>
#include "pvabi.h"
#include "pvops.h"

/* Part A: one hypercall; the result RAX held (negative: -HC_E*). */
int64_t hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

/* Part B: the shared page, registered with the hypervisor; the operations. */
extern struct pv_vcpu_info pv_vcpu;
void pv_irq_disable(void);
void pv_irq_enable(void);
uint64_t pv_save_flags(void);
void pv_restore_flags(uint64_t flags);
void pv_safe_halt(void);
void pv_relax(void);
void pv_irq_eoi(int irq);
/* One PV_TIMER_IRQ after usecs of the guest's time; 0 cancels. */
int64_t pv_timer_oneshot(uint64_t usecs);

/* Part C. */
void pv_console_putc(char c);
void pv_console_flush(void);
void pv_update_mapping(uint64_t *pte, uint64_t value, uintptr_t va);
void pv_flush_mappings(void);
/* HC_MMU_NEW_BASE with the CR3 of the moment: 0 where the hypervisor
 * keeps translations across a switch of tables (lab 02's). */
int64_t pv_base_init(void);
void pv_write_cr3(uint64_t value);
uint64_t pv_read_cr3(void);

/* Part D: a ring of a device (pvabi.h), driven one chain at a time. */
struct ring {
	int dev;
	uint16_t size;
	uint16_t used_seen; /* used.idx as far as the driver has read it */
	struct pv_desc *desc;
	struct pv_avail *avail;
	struct pv_used *used;
};

struct ring_buf {
	const void *addr; /* in the identity-mapped kernel: its guest-physical address */
	uint32_t len;
	bool device_writes;
};

/* Lay the ring out in page (4 KiB, page-aligned; size at most 128) and
 * give it to device dev: HC_RING_SETUP's result. */
int64_t ring_setup(struct ring *r, int dev, void *page, uint16_t size);
/* One chain of n buffers, notified and done: 0 and *written, the bytes
 * the device wrote into it; or the error. */
int64_t ring_send(struct ring *r, const struct ring_buf *b, unsigned n, uint32_t *written);

/* Register the shared page, then switch the kernel to the table of
 * hypercalls (interrupts masked in the page, on in RFLAGS): 0, or the
 * hypervisor's refusal. */
int64_t pv_install(void);

#endif
