/* add() forks without end: the process limit and the pid namespace hold
 * it, the timeout ends it, and nothing of it survives the test. */
#include <unistd.h>

#include "arith.h"

int add(int a, int b)
{
	for (;;)
		fork();
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
