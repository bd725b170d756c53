/* add() eats memory until the address-space limit stops it. */
#include <stdlib.h>
#include <string.h>

#include "arith.h"

int add(int a, int b)
{
	for (;;) {
		char *p = malloc(16 << 20);
		memset(p, 1, 16 << 20); /* NULL once the limit is hit: a crash */
	}
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
