/* What the hostile guests share (hostile.h), linked into each beside rt.c. */
#include <stdarg.h>
#include "bootinfo.h"
#include "console.h"
#include "hostile.h"
#include "mm.h"
#include "x86.h"

void hostile_say(const struct hostile *h, const char *fmt, ...)
{
	va_list ap;
	kprintf("hostile: %s: ", h->m.name);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	serial_drain();
}

const char *hostile_exception_name(enum hostile_exception e)
{
	static const char *const names[HOSTILE_EXCEPTIONS] = {
		[RAISE_BP] = "int3 (#BP)",
		[RAISE_UD] = "ud2 (#UD)",
		[RAISE_DE] = "a divide by zero (#DE)",
		[RAISE_PF] = "a read of an unmapped page (#PF)",
	};
	return names[e];
}

void hostile_raise(enum hostile_exception e)
{
	switch (e) {
	case RAISE_BP:
		__asm__ volatile("int3");
		break;
	case RAISE_UD:
		__asm__ volatile("ud2");
		break;
	case RAISE_DE:
		__asm__ volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" : : : "rax", "rcx", "rdx");
		break;
	case RAISE_PF:
		(void)*(volatile uint64_t *)HOSTILE_WINDOW;
		break;
	case HOSTILE_EXCEPTIONS:
		break;
	}
}

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));

void hostile_window(uint64_t *entry[4])
{
	const uint64_t *boot = (const uint64_t *)BOOT_PML4; /* identity-mapped */
	for (int i = 0; i < 512; i++)
		pml4[i] = boot[i];
	pml4[HOSTILE_WINDOW >> 39] = (uint64_t)pdpt | PTE_P | PTE_W;
	pdpt[0] = (uint64_t)pd | PTE_P | PTE_W;
	pd[0] = (uint64_t)pt | PTE_P | PTE_W;
	pt[0] = 0;
	entry[0] = &pml4[HOSTILE_WINDOW >> 39];
	entry[1] = &pdpt[0];
	entry[2] = &pd[0];
	entry[3] = &pt[0];
	x86_write_cr3((uint64_t)pml4);
}
