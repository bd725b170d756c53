/*
 * Self-tests: page tables the kernel builds itself, CR3 reloads, INVLPG, and
 * page faults it handles.  Everything happens at TEST_VA, in PML4 slot 1,
 * which neither build maps, inside a copy of the current top-level table.
 */
#include "console.h"
#include "kstring.h"
#include "mm.h"
#include "pvops.h"
#include "selftest.h"
#include "trap.h"

#define TEST_SLOT 1
#define TEST_VA   0x0000008000000000ul /* PML4 slot 1 */

static uint64_t kernel_cr3, test_cr3;

/* A top-level table with every present entry of the current one, so the
 * kernel keeps running after the switch, and an empty TEST_SLOT. */
static bool enter_test_tables(void)
{
	kernel_cr3 = pv.read_cr3();
	test_cr3 = pt_create();
	if (!test_cr3)
		return false;
	memcpy(pa_to_va(test_cr3), pa_to_va(kernel_cr3 & PTE_ADDR), PAGE_SIZE);
	((uint64_t *)pa_to_va(test_cr3))[TEST_SLOT] = 0;
	pv.write_cr3(test_cr3);
	return true;
}

static void leave_test_tables(void)
{
	pv.write_cr3(kernel_cr3);
	pt_destroy(test_cr3, TEST_SLOT, TEST_SLOT);
	palloc_free(test_cr3);
}

static uint64_t page_with(uint64_t value)
{
	uint64_t pa = palloc_alloc();
	if (pa)
		*(uint64_t *)pa_to_va(pa) = value;
	return pa;
}

static uint64_t read_test_va(unsigned offset)
{
	return *(volatile uint64_t *)(TEST_VA + offset);
}

static const char *own_page_tables(void)
{
	uint64_t a = page_with(st_pattern(10));
	if (!a || !enter_test_tables())
		return st_fail("out of memory");
	int err = pt_map(test_cr3, TEST_VA, a, PTE_W | PTE_NX);
	uint64_t got = err ? 0 : read_test_va(0);
	if (!err)
		*(volatile uint64_t *)TEST_VA = st_pattern(11);
	leave_test_tables();
	uint64_t stored = *(uint64_t *)pa_to_va(a);
	palloc_free(a);
	if (err)
		return st_fail("pt_map: %s", pt_strerror(err));
	if (got != st_pattern(10))
		return st_fail("read %#lx through the new mapping, want %#lx", got, st_pattern(10));
	if (stored != st_pattern(11))
		return st_fail("a write through the mapping did not reach the page");
	return 0;
}

/* Remap TEST_VA from page a to page b, then make the CPU see it either by
 * reloading CR3 or by INVLPG; the read must come from b. */
static const char *remap_and_flush(bool use_invlpg)
{
	uint64_t a = page_with(st_pattern(12)), b = page_with(st_pattern(13));
	if (!a || !b || !enter_test_tables())
		return st_fail("out of memory");
	pt_map(test_cr3, TEST_VA, a, PTE_W);
	uint64_t first = read_test_va(0); /* the translation is now in the TLB */
	pt_map(test_cr3, TEST_VA, b, PTE_W);
	if (use_invlpg)
		pv.invlpg(TEST_VA);
	else
		pv.write_cr3(test_cr3);
	uint64_t second = read_test_va(0);
	leave_test_tables();
	palloc_free(a);
	palloc_free(b);
	if (first != st_pattern(12))
		return st_fail("first read %#lx, want %#lx", first, st_pattern(12));
	if (second != st_pattern(13))
		return st_fail("after %s the old page still shows (%#lx)",
		               use_invlpg ? "INVLPG" : "a CR3 reload", second);
	return 0;
}

static const char *cr3_reload_flushes(void)
{
	return remap_and_flush(false);
}

static const char *invlpg_flushes(void)
{
	return remap_and_flush(true);
}

/* The #PF handler of the next two tests: check what the CPU reported, fix the
 * mapping, and let the faulting instruction run again. */
static struct {
	uint64_t cr2, error, page;
	int count;
} fault;

static bool fix_page_fault(struct trapframe *tf)
{
	fault.count++;
	fault.cr2 = pv.read_cr2();
	fault.error = tf->error;
	if (fault.count > 1 || (fault.cr2 & ~(PAGE_SIZE - 1)) != TEST_VA)
		return false; /* not ours: let the kernel report it */
	if (fault.error & PF_P)
		pt_protect(test_cr3, TEST_VA, PTE_W);
	else
		pt_map(test_cr3, TEST_VA, fault.page, PTE_W);
	pv.invlpg(TEST_VA);
	return true;
}

static const char *page_fault(bool present)
{
	fault.count = 0;
	fault.page = palloc_alloc();
	if (!fault.page || !enter_test_tables())
		return st_fail("out of memory");
	if (present)
		pt_map(test_cr3, TEST_VA, fault.page, 0); /* read-only */
	trap_register(T_PF, fix_page_fault);
	*(volatile uint64_t *)(TEST_VA + 8) = st_pattern(14);
	trap_register(T_PF, 0);
	leave_test_tables();
	uint64_t stored = ((uint64_t *)pa_to_va(fault.page))[1];
	palloc_free(fault.page);

	uint32_t want = PF_W | (present ? PF_P : 0);
	if (fault.count != 1)
		return st_fail("%d page faults, want 1", fault.count);
	if (fault.cr2 != TEST_VA + 8)
		return st_fail("CR2 is %#lx, want %#lx", fault.cr2, TEST_VA + 8);
	if ((fault.error & (PF_P | PF_W | PF_U)) != want)
		return st_fail("error code %#lx, want %#x", fault.error, want);
	if (stored != st_pattern(14))
		return st_fail("the retried write did not land");
	return 0;
}

static const char *page_fault_not_present(void)
{
	return page_fault(false);
}

static const char *page_fault_write_protect(void)
{
	return page_fault(true);
}

static const char *palloc_roundtrip(void)
{
	enum { N = 16 };
	uint64_t pages[N];
	size_t before = palloc_free_pages();
	for (int i = 0; i < N; i++) {
		pages[i] = palloc_alloc();
		if (!pages[i])
			return st_fail("allocation %d failed with %zu pages free", i, before);
		for (int j = 0; j < i; j++)
			if (pages[j] == pages[i])
				return st_fail("page %#lx handed out twice", pages[i]);
		const uint64_t *p = pa_to_va(pages[i]);
		for (unsigned k = 0; k < PAGE_SIZE / 8; k++)
			if (p[k])
				return st_fail("page %#lx not zeroed", pages[i]);
		memset(pa_to_va(pages[i]), 0xa5, PAGE_SIZE);
	}
	for (int i = 0; i < N; i++)
		palloc_free(pages[i]);
	if (palloc_free_pages() != before)
		return st_fail("%zu pages free after, %zu before", palloc_free_pages(), before);
	return 0;
}

const struct selftest selftests_paging[] = {
	{ "palloc_roundtrip", palloc_roundtrip },
	{ "own_page_tables", own_page_tables },
	{ "cr3_reload_flushes", cr3_reload_flushes },
	{ "invlpg_flushes", invlpg_flushes },
	{ "page_fault_not_present", page_fault_not_present },
	{ "page_fault_write_protect", page_fault_write_protect },
	{ 0, 0 },
};
