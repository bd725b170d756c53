/*
 * The 8254's counter 0 (vdev.h).  Behaviour: Intel 8254 datasheet, "Control
 * Word Format", "Read Operations" (counter latch command), "Mode 2 - Rate
 * Generator", "Mode 3 - Square Wave Mode".
 *
 * The count is a function of the input clocks elapsed since the initial
 * count was loaded, d: mode 2 counts N, N-1, ..., 1 and reloads, so it reads
 * N - d mod N; mode 3 counts down by two, twice per period (OUT high, then
 * low), so it reads N - 2d mod N.  OUT rises once per period in both, which
 * is the edge the PIC's IRQ 0 input sees.
 */
#include "refuse.h"
#include "vdev.h"

void vpit_init(struct vpit *t)
{
	*t = (struct vpit){ .mode = PIT_RATE_GEN, .rw = PIT_RW_LSB_MSB };
}

static uint32_t period(const struct vpit *t)
{
	return t->count ? t->count : 0x10000;
}

uint16_t vpit_count(const struct vpit *t)
{
	if (!t->running)
		return (uint16_t)t->count; /* stopped: the count register as written */
	uint64_t n = period(t), d = t->now - t->loaded_at;
	uint64_t left = t->mode == PIT_SQUARE_WAVE ? n - (2 * d) % n : n - d % n;
	return (uint16_t)left; /* 65536 reads as 0 */
}

uint32_t vpit_hz(const struct vpit *t)
{
	return t->running ? PIT_HZ / period(t) : 0;
}

unsigned vpit_advance(struct vpit *t, uint64_t clocks)
{
	uint64_t before = t->now;
	t->now += clocks;
	if (!t->running)
		return 0;
	uint64_t n = period(t);
	return (unsigned)((t->now - t->loaded_at) / n - (before - t->loaded_at) / n);
}

uint64_t vpit_to_next_edge(const struct vpit *t)
{
	if (!t->running)
		return 0;
	uint64_t n = period(t);
	return n - (t->now - t->loaded_at) % n;
}

static const char *control_word(struct vpit *t, uint8_t cw)
{
	if (PIT_SC(cw) == 3)
		return refuse("8254: control word %#x is a read-back command; the model has "
		              "the counter latch command only",
		              cw);
	if (PIT_SC(cw) != 0)
		return refuse("8254: control word %#x selects counter %d; the model has counter 0 "
		              "only",
		              cw, PIT_SC(cw));
	if (PIT_RW(cw) == PIT_RW_LATCH) {
		/* A second latch before the first is read is ignored. */
		if (!t->latched) {
			t->latch = vpit_count(t);
			t->latched = true;
			t->read_msb = false;
		}
		return 0;
	}
	if (cw & PIT_BCD)
		return refuse("8254: control word %#x asks for BCD counting; the model counts in "
		              "binary",
		              cw);
	uint8_t mode = PIT_M(cw) & 3; /* 6 and 7 are 2 and 3 */
	if (PIT_M(cw) != PIT_RATE_GEN && PIT_M(cw) != PIT_SQUARE_WAVE && PIT_M(cw) < 6)
		return refuse("8254: control word %#x selects mode %d; the model has modes 2 "
		              "and 3",
		              cw, PIT_M(cw));
	/* A control word resets the counter's logic: it waits for a count. */
	t->mode = mode;
	t->rw = PIT_RW(cw);
	t->running = false;
	t->write_msb = false;
	t->read_msb = false;
	t->latched = false;
	return 0;
}

static void load(struct vpit *t, uint16_t count)
{
	t->count = count;
	t->loaded_at = t->now;
	t->running = true;
}

static void count_write(struct vpit *t, uint8_t v)
{
	switch (t->rw) {
	case PIT_RW_LSB:
		load(t, v);
		break;
	case PIT_RW_MSB:
		load(t, (uint16_t)v << 8);
		break;
	default:
		if (!t->write_msb) {
			t->lsb = v;
			t->write_msb = true;
			t->running = false; /* mode 2 and 3: stopped until the MSB arrives */
		} else {
			t->write_msb = false;
			load(t, (uint16_t)v << 8 | t->lsb);
		}
		break;
	}
}

static uint8_t count_read(struct vpit *t)
{
	uint16_t v = t->latched ? t->latch : vpit_count(t);
	bool msb;
	if (t->rw == PIT_RW_LSB_MSB) {
		msb = t->read_msb;
		t->read_msb = !t->read_msb;
	} else {
		msb = t->rw == PIT_RW_MSB;
	}
	/* The latch holds until its last byte has been read. */
	if (t->latched && (t->rw != PIT_RW_LSB_MSB || msb))
		t->latched = false;
	return msb ? v >> 8 : v & 0xff;
}

const char *vpit_read(void *dev, uint16_t offset, uint8_t *value)
{
	struct vpit *t = dev;
	if (offset == PIT_MODE - PIT_CH0) {
		*value = 0xff; /* the control word register cannot be read */
		return 0;
	}
	if (offset != 0)
		return refuse("8254: a read of counter %u (port %#x); the model has counter 0 only",
		              offset, PIT_CH0 + offset);
	*value = count_read(t);
	return 0;
}

const char *vpit_write(void *dev, uint16_t offset, uint8_t value)
{
	struct vpit *t = dev;
	if (offset == PIT_MODE - PIT_CH0)
		return control_word(t, value);
	if (offset != 0)
		return refuse(
			"8254: a write of %#x to counter %u (port %#x); the model has counter "
			"0 only",
			value, offset, PIT_CH0 + offset);
	count_write(t, value);
	return 0;
}
