/* Guest boot (guest.h): the loader's work, done in guest memory. */
#include "bootinfo.h"
#include "guest.h"
#include "kstring.h"
#include "mm.h"
#include "refuse.h"
#include "x86.h"

#define LOW_RAM_END 0xa0000 /* conventional memory ends where the PC's VGA window starts */
#define PAGE_2M     0x200000ull

static const char *check_payload(const struct gmem *m, const struct image_header *h, uint64_t size)
{
	if (size < sizeof(*h))
		return refuse("payload of %lu bytes: too small for an image header", size);
	if (h->magic != IMAGE_MAGIC)
		return refuse("payload: magic %#x, want %#x (a vlab kernel image)", h->magic,
		              IMAGE_MAGIC);
	if (h->file_size != size)
		return refuse("payload: its header says %u bytes, %lu are there (truncated?)",
		              h->file_size, size);
	if (h->mem_size < h->file_size)
		return refuse("payload: occupies %u bytes in memory, less than its %u in the file",
		              h->mem_size, h->file_size);
	if (!gmem_contains(m, KERNEL_PHYS, h->mem_size))
		return refuse("payload: needs %u KiB at %#x, guest memory ends at %#lx",
		              h->mem_size / 1024, KERNEL_PHYS, m->size);
	if (h->entry < KERNEL_PHYS || h->entry >= KERNEL_PHYS + h->file_size)
		return refuse("payload: entry %#lx lies outside its image at %#x-%#x", h->entry,
		              KERNEL_PHYS, KERNEL_PHYS + h->file_size);
	return 0;
}

/* As the loader builds them: the first 1 GiB in 2 MiB pages, at 0, at
 * PHYSMAP_BASE (PML4[256]) and at KERNEL_BASE (PML4[511], PDPT[510]). */
static void boot_page_tables(struct gmem *m)
{
	uint64_t *pml4 = gmem_ptr(m, BOOT_PML4, PAGE_SIZE);
	uint64_t *low = gmem_ptr(m, BOOT_PDPT_LOW, PAGE_SIZE);
	uint64_t *high = gmem_ptr(m, BOOT_PDPT_HIGH, PAGE_SIZE);
	uint64_t *pd = gmem_ptr(m, BOOT_PD, PAGE_SIZE);
	memset(pml4, 0, 4 * PAGE_SIZE);
	pml4[0] = pml4[256] = BOOT_PDPT_LOW | PTE_P | PTE_W;
	pml4[511] = BOOT_PDPT_HIGH | PTE_P | PTE_W;
	low[0] = high[510] = BOOT_PD | PTE_P | PTE_W;
	for (uint64_t i = 0; i < 512; i++)
		pd[i] = i * PAGE_2M | PTE_P | PTE_W | PTE_PS;
}

static void boot_info(struct gmem *m, uint64_t seed, const char *args)
{
	struct bootinfo *bi = gmem_ptr(m, BOOTINFO_ADDR, sizeof(*bi));
	memset(bi, 0, sizeof(*bi));
	bi->magic = BOOTINFO_MAGIC;
	bi->e820[0] = (struct e820_entry){ 0, LOW_RAM_END, E820_USABLE, 1 };
	bi->e820[1] = (struct e820_entry){ KERNEL_PHYS, m->size - KERNEL_PHYS, E820_USABLE, 1 };
	bi->e820_count = 2;
	memcpy(bi->params.magic, PARAMS_MAGIC, sizeof(bi->params.magic));
	bi->params.seed = seed;
	size_t n = 0;
	while (n < sizeof(bi->params.args) - 1 && args[n])
		n++;
	memcpy(bi->params.args, args, n);
	/* The parameter sector also stays where the boot sector read it. */
	gmem_write(m, BOOT_PARAMS_ADDR, &bi->params, sizeof(bi->params));
}

/* The loader's GDT (boot/loader.S): null, 32-bit code, data, 64-bit code. */
static void boot_gdt(struct gmem *m)
{
	static const uint64_t gdt[4] = { 0, 0x00cf9a000000ffff, 0x00cf92000000ffff,
		                         0x00af9a000000ffff };
	gmem_write(m, BOOT_GDT, gdt, sizeof(gdt));
}

static struct vcpu_segment flat(uint16_t selector, uint32_t type_and_size)
{
	return (struct vcpu_segment){ selector, 0, 0xffffffff,
		                      type_and_size | SEG_AR_S | SEG_AR_P | SEG_AR_G };
}

/* The CPU as the loader leaves it (bootinfo.h, "CPU state"). */
static void boot_vcpu(struct vcpu *v, uint64_t entry)
{
	static const struct vcpu_segment unusable = { .ar = SEG_AR_UNUSABLE };
	*v = (struct vcpu){
		.rip = entry,
		.rsp = GUEST_BOOT_RSP,
		.rdi = BOOTINFO_ADDR,
		.rflags = RFLAGS_RESERVED, /* interrupts off */
		.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_WP | CR0_PG,
		.cr3 = BOOT_PML4,
		.cr4 = CR4_PAE,
		.efer = EFER_LME | EFER_LMA | EFER_NXE,
		.cs = flat(BOOT_GDT_CODE64, SEG_AR_TYPE_CODE_XRA | SEG_AR_L),
		.ss = flat(BOOT_GDT_DATA, SEG_AR_TYPE_DATA_RWA | SEG_AR_DB),
		.ds = flat(BOOT_GDT_DATA, SEG_AR_TYPE_DATA_RWA | SEG_AR_DB),
		.es = flat(BOOT_GDT_DATA, SEG_AR_TYPE_DATA_RWA | SEG_AR_DB),
		.fs = unusable,
		.gs = unusable,
		.ldtr = unusable,
		/* Never loaded by the loader: the reset state, typed as the busy
		 * 64-bit TSS that VM entry demands in IA-32e mode (SDM Vol. 3C,
		 * 26.3.1.2). */
		.tr = { 0, 0, 0xffff, SEG_AR_TYPE_TSS_BUSY | SEG_AR_P },
		.gdtr = { BOOT_GDT, 4 * 8 - 1 },
		.idtr = { 0, 0x3ff }, /* the BIOS's real-mode table: no IDT yet */
	};
}

const char *guest_load(struct gmem *m, struct vcpu *v, const void *payload, uint64_t size,
                       uint64_t seed, const char *args)
{
	const struct image_header *h = payload;
	const char *why = check_payload(m, h, size);
	if (why)
		return why;
	memset(m->host, 0, KERNEL_PHYS + h->mem_size); /* what the loader leaves, and BSS */
	gmem_write(m, KERNEL_PHYS, payload, size);
	boot_page_tables(m);
	boot_info(m, seed, args);
	boot_gdt(m);
	boot_vcpu(v, h->entry);
	return 0;
}
