/* Guest memory (vmm/gmem.c) over simulated RAM: bounds at the edges and
 * against wrap-around, copies that refuse, the host pages it takes. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "gmem.h"
#include "mm.h"
#include "sim.h"
#include "tests.h"

#define MIB (1ul << 20)

static struct gmem mem;

static void fresh(uint64_t size)
{
	sim_reset();
	CU_ASSERT_PTR_NULL_FATAL(gmem_init(&mem, size));
}

static void test_takes_aligned_zeroed_host_pages(void)
{
	sim_reset();
	size_t before = palloc_free_pages();
	CU_ASSERT_PTR_NULL_FATAL(gmem_init(&mem, 4 * MIB));
	CU_ASSERT_EQUAL(mem.size, 4 * MIB);
	CU_ASSERT_EQUAL(mem.hpa % GMEM_ALIGN, 0);
	CU_ASSERT_PTR_EQUAL(mem.host, pa_to_va(mem.hpa));
	CU_ASSERT_EQUAL(palloc_free_pages(), before - 4 * MIB / PAGE_SIZE);
	size_t nonzero = 0;
	for (uint64_t i = 0; i < mem.size; i++)
		nonzero += mem.host[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
	gmem_destroy(&mem);
	CU_ASSERT_EQUAL(palloc_free_pages(), before);
}

static void test_refuses_bad_sizes(void)
{
	sim_reset();
	const char *why = gmem_init(&mem, 3 * MIB);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "3072 KiB: not a whole number of 2 MiB"));
	CU_ASSERT_PTR_NOT_NULL(gmem_init(&mem, 0));
	why = gmem_init(&mem, 64 * MIB); /* simulated RAM is 16 MiB */
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "no 64 MiB run of free host memory"));
	CU_ASSERT_EQUAL(mem.size, 0); /* nothing half set up */
}

static void test_contains_at_the_edges(void)
{
	fresh(2 * MIB);
	uint64_t end = mem.size;
	CU_ASSERT_TRUE(gmem_contains(&mem, 0, end));
	CU_ASSERT_TRUE(gmem_contains(&mem, end - 1, 1));
	CU_ASSERT_TRUE(gmem_contains(&mem, end, 0));
	CU_ASSERT_FALSE(gmem_contains(&mem, end, 1));
	CU_ASSERT_FALSE(gmem_contains(&mem, end - 1, 2));
	CU_ASSERT_FALSE(gmem_contains(&mem, 0, end + 1));
	CU_ASSERT_FALSE(gmem_contains(&mem, end + 1, 0));
}

/* Sums that wrap past 2^64 must not look small. */
static void test_contains_without_wrapping(void)
{
	fresh(2 * MIB);
	CU_ASSERT_FALSE(gmem_contains(&mem, UINT64_MAX, 2));
	CU_ASSERT_FALSE(gmem_contains(&mem, 16, UINT64_MAX));
	CU_ASSERT_FALSE(gmem_contains(&mem, UINT64_MAX - 15, 32));
	CU_ASSERT_FALSE(gmem_contains(&mem, 1ull << 63, 1ull << 63));
	CU_ASSERT_PTR_NULL(gmem_ptr(&mem, UINT64_MAX, 1));
	uint64_t hpa;
	CU_ASSERT_FALSE(gmem_hpa(&mem, mem.size, &hpa));
	CU_ASSERT_TRUE(gmem_hpa(&mem, mem.size - 1, &hpa));
	CU_ASSERT_EQUAL(hpa, mem.hpa + mem.size - 1);
}

static void test_copies_in_and_out(void)
{
	fresh(2 * MIB);
	const char msg[] = "written by the monitor";
	CU_ASSERT_TRUE(gmem_write(&mem, 0x1234, msg, sizeof(msg)));
	CU_ASSERT_EQUAL(memcmp(mem.host + 0x1234, msg, sizeof(msg)), 0);
	char back[sizeof(msg)];
	CU_ASSERT_TRUE(gmem_read(&mem, 0x1234, back, sizeof(back)));
	CU_ASSERT_STRING_EQUAL(back, msg);
	uint8_t last = 0xa7;
	CU_ASSERT_TRUE(gmem_write(&mem, mem.size - 1, &last, 1));
	CU_ASSERT_EQUAL(mem.host[mem.size - 1], 0xa7);
}

/* A copy that reaches one byte out copies nothing: the monitor's memory
 * right after the guest's stays as it was. */
static void test_refused_copies_touch_nothing(void)
{
	fresh(2 * MIB);
	uint8_t *after = mem.host + mem.size; /* the host page after guest memory */
	uint8_t before_after = *after;
	uint8_t buf[16];
	memset(buf, 0xee, sizeof(buf));
	CU_ASSERT_FALSE(gmem_write(&mem, mem.size - 8, buf, 16));
	CU_ASSERT_EQUAL(mem.host[mem.size - 8], 0);
	CU_ASSERT_EQUAL(*after, before_after);
	CU_ASSERT_FALSE(gmem_write(&mem, UINT64_MAX - 7, buf, 16));
	memset(buf, 0x11, sizeof(buf));
	CU_ASSERT_FALSE(gmem_read(&mem, mem.size - 8, buf, 16));
	CU_ASSERT_EQUAL(buf[0], 0x11);
}

void add_gmem_tests(void)
{
	CU_pSuite s = CU_add_suite("gmem", NULL, NULL);
	CU_add_test(s, "takes_aligned_zeroed_host_pages", test_takes_aligned_zeroed_host_pages);
	CU_add_test(s, "refuses_bad_sizes", test_refuses_bad_sizes);
	CU_add_test(s, "contains_at_the_edges", test_contains_at_the_edges);
	CU_add_test(s, "contains_without_wrapping", test_contains_without_wrapping);
	CU_add_test(s, "copies_in_and_out", test_copies_in_and_out);
	CU_add_test(s, "refused_copies_touch_nothing", test_refused_copies_touch_nothing);
}
