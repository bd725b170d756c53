/*
 * The self-test suite.  Natively it shows the machine works; under a monitor
 * it is the monitor's test oracle: a monitor that emulates something wrong
 * makes the guest's tests fail.  Each test returns NULL when it passed, or
 * the reason it failed, made with st_fail().
 */
#ifndef VLAB_SELFTEST_H
#define VLAB_SELFTEST_H

#include <stdbool.h>
#include <stdint.h>

typedef const char *(*selftest_fn)(void);

struct selftest {
	const char *name;
	selftest_fn run;
};

/* Format the reason of a failure (into one static buffer). */
const char *st_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A value that differs per run and per n, derived from the boot seed: what a
 * test writes and expects to read back, so no output can be known in advance. */
uint64_t st_pattern(unsigned n);

/* Spin (no HLT) until the timer has ticked `count` more times; false if it
 * did not within a generous bound. */
bool st_wait_ticks(unsigned count);

/* Each group's tests, ending with {0, 0}. */
extern const struct selftest selftests_cpu[], selftests_io[], selftests_irq[], selftests_paging[],
	selftests_faults[], selftests_user[];

/* The probes of "can I tell I am virtualized": each prints its own line. */
void detect_run_all(void);

#endif
