/*
 * Guest boot: what the boot sector and the loader do on a real machine,
 * done by the monitor in guest memory, so the guest build starts exactly
 * as it does natively (bootinfo.h): the payload at KERNEL_PHYS, struct
 * bootinfo with an E820 map of guest memory and the parameter sector, the
 * boot page tables, the loader's GDT, and the vCPU in 64-bit mode at the
 * payload's entry with RDI pointing at bootinfo.
 */
#ifndef VLAB_VMM_GUEST_H
#define VLAB_VMM_GUEST_H

#include <stdint.h>
#include "gmem.h"
#include "vcpu.h"

#define GUEST_BOOT_RSP 0x7c00 /* the loader's stack, below the boot sector */

/* Check the payload (a flat image: struct image_header first), place it
 * and rebuild the boot state in m, and set *v as the loader leaves the
 * CPU.  The seed and the arguments go into the parameter sector.  NULL, or
 * the one-line reason the payload cannot be booted. */
const char *guest_load(struct gmem *m, struct vcpu *v, const void *payload, uint64_t size,
                       uint64_t seed, const char *args);

#endif
