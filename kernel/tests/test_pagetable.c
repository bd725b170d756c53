/* Four-level page tables over simulated RAM: what the MMU would see. */
#include <CUnit/CUnit.h>
#include "mm.h"
#include "sim.h"
#include "tests.h"

static uint64_t *entry(uint64_t table, unsigned index)
{
	return (uint64_t *)pa_to_va(table) + index;
}

static void test_map_then_translate(void)
{
	sim_reset();
	uint64_t root = pt_create(), page = palloc_alloc();
	uint64_t va = 0x00007f1234567000ul, pa;
	CU_ASSERT_EQUAL(pt_map(root, va, page, PTE_W | PTE_U), PT_OK);
	CU_ASSERT_TRUE(pt_translate(root, va + 0x123, &pa));
	CU_ASSERT_EQUAL(pa, page + 0x123);
	CU_ASSERT_FALSE(pt_translate(root, va + PAGE_SIZE, &pa));
	/* Walk by hand, as the MMU does: PML4 -> PDPT -> PD -> PT. */
	uint64_t t = root;
	for (int level = 4; level > 1; level--) {
		uint64_t e = *entry(t, (va >> (12 + 9 * (level - 1))) & 511);
		CU_ASSERT_EQUAL(e & (PTE_P | PTE_W | PTE_U), PTE_P | PTE_W | PTE_U);
		t = e & PTE_ADDR;
	}
	uint64_t leaf = *entry(t, (va >> 12) & 511);
	CU_ASSERT_EQUAL(leaf, page | PTE_P | PTE_W | PTE_U);
}

static void test_higher_half(void)
{
	sim_reset();
	uint64_t root = pt_create(), page = palloc_alloc(), pa;
	uint64_t va = 0xffffffff80100000ul;
	CU_ASSERT_EQUAL(pt_map(root, va, page, PTE_NX), PT_OK);
	CU_ASSERT_TRUE(pt_translate(root, va, &pa));
	CU_ASSERT_EQUAL(pa, page);
	CU_ASSERT_NOT_EQUAL(*entry(root, 511), 0);
	int level;
	CU_ASSERT_EQUAL(*pt_walk(root, va, false, &level), page | PTE_NX | PTE_P);
	CU_ASSERT_EQUAL(level, 1);
}

static void test_unmap(void)
{
	sim_reset();
	uint64_t root = pt_create(), page = palloc_alloc(), pa;
	CU_ASSERT_EQUAL(pt_map(root, 0x400000, page, PTE_W), PT_OK);
	CU_ASSERT_EQUAL(pt_unmap(root, 0x400000), PT_OK);
	CU_ASSERT_FALSE(pt_translate(root, 0x400000, &pa));
	CU_ASSERT_EQUAL(pt_unmap(root, 0x400000), PT_NOTMAPPED);
	CU_ASSERT_EQUAL(pt_unmap(root, 0x7000000000ul), PT_NOTMAPPED); /* no tables at all */
}

static void test_protect(void)
{
	sim_reset();
	uint64_t root = pt_create(), page = palloc_alloc();
	int level;
	pt_map(root, 0x400000, page, PTE_W | PTE_U);
	CU_ASSERT_EQUAL(pt_protect(root, 0x400000, PTE_U | PTE_NX), PT_OK);
	CU_ASSERT_EQUAL(*pt_walk(root, 0x400000, false, &level), page | PTE_P | PTE_U | PTE_NX);
	CU_ASSERT_EQUAL(pt_protect(root, 0x800000, PTE_W), PT_NOTMAPPED);
}

static void test_bad_addresses(void)
{
	sim_reset();
	uint64_t root = pt_create(), page = palloc_alloc();
	CU_ASSERT_EQUAL(pt_map(root, 0x0000800000000000ul, page, 0),
	                PT_INVALID);                                       /* non-canonical */
	CU_ASSERT_EQUAL(pt_map(root, 0x400010, page, 0), PT_INVALID);      /* unaligned va */
	CU_ASSERT_EQUAL(pt_map(root, 0x400000, page + 8, 0), PT_INVALID);  /* unaligned pa */
	CU_ASSERT_EQUAL(pt_map(root, 0x400000, 1ul << 52, 0), PT_INVALID); /* pa beyond 52 bits */
}

/* A 2 MiB page set up by hand (as the loader does) is walked and translated,
 * and refuses a 4 KiB mapping inside it. */
static void test_large_pages(void)
{
	sim_reset();
	uint64_t root = pt_create(), pdpt = palloc_alloc(), pd = palloc_alloc(), pa;
	*entry(root, 0) = pdpt | PTE_P | PTE_W;
	*entry(pdpt, 0) = pd | PTE_P | PTE_W;
	*entry(pd, 1) = 0x200000 | PTE_P | PTE_W | PTE_PS;
	int level;
	CU_ASSERT_PTR_NOT_NULL(pt_walk(root, 0x234567, false, &level));
	CU_ASSERT_EQUAL(level, 2);
	CU_ASSERT_TRUE(pt_translate(root, 0x234567, &pa));
	CU_ASSERT_EQUAL(pa, 0x234567);
	CU_ASSERT_EQUAL(pt_map(root, 0x201000, palloc_alloc(), 0), PT_HUGE);
	CU_ASSERT_EQUAL(pt_protect(root, 0x200000, 0), PT_OK);
	CU_ASSERT_EQUAL(*entry(pd, 1), 0x200000 | PTE_P | PTE_PS); /* still a large page */
}

static void test_out_of_memory(void)
{
	sim_reset();
	uint64_t root = pt_create(), page = palloc_alloc();
	while (palloc_alloc())
		;
	CU_ASSERT_EQUAL(pt_map(root, 0x400000, page, 0), PT_NOMEM);
	CU_ASSERT_EQUAL(pt_create(), 0);
}

static void test_destroy_frees_tables(void)
{
	sim_reset();
	size_t before = palloc_free_pages();
	uint64_t root = pt_create(), page = palloc_alloc();
	for (uint64_t va = 0x400000; va < 0x400000 + 600 * PAGE_SIZE; va += PAGE_SIZE)
		CU_ASSERT_EQUAL(pt_map(root, va, page, PTE_W), PT_OK); /* spans two page tables */
	CU_ASSERT_EQUAL(pt_map(root, 0xffffffff80000000ul, page, 0), PT_OK);
	/* root and page; PDPT, PD and 2 PTs below; PDPT, PD and 1 PT above */
	CU_ASSERT_EQUAL(palloc_free_pages(), before - 2 - 4 - 3);
	pt_destroy(root, 256, 511); /* the upper half only */
	CU_ASSERT_EQUAL(palloc_free_pages(), before - 2 - 4);
	pt_destroy(root, 0, 511);
	CU_ASSERT_EQUAL(palloc_free_pages(), before - 1); /* only the mapped page is left */
}

void add_pagetable_tests(void)
{
	CU_pSuite s = CU_add_suite("pagetable", NULL, NULL);
	CU_add_test(s, "map_then_translate", test_map_then_translate);
	CU_add_test(s, "higher_half", test_higher_half);
	CU_add_test(s, "unmap", test_unmap);
	CU_add_test(s, "protect", test_protect);
	CU_add_test(s, "bad_addresses", test_bad_addresses);
	CU_add_test(s, "large_pages", test_large_pages);
	CU_add_test(s, "out_of_memory", test_out_of_memory);
	CU_add_test(s, "destroy_frees_tables", test_destroy_frees_tables);
}
