/*
 * Part D: the EPT's tables, pure (no kernel underneath: the pages come
 * from the caller), so host unit tests build them over simulated memory
 * (tests/test_lab03.c).  SDM Vol. 3C, 29.3.2 (the 4-level structures,
 * Tables 29-1 to 29-6), 29.3.3.1 (misconfigured entries), 29.3.7 (memory
 * types).
 */
#ifndef LAB03_EPTMAP_H
#define LAB03_EPTMAP_H

#include <stdint.h>

#define EPT_READ       (1ull << 0)
#define EPT_WRITE      (1ull << 1)
#define EPT_EXECUTE    (1ull << 2)
#define EPT_RWX        (EPT_READ | EPT_WRITE | EPT_EXECUTE)
#define EPT_MEMTYPE_WB (6ull << 3) /* a leaf's memory type, bits 5:3 */
#define EPT_LARGE      (1ull << 7) /* a PDE that maps 2 MiB */
#define EPT_ADDR       0x000ffffffffff000ull
#define EPT_2M         0x200000ull
#define EPT_GPA_LIMIT  (1ull << 48) /* what a 4-level walk translates */

/* Where the tables' pages come from: alloc returns the physical address
 * of a zeroed page (0 when none is left), ptr where the code reads it. */
struct ept_mem {
	uint64_t (*alloc)(void *ctx);
	void *(*ptr)(void *ctx, uint64_t pa);
	void *ctx;
};

enum ept_error {
	EPT_OK = 0,
	EPT_UNALIGNED = -1, /* gpa or hpa not on a 2 MiB boundary */
	EPT_TOO_HIGH = -2,  /* gpa beyond 48 bits, hpa beyond 52 */
	EPT_BAD_PERMS = -3, /* write without read, or no read: misconfigured or not offered */
	EPT_MAPPED = -4,    /* gpa is mapped already */
	EPT_NOMEM = -5,     /* no page for a table */
};

/* A new, empty PML4; 0 when no page is left. */
uint64_t ept_create(const struct ept_mem *m);
/* Map the 2 MiB page at gpa to hpa, write-back, with perms (EPT_READ,
 * EPT_WRITE, EPT_EXECUTE); tables made on first use allow everything, the
 * leaf decides. */
int ept_map_2m(const struct ept_mem *m, uint64_t root, uint64_t gpa, uint64_t hpa, uint64_t perms);

#endif
