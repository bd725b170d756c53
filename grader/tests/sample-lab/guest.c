/* The sample lab's "kernel": it prints what the mini-kernel prints (its
 * seed, self-test lines, a summary, the power-off line), computed by the
 * student's functions.  tools/vm's test double runs it as IMAGE SEED. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "arith.h"

static int passed, failed;

static void selftest(const char *name, int ok)
{
	printf("selftest: %s: %s\n", name, ok ? "ok" : "FAIL (wrong result)");
	ok ? passed++ : failed++;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0); /* a serial console is not buffered */
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 10) : 0;
	printf("boot: seed %" PRIu64 "\n", seed);
	selftest("add", add(2, 3) == 5 && add(-4, 1) == -3);
	char name[64];
	snprintf(name, sizeof(name), "carry %" PRIu64, carry(seed));
	selftest(name, carry(seed) == seed);
	printf("selftest: %d passed, %d failed\n", passed, failed);
	printf("poweroff: status %d\n", failed != 0);
	return failed != 0;
}
