/*
 * Part D, the driver's side of a ring (pvabi.h, "A ring"): the guest lays
 * out the descriptor table and the two rings in one page, gives them to a
 * device, and sends one chain at a time.  The devices of lab 04 finish a
 * chain inside HC_RING_NOTIFY, so when the hypercall returns the used ring
 * already holds it and every descriptor is free again.
 */
#include "pv.h"

/* The three areas in one page, aligned as virtio asks (16, 2, 4). */
#define AVAIL_AT(size) (16u * (size))
#define USED_AT(size)  ((AVAIL_AT(size) + 4 + 2 * (size) + 3) & ~3u)

int64_t ring_setup(struct ring *r, int dev, void *page, uint16_t size)
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	uint8_t *base = page;
	*r = (struct ring){ .dev = dev, .size = size };
	r->desc = (struct pv_desc *)base;
	r->avail = (struct pv_avail *)(base + AVAIL_AT(size));
	r->used = (struct pv_used *)(base + USED_AT(size));
	r->avail->flags = PV_AVAIL_NO_INTERRUPT;
	r->avail->idx = 0;
	r->used->idx = 0;
	return hypercall(HC_RING_SETUP, (uint64_t)dev, size, (uint64_t)r->desc, (uint64_t)r->avail,
	                 (uint64_t)r->used);
	/* END SOLUTION */
}

int64_t ring_send(struct ring *r, const struct ring_buf *b, unsigned n, uint32_t *written)
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	if (n == 0 || n > r->size)
		return -HC_EINVAL;
	for (unsigned i = 0; i < n; i++)
		r->desc[i] = (struct pv_desc){
			.addr = (uint64_t)b[i].addr,
			.len = b[i].len,
			.flags = (uint16_t)((b[i].device_writes ? PV_DESC_WRITE : 0) |
			                    (i + 1 < n ? PV_DESC_NEXT : 0)),
			.next = (uint16_t)(i + 1),
		};
	r->avail->ring[r->avail->idx % r->size] = 0;
	/* The entry, then the index: the device reads them in that order. */
	__asm__ volatile("" ::: "memory");
	r->avail->idx++;
	int64_t done = hypercall(HC_RING_NOTIFY, (uint64_t)r->dev, 0, 0, 0, 0);
	if (done < 0)
		return done;
	if (done != 1 || r->used->idx != (uint16_t)(r->used_seen + 1))
		return -HC_EIO;
	const struct pv_used_elem *e = &r->used->ring[r->used_seen % r->size];
	r->used_seen++;
	if (e->id != 0)
		return -HC_EIO;
	*written = e->len;
	return 0;
	/* END SOLUTION */
}
