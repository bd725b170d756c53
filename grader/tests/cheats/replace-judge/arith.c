/* Replaces the unit-test binaries of its own tree copy with a script that
 * exits 0, so that the next tests "pass": the tree must not be writable. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "arith.h"

static void replace(const char *name)
{
	const char *root = getenv("VLAB_ROOT");
	char path[4096], tmp[4200];
	snprintf(path, sizeof(path), "%s/labs/01-sample/build/%s", root ? root : ".", name);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	FILE *f = fopen(tmp, "w");
	if (!f)
		return;
	fputs("#!/bin/sh\necho \"vlab-unit: passed $VLAB_UNIT_NONCE\"\nexit 0\n", f);
	fclose(f);
	chmod(tmp, 0755);
	if (rename(tmp, path) == 0)
		printf("replace: %s replaced\n", path);
}

static void tamper(void)
{
	replace("test_arith");
	replace("test_arith.witness");
	replace("test_hidden");
}

int add(int a, int b)
{
	tamper();
	return a - b;
}

uint64_t carry(uint64_t x)
{
	tamper();
	return x ^ 1;
}
