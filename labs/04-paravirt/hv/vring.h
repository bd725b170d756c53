/*
 * Part D, the device's side of one ring (pvabi.h, "A ring"): a split
 * virtqueue in guest memory, which the hypervisor reads and the guest may
 * have written anything into.  Every index is checked against the table
 * before it is followed, every range against guest memory before it is
 * handed out (gmem.h), and each descriptor is read once, into a copy, so
 * what was checked is what is used.
 *
 * The first thing wrong breaks the ring: vring_next returns -1 from then on
 * and reads nothing, vring_put_used writes nothing, and why says what was
 * wrong, in one line that names the descriptor and the values:
 *
 *	descriptor 7 of 8: next 9 is beyond the table
 *
 * (numbers in decimal, addresses in hex with 0x).  The device stops; the
 * hypervisor goes on.  A new HC_RING_SETUP starts a fresh ring.
 *
 * What is left to the guest, as virtio leaves it: the order of readable
 * and writable buffers in a chain (a device assumes none), and areas or
 * buffers that overlap.  Either can only spoil the guest's own memory.
 *
 * Pure C over struct gmem, with no other part of the monitor: lab 04's
 * monitors link it, and so do the host's unit tests (tests/test_vring.c),
 * under AddressSanitizer.
 */
#ifndef LAB04_VRING_H
#define LAB04_VRING_H

#include <stdbool.h>
#include <stdint.h>
#include "gmem.h"
#include "pvabi.h"

struct vring {
	uint16_t size;              /* descriptors, a power of two; 0: no ring */
	uint64_t desc, avail, used; /* guest-physical, inside guest memory */
	uint16_t last_avail;        /* avail.idx as far as the device has taken chains */
	uint16_t used_idx;          /* the device's used.idx (the guest's copy is not trusted) */
	bool broken;
	char why[160]; /* why the ring broke, or why vring_setup refused */
};

/* One buffer of a chain, inside guest memory.  A buffer may be empty
 * (len 0): virtio does not forbid it, and its address is still checked. */
struct vring_seg {
	void *ptr; /* the monitor's pointer to it */
	uint32_t len;
	bool writable; /* PV_DESC_WRITE: the device writes it; otherwise it reads it */
};

/* A chain the guest made available, in the order of its descriptors.
 * About 4 KiB: a device keeps one in its state, not on the stack. */
struct vring_chain {
	uint16_t head; /* what vring_put_used gives back */
	uint16_t n;    /* segments, 1 to the ring's size */
	struct vring_seg seg[PV_RING_MAX];
};

/* A fresh ring of `size` descriptors at desc, avail and used (HC_RING_SETUP):
 * size a power of two from 1 to PV_RING_MAX, and each area inside guest
 * memory (16 * size, 4 + 2 * size and 4 + 8 * size bytes) and aligned as
 * virtio asks (16, 2 and 4).  0; or -HC_EINVAL (a size, an alignment) or
 * -HC_EFAULT (outside guest memory), with the reason in r->why and no ring
 * (r->size 0). */
int64_t vring_setup(struct vring *r, const struct gmem *m, uint64_t size, uint64_t desc,
                    uint64_t avail, uint64_t used);

/* The next chain the guest made available, if any, every descriptor of it
 * checked: its index inside the table; no flag but PV_DESC_NEXT and
 * PV_DESC_WRITE; its buffer inside guest memory, the end not wrapping
 * around; at most `size` descriptors (so a loop is caught); at most
 * 4 GiB - 1 in all (virtio's bound, so a device's total fits in a used
 * entry's len).  And avail.idx at most `size` ahead of last_avail.
 * 1: a chain, in c; 0: nothing new; -1: the ring is broken, or there is no
 * ring (r->why says why). */
int vring_next(struct vring *r, const struct gmem *m, struct vring_chain *c);

/* The chain at head is done, len bytes written into it: the used entry,
 * then used.idx.  Nothing on a broken ring or without one. */
void vring_put_used(struct vring *r, const struct gmem *m, uint16_t head, uint32_t len);

/* A device found a chain it cannot serve (a block request without its
 * status byte, ...): the ring breaks as if the parser had, with why, unless
 * it is broken already (the first reason stays). */
void vring_stop(struct vring *r, const char *why);

/* Does the guest want the completion interrupt (avail.flags without
 * PV_AVAIL_NO_INTERRUPT)?  False on a broken ring or without one. */
bool vring_wants_interrupt(const struct vring *r, const struct gmem *m);

#endif
