/*
 * Micro-guest "desc": the descriptor-table registers.  LGDT and LIDT with
 * seeded limits, read back with SGDT and SIDT; LTR of a TSS descriptor at
 * a seeded index, read back with STR, and the descriptor's busy bit, which
 * the CPU sets in the guest's own GDT; SMSW.  In ring 3 SGDT, SIDT, STR and
 * SMSW run without a trap and show the monitor's values, unless CR4.UMIP
 * makes them trap (lab 02, part E).
 */
#include "micro.h"
#include "x86.h"

#define GDT_ENTRIES 16
#define TSS_LIMIT   0x67 /* a 64-bit TSS without an I/O bitmap (SDM Vol. 3A, 7.7) */
#define TYPE_TSS    0x9  /* available 64-bit TSS; busy is 0xb */
#define CODE64      0x00af9a000000ffffull
#define DATA        0x00cf92000000ffffull

/* The seeded layout: GDT limit, TSS slot, IDT limit. */
static unsigned gdt_entries(const struct micro *m)
{
	return 8 + micro_operand(m, 0) % (GDT_ENTRIES - 8 + 1); /* 8 .. 16 */
}

static unsigned tss_slot(const struct micro *m)
{
	return 4 + 2 * (micro_operand(m, 1) % 2); /* 4 or 6: a TSS takes two slots */
}

static uint16_t idt_limit(const struct micro *m)
{
	return (uint16_t)(16 * (32 + micro_operand(m, 2) % 224) - 1);
}

#ifndef MICRO_EXPECT
static uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
static uint8_t idt_area[256 * 16] __attribute__((aligned(16)));
static uint8_t tss[TSS_LIMIT + 1] __attribute__((aligned(16)));

static void run(struct micro *m)
{
	/* The loader's selectors stay valid: 64-bit code at 0x18, data at 0x10. */
	gdt[2] = DATA;
	gdt[3] = CODE64;
	uint64_t base = (uint64_t)tss;
	unsigned t = tss_slot(m);
	gdt[t] = (1ull << 47) | ((uint64_t)TYPE_TSS << 40) | TSS_LIMIT | (base & 0xffffff) << 16 |
	         (base >> 24 & 0xff) << 56;
	gdt[t + 1] = base >> 32;

	struct desc_ptr p = { (uint16_t)(8 * gdt_entries(m) - 1), (uint64_t)gdt }, back;
	x86_lgdt(&p);
	x86_sgdt(&back);
	micro_fold(m, "lgdt, sgdt: limit", back.limit);
	micro_fold(m, "lgdt, sgdt: base is the GDT's", back.base == (uint64_t)gdt);

	p = (struct desc_ptr){ idt_limit(m), (uint64_t)idt_area };
	x86_lidt(&p);
	__asm__ volatile("sidt %0" : "=m"(back));
	micro_fold(m, "lidt, sidt: limit", back.limit);
	micro_fold(m, "lidt, sidt: base is the IDT's", back.base == (uint64_t)idt_area);

	x86_ltr((uint16_t)(8 * t));
	uint16_t tr;
	__asm__ volatile("str %0" : "=r"(tr));
	micro_fold(m, "ltr, str", tr);
	micro_fold(m, "ltr: the descriptor's type, now busy", gdt[t] >> 40 & 0xf);

	uint16_t msw;
	__asm__ volatile("smsw %0" : "=r"(msw));
	micro_fold(m, "smsw: PE, ET, NE", msw & (CR0_PE | CR0_ET | CR0_NE));
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "lgdt, sgdt: limit", 8 * gdt_entries(m) - 1);
	micro_fold(m, "lgdt, sgdt: base is the GDT's", 1);
	micro_fold(m, "lidt, sidt: limit", idt_limit(m));
	micro_fold(m, "lidt, sidt: base is the IDT's", 1);
	micro_fold(m, "ltr, str", 8 * tss_slot(m));
	micro_fold(m, "ltr: the descriptor's type, now busy", 0xb);
	micro_fold(m, "smsw: PE, ET, NE", CR0_PE | CR0_ET | CR0_NE);
}
#endif

MICRO_GUEST(desc, run, expect);
