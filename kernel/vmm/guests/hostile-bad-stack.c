/*
 * Hostile guest "bad-stack": a non-canonical stack pointer (seeded) when an
 * event arrives, the seed picking int3 or the timer's interrupt (IRQ 0 at
 * vector 0x20, the 8254 at 1 kHz, then STI and HLT).  The guest's IDT is
 * sound; its stack is not.  On a real machine pushing the interrupt frame
 * raises a #SS, pushing the #SS's frame fails the same way, and the double
 * fault's too: a triple fault (tools/vm: status 2).  A monitor that pushes
 * the frame itself (lab 02 reflecting an exception or injecting the
 * interrupt) must check the address and end the guest with vm_fail(); under
 * VT-x (lab 03) the CPU delivers and the triple-fault exit comes.  If the
 * event passes and the guest gets control back, it restores its stack and
 * returns ("not stopped").
 */
#include "hostile.h"
#include "pcdev.h"
#include "pvops.h"
#include "rt.h"

#define TIMER_VECTOR 0x20
#define TIMER_COUNT  1193 /* about 1 kHz */

static void on_trap(struct trapframe *tf)
{
	(void)tf; /* never reached with the frame where the stack pointer says */
}

static void timer_on(void)
{
	outb(PIC1_CMD, PIC_ICW1_8086);
	outb(PIC2_CMD, PIC_ICW1_8086);
	outb(PIC1_DATA, TIMER_VECTOR);
	outb(PIC2_DATA, TIMER_VECTOR + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE);
	outb(PIC2_DATA, PIC_CASCADE);
	outb(PIC1_DATA, ICW4_UPM);
	outb(PIC2_DATA, ICW4_UPM);
	outb(PIC2_DATA, 0xff);
	outb(PIC1_DATA, 0xfe);
	outb(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	outb(PIT_CH0, TIMER_COUNT & 0xff);
	outb(PIT_CH0, TIMER_COUNT >> 8);
}

static void run(const struct hostile *h)
{
	/* Bits 63 and 47 differ: not canonical (SDM Vol. 1, 3.3.7.1). */
	uint64_t rsp = (micro_operand(&h->m, 0) | 1ull << 63) & ~(1ull << 47) & ~0xfull;
	bool timer = micro_operand(&h->m, 1) & 1;
	hostile_say(h, "RSP %#lx (not canonical), then %s", rsp,
	            timer ? "the timer's interrupt (IRQ 0, vector 0x20, 1 kHz; STI, HLT)"
	                  : "int3 (#BP)");
	micro_idt_load(on_trap);
	if (timer) {
		timer_on();
		__asm__ volatile("movq %%rsp, %%r12\n\t"
		                 "movq %0, %%rsp\n\t"
		                 "sti\n\t"
		                 "hlt\n\t"
		                 "cli\n\t"
		                 "movq %%r12, %%rsp"
		                 :
		                 : "r"(rsp)
		                 : "r12", "memory");
	} else {
		__asm__ volatile("movq %%rsp, %%r12\n\t"
		                 "movq %0, %%rsp\n\t"
		                 "int3\n\t"
		                 "movq %%r12, %%rsp"
		                 :
		                 : "r"(rsp)
		                 : "r12", "memory");
	}
}

HOSTILE_GUEST(bad_stack, "bad-stack", run);
