/*
 * Hidden micro-guest hring (part D): hostile rings, through the real
 * hypercalls, in seeded forms the public pvring does not use.  Three times
 * it gives the console a fresh ring of a seeded size, sends one good line,
 * then makes available what the seed picks: a loop, a next or a head
 * beyond the table, a buffer beyond RAM or wrapping past 2^64, a length of
 * 4 GiB - 1, an index that jumps, a flag the device does not know.  The
 * device must stop (-HC_EIO, then again) and the hypervisor go on: the next
 * round's fresh ring works.  Last, a block request whose data is no whole
 * number of sectors.  It folds every result.
 */
#include "micro.h"
#include "pvabi.h"

#define ROUNDS 3
#define FAR    (1ull << 40)

enum hostility {
	LOOP,
	NEXT_BEYOND,
	HEAD_BEYOND,
	FAR_BUFFER,
	WRAPPING,
	HUGE_LEN,
	JUMP,
	FLAGS,
	HOSTILITIES
};

#ifndef MICRO_EXPECT
#include "console.h"
#include "guest/pv.h"

static uint8_t page[4096] __attribute__((aligned(4096)));
static char line[64];

static int64_t notify(int dev)
{
	return hypercall(HC_RING_NOTIFY, (uint64_t)dev, 0, 0, 0, 0);
}

/* Make the seed's hostile chain available in r. */
static void hostile(struct ring *r, enum hostility h, uint64_t op)
{
	uint16_t size = r->size, d = (uint16_t)(op % size);
	struct pv_desc *t = r->desc;
	for (uint16_t i = 0; i < size; i++)
		t[i] = (struct pv_desc){ (uint64_t)line, 8, 0, 0 };
	uint16_t head = d;
	switch (h) {
	case LOOP: /* d -> d+1 -> ... -> d (a cycle through the table) */
		for (uint16_t i = 0; i < size; i++)
			t[i] = (struct pv_desc){ (uint64_t)line, 8, PV_DESC_NEXT,
				                 (uint16_t)((i + 1) % size) };
		break;
	case NEXT_BEYOND:
		t[d] = (struct pv_desc){ (uint64_t)line, 8, PV_DESC_NEXT,
			                 (uint16_t)(size + op % 1000) };
		break;
	case HEAD_BEYOND:
		head = (uint16_t)(size + op % 1000);
		break;
	case FAR_BUFFER:
		t[d].addr = FAR + (op & 0xfffff);
		break;
	case WRAPPING:
		t[d].addr = ~0ull - (op % 4096);
		t[d].len = 8192;
		break;
	case HUGE_LEN:
		t[d].len = 0xffffffff;
		break;
	case FLAGS:
		t[d].flags = (uint16_t)(4 << (op % 13));
		break;
	case JUMP:
	case HOSTILITIES:
		break;
	}
	r->avail->ring[r->avail->idx % size] = head;
	r->avail->idx = (uint16_t)(r->avail->idx + (h == JUMP ? size + 1 + op % 100 : 1));
}

static void run(struct micro *m)
{
	for (unsigned k = 0; k < ROUNDS; k++) {
		uint16_t size = (uint16_t)(2u << (micro_operand(m, k) % 6)); /* 2 .. 64 */
		struct ring r;
		micro_fold(m, "a fresh ring", (uint64_t)ring_setup(&r, PV_DEV_CONSOLE, page, size));
		int len = ksnprintf(line, sizeof(line), "hring: round %u, %016lx\n", k,
		                    micro_operand(m, 10 + k));
		struct ring_buf b = { line, (uint32_t)len, false };
		uint32_t written;
		micro_fold(m, "a good line", (uint64_t)ring_send(&r, &b, 1, &written));
		hostile(&r, (enum hostility)(micro_operand(m, 20 + k) % HOSTILITIES),
		        micro_operand(m, 30 + k));
		micro_fold(m, "the hostile chain", (uint64_t)notify(PV_DEV_CONSOLE));
		micro_fold(m, "and after", (uint64_t)notify(PV_DEV_CONSOLE));
	}
	struct ring r;
	micro_fold(m, "the block device's ring", (uint64_t)ring_setup(&r, PV_DEV_BLOCK, page, 4));
	static struct pv_blk_req req = { .type = PV_BLK_READ };
	static uint8_t data[PV_BLK_SECTOR], status;
	struct ring_buf odd[3] = {
		{ &req, sizeof(req), false },
		{ data, 1 + (uint32_t)(micro_operand(m, 40) % (PV_BLK_SECTOR - 1)), true },
		{ &status, 1, true }
	};
	uint32_t written;
	micro_fold(m, "a read of part of a sector", (uint64_t)ring_send(&r, odd, 3, &written));
	micro_fold(m, "HC_VERSION after all that", (uint64_t)hypercall(HC_VERSION, 0, 0, 0, 0, 0));
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	for (unsigned k = 0; k < ROUNDS; k++) {
		micro_fold(m, "a fresh ring", 0);
		micro_fold(m, "a good line", 0);
		micro_fold(m, "the hostile chain", (uint64_t)-HC_EIO);
		micro_fold(m, "and after", (uint64_t)-HC_EIO);
	}
	micro_fold(m, "the block device's ring", 0);
	micro_fold(m, "a read of part of a sector", (uint64_t)-HC_EIO);
	micro_fold(m, "HC_VERSION after all that", PV_VERSION);
}
#endif

MICRO_GUEST(hring, run, expect);
