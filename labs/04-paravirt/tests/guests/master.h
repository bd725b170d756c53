/*
 * What lab 04's interrupt-taking micro-guests share: the master 8259A
 * programmed as the kernel's pic_init does (edge-triggered, normal EOI),
 * at a vector base of the guest's choice, with only the lines of `open`
 * unmasked.  Guest side only.
 */
#ifndef LAB04_MASTER_H
#define LAB04_MASTER_H

#ifndef MICRO_EXPECT
#include "pcdev.h"
#include "pvops.h"

static inline void master_pic(uint8_t vector_base, uint8_t open)
{
	outb(PIC1_CMD, PIC_ICW1_8086);
	outb(PIC1_DATA, vector_base);
	outb(PIC1_DATA, 1 << PIC_CASCADE);
	outb(PIC1_DATA, ICW4_UPM);
	outb(PIC1_DATA, (uint8_t)~open);
}
#endif

#endif
