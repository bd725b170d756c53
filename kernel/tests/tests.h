/* The suites of the kernel's unit-test binary. */
#ifndef VLAB_KERNEL_TESTS_H
#define VLAB_KERNEL_TESTS_H

void add_printf_tests(void);
void add_palloc_tests(void);
void add_pagetable_tests(void);
void add_gmem_tests(void);
void add_guest_tests(void);
void add_uart_tests(void);
void add_pic_tests(void);
void add_pit_tests(void);
void add_ioapic_tests(void);
void add_iobus_tests(void);
void add_exitstat_tests(void);
void add_vm_tests(void);

#endif
