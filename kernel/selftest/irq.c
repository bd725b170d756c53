/* Self-tests: the timer interrupt, and masking it with cli/sti and pushf/popf. */
#include "pic.h"
#include "pvops.h"
#include "selftest.h"
#include "trap.h"

static bool interrupts_on(void)
{
	return pv.save_flags() & RFLAGS_IF;
}

static const char *timer_ticks_arrive(void)
{
	irq_enable();
	uint64_t before = timer_ticks();
	if (!st_wait_ticks(3))
		return st_fail("ticks stayed at %lu with interrupts on", before);
	return 0;
}

static const char *hlt_wakes_on_timer(void)
{
	irq_enable();
	if (!st_wait_ticks(1))
		return st_fail("the timer does not tick; not halting");
	uint64_t before = timer_ticks();
	pv.safe_halt();
	if (timer_ticks() == before)
		return st_fail("woke from HLT without a timer tick");
	return 0;
}

/* Wait, with interrupts off, until the PIC holds a timer request. */
static bool wait_pending_timer(void)
{
	for (int i = 0; i < 1000000; i++) {
		if (pic_irr() & (1u << IRQ_TIMER))
			return true;
		pv.relax();
	}
	return false;
}

/* With IF clear the timer's request waits in the PIC's IRR; STI delivers it. */
static const char *cli_holds_timer(void)
{
	irq_disable();
	uint64_t before = timer_ticks();
	bool pending = wait_pending_timer();
	uint64_t during = timer_ticks();
	irq_enable();
	for (volatile int i = 0; i < 1000 && timer_ticks() == during; i++)
		;
	uint64_t after = timer_ticks();
	if (!pending)
		return st_fail("no timer request reached the PIC's IRR with interrupts off");
	if (during != before)
		return st_fail("%lu ticks arrived with interrupts off", during - before);
	if (after == during)
		return st_fail("the pending tick was not delivered after sti");
	return 0;
}

/* irq_save/irq_restore nest like pushf; cli ... popf: only the outermost
 * restore turns interrupts back on. */
static const char *irq_save_nests(void)
{
	irq_enable();
	uint64_t outer = irq_save();
	uint64_t inner = irq_save();
	bool off_inside = !interrupts_on();
	uint64_t before = timer_ticks();
	irq_restore(inner);
	bool still_off = !interrupts_on();
	bool pending = wait_pending_timer();
	uint64_t during = timer_ticks();
	irq_restore(outer);
	bool back_on = interrupts_on();
	for (volatile int i = 0; i < 1000 && timer_ticks() == during; i++)
		;
	if (!off_inside)
		return st_fail("IF still set after irq_save");
	if (!still_off)
		return st_fail("the inner irq_restore turned interrupts on");
	if (!pending || during != before)
		return st_fail("timer not held while nested (pending %d, %lu ticks)", pending,
		               during - before);
	if (!back_on)
		return st_fail("the outer irq_restore left IF clear");
	if (timer_ticks() == during)
		return st_fail("the held tick was not delivered after the outer restore");
	return 0;
}

const struct selftest selftests_irq[] = {
	{ "timer_ticks_arrive", timer_ticks_arrive },
	{ "hlt_wakes_on_timer", hlt_wakes_on_timer },
	{ "cli_holds_timer", cli_holds_timer },
	{ "irq_save_nests", irq_save_nests },
	{ 0, 0 },
};
