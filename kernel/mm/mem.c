/*
 * Memory at boot: hand the usable RAM of the E820 map to the page allocator,
 * minus what is in use, and (host build) switch to the kernel's own page
 * tables, whose lower half is empty: that half belongs to ring 3, where the
 * monitors of the labs run their guests.
 */
#include "console.h"
#include "kernel.h"
#include "mm.h"
#include "pvops.h"

uintptr_t physmap_base = KERNEL_PHYSMAP;

extern char __image_start[], __kernel_end[];

/* What the loader brought in: the image with its BSS, and beyond it, in a
 * lab image, the guest payloads (bootinfo.h). */
static uint64_t image_end(void)
{
	const struct image_header *h = (const struct image_header *)__image_start;
	uint64_t kernel_end = (uint64_t)__kernel_end - KERNEL_VIRT_OFFSET;
	uint64_t loaded_end = KERNEL_PHYS + h->file_size;
	return loaded_end > kernel_end ? loaded_end : kernel_end;
}

void mem_init(const struct bootinfo *bi)
{
	for (uint32_t i = 0; i < bi->e820_count; i++)
		if (bi->e820[i].type == E820_USABLE)
			palloc_add_range(bi->e820[i].base, bi->e820[i].length);
	/* The BIOS area, the boot page tables and bootinfo live below 1 MiB. */
	palloc_reserve(0, KERNEL_PHYS);
	palloc_reserve(KERNEL_PHYS, image_end() - KERNEL_PHYS);
	if (palloc_free_pages() == 0)
		panic("no usable RAM above the kernel (E820 map has %u entries)", bi->e820_count);

#ifdef KERNEL_HOST
	uint64_t root = pt_create();
	uint64_t *boot = pa_to_va(BOOT_PML4), *mine = pa_to_va(root);
	for (int i = 256; i < 512; i++)
		mine[i] = boot[i];
	pv.write_cr3(root);
#endif
}
