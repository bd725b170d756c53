/* Self-tests: port I/O to the devices every monitor models (PIC, PIT, UART). */
#include "pic.h"
#include "pvops.h"
#include "selftest.h"

/* The slave PIC's mask register reads back what was written; the master's
 * cascade line stays masked, so no slave line can fire meanwhile. */
static const char *pic_mask_roundtrip(void)
{
	uint64_t flags = irq_save();
	uint8_t old = inb(PIC2_DATA), v = (uint8_t)st_pattern(2);
	outb(PIC2_DATA, v);
	uint8_t got = inb(PIC2_DATA);
	outb(PIC2_DATA, old);
	irq_restore(flags);
	if (got != v)
		return st_fail("wrote %#x to the slave PIC's IMR, read %#x", v, got);
	return 0;
}

/* The 16550's scratch register (offset 7) holds a byte and does nothing else. */
static const char *uart_scratch(void)
{
	uint8_t v = (uint8_t)st_pattern(3);
	outb(COM1 + UART_SCR, v);
	uint8_t got = inb(COM1 + UART_SCR);
	if (got != v)
		return st_fail("wrote %#x to COM1's scratch register, read %#x", v, got);
	return 0;
}

/* Latch PIT channel 0 (counter latch command, 8254 datasheet) and read its
 * count: it must lie within the divisor and move as time passes. */
static uint16_t pit_count(void)
{
	uint64_t flags = irq_save();
	outb(PIT_MODE, PIT_CW(0, PIT_RW_LATCH, 0));
	uint16_t c = inb(PIT_CH0);
	c |= (uint16_t)inb(PIT_CH0) << 8;
	irq_restore(flags);
	return c;
}

static const char *pit_counts_down(void)
{
	uint16_t divisor = (PIT_HZ + TIMER_HZ / 2) / TIMER_HZ;
	uint16_t first = pit_count(), next = first;
	for (int i = 0; i < 100000 && next == first; i++) {
		pv.relax();
		next = pit_count();
	}
	if (first > divisor || next > divisor)
		return st_fail("count %u then %u, above the divisor %u", first, next, divisor);
	if (next == first)
		return st_fail("count stuck at %u", first);
	return 0;
}

const struct selftest selftests_io[] = {
	{ "pic_mask_roundtrip", pic_mask_roundtrip },
	{ "uart_scratch", uart_scratch },
	{ "pit_counts_down", pit_counts_down },
	{ 0, 0 },
};
