/* A submission that knows where the pristine tree is (run.sh writes the
 * path in place of @ROOT@) and reads its hidden test and manifest; add()
 * is wrong, so the output reaches the report. */
#include <stdio.h>

#include "arith.h"

static void leak(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];
	if (!f) {
		printf("hunt: %s: cannot open\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("hunt: %s", line);
	fclose(f);
}

int add(int a, int b)
{
	leak("@ROOT@/labs/01-sample/tests/hidden_test.c");
	leak("@ROOT@/labs/01-sample/tests/grade.ini");
	return a - b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
