/* Unit tests of part A: decode() over byte vectors, every field of what it
 * returns.  Ports, displacements and registers drawn from the run's seed
 * keep a table of remembered answers from passing. */
#include <vlab_unit.h>

#include <stdio.h>

#include "decode.h"
#include "expect_insn.h"

static void test_simple(void)
{
	expect_insn("fa", plain(INSN_CLI, 1));
	expect_insn("fb", plain(INSN_STI, 1));
	expect_insn("f4", plain(INSN_HLT, 1));
	expect_insn("0f 09", plain(INSN_WBINVD, 2));
	expect_insn("0f 32", plain(INSN_RDMSR, 2));
	expect_insn("0f 30", plain(INSN_WRMSR, 2));
	expect_insn("0f 01 f8", plain(INSN_SWAPGS, 3));
	/* Bytes after the instruction are not its own. */
	expect_insn("fa fb f4 0f", plain(INSN_CLI, 1));
}

static void test_flags(void)
{
	expect_insn("9c", sized(INSN_PUSHF, 1, 8));
	expect_insn("9d", sized(INSN_POPF, 1, 8));
	expect_insn("66 9c", sized(INSN_PUSHF, 2, 2));
	expect_insn("48 9d", sized(INSN_POPF, 2, 8));
	expect_insn("48 cf", sized(INSN_IRET, 2, 8));
	expect_insn("cf", sized(INSN_IRET, 1, 4));
	expect_insn("66 cf", sized(INSN_IRET, 2, 2));
}

static void test_port_io(void)
{
	unsigned port = (unsigned)(vlab_unit_seeded(1) & 0xff);
	char hex[32];
	snprintf(hex, sizeof(hex), "e4 %02x", port);
	expect_insn(hex, io(INSN_IN, 2, 1, false, (int)port));
	snprintf(hex, sizeof(hex), "e5 %02x", port);
	expect_insn(hex, io(INSN_IN, 2, 4, false, (int)port));
	snprintf(hex, sizeof(hex), "66 e5 %02x", port);
	expect_insn(hex, io(INSN_IN, 3, 2, false, (int)port));
	snprintf(hex, sizeof(hex), "e6 %02x", port);
	expect_insn(hex, io(INSN_OUT, 2, 1, false, (int)port));
	snprintf(hex, sizeof(hex), "e7 %02x", port);
	expect_insn(hex, io(INSN_OUT, 2, 4, false, (int)port));
	expect_insn("ec", io(INSN_IN, 1, 1, true, 0));
	expect_insn("ed", io(INSN_IN, 1, 4, true, 0));
	expect_insn("66 ed", io(INSN_IN, 2, 2, true, 0));
	expect_insn("48 ed", io(INSN_IN, 2, 4, true, 0)); /* REX.W changes nothing */
	expect_insn("ee", io(INSN_OUT, 1, 1, true, 0));
	expect_insn("ef", io(INSN_OUT, 1, 4, true, 0));
	expect_insn("66 ef", io(INSN_OUT, 2, 2, true, 0));
}

static void test_string_io(void)
{
	expect_insn("6c", io(INSN_INS, 1, 1, true, 0));
	expect_insn("6d", io(INSN_INS, 1, 4, true, 0));
	expect_insn("66 6d", io(INSN_INS, 2, 2, true, 0));
	expect_insn("6e", io(INSN_OUTS, 1, 1, true, 0));
	struct insn rep_outsb = io(INSN_OUTS, 2, 1, true, 0);
	rep_outsb.rep = true;
	expect_insn("f3 6e", rep_outsb);
	struct insn rep_insw = io(INSN_INS, 3, 2, true, 0);
	rep_insw.rep = true;
	expect_insn("66 f3 6d", rep_insw);
	struct insn outsd32 = io(INSN_OUTS, 3, 4, true, 0);
	outsd32.rep = true;
	outsd32.addr_size = 4;
	expect_insn("67 f3 6f", outsd32);
	struct insn fs = io(INSN_OUTS, 2, 1, true, 0);
	fs.seg = SEG_FS;
	expect_insn("64 6e", fs);
}

static void test_descriptor_tables(void)
{
	expect_insn("0f 01 10", with_rm(INSN_LGDT, 3, 10, mem(RAX, GPR_NONE, 1, 0)));
	expect_insn("0f 01 18", with_rm(INSN_LIDT, 3, 10, mem(RAX, GPR_NONE, 1, 0)));
	expect_insn("0f 01 00", with_rm(INSN_SGDT, 3, 10, mem(RAX, GPR_NONE, 1, 0)));
	expect_insn("0f 01 0b", with_rm(INSN_SIDT, 3, 10, mem(RBX, GPR_NONE, 1, 0)));
	expect_insn("0f 00 18", with_rm(INSN_LTR, 3, 2, mem(RAX, GPR_NONE, 1, 0)));
	expect_insn("0f 00 d8", with_rm(INSN_LTR, 3, 2, reg(RAX)));
	expect_insn("0f 00 08", with_rm(INSN_STR, 3, 2, mem(RAX, GPR_NONE, 1, 0)));
	expect_insn("0f 00 c9", with_rm(INSN_STR, 3, 4, reg(RCX)));
	expect_insn("48 0f 00 c1", with_rm(INSN_SLDT, 4, 8, reg(RCX)));
	expect_insn("0f 01 20", with_rm(INSN_SMSW, 3, 2, mem(RAX, GPR_NONE, 1, 0)));
	expect_insn("0f 01 e0", with_rm(INSN_SMSW, 3, 4, reg(RAX)));
	expect_insn("66 0f 01 e2", with_rm(INSN_SMSW, 4, 2, reg(RDX)));
	expect_insn("49 0f 01 e7", with_rm(INSN_SMSW, 4, 8, reg(R15)));
}

/* What a deprivileged kernel's segment loads look like: MOV to DS, ES,
 * SS, FS, GS from a register or memory, and the far return that reloads
 * CS; MOV to CS does not exist. */
static void test_segments(void)
{
	expect_insn("8e d8", sreg_load(2, SEG_DS, reg(RAX)));
	expect_insn("8e c1", sreg_load(2, SEG_ES, reg(RCX)));
	expect_insn("41 8e d0", sreg_load(3, SEG_SS, reg(R8)));
	expect_insn("8e 23", sreg_load(2, SEG_FS, mem(RBX, GPR_NONE, 1, 0)));
	expect_insn("66 8e ea", sreg_load(3, SEG_GS, reg(RDX)));
	expect_insn("44 8e da", sreg_load(3, SEG_DS, reg(RDX)));
	expect_refused("8e c8", "mov to cs");
	expect_refused("8e f0", "mov to sreg 6");
	expect_insn("48 cb", sized(INSN_LRET, 2, 8));
	expect_insn("cb", sized(INSN_LRET, 1, 4));
	expect_insn("66 cb", sized(INSN_LRET, 2, 2));
}

/* ModR/M, SIB and displacements, with the REX extensions. */
static void test_addressing(void)
{
	int32_t d32 = (int32_t)(uint32_t)vlab_unit_seeded(2);
	int8_t d8 = (int8_t)vlab_unit_seeded(3);
	char hex[64];
	snprintf(hex, sizeof(hex), "0f 01 15 %02x %02x %02x %02x", d32 & 0xff, (d32 >> 8) & 0xff,
	         (d32 >> 16) & 0xff, (uint32_t)d32 >> 24);
	expect_insn(hex, with_rm(INSN_LGDT, 7, 10, rip(d32)));
	snprintf(hex, sizeof(hex), "41 0f 01 54 24 %02x", d8 & 0xff);
	expect_insn(hex, with_rm(INSN_LGDT, 6, 10, mem(R12, GPR_NONE, 1, d8)));
	snprintf(hex, sizeof(hex), "0f 01 14 c5 %02x %02x %02x %02x", d32 & 0xff, (d32 >> 8) & 0xff,
	         (d32 >> 16) & 0xff, (uint32_t)d32 >> 24);
	expect_insn(hex, with_rm(INSN_LGDT, 8, 10, mem(GPR_NONE, RAX, 8, d32)));
	snprintf(hex, sizeof(hex), "42 0f 01 1c a3");
	expect_insn(hex, with_rm(INSN_LIDT, 5, 10, mem(RBX, R12, 4, 0)));
	expect_insn("0f 01 3c 24", with_rm(INSN_INVLPG, 4, 1, mem(RSP, GPR_NONE, 1, 0)));
	snprintf(hex, sizeof(hex), "0f 01 7d %02x", d8 & 0xff);
	expect_insn(hex, with_rm(INSN_INVLPG, 4, 1, mem(RBP, GPR_NONE, 1, d8)));
	snprintf(hex, sizeof(hex), "41 0f 01 bd %02x %02x %02x %02x", d32 & 0xff, (d32 >> 8) & 0xff,
	         (d32 >> 16) & 0xff, (uint32_t)d32 >> 24);
	expect_insn(hex, with_rm(INSN_INVLPG, 8, 1, mem(R13, GPR_NONE, 1, d32)));
	struct insn a32 = with_rm(INSN_INVLPG, 4, 1, mem(RAX, GPR_NONE, 1, 0));
	a32.addr_size = 4;
	expect_insn("67 0f 01 38", a32);
	struct insn gs = with_rm(INSN_SGDT, 4, 10, mem(RDI, GPR_NONE, 1, 0));
	gs.seg = SEG_GS;
	expect_insn("65 0f 01 07", gs);
}

static void test_control_registers(void)
{
	expect_insn("0f 20 c0", cr(INSN_MOV_FROM_CR, 3, 0, RAX));
	expect_insn("0f 20 d3", cr(INSN_MOV_FROM_CR, 3, 2, RBX));
	expect_insn("0f 22 d8", cr(INSN_MOV_TO_CR, 3, 3, RAX));
	expect_insn("0f 22 e7", cr(INSN_MOV_TO_CR, 3, 4, RDI));
	expect_insn("44 0f 20 c0", cr(INSN_MOV_FROM_CR, 4, 8, RAX));
	expect_insn("0f 20 00", cr(INSN_MOV_FROM_CR, 3, 0, RAX)); /* mod is ignored */
	int gpr = (int)(vlab_unit_seeded(4) % 16);
	char hex[32];
	snprintf(hex, sizeof(hex), "%s0f 22 %02x", gpr >= 8 ? "41 " : "", 0xd8 | (gpr & 7));
	expect_insn(hex, cr(INSN_MOV_TO_CR, gpr >= 8 ? 4 : 3, 3, gpr));
}

/* Prefixes: REX counts only last; a legacy prefix after it cancels it. */
static void test_prefixes(void)
{
	expect_insn("48 66 9c", sized(INSN_PUSHF, 3, 2));
	expect_insn("66 48 9c", sized(INSN_PUSHF, 3, 8));
	expect_insn("66 66 66 66 66 66 66 66 66 66 66 66 66 66 fa", plain(INSN_CLI, 15));
}

static void test_refused(void)
{
	expect_refused("90", "nop");
	expect_refused("0f 0b", "ud2");
	expect_refused("0f a2", "cpuid");
	expect_refused("0f 01 c1", "vmcall");
	expect_refused("0f 01 d0", "xgetbv");
	expect_refused("0f 01 30", "lmsw");
	expect_refused("0f 00 10", "lldt");
	expect_refused("0f 01 d8", "a register form of group 7");
	expect_refused("0f 20 c8", "mov from cr1");
	expect_refused("0f 22 e8", "mov to cr5");
	expect_refused("f0 fa", "a LOCK prefix");
	expect_refused("f3 fa", "a REP prefix on cli");
	expect_refused("f3 0f 01 f8", "a REP prefix before 0f");
	expect_refused("66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 fa", "16 bytes");
}

static void test_cut_short(void)
{
	expect_refused("e4", "in without its port");
	expect_refused("0f", "a lone 0f");
	expect_refused("0f 01", "group 7 without ModR/M");
	expect_refused("0f 01 15 00 00", "a cut displacement");
	expect_refused("0f 01 14", "a missing SIB");
	expect_refused("66 48", "prefixes alone");
	expect_refused("", "nothing");
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("decode", NULL, NULL);
	CU_add_test(s, "simple", test_simple);
	CU_add_test(s, "flags", test_flags);
	CU_add_test(s, "port_io", test_port_io);
	CU_add_test(s, "string_io", test_string_io);
	CU_add_test(s, "descriptor_tables", test_descriptor_tables);
	CU_add_test(s, "segments", test_segments);
	CU_add_test(s, "addressing", test_addressing);
	CU_add_test(s, "control_registers", test_control_registers);
	CU_add_test(s, "prefixes", test_prefixes);
	CU_add_test(s, "refused", test_refused);
	CU_add_test(s, "cut_short", test_cut_short);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
