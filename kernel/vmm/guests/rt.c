/* The micro-guests' runtime (rt.h), also the hostile guests' (hostile.h). */
#include "bootinfo.h"
#include "console.h"
#include "hostile.h"
#include "kstring.h"
#include "pcdev.h"
#include "rt.h"
#include "pvops.h"
#include "x86.h"

extern const struct micro_guest __start_micro_guests[], __stop_micro_guests[];
extern const struct hostile_guest __start_hostile_guests[], __stop_hostile_guests[];

void micro_note(const struct micro *m, const char *label, uint64_t value)
{
	kprintf("micro: %s: %u %s = %#lx\n", m->name, m->folded, label, value);
}

static struct idt_gate idt[NUM_VECTORS] __attribute__((aligned(16)));
static void (*trap_handler)(struct trapframe *tf);

/* Called by arch/trapentry.S for every vector. */
void trap_dispatch(struct trapframe *tf)
{
	trap_handler(tf);
}

void micro_idt_load(void (*handler)(struct trapframe *tf))
{
	trap_handler = handler;
	for (int v = 0; v < NUM_VECTORS; v++) {
		uint64_t a = trap_vectors[v];
		idt[v] = (struct idt_gate){ .offset_low = a & 0xffff,
			                    .selector = BOOT_GDT_CODE64,
			                    .type = 0x8e,
			                    .offset_mid = a >> 16 & 0xffff,
			                    .offset_high = a >> 32 };
	}
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
	x86_lidt(&p);
}

static const struct boot_params *params; /* the monitor's, when it left them */

static bool has_arg(const struct boot_params *p, const char *word)
{
	size_t n = strlen(word);
	for (const char *a = p->args; *a; a++)
		if ((a == p->args || a[-1] == ' ') && strncmp(a, word, n) == 0 &&
		    (a[n] == ' ' || a[n] == '\0'))
			return true;
	return false;
}

bool micro_has_arg(const char *word)
{
	return params && has_arg(params, word);
}

static const struct bootinfo *bootinfo;

uint64_t micro_ram_end(void)
{
	uint64_t end = 0;
	for (uint32_t i = 0; i < bootinfo->e820_count && i < BOOTINFO_E820_MAX; i++) {
		const struct e820_entry *e = &bootinfo->e820[i];
		if (e->type == E820_USABLE && e->base + e->length > end)
			end = e->base + e->length;
	}
	return end;
}

/* A hostile guest returns only if the machine let it through. */
static __attribute__((noreturn)) void run_hostile(const struct hostile_guest *g, uint64_t seed)
{
	struct hostile h = { .ram_end = micro_ram_end() };
	micro_start(&h.m, g->name, seed, false);
	g->run(&h);
	kprintf("hostile: %s: not stopped (seed %lu)\n", g->name, seed);
	poweroff(0);
}

void kmain(uint64_t bootinfo_pa)
{
	const struct bootinfo *bi = (const struct bootinfo *)bootinfo_pa; /* identity-mapped */
	bootinfo = bi;
	serial_init();
	/* No interrupt before a guest asks for one: the BIOS left the timer
	 * running on IRQ 0, at a vector that is an exception's. */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	long micro = __stop_micro_guests - __start_micro_guests;
	long hostile = __stop_hostile_guests - __start_hostile_guests;
	if (micro + hostile != 1)
		panic("a guest image holds %ld micro-guests and %ld hostile guests, want one",
		      micro, hostile);
	if (memcmp(bi->params.magic, PARAMS_MAGIC, 8) == 0)
		params = &bi->params;
	uint64_t seed = params && params->seed ? params->seed : x86_rdtsc() | 1;
	if (hostile)
		run_hostile(__start_hostile_guests, seed);
	const struct micro_guest *g = __start_micro_guests;
	struct micro m;
	micro_start(&m, g->name, seed, micro_has_arg("verbose=1"));
	g->run(&m);
	kprintf("micro: %s: %016lx (seed %lu)\n", g->name, m.result, seed);
	poweroff(0);
}
