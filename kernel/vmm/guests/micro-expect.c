/*
 * micro-expect NAME SEED: the line micro-guest NAME must print for SEED on
 * a correct machine, from the model each guest file holds (micro.h).
 *   micro-expect -v NAME SEED        every folded value too, as ARGS=verbose=1
 *   micro-expect -p PREFIX NAME SEED each line behind PREFIX: "guest: " for
 *                                    the guest's console under a monitor
 *   micro-expect --list              the guests it knows
 * A grader's manifest takes the line from here for the run's seed
 * (grader/README.md, expect_from).  Exit status 2 for a name it does not
 * know or a malformed seed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "micro.h"

extern const struct micro_guest __start_micro_guests[], __stop_micro_guests[];

static const char *prefix = "";

void micro_note(const struct micro *m, const char *label, uint64_t value)
{
	printf("%smicro: %s: %u %s = %#lx\n", prefix, m->name, m->folded, label,
	       (unsigned long)value);
}

static int usage(void)
{
	fprintf(stderr, "usage: micro-expect [-v] [-p PREFIX] NAME SEED | --list\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (const struct micro_guest *g = __start_micro_guests; g < __stop_micro_guests;
		     g++)
			printf("%s\n", g->name);
		return 0;
	}
	bool verbose = false;
	int a = 1;
	for (; a < argc && argv[a][0] == '-'; a++) {
		if (strcmp(argv[a], "-v") == 0)
			verbose = true;
		else if (strcmp(argv[a], "-p") == 0 && a + 1 < argc)
			prefix = argv[++a];
		else
			return usage();
	}
	if (argc - a != 2)
		return usage();
	const char *name = argv[a], *arg = argv[a + 1];
	char *end;
	errno = 0;
	unsigned long long seed = strtoull(arg, &end, 10);
	if (errno || *end || !*arg || *arg == '-' || seed == 0) {
		fprintf(stderr, "micro-expect: seed '%s': want a decimal number from 1 to 2^64-1\n",
		        arg);
		return 2;
	}
	for (const struct micro_guest *g = __start_micro_guests; g < __stop_micro_guests; g++) {
		if (strcmp(g->name, name) != 0)
			continue;
		struct micro m;
		micro_start(&m, g->name, seed, verbose);
		g->expect(&m);
		printf("%smicro: %s: %016lx (seed %llu)\n", prefix, g->name,
		       (unsigned long)m.result, seed);
		return 0;
	}
	fprintf(stderr, "micro-expect: no micro-guest '%s'; known:", name);
	for (const struct micro_guest *g = __start_micro_guests; g < __stop_micro_guests; g++)
		fprintf(stderr, " %s", g->name);
	fprintf(stderr, "\n");
	return 2;
}
