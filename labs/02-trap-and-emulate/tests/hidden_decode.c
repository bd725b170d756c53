/* Hidden unit tests of part A: the corners of ModR/M and SIB where a REX
 * bit does not do what it seems to, and prefixes that change nothing or
 * everything.  Not in the handout; built by hidden_build. */
#include <stdio.h>
#include <vlab_unit.h>

#include "decode.h"
#include "expect_insn.h"

/* "%02x %02x %02x %02x" of a little-endian 32-bit value. */
static const char *le32(uint32_t v)
{
	return vlab_str("%02x %02x %02x %02x", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
	                v >> 24);
}

/* REX.B does not turn RIP-relative or "no base" into R13; REX.X does make
 * index 4 R12 (SDM Vol. 2, 2.2.1.2 and 2.2.1.6). */
static void test_rex_corners(void)
{
	uint32_t d = (uint32_t)vlab_unit_seeded(1);
	expect_insn(vlab_str("41 0f 01 15 %s", le32(d)),
	            with_rm(INSN_LGDT, 8, 10, rip((int32_t)d)));
	expect_insn(vlab_str("41 0f 01 14 25 %s", le32(d)),
	            with_rm(INSN_LGDT, 9, 10, mem(GPR_NONE, GPR_NONE, 1, (int32_t)d)));
	expect_insn(vlab_str("43 0f 01 1c e5 %s", le32(d)),
	            with_rm(INSN_LIDT, 9, 10, mem(GPR_NONE, R12, 8, (int32_t)d)));
	struct insn eip = with_rm(INSN_SGDT, 8, 10, rip((int32_t)d));
	eip.addr_size = 4;
	expect_insn(vlab_str("67 0f 01 05 %s", le32(d)), eip);
	expect_insn("45 0f 22 c3", cr(INSN_MOV_TO_CR, 4, 8, R11));
	expect_refused("44 0f 22 d8", "mov to cr11");
}

/* Prefixes that change nothing here, and some that are refused. */
static void test_prefix_corners(void)
{
	unsigned port = (uint32_t)vlab_unit_seeded(2) & 0xff;
	expect_insn(vlab_str("66 e7 %02x", port), io(INSN_OUT, 3, 2, false, (int)port));
	struct insn insd = io(INSN_INS, 3, 4, true, 0);
	insd.rep = true;
	expect_insn("f3 48 6d", insd);
	struct insn es = io(INSN_INS, 2, 1, true, 0);
	es.seg = SEG_ES;
	expect_insn("26 6c", es);
	expect_insn("48 0f 01 f8", plain(INSN_SWAPGS, 4));
	expect_refused("f2 6c", "REPNE on ins");
	expect_refused("0f 01 f9", "rdtscp");
	expect_refused("0f 01 c8", "monitor");
	expect_refused("f0 0f 20 c0", "LOCK on mov from cr0");
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("hidden", NULL, NULL);
	CU_add_test(s, "rex_corners", test_rex_corners);
	CU_add_test(s, "prefix_corners", test_prefix_corners);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
