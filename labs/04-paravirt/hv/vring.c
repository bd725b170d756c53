/*
 * Part D, a split virtqueue's device side (vring.h): a ring set up in guest
 * memory, the chains taken from it one by one, the used entries given back.
 * The guest wrote everything here, so nothing is followed unchecked.  One
 * vCPU: the guest does not run while the monitor reads its ring, so a
 * descriptor read once into a copy cannot change under the checks.
 */
#include <stdarg.h>
#include "printf.h"
#include "vring.h"

/* The device stops: the reason, and -1 from now on. */
__attribute__((format(printf, 2, 3))) static int ring_broken(struct vring *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	r->broken = true;
	return -1;
}

void vring_stop(struct vring *r, const char *why)
{
	if (!r->broken)
		ring_broken(r, "%s", why);
}

/* The guest's HC_RING_SETUP is refused: no ring, the reason, the error. */
__attribute__((format(printf, 3, 4))) static int64_t no_ring(struct vring *r, int64_t err,
                                                             const char *fmt, ...)
{
	*r = (struct vring){ 0 };
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return err;
}

static uint64_t desc_bytes(uint64_t size)
{
	return sizeof(struct pv_desc) * size;
}

static uint64_t avail_bytes(uint64_t size)
{
	return sizeof(struct pv_avail) + sizeof(uint16_t) * size;
}

static uint64_t used_bytes(uint64_t size)
{
	return sizeof(struct pv_used) + sizeof(struct pv_used_elem) * size;
}

/* The ring's three areas in the monitor's view; false without a ring, or
 * when m is not the memory the ring was set up in. */
static bool ring_areas(const struct vring *r, const struct gmem *m, struct pv_desc **desc,
                       struct pv_avail **avail, struct pv_used **used)
{
	if (!r->size || r->broken)
		return false;
	*desc = gmem_ptr(m, r->desc, desc_bytes(r->size));
	*avail = gmem_ptr(m, r->avail, avail_bytes(r->size));
	*used = gmem_ptr(m, r->used, used_bytes(r->size));
	return *desc && *avail && *used;
}

int64_t vring_setup(struct vring *r, const struct gmem *m, uint64_t size, uint64_t desc,
                    uint64_t avail, uint64_t used)
{
	/* BEGIN SOLUTION */ /* STUB: return no_ring(r, -HC_ENOSYS, "not written (part D)"); */
	if (size == 0 || size > PV_RING_MAX || (size & (size - 1)))
		return no_ring(r, -HC_EINVAL, "ring size %lu: not a power of two from 1 to %d",
		               size, PV_RING_MAX);
	/* Virtio's alignments ("The Split Virtqueue"): each field then lies
	 * at its natural alignment. */
	if (desc % 16)
		return no_ring(r, -HC_EINVAL, "descriptor table at %#lx: not aligned to 16 bytes",
		               desc);
	if (avail % 2)
		return no_ring(r, -HC_EINVAL, "available ring at %#lx: not aligned to 2 bytes",
		               avail);
	if (used % 4)
		return no_ring(r, -HC_EINVAL, "used ring at %#lx: not aligned to 4 bytes", used);
	if (!gmem_contains(m, desc, desc_bytes(size)))
		return no_ring(r, -HC_EFAULT,
		               "descriptor table at %#lx, %lu bytes: outside guest memory (%#lx "
		               "bytes)",
		               desc, desc_bytes(size), m->size);
	if (!gmem_contains(m, avail, avail_bytes(size)))
		return no_ring(
			r, -HC_EFAULT,
			"available ring at %#lx, %lu bytes: outside guest memory (%#lx bytes)",
			avail, avail_bytes(size), m->size);
	if (!gmem_contains(m, used, used_bytes(size)))
		return no_ring(r, -HC_EFAULT,
		               "used ring at %#lx, %lu bytes: outside guest memory (%#lx bytes)",
		               used, used_bytes(size), m->size);
	/* Indices start at 0, as the guest's zeroed ring does. */
	*r = (struct vring){ .size = (uint16_t)size, .desc = desc, .avail = avail, .used = used };
	return 0;
	/* END SOLUTION */
}

int vring_next(struct vring *r, const struct gmem *m, struct vring_chain *c)
{
	if (r->broken)
		return -1; /* why is already said; nothing more is read */
	struct pv_desc *table;
	struct pv_avail *avail;
	struct pv_used *used;
	if (!ring_areas(r, m, &table, &avail, &used))
		return ring_broken(r, "no ring: HC_RING_SETUP first");
	/* BEGIN SOLUTION */ /* STUB: return ring_broken(r, "vring_next: not written (part D)"); */
	uint16_t size = r->size, idx = avail->idx;
	/* Free-running 16-bit counters: the difference, modulo 2^16, is how
	 * many chains are new, across the wrap from 65535 to 0 too.  More
	 * than the ring holds is an index that jumped (or went back). */
	uint16_t fresh = (uint16_t)(idx - r->last_avail);
	if (fresh == 0)
		return 0;
	if (fresh > size)
		return ring_broken(
			r, "avail.idx jumped from %u to %u, more than the ring's %u entries",
			r->last_avail, idx, size);
	uint16_t slot = r->last_avail & (size - 1);
	uint16_t head = avail->ring[slot];
	if (head >= size)
		return ring_broken(r,
		                   "avail.ring[%u]: head %u is beyond the table of %u descriptors",
		                   slot, head, size);
	uint64_t total = 0;
	uint16_t n = 0;
	for (uint16_t i = head;;) {
		/* A chain visits at most every descriptor once: one more is a
		 * loop, however long its cycle. */
		if (n == size)
			return ring_broken(
				r,
				"chain from head %u: longer than the ring's %u descriptors "
				"(a loop?)",
				head, size);
		struct pv_desc d = table[i];
		if (d.flags & ~(PV_DESC_NEXT | PV_DESC_WRITE))
			return ring_broken(
				r,
				"descriptor %u of %u: flags %#x: only NEXT (1) and WRITE "
				"(2) are defined",
				i, size, d.flags);
		if (d.addr + d.len < d.addr)
			return ring_broken(r,
			                   "descriptor %u of %u: buffer at %#lx of %u bytes wraps "
			                   "around the end of the address space",
			                   i, size, d.addr, d.len);
		void *ptr = gmem_ptr(m, d.addr, d.len);
		if (!ptr)
			return ring_broken(
				r,
				"descriptor %u of %u: buffer at %#lx of %u bytes is outside "
				"guest memory (%#lx bytes)",
				i, size, d.addr, d.len, m->size);
		total += d.len;
		if (total > UINT32_MAX)
			return ring_broken(
				r,
				"chain from head %u: %lu bytes by descriptor %u, more than "
				"virtio's 4 GiB - 1",
				head, total, i);
		c->seg[n++] = (struct vring_seg){ ptr, d.len, d.flags & PV_DESC_WRITE };
		if (!(d.flags & PV_DESC_NEXT))
			break;
		if (d.next >= size)
			return ring_broken(r, "descriptor %u of %u: next %u is beyond the table", i,
			                   size, d.next);
		i = d.next;
	}
	c->head = head;
	c->n = n;
	r->last_avail++;
	return 1;
	/* END SOLUTION */
}

void vring_put_used(struct vring *r, const struct gmem *m, uint16_t head, uint32_t len)
{
	struct pv_desc *table;
	struct pv_avail *avail;
	struct pv_used *used;
	if (!ring_areas(r, m, &table, &avail, &used))
		return;
	/* BEGIN SOLUTION */ /* STUB: return; */
	used->ring[r->used_idx & (r->size - 1)] = (struct pv_used_elem){ head, len };
	/* The entry before the index that publishes it, as virtio orders them:
	 * a guest that sees the new used.idx must find the entry written.  x86
	 * keeps stores in order; the compiler must too. */
	__asm__ volatile("" ::: "memory");
	r->used_idx++;
	used->idx = r->used_idx;
	/* END SOLUTION */
}

bool vring_wants_interrupt(const struct vring *r, const struct gmem *m)
{
	struct pv_desc *table;
	struct pv_avail *avail;
	struct pv_used *used;
	return ring_areas(r, m, &table, &avail, &used) && !(avail->flags & PV_AVAIL_NO_INTERRUPT);
}
