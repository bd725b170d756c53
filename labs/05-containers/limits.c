/* The numbers of a container's limits, from the command line or a bundle,
 * each checked against the range the kernel and the runtime can honour: a
 * number that overflows on its way to the kernel ("8589934592g" is 2^63
 * bytes, negative as a long long), or that is no number at all ("nan",
 * "inf"), is refused here with the range, not written to a cgroup file. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctr.h"

bool limits_memory_ok(long long bytes)
{
	return bytes >= 1 && bytes <= LIMIT_MEMORY_MAX;
}

bool limits_pids_ok(long long pids)
{
	return pids >= 1 && pids <= LIMIT_PIDS_MAX;
}

/* isfinite() first: a NaN compares false with everything. */
bool limits_cpu_ok(double cpus)
{
	return isfinite(cpus) && cpus > 0 && cpus <= LIMIT_CPUS_MAX;
}

/* "64m" -> 67108864: a whole number of bytes, or of KiB, MiB, GiB. */
int limits_parse_memory(const char *what, const char *text, long long *bytes)
{
	static const char units[] = "kmg";
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	const char *unit = end != text && *end ? strchr(units, *end | 0x20) : NULL;
	int shift = unit ? 10 * (int)(unit - units + 1) : 0;
	end += unit != NULL;
	if (end == text || *end || errno || v < 1 || v > LIMIT_MEMORY_MAX >> shift)
		return fail_msg("%s wants a size from 1 to %lld bytes (or with k, m, g: up to "
		                "%lldg), not '%s'",
		                what, LIMIT_MEMORY_MAX, LIMIT_MEMORY_MAX >> 30, text);
	*bytes = v << shift;
	return 0;
}

int limits_parse_pids(const char *what, const char *text, long long *pids)
{
	char *end;
	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (end == text || *end || errno || !limits_pids_ok(v))
		return fail_msg("%s wants a number of processes from 1 to %d, not '%s'", what,
		                LIMIT_PIDS_MAX, text);
	*pids = v;
	return 0;
}

int limits_parse_cpu(const char *what, const char *text, double *cpu)
{
	char *end;
	double v = strtod(text, &end);
	if (end == text || *end || !limits_cpu_ok(v))
		return fail_msg("%s wants a number of CPUs above 0 and at most %d (0.5 = half of "
		                "one), not '%s'",
		                what, LIMIT_CPUS_MAX, text);
	*cpu = v;
	return 0;
}
