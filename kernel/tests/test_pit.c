/* The 8254's counter 0 (vmm/vdev/pit.c) against the datasheet: modes 2 and
 * 3, the read/write modes, the counter latch, the interrupt rate. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "tests.h"
#include "vdev/vdev.h"

static struct vpit pit;

static void wr(uint16_t port, uint8_t v)
{
	CU_ASSERT_PTR_NULL(vpit_write(&pit, port - PIT_CH0, v));
}

static uint8_t rd(uint16_t port)
{
	uint8_t v = 0x99;
	CU_ASSERT_PTR_NULL(vpit_read(&pit, port - PIT_CH0, &v));
	return v;
}

static void program(int mode, uint16_t divisor)
{
	vpit_init(&pit);
	wr(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, mode));
	wr(PIT_CH0, divisor & 0xff);
	wr(PIT_CH0, divisor >> 8);
}

static uint16_t latched(void)
{
	wr(PIT_MODE, PIT_CW(0, PIT_RW_LATCH, 0));
	uint16_t c = rd(PIT_CH0);
	return c | (uint16_t)rd(PIT_CH0) << 8;
}

/* Mode 2: N, N-1, ..., 1, then N again; one interrupt per N clocks. */
static void test_mode2_counts_and_rate(void)
{
	program(PIT_RATE_GEN, 1193);
	CU_ASSERT_EQUAL(latched(), 1193);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 1), 0);
	CU_ASSERT_EQUAL(latched(), 1192);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 1191), 0);
	CU_ASSERT_EQUAL(latched(), 1);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 1), 1); /* the period ends: OUT pulses */
	CU_ASSERT_EQUAL(latched(), 1193);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 10 * 1193), 10);
	CU_ASSERT_EQUAL(vpit_hz(&pit), 1000); /* 1193182 / 1193 */
}

/* Mode 3: down by two, twice per period (OUT high half, low half). */
static void test_mode3_counts_by_two(void)
{
	program(PIT_SQUARE_WAVE, 100);
	CU_ASSERT_EQUAL(latched(), 100);
	vpit_advance(&pit, 1);
	CU_ASSERT_EQUAL(latched(), 98);
	vpit_advance(&pit, 48);
	CU_ASSERT_EQUAL(latched(), 2);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 1), 0); /* halfway: OUT falls, no edge */
	CU_ASSERT_EQUAL(latched(), 100);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 50), 1); /* the period: OUT rises */
	CU_ASSERT_EQUAL(vpit_advance(&pit, 300), 3);
}

/* Modes 6 and 7 are 2 and 3; a count of 0 is 65536. */
static void test_mode_aliases_and_zero_count(void)
{
	program(6, 0);
	CU_ASSERT_EQUAL(vpit_hz(&pit), PIT_HZ / 65536);
	CU_ASSERT_EQUAL(latched(), 0); /* 65536 reads as 0 */
	vpit_advance(&pit, 1);
	CU_ASSERT_EQUAL(latched(), 65535);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 65535), 1);
}

/* The latch freezes the count until both bytes are read; a second latch
 * before that is ignored. */
static void test_latch_holds_until_read(void)
{
	program(PIT_RATE_GEN, 5000);
	vpit_advance(&pit, 1000);
	wr(PIT_MODE, PIT_CW(0, PIT_RW_LATCH, 0));
	vpit_advance(&pit, 10);
	wr(PIT_MODE, PIT_CW(0, PIT_RW_LATCH, 0));
	uint16_t lo = rd(PIT_CH0);
	vpit_advance(&pit, 300);
	uint16_t hi = rd(PIT_CH0);
	CU_ASSERT_EQUAL(lo | hi << 8, 4000);
	CU_ASSERT_EQUAL(latched(), 5000 - 1310); /* live again */
}

/* Until the whole count is written the counter does not run. */
static void test_stopped_until_count_written(void)
{
	vpit_init(&pit);
	wr(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	wr(PIT_CH0, 0x10);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 100000), 0);
	CU_ASSERT_EQUAL(vpit_hz(&pit), 0);
	wr(PIT_CH0, 0x00);
	CU_ASSERT_EQUAL(vpit_advance(&pit, 0x10 * 3), 3);
}

static void test_lsb_only_and_msb_only(void)
{
	vpit_init(&pit);
	wr(PIT_MODE, PIT_CW(0, PIT_RW_LSB, PIT_RATE_GEN));
	wr(PIT_CH0, 200);
	CU_ASSERT_EQUAL(vpit_hz(&pit), PIT_HZ / 200);
	CU_ASSERT_EQUAL(rd(PIT_CH0), 200);
	CU_ASSERT_EQUAL(rd(PIT_CH0), 200); /* LSB each time */
	wr(PIT_MODE, PIT_CW(0, PIT_RW_MSB, PIT_RATE_GEN));
	wr(PIT_CH0, 0x12);
	CU_ASSERT_EQUAL(vpit_hz(&pit), PIT_HZ / 0x1200);
	CU_ASSERT_EQUAL(rd(PIT_CH0), 0x12);
}

static void expect_refused(uint16_t port, uint8_t v, const char *words)
{
	const char *why = vpit_write(&pit, port - PIT_CH0, v);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, words));
}

static void test_refuses_what_it_does_not_model(void)
{
	program(PIT_RATE_GEN, 1193);
	expect_refused(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, 0), "mode 0");
	expect_refused(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, 4), "mode 4");
	expect_refused(PIT_MODE, PIT_CW(2, PIT_RW_LSB_MSB, 3), "counter 2");
	expect_refused(PIT_MODE, 0xc2, "read-back");
	expect_refused(PIT_MODE, PIT_CW(0, PIT_RW_LSB_MSB, 2) | PIT_BCD, "BCD");
	expect_refused(PIT_CH2, 0x10, "counter 2 (port 0x42)");
	CU_ASSERT_EQUAL(vpit_hz(&pit), 1000); /* a refused word changes nothing */
}

void add_pit_tests(void)
{
	CU_pSuite s = CU_add_suite("pit", NULL, NULL);
	CU_add_test(s, "mode2_counts_and_rate", test_mode2_counts_and_rate);
	CU_add_test(s, "mode3_counts_by_two", test_mode3_counts_by_two);
	CU_add_test(s, "mode_aliases_and_zero_count", test_mode_aliases_and_zero_count);
	CU_add_test(s, "latch_holds_until_read", test_latch_holds_until_read);
	CU_add_test(s, "stopped_until_count_written", test_stopped_until_count_written);
	CU_add_test(s, "lsb_only_and_msb_only", test_lsb_only_and_msb_only);
	CU_add_test(s, "refuses_what_it_does_not_model", test_refuses_what_it_does_not_model);
}
