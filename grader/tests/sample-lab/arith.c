/* The sample lab's student file: what the handout turns into stubs. */
#include "arith.h"

int add(int a, int b)
{
	/* TODO(part A): return the sum of a and b (tested by add, selftest-add). */
	/* BEGIN SOLUTION */ /* STUB: (void)a; (void)b; return 0; */
	return a + b;
	/* END SOLUTION */
}

uint64_t carry(uint64_t x)
{
	/* TODO(part A): rebuild x bit by bit (tested by carry, selftest-carry, greet). */
	/* BEGIN SOLUTION */ /* STUB: (void)x; return 0; */
	uint64_t r = 0;
	for (int i = 0; i < 64; i++)
		r |= x & (1ULL << i);
	return r;
	/* END SOLUTION */
}
