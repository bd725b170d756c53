/*
 * Part D, the ring devices: HC_RING_SETUP gives a device its ring,
 * HC_RING_NOTIFY has it take every chain the guest made available since
 * (pvabi.h, "A ring").  The devices work at once, inside the hypercall: a
 * chain is done, its used entry written, before the guest runs again; the
 * completion interrupt (PV_RING_IRQ) follows if the guest wants it.  What
 * the guest puts in a ring is checked by vring.c; what a chain means, by
 * its device here: the console prints it, the block device (blk.c) reads
 * the disk into it.  A malformed ring or request stops that device, with
 * its reason on the monitor's console, and its later notifications get
 * -HC_EIO; the hypervisor and the guest go on.
 */
#include "console.h"
#include "hv.h"

static const char *const device_names[PV_DEVICES] = {
	[PV_DEV_CONSOLE] = "console",
	[PV_DEV_BLOCK] = "block",
};

/* The console: every byte of the chain's readable buffers, as if through
 * the UART; it writes nothing back. */
static const char *console_chain(struct vm *vm, const struct vring_chain *c, uint32_t *written)
{
	*written = 0;
	for (unsigned i = 0; i < c->n; i++) {
		if (c->seg[i].writable)
			return "a console chain with a device-writable buffer";
		const uint8_t *bytes = c->seg[i].ptr;
		for (uint32_t j = 0; j < c->seg[i].len; j++)
			vuart_transmit(&vm->uart, bytes[j]);
	}
	return 0;
}

/* The ring stopped, by the parser or by its device: the reason on the
 * monitor's console, after what the guest printed. */
static int64_t stopped(struct vm *vm, int dev, const struct vring *r)
{
	vuart_flush(&vm->uart);
	kprintf("ring: %s: stopped: %s\n", device_names[dev], r->why);
	return -HC_EIO;
}

int64_t hv_ring_setup(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	struct hv *hv = hv_of(vm);
	uint64_t dev = arg[0];
	if (dev >= PV_DEVICES)
		return -HC_EINVAL;
	if (dev == PV_DEV_BLOCK && !hv->disk)
		return -HC_ENODEV;
	return vring_setup(&hv->ring[dev], &vm->mem, arg[1], arg[2], arg[3], arg[4]);
	/* END SOLUTION */
}

int64_t hv_ring_notify(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	struct hv *hv = hv_of(vm);
	uint64_t dev = arg[0];
	if (dev >= PV_DEVICES)
		return -HC_EINVAL;
	struct vring *r = &hv->ring[dev];
	if (r->broken)
		return -HC_EIO;
	if (!r->size)
		return -HC_EINVAL;
	static struct vring_chain chain; /* 4 KiB: not on the monitor's stack */
	int64_t done = 0;
	int got;
	while ((got = vring_next(r, &vm->mem, &chain)) == 1) {
		uint32_t written;
		const char *why = dev == PV_DEV_CONSOLE ? console_chain(vm, &chain, &written)
		                                        : blk_chain(hv, &chain, &written);
		if (why) {
			vring_stop(r, why);
			return stopped(vm, (int)dev, r);
		}
		vring_put_used(r, &vm->mem, chain.head, written);
		done++;
	}
	if (got < 0)
		return stopped(vm, (int)dev, r);
	if (done && vring_wants_interrupt(r, &vm->mem))
		vpic_pulse(&vm->pic, PV_RING_IRQ);
	return done;
	/* END SOLUTION */
}
