/* The I/O APIC model (vmm/vdev/ioapic.c) against the 82093AA datasheet, and
 * reached through the VM's MMIO table as a guest reaches it. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "sim.h"
#include "tests.h"
#include "vm.h"

static struct vioapic apic;

static void sel(uint8_t index)
{
	CU_ASSERT_PTR_NULL(vioapic_write(&apic, IOAPIC_IOREGSEL, 4, index));
}

static uint32_t rd(uint8_t index)
{
	uint64_t v = 0xdead;
	sel(index);
	CU_ASSERT_PTR_NULL(vioapic_read(&apic, IOAPIC_IOWIN, 4, &v));
	return (uint32_t)v;
}

static const char *wr(uint8_t index, uint32_t v)
{
	sel(index);
	return vioapic_write(&apic, IOAPIC_IOWIN, 4, v);
}

static void test_reset_state(void)
{
	vioapic_init(&apic);
	CU_ASSERT_EQUAL(rd(IOAPIC_VER), 0x00170011); /* 24 entries, version 0x11 */
	CU_ASSERT_EQUAL(rd(IOAPIC_ID), 0);
	for (int n = 0; n < IOAPIC_PINS; n++)
		CU_ASSERT_EQUAL(rd(IOAPIC_REDTBL + 2 * n), IOAPIC_RTE_MASKED);
}

static void test_index_and_id(void)
{
	vioapic_init(&apic);
	CU_ASSERT_PTR_NULL(vioapic_write(&apic, IOAPIC_IOREGSEL, 1, 0x2b));
	uint64_t v;
	CU_ASSERT_PTR_NULL(vioapic_read(&apic, IOAPIC_IOREGSEL, 4, &v));
	CU_ASSERT_EQUAL(v, 0x2b);
	CU_ASSERT_PTR_NULL(wr(IOAPIC_ID, 0xffffffff));
	CU_ASSERT_EQUAL(rd(IOAPIC_ID), IOAPIC_ID_MASK); /* bits 27:24 only */
	CU_ASSERT_EQUAL(rd(IOAPIC_ARB), IOAPIC_ID_MASK);
	CU_ASSERT_PTR_NULL(wr(IOAPIC_VER, 0)); /* read-only: ignored */
	CU_ASSERT_EQUAL(rd(IOAPIC_VER), 0x00170011);
}

static void test_redirection_entries(void)
{
	vioapic_init(&apic);
	CU_ASSERT_PTR_NULL(wr(IOAPIC_REDTBL + 2 * 23, 0xffffffff));
	CU_ASSERT_EQUAL(rd(IOAPIC_REDTBL + 2 * 23), IOAPIC_RTE_LOW_RW); /* not the RO bits */
	CU_ASSERT_PTR_NULL(wr(IOAPIC_REDTBL + 2 * 23 + 1, 0xffffffff));
	CU_ASSERT_EQUAL(rd(IOAPIC_REDTBL + 2 * 23 + 1), IOAPIC_RTE_HIGH_RW);
	CU_ASSERT_EQUAL(rd(IOAPIC_REDTBL + 2 * 22), IOAPIC_RTE_MASKED); /* its neighbour */
}

static void expect_refused(const char *why, const char *words)
{
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, words));
}

static void test_refusals(void)
{
	vioapic_init(&apic);
	expect_refused(wr(IOAPIC_REDTBL + 4, 0x30), "entry 2 unmasked (0x30)");
	CU_ASSERT_EQUAL(rd(IOAPIC_REDTBL + 4), IOAPIC_RTE_MASKED);
	expect_refused(wr(0x05, 1), "register 0x5 does not exist");
	uint64_t v;
	sel(0x40);
	expect_refused(vioapic_read(&apic, IOAPIC_IOWIN, 4, &v), "register 0x40");
	expect_refused(vioapic_read(&apic, IOAPIC_IOWIN, 8, &v), "a 8-byte access at offset 0x10");
	expect_refused(vioapic_write(&apic, 0x20, 4, 0), "offset 0x20");
}

/* The VM's table sends a guest's access at IOAPIC_BASE to the model. */
static void test_through_the_vm(void)
{
	static struct vm vm;
	sim_reset();
	CU_ASSERT_PTR_NULL_FATAL(vm_init(&vm, 2ul << 20, 0));
	vm_mmio_write(&vm, IOAPIC_BASE + IOAPIC_IOREGSEL, 4, IOAPIC_VER);
	CU_ASSERT_EQUAL(vm_mmio_read(&vm, IOAPIC_BASE + IOAPIC_IOWIN, 4), 0x00170011);
	CU_ASSERT_STRING_EQUAL(iobus_mmio(&vm.io, IOAPIC_BASE + IOAPIC_SIZE - 1)->name, "I/O APIC");
	CU_ASSERT_PTR_NULL(iobus_mmio(&vm.io, IOAPIC_BASE + IOAPIC_SIZE));
}

void add_ioapic_tests(void)
{
	CU_pSuite s = CU_add_suite("ioapic", NULL, NULL);
	CU_add_test(s, "reset_state", test_reset_state);
	CU_add_test(s, "index_and_id", test_index_and_id);
	CU_add_test(s, "redirection_entries", test_redirection_entries);
	CU_add_test(s, "refusals", test_refusals);
	CU_add_test(s, "through_the_vm", test_through_the_vm);
}
