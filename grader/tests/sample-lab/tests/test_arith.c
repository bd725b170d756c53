/* The sample lab's visible unit tests. */
#include <vlab_unit.h>

#include "arith.h"

static void test_add(void)
{
	EXPECT_INT(add(2, 3), 5, "add(2, 3)");
	EXPECT_INT(add(-4, 1), -3, "add(-4, 1)");
}

static void test_add_commutes(void)
{
	int ab = 0, ba = 0;
	WITNESS(ab = add(7, 11), ba = add(11, 7));
	EXPECT_BOOL(ab == ba, true, "add(7, 11) == add(11, 7)");
	EXPECT_INT(ab, 18, "add(7, 11)");
}

/* The seed changes every run: only a working carry() keeps it. */
static void test_carry(void)
{
	uint64_t seed = vlab_unit_seed();
	EXPECT_HEX(carry(seed), seed, "carry(0x%llx)", (unsigned long long)seed);
	EXPECT_HEX(carry(~seed), ~seed, "carry(0x%llx)", (unsigned long long)~seed);
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
