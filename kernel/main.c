/* The kernel's start: bring up the machine in order, then run the image's role. */
#include "console.h"
#include "kernel.h"
#include "kstring.h"
#include "mm.h"
#include "pic.h"
#include "pvops.h"
#include "trap.h"

void cpu_print_banner(void); /* arch/cpu.c */

static const struct bootinfo *bootinfo;
static uint64_t seed;

const struct bootinfo *boot_info(void)
{
	return bootinfo;
}

uint64_t boot_seed(void)
{
	return seed;
}

static bool params_valid(void)
{
	return memcmp(bootinfo->params.magic, PARAMS_MAGIC, 8) == 0;
}

const char *boot_arg(const char *name, char *buf, int size)
{
	if (!params_valid())
		return 0;
	const char *p = bootinfo->params.args, *end = p + sizeof(bootinfo->params.args);
	size_t len = strlen(name);
	while (p < end && *p) {
		while (*p == ' ')
			p++;
		const char *word = p;
		while (p < end && *p && *p != ' ')
			p++;
		if ((size_t)(p - word) > len && strncmp(word, name, len) == 0 && word[len] == '=') {
			int n = 0;
			for (const char *v = word + len + 1; v < p && n < size - 1; v++)
				buf[n++] = *v;
			buf[n] = '\0';
			return buf;
		}
	}
	return 0;
}

/*
 * crash=KIND on the command line makes the kernel fail on purpose, so the
 * tests (and an instructor at the lectern) can see how each failure looks.
 */
static void crash_on_request(void)
{
	char kind[32];
	if (!boot_arg("crash", kind, sizeof(kind)))
		return;
	kprintf("crash: %s, as the command line asks\n", kind);
	pv.console_flush();
	if (strcmp(kind, "panic") == 0)
		panic("crash=panic requested");
	if (strcmp(kind, "pagefault") == 0)
		*(volatile uint64_t *)0x8000000000ull = 1; /* PML4 slot 1: never mapped */
	if (strcmp(kind, "triplefault") == 0) {
		struct desc_ptr none = { 0, 0 };
		pv.load_idt(&none); /* INT3 -> #GP -> #DF -> shutdown (SDM Vol. 3A, 6.15) */
		__asm__ volatile("int3");
	}
	if (strcmp(kind, "hang") == 0) {
		irq_disable();
		for (;;)
			pv.halt();
	}
	panic("crash=%s: unknown kind (panic, pagefault, triplefault, hang)", kind);
}

void kmain(uint64_t bootinfo_pa)
{
	bootinfo = pa_to_va(bootinfo_pa);
	serial_init();
	if (bootinfo->magic != BOOTINFO_MAGIC)
		panic("no boot information at %#lx (magic %#x)", bootinfo_pa, bootinfo->magic);
	trap_init();
	pic_init();
	mem_init(bootinfo);
	pv_init();
	seed = params_valid() && bootinfo->params.seed ? bootinfo->params.seed : x86_rdtsc() | 1;
	kprintf("vlab: %s kernel, %lu KiB free, pv backend %s, seed %lu\n", KERNEL_BUILD,
	        palloc_free_pages() * PAGE_SIZE / 1024, pv.name, seed);
	cpu_print_banner();
	timer_init();
	crash_on_request();
	poweroff(role_main());
}
