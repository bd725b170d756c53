/* The I/O tables (vmm/vdev/iobus.c) and the power-off ports (power.c):
 * routing, splitting wide accesses, unknown ports and their cap, overlaps,
 * MMIO bounds. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "tests.h"
#include "vdev/vdev.h"

static struct iobus bus;
static uint8_t regs[4];
static uint16_t last_offset;

static const char *reg_read(void *dev, uint16_t offset, uint8_t *v)
{
	*v = ((uint8_t *)dev)[offset];
	last_offset = offset;
	return 0;
}

static const char *reg_write(void *dev, uint16_t offset, uint8_t v)
{
	((uint8_t *)dev)[offset] = v;
	last_offset = offset;
	return 0;
}

static const char *picky_write(void *dev, uint16_t offset, uint8_t v)
{
	(void)dev;
	(void)offset;
	return v == 0xbd ? "picky: 0xbd is not modelled" : 0;
}

static void fresh(void)
{
	iobus_init(&bus);
	memset(regs, 0, sizeof(regs));
	struct port_range r = { 0x300, 4, "four registers", regs, reg_read, reg_write };
	CU_ASSERT_PTR_NULL(iobus_add_ports(&bus, &r));
}

static void test_routes_by_range_with_offsets(void)
{
	fresh();
	CU_ASSERT_PTR_NULL(iobus_out(&bus, 0x302, 1, 0x7e));
	CU_ASSERT_EQUAL(regs[2], 0x7e);
	CU_ASSERT_EQUAL(last_offset, 2);
	uint32_t v;
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x302, 1, &v));
	CU_ASSERT_EQUAL(v, 0x7e);
	CU_ASSERT_STRING_EQUAL(iobus_port(&bus, 0x303)->name, "four registers");
	CU_ASSERT_PTR_NULL(iobus_port(&bus, 0x304));
}

/* A word or dword access reaches consecutive byte ports, low byte first,
 * as on the ISA bus. */
static void test_wide_access_split_into_bytes(void)
{
	fresh();
	CU_ASSERT_PTR_NULL(iobus_out(&bus, 0x300, 4, 0x44332211));
	CU_ASSERT_EQUAL(regs[0], 0x11);
	CU_ASSERT_EQUAL(regs[3], 0x44);
	uint32_t v;
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x302, 2, &v));
	CU_ASSERT_EQUAL(v, 0x4433);
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x303, 2, &v)); /* half in, half unknown */
	CU_ASSERT_EQUAL(v, 0xff44);
	CU_ASSERT_PTR_NOT_NULL(iobus_in(&bus, 0x300, 3, &v));
}

static void test_unknown_port_reads_ones_and_is_counted(void)
{
	fresh();
	uint32_t v;
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x80, 1, &v));
	CU_ASSERT_EQUAL(v, 0xff);
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x1234, 4, &v));
	CU_ASSERT_EQUAL(v, 0xffffffff);
	CU_ASSERT_PTR_NULL(iobus_out(&bus, 0x80, 2, 0));
	CU_ASSERT_EQUAL(bus.unknown_reads, 5);
	CU_ASSERT_EQUAL(bus.unknown_writes, 2);
	CU_ASSERT_EQUAL(bus.last_unknown, 0x81);
	CU_ASSERT_EQUAL(regs[0], 0); /* nothing reached a device */
}

/* A guest polling ports nobody answers is stopped at the cap; the devices
 * still answer, and the counts stay where the cap left them. */
static void test_unknown_ports_capped(void)
{
	fresh();
	uint32_t v;
	int refused = 0;
	for (int i = 0; i < IOBUS_UNKNOWN_MAX; i++)
		refused += i % 2 ? iobus_out(&bus, 0x2f8, 1, 0) != 0
		                 : iobus_in(&bus, 0x2f8, 1, &v) != 0;
	CU_ASSERT_EQUAL(refused, 0);
	CU_ASSERT_EQUAL(bus.unknown_reads + bus.unknown_writes, IOBUS_UNKNOWN_MAX);
	const char *why = iobus_in(&bus, 0x2e8, 1, &v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(why, "the guest touched ports no device answers 65536 times "
	                            "(IOBUS_UNKNOWN_MAX): is it polling for a device that is "
	                            "not there?");
	CU_ASSERT_PTR_NOT_NULL(iobus_out(&bus, 0x2e8, 4, 0));
	CU_ASSERT_PTR_NULL(iobus_out(&bus, 0x301, 1, 0x5a));
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x301, 1, &v));
	CU_ASSERT_EQUAL(v, 0x5a);
	CU_ASSERT_EQUAL(bus.unknown_reads + bus.unknown_writes, IOBUS_UNKNOWN_MAX);
}

static void test_device_refusal_reaches_caller(void)
{
	fresh();
	struct port_range r = { 0x310, 1, "picky", 0, 0, picky_write };
	CU_ASSERT_PTR_NULL(iobus_add_ports(&bus, &r));
	CU_ASSERT_PTR_NULL(iobus_out(&bus, 0x310, 1, 0x01));
	const char *why = iobus_out(&bus, 0x310, 1, 0xbd);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "0xbd is not modelled"));
	uint32_t v;
	CU_ASSERT_PTR_NULL(iobus_in(&bus, 0x310, 1, &v)); /* no read: an unknown port's */
	CU_ASSERT_EQUAL(v, 0xff);
}

static void test_overlaps_refused(void)
{
	fresh();
	struct port_range r = { 0x2fe, 3, "overlapper", 0, reg_read, 0 };
	const char *why = iobus_add_ports(&bus, &r);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "overlap 0x300-0x303 of four registers"));
	r = (struct port_range){ 0xfffe, 4, "past the end", 0, reg_read, 0 };
	CU_ASSERT_PTR_NOT_NULL(iobus_add_ports(&bus, &r));
	struct mmio_range m = { 0xfec00000, 0x1000, "mmio", 0, 0, 0 };
	CU_ASSERT_PTR_NULL(iobus_add_mmio(&bus, &m));
	m.base = 0xfec00ff8;
	CU_ASSERT_PTR_NOT_NULL(iobus_add_mmio(&bus, &m));
	m = (struct mmio_range){ UINT64_MAX - 0xff, 0x1000, "wraps", 0, 0, 0 };
	CU_ASSERT_PTR_NOT_NULL(iobus_add_mmio(&bus, &m));
}

static uint64_t mmio_regs[2];

static const char *mmio_read(void *dev, uint64_t off, unsigned size, uint64_t *v)
{
	(void)dev;
	*v = 0;
	memcpy(v, (uint8_t *)mmio_regs + off, size);
	return 0;
}

static const char *mmio_write(void *dev, uint64_t off, unsigned size, uint64_t v)
{
	(void)dev;
	memcpy((uint8_t *)mmio_regs + off, &v, size);
	return 0;
}

static void test_mmio_routing_and_bounds(void)
{
	fresh();
	struct mmio_range m = { 0xfec00000, 16, "two registers", 0, mmio_read, mmio_write };
	CU_ASSERT_PTR_NULL(iobus_add_mmio(&bus, &m));
	CU_ASSERT_PTR_NULL(iobus_mmio_write(&bus, 0xfec00008, 8, 0x1122334455667788ull));
	uint64_t v;
	CU_ASSERT_PTR_NULL(iobus_mmio_read(&bus, 0xfec0000c, 4, &v));
	CU_ASSERT_EQUAL(v, 0x11223344);
	const char *why = iobus_mmio_read(&bus, 0xfec0000c, 8, &v);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "runs past the end of two registers"));
	why = iobus_mmio_read(&bus, 0xfec00010, 1, &v);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "no device at guest-physical 0xfec00010"));
	CU_ASSERT_PTR_NOT_NULL(iobus_mmio_write(&bus, 0xfec00000, 3, 0));
}

static void test_power_off_ports(void)
{
	struct vpower p;
	vpower_init(&p);
	CU_ASSERT_PTR_NULL(vpower_write_qemu(&p, 1, 0x42)); /* not the base port */
	CU_ASSERT_FALSE(p.off);
	vpower_write_qemu(&p, 0, POWEROFF_BASE + 2);
	CU_ASSERT_TRUE(p.off);
	CU_ASSERT_EQUAL(p.status, 2);
	vpower_write_qemu(&p, 0, POWEROFF_BASE); /* the first word is the last */
	CU_ASSERT_EQUAL(p.status, 2);

	vpower_init(&p);
	for (const char *c = "ShutShutdown"; *c; c++)
		vpower_write_bochs(&p, 0, (uint8_t)*c);
	CU_ASSERT_TRUE(p.off);
	CU_ASSERT_EQUAL(p.status, 1);
	vpower_init(&p);
	vpower_write_bochs(&p, 0, 'D');
	CU_ASSERT_TRUE(p.off);
	CU_ASSERT_EQUAL(p.status, 0);
	vpower_init(&p);
	for (const char *c = "Shutdow"; *c; c++)
		vpower_write_bochs(&p, 0, (uint8_t)*c);
	CU_ASSERT_FALSE(p.off);
}

void add_iobus_tests(void)
{
	CU_pSuite s = CU_add_suite("iobus", NULL, NULL);
	CU_add_test(s, "routes_by_range_with_offsets", test_routes_by_range_with_offsets);
	CU_add_test(s, "wide_access_split_into_bytes", test_wide_access_split_into_bytes);
	CU_add_test(s, "unknown_port_reads_ones_and_is_counted",
	            test_unknown_port_reads_ones_and_is_counted);
	CU_add_test(s, "unknown_ports_capped", test_unknown_ports_capped);
	CU_add_test(s, "device_refusal_reaches_caller", test_device_refusal_reaches_caller);
	CU_add_test(s, "overlaps_refused", test_overlaps_refused);
	CU_add_test(s, "mmio_routing_and_bounds", test_mmio_routing_and_bounds);
	CU_add_test(s, "power_off_ports", test_power_off_ports);
}
