/* The length decoder's fuzz target (libFuzzer, with ASan and UBSan): any
 * bytes at all, and insn_length() must read none past avail, keep to 15
 * bytes, and give the length of its instruction alone; where decode()
 * knows the instruction, the two decoders, written apart, must agree.
 *   labs/02-trap-and-emulate/tests/insnlen-check [SECONDS]   (make test-insnlen) */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "insnlen.h"

static void require(int ok)
{
	if (!ok)
		__builtin_trap(); /* libFuzzer saves the input that did it */
}

/* insn_length() over a copy of exactly n bytes: a read past them is ASan's. */
static int length_of_first(const uint8_t *data, size_t n, uint8_t *opcode)
{
	uint8_t *copy = malloc(n ? n : 1);
	require(copy != NULL);
	memcpy(copy, data, n);
	int r = insn_length(copy, n, opcode);
	free(copy);
	return r;
}

static int is_prefix(uint8_t b)
{
	return (b >= 0x40 && b <= 0x4f) || b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e ||
	       (b >= 0x64 && b <= 0x67) || b == 0xf0 || b == 0xf2 || b == 0xf3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t opcode = 0x5a, again;
	int r = insn_length(data, size, &opcode);
	struct insn in;
	char why[128];
	int d = decode(data, size, &in, why, sizeof(why));
	if (r < 0) {
		require(r == -1 && opcode == 0x5a);
		require(d < 0); /* decode() knows nothing insn_length() refuses */
		return 0;
	}
	require(r >= 1 && r <= INSN_MAX_LEN && (size_t)r <= size);
	size_t first = 0; /* the opcode is the first byte past the prefixes */
	while (is_prefix(data[first]))
		first++;
	require(first < (size_t)r && opcode == data[first]);
	/* The instruction is its own bytes: the same answer without the rest,
	 * and one byte fewer is never enough. */
	require(length_of_first(data, (size_t)r, &again) == r && again == opcode);
	require(length_of_first(data, (size_t)r - 1, NULL) == -1);
	if (d > 0)
		require(d == r);
	return 0;
}
