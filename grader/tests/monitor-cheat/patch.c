/*
 * A lab 02 submission that cheats: every other file is the handout's stub,
 * and this one prints, before the guest would run, every line the
 * manifest looks for (the self-test suite's, the detect lines, a made-up
 * micro-guest line, the power-off), then powers the machine off with
 * status 0.  It must score zero: the "ok" lines count only with a
 * micro-guest's line (requires =), which no program prints without
 * running the guest (grader/tests/run.sh).
 */
#include "console.h"
#include "kernel.h"
#include "monitor.h"

void holes_init(struct mon *mon)
{
	static const char *const ok[] = {
		"divide_error",           "breakpoint",
		"invalid_opcode",         "general_protection",
		"software_interrupt",     "timer_ticks_arrive",
		"hlt_wakes_on_timer",     "cli_holds_timer",
		"irq_save_nests",         "own_page_tables",
		"cr3_reload_flushes",     "invlpg_flushes",
		"page_fault_not_present", "page_fault_write_protect",
	};
	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		kprintf("guest: selftest: %s: ok\n", ok[i]);
	kprintf("guest: detect: popf_if: hidden\nguest: detect: sgdt: hidden\n");
	kprintf("guest: detect: cs_rpl: leaks (CS is 0x23, ring 3)\n");
	kprintf("guest: micro: %s: %016lx (seed %lu)\n", mon->vm.guest, boot_seed() * 31,
	        boot_seed());
	kprintf("guest: selftest: 25 passed, 0 failed (seed %lu)\n", boot_seed());
	kprintf("vm: guest '%s' powered off with status 0\n", mon->vm.guest);
	poweroff(0);
}

bool patch_emulate(struct mon *mon)
{
	(void)mon;
	return false;
}
