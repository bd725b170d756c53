/* The suites of the kernel's unit-test binary. */
#ifndef VLAB_KERNEL_TESTS_H
#define VLAB_KERNEL_TESTS_H

void add_printf_tests(void);
void add_palloc_tests(void);
void add_pagetable_tests(void);

#endif
