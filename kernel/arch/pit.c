/* The 8254 programmable interval timer: channel 0 ticks IRQ 0 at TIMER_HZ. */
#include "pic.h"
#include "pvops.h"
#include "trap.h"

static volatile uint64_t ticks;

static void timer_tick(struct trapframe *tf)
{
	(void)tf;
	ticks++;
}

void timer_init(void)
{
	uint16_t divisor = (PIT_HZ + TIMER_HZ / 2) / TIMER_HZ;
	outb(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	irq_register(IRQ_TIMER, timer_tick);
	pic_unmask(IRQ_TIMER);
}

uint64_t timer_ticks(void)
{
	return ticks;
}
