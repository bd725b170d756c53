/*
 * The 8259A pair (vdev.h).  Behaviour: Intel 8259A datasheet, "Interrupt
 * Sequence", "Initialization Command Words", "Operation Command Words",
 * "Fully Nested Mode", "Automatic End of Interrupt (AEOI) Mode".
 */
#include "refuse.h"
#include "vdev.h"

#define MASTER 0
#define SLAVE  1

/* The highest-priority (lowest-numbered) bit of a byte; 8 for none. */
static int highest(uint8_t bits)
{
	return bits ? __builtin_ctz(bits) : 8;
}

/* The IR level the chip would interrupt for: the highest unmasked request,
 * if it outranks everything in service; -1 for none. */
static int deliverable(const struct i8259 *c)
{
	int req = highest(c->irr & ~c->imr), svc = highest(c->isr);
	return req < svc ? req : -1;
}

static void chip_set_line(struct i8259 *c, int line, bool level)
{
	uint8_t bit = 1u << line;
	if (level && !(c->lines & bit))
		c->irr |= bit; /* edge triggered: the rising edge latches the request */
	c->lines = level ? c->lines | bit : c->lines & ~bit;
}

/* The slave's INT output drives the master's cascade input. */
static void cascade(struct vpic *p)
{
	chip_set_line(&p->chip[MASTER], PIC_CASCADE, deliverable(&p->chip[SLAVE]) >= 0);
}

static void bios_state(struct i8259 *c, uint8_t base, uint8_t icw3)
{
	*c = (struct i8259){ .vector_base = base, .icw3 = icw3, .imr = 0xff };
}

void vpic_init(struct vpic *p)
{
	bios_state(&p->chip[MASTER], 0x08, 1u << PIC_CASCADE);
	bios_state(&p->chip[SLAVE], 0x70, PIC_CASCADE);
}

void vpic_set_irq(struct vpic *p, int irq, bool level)
{
	chip_set_line(&p->chip[irq >> 3], irq & 7, level);
	cascade(p);
}

void vpic_pulse(struct vpic *p, int irq)
{
	vpic_set_irq(p, irq, true);
	vpic_set_irq(p, irq, false);
}

bool vpic_pending(const struct vpic *p)
{
	return deliverable(&p->chip[MASTER]) >= 0;
}

/* One chip's share of INTA: the request becomes in service (or, with
 * auto-EOI, is done with at once); a request gone meanwhile is IR7. */
static int chip_ack(struct i8259 *c)
{
	int line = deliverable(c);
	if (line < 0)
		return 7;
	c->irr &= ~(1u << line);
	if (!c->auto_eoi)
		c->isr |= 1u << line;
	return line;
}

uint8_t vpic_ack(struct vpic *p)
{
	struct i8259 *m = &p->chip[MASTER], *s = &p->chip[SLAVE];
	int line = chip_ack(m);
	uint8_t vector = m->vector_base + line;
	if (line == PIC_CASCADE) {
		vector = s->vector_base + chip_ack(s);
		/* The slave's INT may stay up; the master latches a new edge
		 * only after it fell, as the line from the slave did. */
		m->lines &= ~(1u << PIC_CASCADE);
		cascade(p);
	}
	return vector;
}

int vpic_line(const struct vpic *p, uint8_t vector)
{
	for (int c = MASTER; c <= SLAVE; c++)
		if ((vector & ~7) == p->chip[c].vector_base)
			return 8 * c + (vector & 7);
	return -1;
}

static const char *icw1(struct i8259 *c, const char *name, uint8_t v)
{
	if (v & ICW1_LTIM)
		return refuse("%s: ICW1 %#x asks for level triggering; the model is edge triggered",
		              name, v);
	if (v & ICW1_SNGL)
		return refuse("%s: ICW1 %#x asks for a single PIC; the PC cascades two", name, v);
	/* ICW1 clears the IMR and the ISR, IR7 gets the lowest priority and
	 * the command port reads the IRR (datasheet, "Initialization
	 * Command Words"); without IC4, ICW4's functions are all zero. */
	c->imr = 0;
	c->isr = 0;
	c->irr = 0;
	c->lines = 0;
	c->read_isr = false;
	c->auto_eoi = false;
	c->icw4 = v & ICW1_IC4;
	c->expect = 2;
	return 0;
}

static const char *ocw2(struct i8259 *c, const char *name, uint8_t v)
{
	if (v == PIC_EOI) {
		c->isr &= c->isr - 1; /* the highest priority in service: the lowest bit */
		return 0;
	}
	if ((v & 0xf8) == PIC_SEOI) {
		c->isr &= ~(1u << (v & 7));
		return 0;
	}
	if ((v & 0xe0) == 0)
		return 0; /* R, SL, EOI all zero: no operation */
	return refuse("%s: OCW2 %#x rotates priorities; the model has fixed priority", name, v);
}

static const char *ocw3(struct i8259 *c, const char *name, uint8_t v)
{
	if (v & OCW3_POLL)
		return refuse("%s: OCW3 %#x polls; the model does not", name, v);
	if ((v & OCW3_SMM) == OCW3_SMM)
		return refuse("%s: OCW3 %#x sets special mask mode; the model does not", name, v);
	if (v & OCW3_RR)
		c->read_isr = v & OCW3_RIS;
	return 0;
}

static const char *data_write(struct i8259 *c, const char *name, uint8_t v)
{
	switch (c->expect) {
	case 2:
		c->vector_base = v & 0xf8; /* in 8086 mode the low three bits are the IR level */
		c->expect = 3;
		return 0;
	case 3:
		c->icw3 = v;
		c->expect = c->icw4 ? 4 : 0;
		return 0;
	case 4:
		c->expect = 0;
		if (!(v & ICW4_UPM))
			return refuse("%s: ICW4 %#x selects 8080 mode; the model is in 8086 mode",
			              name, v);
		if (v & ICW4_SFNM)
			return refuse("%s: ICW4 %#x asks for special fully nested mode; the model "
			              "has the plain one",
			              name, v);
		c->auto_eoi = v & ICW4_AEOI;
		return 0;
	default:
		c->imr = v; /* OCW1 */
		return 0;
	}
}

const char *vpic_read(struct vpic *p, uint16_t port, uint8_t *value)
{
	struct i8259 *c = &p->chip[port >= PIC2_CMD];
	if ((port & 1) == 0)
		*value = c->read_isr ? c->isr : c->irr;
	else
		*value = c->imr;
	return 0;
}

const char *vpic_write(struct vpic *p, uint16_t port, uint8_t value)
{
	bool slave = port >= PIC2_CMD;
	struct i8259 *c = &p->chip[slave];
	const char *name = slave ? "8259A slave" : "8259A master";
	const char *why;
	if (port & 1)
		why = data_write(c, name, value);
	else if (value & ICW1_INIT)
		why = icw1(c, name, value);
	else if (value & OCW3_SELECT)
		why = ocw3(c, name, value);
	else
		why = ocw2(c, name, value);
	cascade(p);
	return why;
}

const char *vpic_master_read(void *p, uint16_t offset, uint8_t *value)
{
	return vpic_read(p, PIC1_CMD + offset, value);
}

const char *vpic_master_write(void *p, uint16_t offset, uint8_t value)
{
	return vpic_write(p, PIC1_CMD + offset, value);
}

const char *vpic_slave_read(void *p, uint16_t offset, uint8_t *value)
{
	return vpic_read(p, PIC2_CMD + offset, value);
}

const char *vpic_slave_write(void *p, uint16_t offset, uint8_t value)
{
	return vpic_write(p, PIC2_CMD + offset, value);
}
