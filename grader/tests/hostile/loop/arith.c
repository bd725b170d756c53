/* add() never returns: its tests time out, one process at a time, and
 * the tests that do not call add() still pass. */
#include "arith.h"

int add(int a, int b)
{
	volatile int spin = 1;
	while (spin)
		;
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
