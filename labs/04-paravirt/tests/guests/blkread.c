/*
 * Micro-guest blkread (part D): a file read through the block device.  It
 * reads the disk's directory (sector 0; tests/disk.h), picks a file by the
 * seed and reads all of its sectors in requests of a seeded number of
 * buffers, and folds a hash of the file's bytes: a line only a working
 * device can give, since the guest has no other way to the disk.  Then a
 * read beyond the disk (PV_BLK_IOERR), a write (PV_BLK_UNSUPP), one request
 * that asks for the completion interrupt (PV_RING_IRQ, counted by its
 * handler), and a request without its status byte, which stops the device.
 */
#include "micro.h"
#include "pcdev.h"
#include "irqline.h"
#include "pvabi.h"
#include "tests/disk.h"

#define VECTOR_BASE 0x40

static inline unsigned file_of(const struct micro *m)
{
	return (unsigned)(micro_operand(m, 0) % DISK_FILES);
}

static inline unsigned per_request(const struct micro *m)
{
	return 1 + (unsigned)(micro_operand(m, 1) % 4);
}

static inline uint64_t fnv(uint64_t h, uint8_t b)
{
	return (h ^ b) * 0x100000001b3ull;
}

#ifndef MICRO_EXPECT
#include "guest/pv.h"
#include "kstring.h"
#include "rt.h"

static uint8_t page[4096] __attribute__((aligned(4096)));
static uint8_t data[4][PV_BLK_SECTOR];
static struct pv_blk_req req;
static uint8_t status;
static volatile unsigned ring_irqs;

static void handler(struct trapframe *tf)
{
	if (tf->vector == VECTOR_BASE + PV_RING_IRQ) {
		ring_irqs++;
		outb(PIC1_CMD, PIC_EOI);
	}
}

/* One request of n sectors from sector s into data[]: the status byte, or
 * the error of the hypercall. */
static int64_t request(struct ring *r, uint32_t type, uint64_t s, unsigned n, uint32_t *written)
{
	req = (struct pv_blk_req){ .type = type, .sector = s };
	status = 0xff;
	struct ring_buf b[6] = { { &req, sizeof(req), false } };
	for (unsigned i = 0; i < n; i++)
		b[1 + i] = (struct ring_buf){ data[i], PV_BLK_SECTOR, type == PV_BLK_READ };
	b[1 + n] = (struct ring_buf){ &status, 1, true };
	int64_t e = ring_send(r, b, n + 2, written);
	return e < 0 ? e : status;
}

static void run(struct micro *m)
{
	struct ring r;
	uint32_t written;
	micro_fold(m, "the block device's ring", (uint64_t)ring_setup(&r, PV_DEV_BLOCK, page, 8));
	micro_fold(m, "the directory", (uint64_t)request(&r, PV_BLK_READ, 0, 1, &written));
	const struct disk_dir *dir = (const struct disk_dir *)data[0];
	micro_fold(m, "its magic", memcmp(dir->magic, DISK_MAGIC, 8) == 0);
	unsigned f = file_of(m) < dir->files ? file_of(m) : 0;
	struct disk_dirent e = dir->file[f];
	micro_fold(m, "the file's size", e.bytes);
	uint64_t hash = 0xcbf29ce484222325ull;
	uint32_t left = e.bytes, sectors = (e.bytes + PV_BLK_SECTOR - 1) / PV_BLK_SECTOR;
	for (uint32_t s = 0; left;) {
		unsigned n = per_request(m) < sectors - s ? per_request(m) : sectors - s;
		int64_t st = request(&r, PV_BLK_READ, e.sector + s, n, &written);
		micro_fold(m, "a read's status and bytes", (uint64_t)st << 32 | written);
		for (unsigned i = 0; i < n * PV_BLK_SECTOR && left; i++, left--)
			hash = fnv(hash, data[i / PV_BLK_SECTOR][i % PV_BLK_SECTOR]);
		s += n;
	}
	micro_fold(m, "the file's bytes", hash);
	micro_fold(m, "a read beyond the disk",
	           (uint64_t)request(&r, PV_BLK_READ, dir->sectors + micro_operand(m, 2) % 1000, 1,
	                             &written));
	micro_fold(m, "a write", (uint64_t)request(&r, PV_BLK_WRITE, 1, 1, &written));
	micro_idt_load(handler);
	master_pic(VECTOR_BASE, 1 << PV_RING_IRQ);
	r.avail->flags = 0;
	x86_sti();
	micro_fold(m, "a read that asks for the interrupt",
	           (uint64_t)request(&r, PV_BLK_READ, 0, 1, &written));
	for (int i = 0; i < 1000 && !ring_irqs; i++)
		x86_pause();
	x86_cli();
	micro_fold(m, "completion interrupts", ring_irqs);
	struct ring_buf header_only = { &req, sizeof(req), false };
	micro_fold(m, "a request without its status byte",
	           (uint64_t)ring_send(&r, &header_only, 1, &written));
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	unsigned f = file_of(m);
	micro_fold(m, "the block device's ring", 0);
	micro_fold(m, "the directory", PV_BLK_OK);
	micro_fold(m, "its magic", 1);
	micro_fold(m, "the file's size", disk_file_bytes(f));
	uint64_t hash = 0xcbf29ce484222325ull;
	for (uint32_t s = 0; s < disk_file_sectors(f); s += per_request(m)) {
		uint32_t n = per_request(m) < disk_file_sectors(f) - s ? per_request(m)
		                                                       : disk_file_sectors(f) - s;
		micro_fold(m, "a read's status and bytes",
		           (uint64_t)PV_BLK_OK << 32 | (n * PV_BLK_SECTOR + 1));
	}
	for (uint32_t i = 0; i < disk_file_bytes(f); i++)
		hash = fnv(hash, disk_byte(f, i));
	micro_fold(m, "the file's bytes", hash);
	micro_fold(m, "a read beyond the disk", PV_BLK_IOERR);
	micro_fold(m, "a write", PV_BLK_UNSUPP);
	micro_fold(m, "a read that asks for the interrupt", PV_BLK_OK);
	micro_fold(m, "completion interrupts", 1);
	micro_fold(m, "a request without its status byte", (uint64_t)-HC_EIO);
}
#endif

MICRO_GUEST(blkread, run, expect);
