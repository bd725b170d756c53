/*
 * The two 8259A PICs.  At reset they deliver IRQ 0-7 on vectors 8-15, which
 * collide with CPU exceptions (Bochs delivers a latched timer IRQ as vector 8,
 * a "double fault"), so the kernel remaps them to IRQ_BASE and masks every
 * line before it ever enables interrupts.  Programming sequence: Intel 8259A
 * datasheet, "Initialization Command Words".
 */
#include "pic.h"
#include "pvops.h"
#include "trap.h"

static uint16_t mask = 0xffff;

static void write_mask(void)
{
	outb(PIC1_DATA, mask & 0xff);
	outb(PIC2_DATA, mask >> 8);
}

void pic_init(void)
{
	write_mask();
	outb(PIC1_CMD, PIC_ICW1_8086); /* ICW1: edge triggered, cascade, ICW4 follows */
	outb(PIC2_CMD, PIC_ICW1_8086);
	outb(PIC1_DATA, IRQ_BASE); /* ICW2: vector base */
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE); /* ICW3: the slave hangs on IRQ 2 */
	outb(PIC2_DATA, PIC_CASCADE);      /*       the slave's cascade identity */
	outb(PIC1_DATA, ICW4_UPM);         /* ICW4: 8086 mode, normal EOI */
	outb(PIC2_DATA, ICW4_UPM);
	write_mask();
}

void pic_unmask(int irq)
{
	mask &= ~(1u << irq);
	if (irq >= 8)
		mask &= ~(1u << PIC_CASCADE); /* the cascade line too */
	write_mask();
}

void pic_mask(int irq)
{
	mask |= 1u << irq;
	write_mask();
}

static uint8_t read_isr(uint16_t cmd_port)
{
	outb(cmd_port, PIC_READ_ISR);
	return inb(cmd_port);
}

/* IRQ 7 and 15 arrive without being in service when a request vanished
 * before the CPU acknowledged it: such a spurious IRQ gets no EOI (for 15,
 * the master still does: it did see the cascade). */
bool pic_spurious(int irq)
{
	if (irq == 7 && !(read_isr(PIC1_CMD) & 0x80))
		return true;
	if (irq == 15 && !(read_isr(PIC2_CMD) & 0x80)) {
		outb(PIC1_CMD, PIC_EOI);
		return true;
	}
	return false;
}

uint16_t pic_irr(void)
{
	outb(PIC1_CMD, PIC_READ_IRR);
	outb(PIC2_CMD, PIC_READ_IRR);
	return inb(PIC1_CMD) | (uint16_t)inb(PIC2_CMD) << 8;
}
