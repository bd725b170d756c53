/* The kernel's unit tests: what runs on the host, over simulated memory. */
#include "tests.h"
#include "vlab_unit.h"

static void add_tests(void)
{
	add_printf_tests();
	add_palloc_tests();
	add_pagetable_tests();
	add_gmem_tests();
	add_guest_tests();
	add_uart_tests();
	add_pic_tests();
	add_pit_tests();
	add_ioapic_tests();
	add_iobus_tests();
	add_exitstat_tests();
	add_vm_tests();
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
