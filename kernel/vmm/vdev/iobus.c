/* The I/O-port and MMIO tables (vdev.h): which device answers an access. */
#include "refuse.h"
#include "vdev.h"

void iobus_init(struct iobus *b)
{
	*b = (struct iobus){ 0 };
}

const char *iobus_add_ports(struct iobus *b, const struct port_range *r)
{
	if (r->count == 0 || r->first + r->count - 1 > 0xffff)
		return refuse("ports of %s: %#x + %u do not fit in 0-0xffff", r->name, r->first,
		              r->count);
	for (int i = 0; i < b->nports; i++) {
		const struct port_range *o = &b->ports[i];
		if (r->first < o->first + o->count && o->first < r->first + r->count)
			return refuse("ports %#x-%#x of %s overlap %#x-%#x of %s", r->first,
			              r->first + r->count - 1, r->name, o->first,
			              o->first + o->count - 1, o->name);
	}
	if (b->nports == IOBUS_MAX_PORTS)
		return refuse("ports of %s: the table holds %d ranges", r->name, IOBUS_MAX_PORTS);
	b->ports[b->nports++] = *r;
	return 0;
}

const char *iobus_add_mmio(struct iobus *b, const struct mmio_range *r)
{
	if (r->size == 0 || r->base + r->size - 1 < r->base)
		return refuse("MMIO of %s: %#lx + %#lx wraps around", r->name, r->base, r->size);
	for (int i = 0; i < b->nmmio; i++) {
		const struct mmio_range *o = &b->mmio[i];
		if (r->base <= o->base + (o->size - 1) && o->base <= r->base + (r->size - 1))
			return refuse("MMIO %#lx-%#lx of %s overlaps %#lx-%#lx of %s", r->base,
			              r->base + r->size - 1, r->name, o->base,
			              o->base + o->size - 1, o->name);
	}
	if (b->nmmio == IOBUS_MAX_MMIO)
		return refuse("MMIO of %s: the table holds %d ranges", r->name, IOBUS_MAX_MMIO);
	b->mmio[b->nmmio++] = *r;
	return 0;
}

const struct port_range *iobus_port(const struct iobus *b, uint16_t port)
{
	for (int i = 0; i < b->nports; i++)
		if (port >= b->ports[i].first && port - b->ports[i].first < b->ports[i].count)
			return &b->ports[i];
	return 0;
}

const struct mmio_range *iobus_mmio(const struct iobus *b, uint64_t gpa)
{
	for (int i = 0; i < b->nmmio; i++)
		if (gpa >= b->mmio[i].base && gpa - b->mmio[i].base < b->mmio[i].size)
			return &b->mmio[i];
	return 0;
}

static const char *check_size(unsigned size)
{
	if (size == 1 || size == 2 || size == 4)
		return 0;
	return refuse("an I/O access of %u bytes (IN and OUT move 1, 2 or 4)", size);
}

/* One more access to a port no device answers, or the refusal past the cap. */
static const char *count_unknown(struct iobus *b, uint16_t port, uint64_t *count)
{
	if (b->unknown_reads + b->unknown_writes >= IOBUS_UNKNOWN_MAX)
		return refuse(
			"the guest touched ports no device answers %d times (IOBUS_UNKNOWN_MAX): "
			"is it polling for a device that is not there?",
			IOBUS_UNKNOWN_MAX);
	(*count)++;
	b->last_unknown = port;
	return 0;
}

const char *iobus_in(struct iobus *b, uint16_t port, unsigned size, uint32_t *value)
{
	const char *why = check_size(size);
	if (why)
		return why;
	*value = 0;
	for (unsigned i = 0; i < size; i++) {
		uint16_t p = (uint16_t)(port + i);
		const struct port_range *r = iobus_port(b, p);
		uint8_t byte = 0xff;
		if (r && r->read) {
			why = r->read(r->dev, p - r->first, &byte);
			if (why)
				return why;
		} else {
			why = count_unknown(b, p, &b->unknown_reads);
			if (why)
				return why;
		}
		*value |= (uint32_t)byte << (8 * i);
	}
	return 0;
}

const char *iobus_out(struct iobus *b, uint16_t port, unsigned size, uint32_t value)
{
	const char *why = check_size(size);
	if (why)
		return why;
	for (unsigned i = 0; i < size; i++) {
		uint16_t p = (uint16_t)(port + i);
		const struct port_range *r = iobus_port(b, p);
		if (r && r->write) {
			why = r->write(r->dev, p - r->first, (uint8_t)(value >> (8 * i)));
			if (why)
				return why;
		} else {
			why = count_unknown(b, p, &b->unknown_writes);
			if (why)
				return why;
		}
	}
	return 0;
}

static const char *mmio_find(struct iobus *b, uint64_t gpa, unsigned size,
                             const struct mmio_range **found)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return refuse("an MMIO access of %u bytes at %#lx", size, gpa);
	const struct mmio_range *r = iobus_mmio(b, gpa);
	if (!r)
		return refuse("no device at guest-physical %#lx", gpa);
	if (gpa - r->base > r->size - size)
		return refuse("a %u-byte access at %#lx runs past the end of %s", size, gpa,
		              r->name);
	*found = r;
	return 0;
}

const char *iobus_mmio_read(struct iobus *b, uint64_t gpa, unsigned size, uint64_t *value)
{
	const struct mmio_range *r;
	const char *why = mmio_find(b, gpa, size, &r);
	if (why)
		return why;
	if (!r->read)
		return refuse("%s at %#lx cannot be read", r->name, gpa);
	return r->read(r->dev, gpa - r->base, size, value);
}

const char *iobus_mmio_write(struct iobus *b, uint64_t gpa, unsigned size, uint64_t value)
{
	const struct mmio_range *r;
	const char *why = mmio_find(b, gpa, size, &r);
	if (why)
		return why;
	if (!r->write)
		return refuse("%s at %#lx cannot be written", r->name, gpa);
	return r->write(r->dev, gpa - r->base, size, value);
}
