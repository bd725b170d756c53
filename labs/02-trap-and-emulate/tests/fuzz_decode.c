/* The decoder's fuzz target (libFuzzer, with ASan and UBSan): any bytes at
 * all, and decode() must neither read past them nor break its promises.
 *   make -C labs/02-trap-and-emulate fuzz        a short run (FUZZ_SECONDS)
 *   bench/fuzz-decode [SECONDS]                  a long one, with its speed */
#include <stdint.h>
#include <string.h>

#include "decode.h"

static void require(int ok)
{
	if (!ok)
		__builtin_trap(); /* libFuzzer saves the input that did it */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct insn in, again;
	char why[128], why2[128];
	/* libFuzzer's buffer is exactly size bytes: a read past it is ASan's. */
	int r = decode(data, size, &in, why, sizeof(why));
	if (r < 0) {
		require(r == -1 && why[0] != '\0' && memchr(why, '\0', sizeof(why)));
		return 0;
	}
	require(r >= 1 && r <= INSN_MAX_LEN && (size_t)r <= size && in.len == r);
	require(in.cls >= 0 && in.cls < INSN_CLASSES);
	require(in.addr_size == 4 || in.addr_size == 8);
	require(in.op_size <= 10 && in.op_size != 3);
	require(in.rm.kind == OPND_NONE || in.rm.kind == OPND_REG || in.rm.kind == OPND_MEM);
	if (in.rm.kind == OPND_REG)
		require(in.rm.reg >= 0 && in.rm.reg < 16);
	if (in.rm.kind == OPND_MEM)
		require(in.rm.base >= GPR_NONE && in.rm.base < 16 && in.rm.index >= GPR_NONE &&
		        in.rm.index < 16 && in.rm.index != RSP &&
		        (in.rm.scale == 1 || in.rm.scale == 2 || in.rm.scale == 4 ||
		         in.rm.scale == 8));
	/* The instruction is its own bytes: the same answer without the rest. */
	require(decode(data, (size_t)r, &again, why2, sizeof(why2)) == r);
	require(again.cls == in.cls && again.op_size == in.op_size && again.port == in.port &&
	        again.cr == in.cr && again.rm.disp == in.rm.disp && again.rm.reg == in.rm.reg);
	/* And one byte fewer is never enough. */
	require(decode(data, (size_t)r - 1, &again, why2, sizeof(why2)) == -1);
	return 0;
}
