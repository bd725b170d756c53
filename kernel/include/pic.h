/* The 8259A interrupt controllers (pic.c) and the 8254 timer (pit.c). */
#ifndef VLAB_PIC_H
#define VLAB_PIC_H

#include <stdbool.h>
#include <stdint.h>
#include "pcdev.h"

#define TIMER_HZ 1000

void pic_init(void); /* remap to IRQ_BASE and mask every line */
void pic_unmask(int irq);
void pic_mask(int irq);
bool pic_spurious(int irq);
uint16_t pic_irr(void); /* requested but not yet delivered, bit per IRQ */

void timer_init(void); /* PIT channel 0 at TIMER_HZ on IRQ 0 */
uint64_t timer_ticks(void);

#endif
