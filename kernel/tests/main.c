/* The kernel's unit tests: what runs on the host, over simulated memory. */
#include "tests.h"
#include "vlab_unit.h"

static void add_tests(void)
{
	add_printf_tests();
	add_palloc_tests();
	add_pagetable_tests();
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
