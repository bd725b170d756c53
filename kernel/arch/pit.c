/* The 8254 programmable interval timer: channel 0 ticks IRQ 0 at TIMER_HZ. */
#include "pic.h"
#include "pvops.h"
#include "trap.h"

#define PIT_CH0  0x40
#define PIT_MODE 0x43

static volatile uint64_t ticks;

static void timer_tick(struct trapframe *tf)
{
	(void)tf;
	ticks++;
}

void timer_init(void)
{
	uint16_t divisor = (PIT_HZ + TIMER_HZ / 2) / TIMER_HZ;
	outb(PIT_MODE, 0x34); /* channel 0, low then high byte, mode 2 (rate generator) */
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	irq_register(IRQ_TIMER, timer_tick);
	pic_unmask(IRQ_TIMER);
}

uint64_t timer_ticks(void)
{
	return ticks;
}
