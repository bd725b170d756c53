/*
 * Guest memory: one contiguous guest-physical range, [0, size), backed by
 * one contiguous run of host pages, so guest-physical address GPA lives at
 * host-physical hpa + GPA.  Every access the monitor makes on the guest's
 * behalf (instruction fetch, a hypercall's buffer, a descriptor table) goes
 * through the checked functions here: a range that is not wholly inside the
 * guest's memory is refused, so nothing of the monitor is ever reachable
 * through a guest-physical address.
 */
#ifndef VLAB_VMM_GMEM_H
#define VLAB_VMM_GMEM_H

#include <stdbool.h>
#include <stdint.h>

#define GMEM_DEFAULT_MIB 32
#define GMEM_ALIGN       0x200000ul /* 2 MiB: lab 03's EPT can map it with large pages */

struct gmem {
	uint64_t size; /* bytes, a multiple of GMEM_ALIGN */
	uint64_t hpa;  /* host-physical address of guest-physical 0 */
	uint8_t *host; /* where the monitor reads and writes it */
};

/* Allocate `size` bytes of zeroed guest memory; NULL, or why not. */
const char *gmem_init(struct gmem *m, uint64_t size);
void gmem_destroy(struct gmem *m);

/* Is [gpa, gpa + len) inside guest memory?  Safe for any values: no sum
 * can wrap around. */
bool gmem_contains(const struct gmem *m, uint64_t gpa, uint64_t len);
/* The monitor's pointer to [gpa, gpa + len), or NULL when it is not inside. */
void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len);
/* The host-physical address of gpa (for page tables and EPT); false outside. */
bool gmem_hpa(const struct gmem *m, uint64_t gpa, uint64_t *hpa);
/* Copy out of and into guest memory; false, copying nothing, when any byte
 * of the range lies outside. */
bool gmem_read(const struct gmem *m, uint64_t gpa, void *dst, uint64_t len);
bool gmem_write(const struct gmem *m, uint64_t gpa, const void *src, uint64_t len);

#endif
