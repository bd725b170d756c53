/*
 * Hidden hostile guest "hidt": an IDT in the guest's own memory, full of
 * garbage, then an exception or interrupt.  The public bogus-idt puts its
 * IDT where there is no memory; here every gate is readable but none can
 * be used, each in the way the seed picks: not present, a type no 64-bit
 * IDT may hold, a null code selector, or a non-canonical handler address
 * (SDM Vol. 3A, 6.12.1.1, 6.14.1); the gates' other bytes are seeded too.
 * Then int3, ud2, a divide by zero, or INT n with a seeded n.
 *
 * On a real machine the delivery fails (#GP or #NP), so does the #GP's,
 * then the #DF's: a triple fault (tools/vm: status 2).  Under VT-x the CPU
 * delivers the guest's events itself, fails the same way and exits with
 * the triple fault: the hypervisor must end the guest with vm_fail(), not
 * resume it nor reset it.
 */
#include "hostile.h"

#ifndef MICRO_EXPECT
#include "bootinfo.h"
#include "console.h"
#include "trap.h"
#include "x86.h"

enum garbage { NOT_PRESENT, BAD_TYPE, NULL_SELECTOR, NON_CANONICAL, GARBAGES };
enum event { INT3, UD2, DIVIDE, INT_N, EVENTS };

static const char *const garbage_names[GARBAGES] = {
	[NOT_PRESENT] = "not present",
	[BAD_TYPE] = "a type no 64-bit IDT holds",
	[NULL_SELECTOR] = "a null code selector",
	[NON_CANONICAL] = "a non-canonical handler",
};

#define GATE_P           0x80
#define GATE_INTERRUPT64 0x0e
#define OFFSET_BIT47     0x00008000u /* of the gate's bits 32-63 of the offset */
#define OFFSET_BIT63     0x80000000u

static struct idt_gate idt[NUM_VECTORS] __attribute__((aligned(16)));

static void garble(const struct hostile *h, enum garbage g)
{
	for (unsigned v = 0; v < NUM_VECTORS; v++) {
		uint64_t lo = micro_operand(&h->m, 8 + 2 * v), hi = micro_operand(&h->m, 9 + 2 * v);
		struct idt_gate *gate = &idt[v];
		*gate = (struct idt_gate){ .offset_low = (uint16_t)lo,
			                   .selector = BOOT_GDT_CODE64,
			                   .ist = 0,
			                   .type = GATE_P | GATE_INTERRUPT64,
			                   .offset_mid = (uint16_t)(lo >> 16),
			                   .offset_high = (uint32_t)hi,
			                   .reserved = (uint32_t)(hi >> 32) };
		switch (g) {
		case NOT_PRESENT:
			gate->selector = (uint16_t)(lo >> 32);
			gate->type = (uint8_t)(lo >> 48) & ~GATE_P;
			break;
		case BAD_TYPE:
			/* A 64-bit IDT holds interrupt (0xe) and trap (0xf) gates only. */
			gate->type = GATE_P | (uint8_t)((lo >> 32) % GATE_INTERRUPT64);
			break;
		case NULL_SELECTOR:
			gate->selector = (uint16_t)(lo >> 32) & 3; /* index 0, any RPL */
			gate->offset_high = 0;
			break;
		case NON_CANONICAL:
			gate->offset_high = ((uint32_t)hi | OFFSET_BIT47) & ~OFFSET_BIT63;
			break;
		case GARBAGES:
			break;
		}
	}
}

static void deliver(enum event e, uint8_t n)
{
	switch (e) {
	case INT3:
		__asm__ volatile("int3");
		break;
	case UD2:
		__asm__ volatile("ud2");
		break;
	case DIVIDE:
		__asm__ volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" : : : "rax", "rcx", "rdx");
		break;
	case INT_N: {
		/* INT n's vector is an immediate: jump to the n-th of 256 "int $n; ret". */
		extern const char int_n_table[];
		__asm__ volatile("call *%0" : : "r"(int_n_table + 3 * n) : "memory");
		break;
	}
	case EVENTS:
		break;
	}
}

__asm__(".pushsection .text\n"
        "int_n_table:\n"
        ".set n, 0\n"
        ".rept 256\n"
        "\t.byte 0xcd, n\n" /* int $n */
        "\tret\n"
        "\t.set n, n + 1\n"
        ".endr\n"
        ".popsection");

static void run(const struct hostile *h)
{
	static const char *const event_names[EVENTS] = {
		[INT3] = "int3 (#BP)",
		[UD2] = "ud2 (#UD)",
		[DIVIDE] = "a divide by zero (#DE)",
		[INT_N] = "INT n",
	};
	enum garbage g = micro_operand(&h->m, 0) % GARBAGES;
	enum event e = micro_operand(&h->m, 1) % EVENTS;
	uint8_t n = (uint8_t)(32 + micro_operand(&h->m, 2) % (NUM_VECTORS - 32));
	garble(h, g);
	kprintf("hostile: %s: an IDT of seeded gates at %#lx, each %s; then %s", h->m.name,
	        (uint64_t)idt, garbage_names[g], event_names[e]);
	if (e == INT_N)
		kprintf(" with n = %u", n);
	kprintf("\n");
	serial_drain(); /* what comes next may stop the machine */
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
	x86_lidt(&p);
	deliver(e, n);
}

HOSTILE_GUEST(hidt, "hidt", run);
#endif
