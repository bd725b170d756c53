/* add() prints without end: the output cap kills it. */
#include <stdio.h>

#include "arith.h"

int add(int a, int b)
{
	for (;;)
		puts("selftest: add: ok selftest: add: ok selftest: add: ok selftest: add: ok");
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
