/* A correct submission: full marks. */
#include "arith.h"

int add(int a, int b)
{
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
