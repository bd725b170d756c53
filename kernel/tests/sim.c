#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "console.h"
#include "mm.h"
#include "sim.h"

uintptr_t physmap_base;
static jmp_buf panic_jmp;
char sim_panic_message[256];

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sim_panic_message, sizeof(sim_panic_message), fmt, ap);
	va_end(ap);
	longjmp(panic_jmp, 1);
}

void sim_reset(void)
{
	static void *ram;
	if (!ram) {
		ram = aligned_alloc(PAGE_SIZE, SIM_RAM_END);
		if (!ram) {
			perror("simulated RAM");
			exit(2);
		}
		physmap_base = (uintptr_t)ram;
	}
	memset(ram, 0x5a, SIM_RAM_END); /* garbage, so "zeroed" means something */
	palloc_reserve(0, MAX_PHYS);
	palloc_add_range(SIM_RAM_START, SIM_RAM_END - SIM_RAM_START);
}

int sim_panics(void (*fn)(uint64_t), uint64_t arg)
{
	sim_panic_message[0] = '\0';
	if (setjmp(panic_jmp))
		return 1;
	fn(arg);
	return 0;
}
