/*
 * The role of the native image and of the guest image: run every self-test,
 * print one line per test and a summary, and power off with status 0 only if
 * all passed.  Output format (the grader's manifests match it):
 *     selftest: NAME: ok
 *     selftest: NAME: FAIL (why)
 *     detect: NAME: hidden | leaks (what it saw)
 *     selftest: N passed, M failed (seed S)
 */
#include "console.h"
#include "kernel.h"
#include "pic.h"
#include "pvops.h"
#include "selftest.h"
#include "x86.h"

static char reason[160];

const char *st_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}

/* splitmix64: a good spread from consecutive inputs. */
uint64_t st_pattern(unsigned n)
{
	uint64_t z = boot_seed() + 0x9e3779b97f4a7c15ull * (n + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

bool st_wait_ticks(unsigned count)
{
	uint64_t target = timer_ticks() + count;
	for (uint64_t spins = 0; spins < 1000000ull; spins++) {
		if (timer_ticks() >= target)
			return true;
		pv.relax();
	}
	return false;
}

static const struct selftest *const groups[] = {
	selftests_cpu,  selftests_io, selftests_irq, selftests_paging, selftests_faults,
#ifdef KERNEL_HOST
	selftests_user, /* ring 3 from ring 0: what a monitor stands on */
#endif
};

int role_main(void)
{
	int passed = 0, failed = 0;
	char arg[4];
	/* timing=1: each test's time stamp counter cycles, "time: NAME CYCLES"
	 * (bench/selftest-times sets a monitor's against the native ones). */
	bool timing = boot_arg("timing", arg, sizeof(arg)) && arg[0] == '1';
	for (unsigned g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		for (const struct selftest *t = groups[g]; t->name; t++) {
			uint64_t start = x86_rdtsc();
			const char *why = t->run();
			if (timing)
				kprintf("time: %s %lu\n", t->name, x86_rdtsc() - start);
			if (why) {
				kprintf("selftest: %s: FAIL (%s)\n", t->name, why);
				failed++;
			} else {
				kprintf("selftest: %s: ok\n", t->name);
				passed++;
			}
		}
	}
	detect_run_all();
	kprintf("selftest: %d passed, %d failed (seed %lu)\n", passed, failed, boot_seed());
	return failed ? 1 : 0;
}
