/*
 * The boot protocol: what the loader (boot/loader.S) hands to the kernel, and
 * what a monitor must recreate in guest memory to start the guest build the
 * same way.  Included from C and from assembly, so only #defines above the
 * __ASSEMBLER__ guard.
 *
 * Physical memory at kernel entry:
 *   0x1000 - 0x4fff   boot page tables (PML4, two PDPTs, one PD of 2 MiB pages)
 *   0x5000 - 0x5fff   struct bootinfo
 *   0x6000            a monitor's copy of the loader's GDT (the loader keeps its
 *                     own inside itself, at LOADER_ADDR and up)
 *   0x7c00            boot sector, then the parameter sector at 0x7e00
 *   0x8000            loader
 *   0x100000          kernel image (IMAGE_HEADER first), then its BSS
 * Virtual memory at kernel entry: the first 1 GiB of physical memory is mapped
 * three times, at 0 (identity), at PHYSMAP_BASE and at KERNEL_BASE.
 * CPU state: 64-bit mode, CR0.PG/PE/NE/WP, CR4.PAE, EFER.LME/NXE, interrupts
 * off, RDI = physical address of struct bootinfo.
 */
#ifndef VLAB_BOOTINFO_H
#define VLAB_BOOTINFO_H

#define BOOT_PML4        0x1000
#define BOOT_PDPT_LOW    0x2000 /* PML4[0] and PML4[256] */
#define BOOT_PDPT_HIGH   0x3000 /* PML4[511] */
#define BOOT_PD          0x4000 /* 512 x 2 MiB: the first 1 GiB */
#define BOOTINFO_ADDR    0x5000
#define BOOT_GDT         0x6000 /* under a monitor: GDT_CODE64 and GDT_DATA below */
#define BOOT_GDT_CODE64  0x18   /* the selectors the loader enters the kernel with */
#define BOOT_GDT_DATA    0x10
#define BOOT_PARAMS_ADDR 0x7e00 /* the parameter sector, as read from disk */
#define LOADER_ADDR      0x8000
#define KERNEL_PHYS      0x100000

/* Disk layout, in 512-byte sectors. */
#define PARAMS_LBA     1
#define LOADER_LBA     2
#define LOADER_SECTORS 16
#define KERNEL_LBA     (LOADER_LBA + LOADER_SECTORS)

#define PHYSMAP_BASE 0xffff800000000000 /* host build: all RAM, linearly */
#define KERNEL_BASE  0xffffffff80000000 /* host build: the kernel image */
#define BOOT_MAPPED  0x40000000         /* the loader maps 1 GiB */

#define IMAGE_MAGIC    0x42414c56 /* "VLAB" */
#define PARAMS_MAGIC   "VLABARGS"
#define BOOTINFO_MAGIC 0x49424c56 /* "VLBI" */
#define PAYLOAD_MAGIC  "VLABPAYL"

#define BOOTINFO_E820_MAX      64
#define BOOTINFO_E820_OFFSET   16
#define BOOTINFO_PARAMS_OFFSET 0x800
#define E820_ENTRY_SIZE        24

#ifndef __ASSEMBLER__
#include <stdint.h>

/* First bytes of the flat kernel image; the loader reads it to know how much
 * to load and where to jump. */
struct image_header {
	uint32_t magic;     /* IMAGE_MAGIC */
	uint32_t file_size; /* bytes to load at KERNEL_PHYS */
	uint64_t entry;     /* virtual address of the 64-bit entry point */
	uint32_t mem_size;  /* bytes from KERNEL_PHYS to the end of the BSS, page aligned */
	uint32_t text_size; /* bytes from KERNEL_PHYS to the end of the code: this header, then
	                       instructions only (lab 02's monitor scans them) */
};

/*
 * A lab image carries guest payloads behind its monitor (boot/mkimage.c):
 * the monitor's file is padded with zeros to its mem_size, then comes a
 * payload table and the payloads, and file_size covers it all, so the
 * loader brings it in with the monitor.  The monitor finds the table at
 * KERNEL_PHYS + mem_size.  Each payload is itself a flat kernel image (an
 * image_header first) built to run at KERNEL_PHYS in guest memory.
 */
#define PAYLOAD_NAME_MAX 16 /* with the NUL */
#define PAYLOAD_MAX      32

struct payload_entry {
	char name[PAYLOAD_NAME_MAX]; /* "selftest", or a micro-guest's name */
	uint32_t offset;             /* from the start of the table */
	uint32_t size;
};

struct payload_table {
	char magic[8];  /* PAYLOAD_MAGIC */
	uint32_t count; /* entries used */
	uint32_t size;  /* bytes of the table and every payload */
	struct payload_entry entry[PAYLOAD_MAX];
};

/* One BIOS INT 15h, EAX=E820h entry (ACPI 3.0 layout). */
struct e820_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* 1 = usable RAM */
	uint32_t acpi;
} __attribute__((packed));

#define E820_USABLE 1

/* The parameter sector (disk LBA 1): written by `tools/vm --seed --args`. */
struct boot_params {
	char magic[8]; /* PARAMS_MAGIC when valid */
	uint64_t seed;
	char args[496]; /* NUL-terminated kernel command line */
};

struct bootinfo {
	uint32_t magic; /* BOOTINFO_MAGIC */
	uint32_t e820_count;
	uint64_t reserved;
	struct e820_entry e820[BOOTINFO_E820_MAX];
	uint8_t pad[BOOTINFO_PARAMS_OFFSET - BOOTINFO_E820_OFFSET -
	            BOOTINFO_E820_MAX * E820_ENTRY_SIZE];
	struct boot_params params;
};

_Static_assert(sizeof(struct boot_params) == 512, "parameter sector is one sector");
_Static_assert(sizeof(struct e820_entry) == E820_ENTRY_SIZE, "e820 entry size");
#endif
#endif
