/* The sample lab's visible unit tests. */
#include <vlab_unit.h>

#include "arith.h"

static void test_add(void)
{
	CU_ASSERT_EQUAL(add(2, 3), 5);
	CU_ASSERT_EQUAL(add(-4, 1), -3);
}

static void test_add_commutes(void)
{
	CU_ASSERT_EQUAL(add(7, 11), add(11, 7));
	CU_ASSERT_EQUAL(add(7, 11), 18);
}

/* The seed changes every run: only a working carry() keeps it. */
static void test_carry(void)
{
	uint64_t seed = vlab_unit_seed();
	CU_ASSERT_EQUAL(carry(seed), seed);
	CU_ASSERT_EQUAL(carry(~seed), ~seed);
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("arith", NULL, NULL);
	CU_add_test(s, "add", test_add);
	CU_add_test(s, "add_commutes", test_add_commutes);
	CU_add_test(s, "carry", test_carry);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
