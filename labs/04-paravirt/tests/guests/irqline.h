/*
 * What lab 04's interrupt-taking micro-guests share: the master 8259A
 * programmed as the kernel's pic_init does (edge-triggered, normal EOI) at
 * a vector base of the guest's choice, with only some lines open; and the
 * interrupts of one line counted, each ended through pv_irq_eoi (the lazy
 * EOI when the hypervisor offers it), with eoi_lazy as each handler found
 * it, and any other vector counted apart.
 */
#ifndef LAB04_IRQLINE_H
#define LAB04_IRQLINE_H

#include "micro.h"

#define IRQLINE_SEEN 32 /* interrupts whose eoi_lazy is folded */

/* A seeded vector base for the master PIC: 0x20 to 0xe8, clear of the
 * exceptions. */
static inline uint8_t irqline_base(const struct micro *m)
{
	return (uint8_t)(0x20 + 8 * (micro_operand(m, 0) % 26));
}

#ifndef MICRO_EXPECT
#include "guest/pv.h"
#include "pcdev.h"
#include "rt.h"

static inline void master_pic(uint8_t vector_base, uint8_t open)
{
	outb(PIC1_CMD, PIC_ICW1_8086);
	outb(PIC1_DATA, vector_base);
	outb(PIC1_DATA, 1 << PIC_CASCADE);
	outb(PIC1_DATA, ICW4_UPM);
	outb(PIC1_DATA, (uint8_t)~open);
}

static struct {
	uint8_t vector;
	int irq;
	volatile unsigned count, strays;
	volatile uint8_t lazy_seen[IRQLINE_SEEN];
} irqline;

static void irqline_handler(struct trapframe *tf)
{
	if (tf->vector != irqline.vector) {
		irqline.strays++;
		return;
	}
	if (irqline.count < IRQLINE_SEEN)
		irqline.lazy_seen[irqline.count] = pv_vcpu.eoi_lazy;
	irqline.count++;
	pv_irq_eoi(irqline.irq);
}

/* Count line irq's interrupts: the handler, the PIC with that line alone
 * open, and RFLAGS.IF set: the shared page's byte, set here, is the mask
 * from now on. */
static inline void irqline_open(const struct micro *m, int irq)
{
	irqline.irq = irq;
	irqline.vector = (uint8_t)(irqline_base(m) + irq);
	pv_vcpu.irq_masked = 1;
	micro_idt_load(irqline_handler);
	master_pic(irqline_base(m), (uint8_t)(1u << irq));
	x86_sti();
}

/* No more interrupts; then fold eoi_lazy as each handler found it, and the
 * other vectors. */
static inline void irqline_close(struct micro *m)
{
	pv_irq_disable();
	x86_cli();
	outb(PIC1_DATA, 0xff);
	for (unsigned i = 0; i < irqline.count && i < IRQLINE_SEEN; i++)
		micro_fold(m, "eoi_lazy in the handler", irqline.lazy_seen[i]);
	micro_fold(m, "other vectors", irqline.strays);
}
#else
/* What irqline_close folds on a correct machine after n interrupts. */
static inline void irqline_expect(struct micro *m, unsigned n)
{
	for (unsigned i = 0; i < n && i < IRQLINE_SEEN; i++)
		micro_fold(m, "eoi_lazy in the handler", 1);
	micro_fold(m, "other vectors", 0);
}
#endif

#endif
