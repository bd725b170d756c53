/*
 * What every part of the kernel may ask about the boot, and the one function
 * each kernel image supplies.
 *
 * The same source is linked three ways (see DESIGN.md):
 *   - the native image: role_main runs the self-test suite (selftest/);
 *   - a lab's monitor: role_main is the monitor, which runs a guest;
 *   - the guest image: role_main runs the self-test suite, as a guest.
 * KERNEL_HOST is defined in the host build, KERNEL_GUEST in the guest build.
 */
#ifndef VLAB_KERNEL_H
#define VLAB_KERNEL_H

#include <stdint.h>
#include "bootinfo.h"

#if defined(KERNEL_HOST)
#define KERNEL_VIRT_OFFSET KERNEL_BASE /* kernel image: VA = PA + offset */
#define KERNEL_PHYSMAP     PHYSMAP_BASE
#define KERNEL_BUILD       "host"
#elif defined(KERNEL_GUEST)
#define KERNEL_VIRT_OFFSET 0
#define KERNEL_PHYSMAP     0
#define KERNEL_BUILD       "guest"
#else
#error "build with -DKERNEL_HOST or -DKERNEL_GUEST"
#endif

/* The image's role: returns the status to power off with. */
int role_main(void);

/* The boot information the loader (or a monitor) left, read at boot. */
const struct bootinfo *boot_info(void);
uint64_t boot_seed(void); /* the seed of this run (tools/vm --seed), never 0 */
/* The value of "name=value" on the command line (tools/vm --args), copied
 * into buf; NULL when the name is absent. */
const char *boot_arg(const char *name, char *buf, int size);

void mem_init(const struct bootinfo *bi); /* mm/mem.c */

#endif
