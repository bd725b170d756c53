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
static int catching; /* inside sim_panics: panic and poweroff return there */
char sim_panic_message[256];
char sim_console[65536];
int sim_poweroff_status = -1;
static size_t console_used;

int kvprintf(const char *fmt, va_list ap)
{
	int n = kvsnprintf(sim_console + console_used, sizeof(sim_console) - console_used, fmt, ap);
	console_used += n;
	if (console_used >= sizeof(sim_console))
		console_used = sizeof(sim_console) - 1; /* full: the rest is lost */
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* Back to sim_panics; outside it, a test did not expect to stop here. */
__attribute__((noreturn)) static void stop(void)
{
	if (catching)
		longjmp(panic_jmp, 1);
	fprintf(stderr, "unexpected stop: %s\n%s", sim_panic_message, sim_console);
	abort();
}

void poweroff(int status)
{
	sim_poweroff_status = status;
	stop();
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sim_panic_message, sizeof(sim_panic_message), fmt, ap);
	va_end(ap);
	stop();
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
	sim_console[0] = '\0';
	console_used = 0;
	sim_poweroff_status = -1;
	palloc_reserve(0, MAX_PHYS);
	palloc_add_range(SIM_RAM_START, SIM_RAM_END - SIM_RAM_START);
}

int sim_panics(void (*fn)(uint64_t), uint64_t arg)
{
	sim_panic_message[0] = '\0';
	catching = 1;
	if (setjmp(panic_jmp)) {
		catching = 0;
		return 1;
	}
	fn(arg);
	catching = 0;
	return 0;
}
