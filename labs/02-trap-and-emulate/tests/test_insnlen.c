/* Unit tests of the scanner's length decoder (insnlen.c) over byte
 * vectors: the corners where an operand's size depends on a prefix, REX or
 * ModR/M, the escapes to the other maps, and what it must refuse.  The
 * kernel's own code is swept against objdump by tests/insnlen-check. */
#include <vlab_unit.h>

#include <string.h>

#include "expect_insn.h" /* parse_hex */
#include "insnlen.h"

/* insn_length(hex) is want, its first opcode byte is opcode, and so it
 * stays whatever comes after it; any fewer bytes are refused. */
static void expect_length(const char *hex, int want, int opcode)
{
	uint8_t code[32];
	size_t n = parse_hex(hex, code, sizeof(code));
	uint8_t got_opcode = 0;
	REQUIRE_INT(insn_length(code, n, &got_opcode), want, "insn_length(%s)", hex);
	EXPECT_HEX(got_opcode, opcode, "insn_length(%s): opcode", hex);
	static const uint8_t after[] = { 0x00, 0xff, 0x66, 0x0f };
	for (size_t i = 0; i < sizeof(after); i++) {
		memset(code + n, after[i], sizeof(code) - n);
		EXPECT_INT(insn_length(code, sizeof(code), NULL), want,
		           "insn_length(%s, then %02x bytes)", hex, after[i]);
	}
	for (size_t k = 0; k < (size_t)want; k++)
		EXPECT_INT(insn_length(code, k, NULL), -1, "insn_length(%s) cut to %zu bytes", hex,
		           k);
}

/* The bytes are no instruction insn_length() may step over, what: why. */
static void expect_refused_length(const char *hex, const char *what)
{
	uint8_t code[32];
	memset(code, 0, sizeof(code));
	parse_hex(hex, code, sizeof(code));
	uint8_t opcode = 0x5a;
	EXPECT_INT(insn_length(code, sizeof(code), &opcode), -1, "insn_length(%s): %s", hex, what);
	EXPECT_HEX(opcode, 0x5a, "insn_length(%s) refused, yet wrote an opcode", hex);
}

static void test_pushf_popf(void)
{
	expect_length("9c", 1, 0x9c);
	expect_length("9d", 1, 0x9d);
	expect_length("66 9c", 2, 0x9c); /* PUSHFW */
	expect_length("48 9d", 2, 0x9d);
	expect_length("f3 2e 41 9d", 4, 0x9d);
	expect_length("0f 9c c0", 3, 0x0f); /* SETL AL: 9c, but not PUSHF */
	expect_length("0f 9d 44 24 08", 5, 0x0f);
}

/* 66 makes Iz and Iv 16 bits, REX.W makes Iv 64 and wins over 66; a REX
 * counts only right before the opcode. */
static void test_operand_size(void)
{
	expect_length("05 78 56 34 12", 5, 0x05);
	expect_length("66 05 34 12", 4, 0x05);
	expect_length("66 48 05 78 56 34 12", 7, 0x05);
	expect_length("b8 78 56 34 12", 5, 0xb8);
	expect_length("66 b8 34 12", 4, 0xb8);
	expect_length("48 b8 f0 de bc 9a 78 56 34 12", 10, 0xb8); /* movabs */
	expect_length("49 bf f0 de bc 9a 78 56 34 12", 10, 0xbf);
	expect_length("66 48 b8 f0 de bc 9a 78 56 34 12", 11, 0xb8);
	expect_length("48 66 b8 34 12", 5, 0xb8);       /* 66 after REX.W voids it */
	expect_length("48 41 b8 78 56 34 12", 7, 0xb8); /* the last REX counts */
	expect_length("41 48 b8 f0 de bc 9a 78 56 34 12", 11, 0xb8);
	expect_length("68 78 56 34 12", 5, 0x68);
	expect_length("66 68 34 12", 4, 0x68);
	expect_length("6a 80", 2, 0x6a);
	expect_length("69 c0 78 56 34 12", 6, 0x69);
	expect_length("66 69 c0 34 12", 5, 0x69);
	expect_length("6b c0 05", 3, 0x6b);
	expect_length("c2 08 00", 3, 0xc2); /* Iw whatever the prefixes */
	expect_length("66 c2 08 00", 4, 0xc2);
	expect_length("ca 08 00", 3, 0xca);
	expect_length("c8 10 00 01", 4, 0xc8); /* ENTER: Iw, Ib */
}

/* Group 3: TEST (/0, and its alias /1) has an immediate, the rest none. */
static void test_group3(void)
{
	expect_length("f6 c0 01", 3, 0xf6);
	expect_length("f6 c8 01", 3, 0xf6);
	expect_length("f6 d0", 2, 0xf6);          /* NOT AL */
	expect_length("f6 44 24 08 01", 5, 0xf6); /* testb $1, 8(%rsp) */
	expect_length("f6 05 00 10 00 00 80", 7, 0xf6);
	expect_length("f7 c0 78 56 34 12", 6, 0xf7);
	expect_length("66 f7 c0 34 12", 5, 0xf7);
	expect_length("48 f7 c0 78 56 34 12", 7, 0xf7);
	expect_length("f7 d8", 2, 0xf7);             /* NEG EAX */
	expect_length("48 f7 74 24 08", 5, 0xf7);    /* DIV qword [rsp + 8] */
	expect_length("c6 f8 ff", 3, 0xc6);          /* XABORT */
	expect_length("c7 f8 00 01 00 00", 6, 0xc7); /* XBEGIN */
}

/* a0-a3 take an address of the address size: 8 bytes, 4 with 67. */
static void test_moffs(void)
{
	expect_length("a0 88 77 66 55 44 33 22 11", 9, 0xa0);
	expect_length("48 a1 88 77 66 55 44 33 22 11", 10, 0xa1);
	expect_length("66 a3 88 77 66 55 44 33 22 11", 10, 0xa3);
	expect_length("67 a0 44 33 22 11", 6, 0xa0);
	expect_length("67 48 a3 44 33 22 11", 7, 0xa3);
}

/* ModR/M and SIB (tables 2-2 and 2-3): displacements, RIP-relative with
 * an immediate after it, the SIB forms without a base. */
static void test_addressing(void)
{
	expect_length("8b 07", 2, 0x8b);
	expect_length("8b 44 24 08", 4, 0x8b);
	expect_length("8b 84 24 00 01 00 00", 7, 0x8b);
	expect_length("8b 04 25 00 10 00 00", 7, 0x8b);    /* [disp32] */
	expect_length("8b 04 65 00 10 00 00", 7, 0x8b);    /* [disp32], index 100: none */
	expect_length("41 8b 04 25 00 10 00 00", 8, 0x8b); /* REX.B does not give a base */
	expect_length("41 8b 45 00", 4, 0x8b);             /* [r13 + 0] */
	expect_length("41 8b 04 24", 4, 0x8b);             /* [r12] */
	expect_length("8b 05 00 10 00 00", 6, 0x8b);       /* [rip + disp32] */
	expect_length("c7 05 00 10 00 00 78 56 34 12", 10, 0xc7);
	expect_length("48 c7 05 00 10 00 00 78 56 34 12", 11, 0xc7);
	expect_length("66 c7 05 00 10 00 00 34 12", 9, 0xc7);
	expect_length("80 3d 00 10 00 00 01", 7, 0x80);
	expect_length("81 bc 24 00 01 00 00 78 56 34 12", 11, 0x81);
	expect_length("67 8b 05 00 10 00 00", 7, 0x8b); /* [eip + disp32] */
	expect_length("67 8b 44 24 08", 5, 0x8b);
	expect_length("8d 04 c5 00 00 00 00", 7, 0x8d);
	expect_length("dd 5c 24 08", 4, 0xdd); /* x87: ModR/M only */
	expect_length("db 2d 00 10 00 00", 6, 0xdb);
	expect_length("d9 ee", 2, 0xd9);
}

/* The two-byte map and the three-byte maps 0f 38 (ModR/M) and 0f 3a
 * (ModR/M, imm8). */
static void test_maps(void)
{
	expect_length("0f 0b", 2, 0x0f);
	expect_length("0f 05", 2, 0x0f);
	expect_length("0f 01 15 00 10 00 00", 7, 0x0f); /* LGDT [rip + disp32] */
	expect_length("0f 01 f8", 3, 0x0f);             /* SWAPGS */
	expect_length("0f 22 d8", 3, 0x0f);             /* MOV CR3, RAX */
	expect_length("0f 20 59", 3, 0x0f);             /* MOV RCX, CR3: mod is ignored, no disp8 */
	expect_length("0f 23 04", 3, 0x0f);             /* MOV DR0, RSP: nor a SIB */
	expect_length("0f 84 00 01 00 00", 6, 0x0f);
	expect_length("0f ba e0 03", 4, 0x0f);          /* BT EAX, 3 */
	expect_length("48 0f ba 6c 24 08 05", 7, 0x0f); /* BTS qword [rsp + 8], 5 */
	expect_length("0f a4 c2 04", 4, 0x0f);          /* SHLD */
	expect_length("66 0f 70 c1 1b", 5, 0x0f);       /* PSHUFD */
	expect_length("0f 71 d0 02", 4, 0x0f);          /* PSRLW mm0, 2 */
	expect_length("0f c2 c1 01", 4, 0x0f);          /* CMPLTPS */
	expect_length("0f 78 c8", 3, 0x0f);             /* VMREAD */
	expect_length("f3 0f 1e fa", 4, 0x0f);          /* ENDBR64 */
	expect_length("66 2e 0f 1f 84 00 00 00 00 00", 10, 0x0f);
	expect_length("f0 48 0f b1 0f", 5, 0x0f);
	expect_length("66 0f 38 00 c1", 5, 0x0f);       /* PSHUFB */
	expect_length("66 0f 38 00 f1", 5, 0x0f);       /* the same 00, not group 6 */
	expect_length("0f 38 f0 07", 4, 0x0f);          /* MOVBE */
	expect_length("f2 48 0f 38 f1 c1", 6, 0x0f);    /* CRC32 */
	expect_length("66 0f 38 82 0f", 5, 0x0f);       /* INVPCID */
	expect_length("66 0f 38 f6 44 24 08", 7, 0x0f); /* ADCX */
	expect_length("66 0f 3a 0f c1 08", 6, 0x0f);    /* PALIGNR */
	expect_length("66 0f 3a 44 04 24 11", 7, 0x0f); /* PCLMULQDQ xmm0, [rsp], 0x11 */
	expect_length("66 48 0f 3a 16 c0 01", 7, 0x0f); /* PEXTRQ */
	expect_length("66 0f 3a 16 05 00 10 00 00 01", 10, 0x0f);
}

/* Relative jumps and calls: rel8, rel32; with 66 Intel reads rel32 and
 * AMD rel16, so that is refused; REX.W restores 64 bits on both. */
static void test_branches(void)
{
	expect_length("eb fe", 2, 0xeb);
	expect_length("74 10", 2, 0x74);
	expect_length("e3 10", 2, 0xe3);
	expect_length("e8 00 01 00 00", 5, 0xe8);
	expect_length("e9 00 01 00 00", 5, 0xe9);
	expect_length("66 48 e8 00 01 00 00", 7, 0xe8);
	expect_refused_length("66 e8 00 01 00 00", "CALL rel16 or rel32, by vendor");
	expect_refused_length("66 0f 85 00 01 00 00", "JNE rel16 or rel32, by vendor");
	expect_length("ff d0", 2, 0xff);
	expect_length("ff 25 00 10 00 00", 6, 0xff);
}

static void test_refused(void)
{
	expect_refused_length("06", "PUSH ES, not in 64-bit mode");
	expect_refused_length("d6", "no instruction");
	expect_refused_length("9a 00 00 00 00 08 00", "CALL far, not in 64-bit mode");
	expect_refused_length("c4 e2 79 00 c1", "VEX");
	expect_refused_length("c5 f8 77", "VEX");
	expect_refused_length("62 f1 7c 48 28 c1", "EVEX");
	expect_refused_length("0f 0f c1 9e", "3DNow!");
	expect_refused_length("8f e8 78 c2 c1 01", "XOP");
	expect_refused_length("0f ff 00", "UD0");
	expect_refused_length("66 0f 78 c0 04 08", "EXTRQ, two imm8");
	expect_refused_length("f2 0f 78 c1 04 08", "INSERTQ, two imm8");
	expect_refused_length("0f 04", "no instruction");
	expect_refused_length("0f 3b", "no instruction");
	expect_length("8f 00", 2, 0x8f); /* POP [rax]: group 1A's /0 */
	/* The empty members of the groups (table A-6). */
	expect_refused_length("c6 c8 01", "group 11, /1");
	expect_refused_length("c7 f9 00 01 00 00", "group 11, /7 but not XBEGIN");
	expect_refused_length("fe d0", "group 4, /2");
	expect_refused_length("ff f8", "group 5, /7");
	expect_refused_length("0f ba d8 03", "group 8, /3");
	expect_refused_length("0f 00 f0", "group 6, /6");
	expect_length("ff 74 24 08", 4, 0xff);    /* PUSH [rsp + 8]: group 5, /6 */
	expect_length("0f ba 60 08 03", 5, 0x0f); /* BT [rax + 8], 3: group 8, /4 */
}

/* 15 bytes at most (SDM Vol. 2, 2.3.11): counted with the immediates it
 * never reads, and with prefixes alone. */
static void test_fifteen_bytes(void)
{
	expect_length("66 66 66 66 66 66 66 66 66 66 66 66 66 66 90", 15, 0x90);
	expect_refused_length("66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 90", "16 bytes");
	expect_refused_length("66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 66", "prefixes only");
	expect_refused_length("2e 2e 2e 2e 2e 48 c7 84 24 00 01 00 00 78 56 34 12",
	                      "17 bytes with its immediate");
	expect_length("2e 2e 2e 48 c7 84 24 00 01 00 00 78 56 34 12", 15, 0xc7);
	uint8_t nothing = 0x90;
	EXPECT_INT(insn_length(&nothing, 0, NULL), -1, "insn_length() of no bytes");
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("insnlen", NULL, NULL);
	CU_add_test(s, "pushf_popf", test_pushf_popf);
	CU_add_test(s, "operand_size", test_operand_size);
	CU_add_test(s, "group3", test_group3);
	CU_add_test(s, "moffs", test_moffs);
	CU_add_test(s, "addressing", test_addressing);
	CU_add_test(s, "maps", test_maps);
	CU_add_test(s, "branches", test_branches);
	CU_add_test(s, "refused", test_refused);
	CU_add_test(s, "fifteen_bytes", test_fifteen_bytes);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
