/* The 8259A pair (vmm/vdev/pic.c) against the datasheet: the initialisation
 * sequence, masks, IRR and ISR, fixed priority, EOI, the cascade, auto-EOI,
 * and the refusal of what the model does not do. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "tests.h"
#include "vdev/vdev.h"

static struct vpic pic;

static void wr(uint16_t port, uint8_t v)
{
	CU_ASSERT_PTR_NULL(vpic_write(&pic, port, v));
}

static uint8_t rd(uint16_t port)
{
	uint8_t v = 0x99;
	CU_ASSERT_PTR_NULL(vpic_read(&pic, port, &v));
	return v;
}

/* The sequence arch/pic.c sends, with ICW4 as given. */
static void init(uint8_t base, uint8_t icw4)
{
	vpic_init(&pic);
	wr(PIC1_CMD, PIC_ICW1_8086);
	wr(PIC2_CMD, PIC_ICW1_8086);
	wr(PIC1_DATA, base);
	wr(PIC2_DATA, base + 8);
	wr(PIC1_DATA, 1 << PIC_CASCADE);
	wr(PIC2_DATA, PIC_CASCADE);
	wr(PIC1_DATA, icw4);
	wr(PIC2_DATA, icw4);
}

static void test_power_on_state_is_the_bios(void)
{
	vpic_init(&pic);
	CU_ASSERT_EQUAL(rd(PIC1_DATA), 0xff);
	CU_ASSERT_EQUAL(rd(PIC2_DATA), 0xff);
	vpic_pulse(&pic, 0);
	CU_ASSERT_FALSE(vpic_pending(&pic)); /* masked */
	wr(PIC1_DATA, 0xfe);
	CU_ASSERT_TRUE(vpic_pending(&pic));
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x08); /* the BIOS's vector base */
}

/* ICW1 clears the IMR; ICW2 sets the vector base; then OCW1 is the mask. */
static void test_init_sequence(void)
{
	init(0x20, ICW4_UPM);
	CU_ASSERT_EQUAL(rd(PIC1_DATA), 0x00);
	wr(PIC1_DATA, 0x5a);
	CU_ASSERT_EQUAL(rd(PIC1_DATA), 0x5a); /* OCW1 now, not another ICW */
	wr(PIC1_DATA, 0x00);
	vpic_pulse(&pic, 3);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x23);
}

/* ICW2's low three bits are the IR level's, not the base's (8086 mode). */
static void test_vector_base_low_bits_ignored(void)
{
	init(0x47, ICW4_UPM);
	vpic_pulse(&pic, 1);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x41);
}

static void test_irr_latches_edges_even_masked(void)
{
	init(0x20, ICW4_UPM);
	wr(PIC1_DATA, 0x01);
	vpic_pulse(&pic, 0);
	wr(PIC1_CMD, PIC_READ_IRR);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x01);
	CU_ASSERT_FALSE(vpic_pending(&pic));
	vpic_set_irq(&pic, 5, true);
	vpic_set_irq(&pic, 5, true); /* a level held high is one edge */
	wr(PIC1_DATA, 0x00);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x20);
	wr(PIC1_CMD, PIC_EOI);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x25);
	wr(PIC1_CMD, PIC_EOI);
	CU_ASSERT_FALSE(vpic_pending(&pic));
}

/* Fixed priority: IR0 first; a lower request waits while a higher one is
 * in service, a higher one nests. */
static void test_fixed_priority_and_nesting(void)
{
	init(0x20, ICW4_UPM);
	vpic_pulse(&pic, 4);
	vpic_pulse(&pic, 1);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x21);
	wr(PIC1_CMD, PIC_READ_ISR);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x02);
	CU_ASSERT_FALSE(vpic_pending(&pic)); /* IR4 waits for IR1's EOI */
	vpic_pulse(&pic, 0);
	CU_ASSERT_TRUE(vpic_pending(&pic)); /* IR0 outranks IR1 */
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x20);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x03);
	wr(PIC1_CMD, PIC_EOI); /* non-specific: the highest in service, IR0 */
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x02);
	CU_ASSERT_FALSE(vpic_pending(&pic));
	wr(PIC1_CMD, PIC_EOI);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x24);
}

static void test_specific_eoi(void)
{
	init(0x20, ICW4_UPM);
	vpic_pulse(&pic, 6);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x26);
	vpic_pulse(&pic, 3);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x23);
	wr(PIC1_CMD, PIC_SEOI | 6); /* end IR6, not the higher IR3 */
	wr(PIC1_CMD, PIC_READ_ISR);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x08);
}

static void test_auto_eoi_leaves_isr_clear(void)
{
	init(0x20, ICW4_UPM | ICW4_AEOI);
	vpic_pulse(&pic, 3);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x23);
	wr(PIC1_CMD, PIC_READ_ISR);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x00);
	vpic_pulse(&pic, 5);
	CU_ASSERT_TRUE(vpic_pending(&pic)); /* no EOI needed */
}

/* IRQ 8-15 come through the master's IR2; both chips want an EOI. */
static void test_cascade(void)
{
	init(0x20, ICW4_UPM);
	vpic_pulse(&pic, 12);
	CU_ASSERT_TRUE(vpic_pending(&pic));
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x2c);
	wr(PIC2_CMD, PIC_READ_ISR);
	CU_ASSERT_EQUAL(rd(PIC2_CMD), 0x10);
	wr(PIC1_CMD, PIC_READ_ISR);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x04);
	vpic_pulse(&pic, 9);
	CU_ASSERT_FALSE(vpic_pending(&pic)); /* IR2 is in service at the master */
	wr(PIC2_CMD, PIC_EOI);
	wr(PIC1_CMD, PIC_EOI);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x29);
	/* A masked slave line does not reach the master. */
	wr(PIC2_CMD, PIC_EOI);
	wr(PIC1_CMD, PIC_EOI);
	wr(PIC2_DATA, 0x08);
	vpic_pulse(&pic, 11);
	CU_ASSERT_FALSE(vpic_pending(&pic));
}

/* A vector back to its line, as the toolkit tells a paravirtual side which
 * line it delivered: either chip's, nothing for a vector of neither. */
static void test_line_of_a_vector(void)
{
	init(0x48, ICW4_UPM);
	CU_ASSERT_EQUAL(vpic_line(&pic, 0x48), 0);
	CU_ASSERT_EQUAL(vpic_line(&pic, 0x4f), 7);
	CU_ASSERT_EQUAL(vpic_line(&pic, 0x50), 8);
	CU_ASSERT_EQUAL(vpic_line(&pic, 0x55), 13);
	CU_ASSERT_EQUAL(vpic_line(&pic, 0x47), -1);
	CU_ASSERT_EQUAL(vpic_line(&pic, 0x58), -1);
	vpic_pulse(&pic, 3);
	CU_ASSERT_EQUAL(vpic_line(&pic, vpic_ack(&pic)), 3);
}

/* A request that vanished before the acknowledge: the spurious IR7. */
static void test_spurious_is_ir7(void)
{
	init(0x20, ICW4_UPM);
	CU_ASSERT_EQUAL(vpic_ack(&pic), 0x27);
	wr(PIC1_CMD, PIC_READ_ISR);
	CU_ASSERT_EQUAL(rd(PIC1_CMD), 0x00); /* and nothing in service */
}

static void expect_refused(uint16_t port, uint8_t v, const char *words)
{
	const char *why = vpic_write(&pic, port, v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, words));
}

static void test_refuses_what_it_does_not_model(void)
{
	init(0x20, ICW4_UPM);
	expect_refused(PIC1_CMD, PIC_ICW1_8086 | ICW1_LTIM, "level triggering");
	expect_refused(PIC1_CMD, PIC_ICW1_8086 | ICW1_SNGL, "single PIC");
	expect_refused(PIC1_CMD, 0xa0, "rotates priorities"); /* rotate on non-specific EOI */
	expect_refused(PIC1_CMD, OCW3_SELECT | OCW3_POLL, "polls");
	expect_refused(PIC1_CMD, OCW3_SELECT | OCW3_SMM, "special mask mode");
	init(0x20, ICW4_UPM);
	wr(PIC1_CMD, PIC_ICW1_8086);
	wr(PIC1_DATA, 0x20);
	wr(PIC1_DATA, 0x04);
	expect_refused(PIC1_DATA, 0x00, "8080 mode");
}

void add_pic_tests(void)
{
	CU_pSuite s = CU_add_suite("pic", NULL, NULL);
	CU_add_test(s, "power_on_state_is_the_bios", test_power_on_state_is_the_bios);
	CU_add_test(s, "init_sequence", test_init_sequence);
	CU_add_test(s, "vector_base_low_bits_ignored", test_vector_base_low_bits_ignored);
	CU_add_test(s, "irr_latches_edges_even_masked", test_irr_latches_edges_even_masked);
	CU_add_test(s, "fixed_priority_and_nesting", test_fixed_priority_and_nesting);
	CU_add_test(s, "specific_eoi", test_specific_eoi);
	CU_add_test(s, "auto_eoi_leaves_isr_clear", test_auto_eoi_leaves_isr_clear);
	CU_add_test(s, "cascade", test_cascade);
	CU_add_test(s, "line_of_a_vector", test_line_of_a_vector);
	CU_add_test(s, "spurious_is_ir7", test_spurious_is_ir7);
	CU_add_test(s, "refuses_what_it_does_not_model", test_refuses_what_it_does_not_model);
}
