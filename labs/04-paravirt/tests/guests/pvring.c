/*
 * Micro-guest pvring (part D): a ring and the console on it.  It makes
 * HC_RING_SETUP's refusals (a size that is no power of two, one too big, a
 * device that does not exist, a table beyond RAM), gives the console a ring
 * of 4 and sends it seeded lines, more than the ring holds so its indices
 * wrap, one of them as a chain of three buffers; notifies with nothing new;
 * then breaks the ring with a descriptor whose next lies beyond the table:
 * the device stops, and says so, and stays stopped.  It folds every result.
 */
#include "micro.h"
#include "pvabi.h"

#define LINES 6
#define FAR   (1ull << 40)

#ifndef MICRO_EXPECT
#include "console.h"
#include "guest/pv.h"

static uint8_t page[4096] __attribute__((aligned(4096)));
static char text[LINES][64];

static int64_t setup(uint64_t dev, uint64_t size, uint64_t desc)
{
	return hypercall(HC_RING_SETUP, dev, size, desc, (uint64_t)page + 1024,
	                 (uint64_t)page + 2048);
}

static void run(struct micro *m)
{
	micro_fold(m, "a size of 3", (uint64_t)setup(PV_DEV_CONSOLE, 3, (uint64_t)page));
	micro_fold(m, "a size too big",
	           (uint64_t)setup(PV_DEV_CONSOLE, 2 * PV_RING_MAX, (uint64_t)page));
	micro_fold(m, "no such device",
	           (uint64_t)setup(PV_DEVICES + micro_operand(m, 0) % 100, 4, (uint64_t)page));
	micro_fold(m, "a table beyond RAM", (uint64_t)setup(PV_DEV_CONSOLE, 4, FAR));
	struct ring r;
	micro_fold(m, "the console's ring", (uint64_t)ring_setup(&r, PV_DEV_CONSOLE, page, 4));
	for (unsigned l = 0; l < LINES; l++) {
		int len = ksnprintf(text[l], sizeof(text[l]), "pvring: line %u, %016lx\n", l,
		                    micro_operand(m, 1 + l));
		struct ring_buf one = { text[l], (uint32_t)len, false };
		struct ring_buf three[3] = { { text[l], 7, false },
			                     { text[l] + 7, 9, false },
			                     { text[l] + 16, (uint32_t)len - 16, false } };
		uint32_t written = ~0u;
		int64_t r2 = l == 3 ? ring_send(&r, three, 3, &written)
		                    : ring_send(&r, &one, 1, &written);
		micro_fold(m, "a line sent", (uint64_t)r2);
		micro_fold(m, "bytes the console wrote back", written);
	}
	micro_fold(m, "a notification with nothing new",
	           (uint64_t)hypercall(HC_RING_NOTIFY, PV_DEV_CONSOLE, 0, 0, 0, 0));
	r.desc[0] = (struct pv_desc){ (uint64_t)text[0], 4, PV_DESC_NEXT,
		                      (uint16_t)(4 + micro_operand(m, 9) % 100) };
	r.avail->ring[r.avail->idx % 4] = 0;
	r.avail->idx++;
	micro_fold(m, "a next beyond the table",
	           (uint64_t)hypercall(HC_RING_NOTIFY, PV_DEV_CONSOLE, 0, 0, 0, 0));
	micro_fold(m, "and after", (uint64_t)hypercall(HC_RING_NOTIFY, PV_DEV_CONSOLE, 0, 0, 0, 0));
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "a size of 3", (uint64_t)-HC_EINVAL);
	micro_fold(m, "a size too big", (uint64_t)-HC_EINVAL);
	micro_fold(m, "no such device", (uint64_t)-HC_EINVAL);
	micro_fold(m, "a table beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "the console's ring", 0);
	for (unsigned l = 0; l < LINES; l++) {
		micro_fold(m, "a line sent", 0);
		micro_fold(m, "bytes the console wrote back", 0);
	}
	micro_fold(m, "a notification with nothing new", 0);
	micro_fold(m, "a next beyond the table", (uint64_t)-HC_EIO);
	micro_fold(m, "and after", (uint64_t)-HC_EIO);
}
#endif

MICRO_GUEST(pvring, run, expect);
