/* The 8259A interrupt controllers (pic.c) and the 8254 timer (pit.c). */
#ifndef VLAB_PIC_H
#define VLAB_PIC_H

#include <stdbool.h>
#include <stdint.h>

#define PIC1_CMD     0x20
#define PIC1_DATA    0x21 /* the interrupt mask register (IMR) when read or written */
#define PIC2_CMD     0xa0
#define PIC2_DATA    0xa1
#define PIC_READ_IRR 0x0a    /* OCW3: the next read of the command port returns the IRR */
#define PIT_HZ       1193182 /* the 8254's input clock */
#define TIMER_HZ     1000

void pic_init(void); /* remap to IRQ_BASE and mask every line */
void pic_unmask(int irq);
void pic_mask(int irq);
void pic_eoi(int irq);
bool pic_spurious(int irq);
uint16_t pic_irr(void); /* requested but not yet delivered, bit per IRQ */

void timer_init(void); /* PIT channel 0 at TIMER_HZ on IRQ 0 */
uint64_t timer_ticks(void);

#endif
