/*
 * The kernel's GDT and TSS.  In 64-bit mode segmentation is mostly off, but
 * the GDT still sets the privilege level of code (the DPL of CS), and the TSS
 * still holds the stacks the CPU switches to on a trap from ring 3 (RSP0) and
 * for the double fault (IST1), so that a kernel stack overflow gets a clean
 * register dump instead of a triple fault (SDM Vol. 3A, 7.7 "Task Management
 * in 64-bit Mode").
 */
#include <stdint.h>
#include "pvops.h"
#include "trap.h"

#define STACK_SIZE 8192

/* A 64-bit TSS (SDM Vol. 3A, Figure 7-11). */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss;
static uint8_t ring0_stack[STACK_SIZE] __attribute__((aligned(16)));
static uint8_t double_fault_stack[STACK_SIZE] __attribute__((aligned(16)));

/* Segment descriptor bits (SDM Vol. 3A, 3.4.5 "Segment Descriptors"). */
#define SEG_P     (1ull << 47)
#define SEG_S     (1ull << 44) /* code or data, not system */
#define SEG_CODE  (1ull << 43)
#define SEG_RW    (1ull << 41) /* readable code / writable data */
#define SEG_L     (1ull << 53) /* 64-bit code */
#define SEG_DPL3  (3ull << 45)
#define TSS_AVAIL (9ull << 40) /* system type: 64-bit TSS, available */

static uint64_t gdt[7] = {
	0,
	SEG_P | SEG_S | SEG_CODE | SEG_RW | SEG_L,            /* SEL_KCODE */
	SEG_P | SEG_S | SEG_RW,                               /* SEL_KDATA */
	SEG_P | SEG_S | SEG_RW | SEG_DPL3,                    /* SEL_UDATA */
	SEG_P | SEG_S | SEG_CODE | SEG_RW | SEG_L | SEG_DPL3, /* SEL_UCODE */
	0,                                                    /* SEL_TSS: 16 bytes */
	0,
};

/* The TSS descriptor is 16 bytes in 64-bit mode (SDM Vol. 3A, Figure 7-4). */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;
	gdt[SEL_TSS / 8] = SEG_P | TSS_AVAIL | (limit & 0xffff) | ((base & 0xffffff) << 16) |
	                   ((base >> 24 & 0xff) << 56);
	gdt[SEL_TSS / 8 + 1] = base >> 32;
}

void gdt_init(void)
{
	tss.rsp[0] = (uint64_t)(ring0_stack + STACK_SIZE);
	tss.ist[0] = (uint64_t)(double_fault_stack + STACK_SIZE);
	tss.iomap_base = sizeof(tss); /* no I/O bitmap: every port traps in ring 3 */
	set_tss_descriptor();

	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };
	pv.load_gdt(&p);
	/* Reload CS with a far return, then the data segments. */
	__asm__ volatile("pushq %0\n\t"
	                 "leaq 1f(%%rip), %%rax\n\t"
	                 "pushq %%rax\n\t"
	                 "lretq\n"
	                 "1:\n\t"
	                 "mov %1, %%ds\n\t"
	                 "mov %1, %%es\n\t"
	                 "mov %1, %%ss\n\t"
	                 "mov %2, %%fs\n\t"
	                 "mov %2, %%gs"
	                 :
	                 : "i"((uint64_t)SEL_KCODE), "r"((uint16_t)SEL_KDATA), "r"((uint16_t)0)
	                 : "rax", "memory");
	pv.load_tr(SEL_TSS);
}

/* The GDT the kernel loaded, for the SGDT probe. */
uint64_t gdt_base(void)
{
	return (uint64_t)gdt;
}
