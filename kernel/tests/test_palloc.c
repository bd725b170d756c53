/* The physical page allocator over simulated RAM (sim.c). */
#include <CUnit/CUnit.h>
#include <stdlib.h>
#include <string.h>
#include "mm.h"
#include "sim.h"
#include "tests.h"

#define SIM_PAGES ((SIM_RAM_END - SIM_RAM_START) / PAGE_SIZE)

static int by_address(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void test_every_page_once(void)
{
	sim_reset();
	CU_ASSERT_EQUAL(palloc_free_pages(), SIM_PAGES);
	uint64_t *pages = calloc(SIM_PAGES, sizeof(uint64_t));
	size_t n = 0;
	for (uint64_t pa; (pa = palloc_alloc()) != 0; n++) {
		CU_ASSERT_FATAL(n < SIM_PAGES);
		pages[n] = pa;
	}
	CU_ASSERT_EQUAL(n, SIM_PAGES);
	CU_ASSERT_EQUAL(palloc_free_pages(), 0);
	qsort(pages, n, sizeof(*pages), by_address);
	for (size_t i = 0; i < n; i++) /* exactly the pages of the range, each once */
		CU_ASSERT_EQUAL(pages[i], SIM_RAM_START + i * PAGE_SIZE);
	free(pages);
}

static void test_pages_are_zeroed(void)
{
	sim_reset(); /* fills RAM with 0x5a */
	uint64_t pa = palloc_alloc();
	const unsigned char *p = pa_to_va(pa);
	size_t nonzero = 0;
	for (size_t i = 0; i < PAGE_SIZE; i++)
		nonzero += p[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
}

static void test_free_makes_reusable(void)
{
	sim_reset();
	uint64_t a = palloc_alloc(), b = palloc_alloc();
	CU_ASSERT_NOT_EQUAL(a, b);
	while (palloc_alloc())
		;
	palloc_free(a);
	CU_ASSERT_EQUAL(palloc_free_pages(), 1);
	CU_ASSERT_EQUAL(palloc_alloc(), a);
	CU_ASSERT_EQUAL(palloc_alloc(), 0);
	palloc_free(b);
	CU_ASSERT_EQUAL(palloc_alloc(), b);
}

static void test_double_free_panics(void)
{
	sim_reset();
	uint64_t pa = palloc_alloc();
	palloc_free(pa);
	CU_ASSERT_TRUE(sim_panics(palloc_free, pa));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_panic_message, "double free"));
	CU_ASSERT_EQUAL(palloc_free_pages(), SIM_PAGES);
}

static void test_bad_free_panics(void)
{
	sim_reset();
	CU_ASSERT_TRUE(sim_panics(palloc_free, 0));
	CU_ASSERT_TRUE(sim_panics(palloc_free, SIM_RAM_START + 12)); /* unaligned */
	CU_ASSERT_TRUE(sim_panics(palloc_free, MAX_PHYS));           /* beyond the map */
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_panic_message, "not a page address"));
	CU_ASSERT_EQUAL(palloc_free_pages(), SIM_PAGES);
}

static void test_ranges_round_inward_reserve_outward(void)
{
	sim_reset();
	palloc_reserve(0, MAX_PHYS);
	palloc_add_range(SIM_RAM_START + 100, 3 * PAGE_SIZE); /* covers 2 whole pages */
	CU_ASSERT_EQUAL(palloc_free_pages(), 2);
	palloc_reserve(SIM_RAM_START + PAGE_SIZE + PAGE_SIZE - 1, 2); /* touches both */
	CU_ASSERT_EQUAL(palloc_free_pages(), 0);
	palloc_add_range(0, 3 * PAGE_SIZE); /* page 0 is never handed out */
	CU_ASSERT_EQUAL(palloc_free_pages(), 2);
}

static void test_contig_run_is_aligned_free_and_zeroed(void)
{
	sim_reset();
	uint64_t hole = SIM_RAM_START + 0x200000; /* one used page in the first aligned run */
	palloc_reserve(hole, PAGE_SIZE);
	size_t before = palloc_free_pages();
	uint64_t pa = palloc_alloc_contig(512, 512);
	CU_ASSERT_EQUAL(pa % 0x200000, 0);
	CU_ASSERT_TRUE(pa >= SIM_RAM_START && pa + 0x200000 <= SIM_RAM_END);
	CU_ASSERT_FALSE(pa <= hole && hole < pa + 0x200000);
	CU_ASSERT_EQUAL(palloc_free_pages(), before - 512);
	const unsigned char *p = pa_to_va(pa);
	size_t nonzero = 0;
	for (size_t i = 0; i < 0x200000; i++)
		nonzero += p[i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
	/* No single page of the run is handed out again. */
	for (uint64_t page; (page = palloc_alloc()) != 0;)
		CU_ASSERT_FALSE(page >= pa && page < pa + 0x200000);
}

static void test_contig_refuses_what_does_not_fit(void)
{
	sim_reset();
	size_t before = palloc_free_pages();
	CU_ASSERT_EQUAL(palloc_alloc_contig(SIM_RAM_END / PAGE_SIZE, 1), 0); /* more than RAM */
	CU_ASSERT_EQUAL(palloc_alloc_contig(0, 1), 0);
	CU_ASSERT_EQUAL(palloc_alloc_contig(4, 3), 0); /* alignment not a power of two */
	CU_ASSERT_EQUAL(palloc_free_pages(), before);
}

void add_palloc_tests(void)
{
	CU_pSuite s = CU_add_suite("palloc", NULL, NULL);
	CU_add_test(s, "every_page_once", test_every_page_once);
	CU_add_test(s, "contig_run_is_aligned_free_and_zeroed",
	            test_contig_run_is_aligned_free_and_zeroed);
	CU_add_test(s, "contig_refuses_what_does_not_fit", test_contig_refuses_what_does_not_fit);
	CU_add_test(s, "pages_are_zeroed", test_pages_are_zeroed);
	CU_add_test(s, "free_makes_reusable", test_free_makes_reusable);
	CU_add_test(s, "double_free_panics", test_double_free_panics);
	CU_add_test(s, "bad_free_panics", test_bad_free_panics);
	CU_add_test(s, "ranges_round_inward_reserve_outward",
	            test_ranges_round_inward_reserve_outward);
}
