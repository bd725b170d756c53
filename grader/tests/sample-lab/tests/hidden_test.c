/* The sample lab's hidden test (SECRET-HIDDEN-7f3a: no student may see this). */
#include <vlab_unit.h>

#include "arith.h"

static void test_add_negative(void)
{
	EXPECT_INT(add(-1000, -24), -1024, "add(-1000, -24)");
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("hidden", NULL, NULL);
	CU_add_test(s, "add_negative", test_add_negative);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
