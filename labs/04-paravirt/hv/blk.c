/*
 * Part D, the block device: a chain is a request as virtio-blk lays it out
 * (pvabi.h): the header, driver-readable; the data, device-writable for a
 * read; a status byte, device-writable.  The disk is the lab image's
 * payload "disk" (tests/disk.h), read-only: a write is PV_BLK_UNSUPP, a
 * sector beyond the disk PV_BLK_IOERR, each in the status byte.  A chain
 * that is no request at all (no header, no status byte, data of a size
 * that is no whole number of sectors) is the guest's bug: the device
 * stops.
 */
#include "hv.h"
#include "kstring.h"

const char *blk_chain(struct hv *hv, const struct vring_chain *c, uint32_t *written)
{
	/* BEGIN SOLUTION */ /* STUB: return "blk_chain: not written (part D)"; */
	*written = 0;
	const struct vring_seg *head = &c->seg[0], *status = &c->seg[c->n - 1];
	if (head->writable || head->len < sizeof(struct pv_blk_req))
		return "a block request without its header (driver-readable, 16 bytes)";
	if (c->n < 2 || !status->writable || status->len < 1)
		return "a block request without its status byte (device-writable)";
	struct pv_blk_req req;
	memcpy(&req, head->ptr, sizeof(req)); /* once: the guest may change it */
	uint64_t bytes = 0;
	for (unsigned i = 1; i + 1 < c->n; i++) {
		if (req.type == PV_BLK_READ && !c->seg[i].writable)
			return "a block read into a buffer the device may not write";
		bytes += c->seg[i].len;
	}
	if (bytes % PV_BLK_SECTOR)
		return "a block request's data is no whole number of sectors";
	uint8_t *st = status->ptr;
	uint64_t sectors = hv->disk_size / PV_BLK_SECTOR;
	if (req.type != PV_BLK_READ) {
		*st = PV_BLK_UNSUPP;
	} else if (req.sector > sectors || bytes / PV_BLK_SECTOR > sectors - req.sector) {
		*st = PV_BLK_IOERR;
	} else {
		const uint8_t *from = hv->disk + req.sector * PV_BLK_SECTOR;
		for (unsigned i = 1; i + 1 < c->n; i++) {
			memcpy(c->seg[i].ptr, from, c->seg[i].len);
			from += c->seg[i].len;
		}
		*written = (uint32_t)bytes;
		*st = PV_BLK_OK;
	}
	*written += 1;
	return 0;
	/* END SOLUTION */
}
