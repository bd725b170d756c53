/* The length of a 64-bit-mode instruction (insnlen.h): what follows each
 * opcode, from the opcode maps of the Intel SDM Vol. 2, Appendix A. */
#include "insnlen.h"

#include <stdbool.h>

#include "decode.h" /* INSN_MAX_LEN */

/* What follows an opcode (SDM Vol. 2, A.2.1 and A.2.2: the operand codes
 * E, G, M... take a ModR/M byte; I, J and O an immediate, a relative
 * offset or an address of the size in the letter after them). */
enum format {
	BAD,       /* no instruction in 64-bit mode (i64 in the maps), or one refused */
	NONE,      /* the opcode alone */
	MODRM,     /* ModR/M, then SIB and displacement as it says */
	MODRM_IB,  /* ModR/M..., then imm8 */
	MODRM_IZ,  /* ModR/M..., then imm16 with 66, else imm32 (Iz) */
	IB,        /* imm8, or rel8 (Jb) */
	IW,        /* imm16 (Iw) */
	IW_IB,     /* ENTER: imm16, imm8 */
	IZ,        /* imm16 with 66, else imm32: REX.W keeps it 32 bits (Iz) */
	IV,        /* MOV r, imm (b8+r): imm64 with REX.W, imm16 with 66, else imm32 (Iv) */
	MOFFS,     /* a0-a3: an address of the address size, 8 bytes, 4 with 67 (Ob, Ov) */
	REL_Z,     /* CALL, JMP, Jcc rel32 (Jz): with 66, AMD reads rel16, Intel rel32 */
	PREFIX,    /* a legacy prefix (2.1.1) or REX (40-4f, 2.2.1) */
	ESCAPE_0F, /* the two-byte map */
	ESCAPE_38, /* 0f 38: the three-byte map whose opcodes all take ModR/M */
	ESCAPE_3A, /* 0f 3a: the one whose opcodes all take ModR/M and imm8 */
};

/* Shorter names for the two tables' cells. */
#define __ BAD
#define N_ NONE
#define M_ MODRM
#define MB MODRM_IB
#define MZ MODRM_IZ
#define B_ IB
#define W_ IW
#define WB IW_IB
#define Z_ IZ
#define V_ IV
#define O_ MOFFS
#define J_ REL_Z
#define P_ PREFIX

/* The one-byte map, SDM Vol. 2, table A-2, in 64-bit mode.  Refused
 * besides the i64 cells (06, 07, 0e, 16, 17, 1e, 1f, 27, 2f, 37, 3f, 60,
 * 61, 82, 9a, ce, d4, d5, d6, ea): 62 (EVEX), c4 and c5 (VEX).  0f is
 * the two-byte escape.  Groups whose length depends on ModR/M.reg (f6,
 * f7, 8f) are finished in insn_length(). */
static const uint8_t one_byte_map[256] = {
	/*      0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f */
	/* 0 */ M_, M_, M_, M_, B_, Z_, __, __, M_, M_, M_, M_, B_, Z_, __, ESCAPE_0F,
	/* 1 */ M_, M_, M_, M_, B_, Z_, __, __, M_, M_, M_, M_, B_, Z_, __, __,
	/* 2 */ M_, M_, M_, M_, B_, Z_, P_, __, M_, M_, M_, M_, B_, Z_, P_, __,
	/* 3 */ M_, M_, M_, M_, B_, Z_, P_, __, M_, M_, M_, M_, B_, Z_, P_, __,
	/* 4 */ P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_,
	/* 5 */ N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_,
	/* 6 */ __, __, __, M_, P_, P_, P_, P_, Z_, MZ, B_, MB, N_, N_, N_, N_,
	/* 7 */ B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_,
	/* 8 */ MB, MZ, __, MB, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 9 */ N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, __, N_, N_, N_, N_, N_,
	/* a */ O_, O_, O_, O_, N_, N_, N_, N_, B_, Z_, N_, N_, N_, N_, N_, N_,
	/* b */ B_, B_, B_, B_, B_, B_, B_, B_, V_, V_, V_, V_, V_, V_, V_, V_,
	/* c */ MB, MB, W_, N_, __, __, MB, MZ, WB, N_, W_, N_, N_, B_, __, N_,
	/* d */ M_, M_, M_, M_, __, __, __, N_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* e */ B_, B_, B_, B_, B_, B_, B_, B_, J_, J_, __, B_, N_, N_, N_, N_,
	/* f */ P_, N_, P_, P_, N_, N_, M_, M_, N_, N_, N_, N_, N_, N_, M_, M_,
};

/* The two-byte map (0f xx), SDM Vol. 2, table A-3, in 64-bit mode.
 * Refused besides its empty cells: 0f 0e and 0f 0f (AMD's FEMMS and
 * 3DNow!, whose opcode is an imm8 after the operands; #UD on Intel),
 * 0f 24 and 0f 26 (test registers, gone), 0f a6 and 0f a7 (VIA's
 * PadLock), 0f ff (UD0: Intel gives it a ModR/M byte, AMD none).  With
 * 66 or f2, 0f 78 is AMD's EXTRQ or INSERTQ with two imm8 (insn_length). */
static const uint8_t two_byte_map[256] = {
	/*      0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f */
	/* 0 */ M_, M_, M_,        M_, __, N_, N_, N_,
	N_,         N_, __,        N_, __, M_, __, __,
	/* 1 */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* 2 */ M_, M_, M_,        M_, __, __, __, __,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* 3 */ N_, N_, N_,        N_, N_, N_, __, N_,
	ESCAPE_38,  __, ESCAPE_3A, __, __, __, __, __,
	/* 4 */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* 5 */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* 6 */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* 7 */ MB, MB, MB,        MB, M_, M_, M_, N_,
	M_,         M_, __,        __, M_, M_, M_, M_,
	/* 8 */ J_, J_, J_,        J_, J_, J_, J_, J_,
	J_,         J_, J_,        J_, J_, J_, J_, J_,
	/* 9 */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* a */ N_, N_, N_,        M_, MB, M_, __, __,
	N_,         N_, N_,        M_, MB, M_, M_, M_,
	/* b */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, MB,        M_, M_, M_, M_, M_,
	/* c */ M_, M_, MB,        M_, MB, MB, MB, M_,
	N_,         N_, N_,        N_, N_, N_, N_, N_,
	/* d */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* e */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, M_,
	/* f */ M_, M_, M_,        M_, M_, M_, M_, M_,
	M_,         M_, M_,        M_, M_, M_, M_, __,
};

#undef __
#undef N_
#undef M_
#undef MB
#undef MZ
#undef B_
#undef W_
#undef WB
#undef Z_
#undef V_
#undef O_
#undef J_
#undef P_

/* The bytes an instruction may be read from: code[0..limit), limit being
 * avail or 15, whichever is less. */
struct cursor {
	const uint8_t *code;
	size_t limit;
	size_t at; /* the next byte to read */
};

static bool next_byte(struct cursor *c, uint8_t *byte)
{
	if (c->at >= c->limit)
		return false;
	*byte = c->code[c->at++];
	return true;
}

/* Step over ModR/M, SIB and displacement (SDM Vol. 2, 2.1.5, tables 2-2
 * and 2-3; 2.2.1.6 for [rip + disp32]).  The address-size prefix 67 gives
 * 32-bit addresses, which use the same forms: 64-bit mode has no 16-bit
 * addressing.  Returns the ModR/M byte's reg field, or -1 if cut short. */
static int step_over_modrm(struct cursor *c)
{
	uint8_t modrm, sib;
	if (!next_byte(c, &modrm))
		return -1;
	unsigned mod = modrm >> 6, rm = modrm & 7;
	if (mod == 3)
		return (modrm >> 3) & 7;
	if (rm == 4) {
		if (!next_byte(c, &sib))
			return -1;
		if (mod == 0 && (sib & 7) == 5)
			c->at += 4; /* no base: disp32, whatever REX.B says */
	}
	if (mod == 0 && rm == 5)
		c->at += 4; /* RIP-relative */
	else if (mod == 1)
		c->at += 1;
	else if (mod == 2)
		c->at += 4;
	return (modrm >> 3) & 7;
}

int insn_length(const uint8_t *code, size_t avail, uint8_t *opcode_out)
{
	struct cursor c = { code, avail < INSN_MAX_LEN ? avail : INSN_MAX_LEN, 0 };
	bool operand16 = false, address32 = false, repne = false;
	uint8_t rex = 0, op;

	/* Legacy prefixes in any order and number, then REX, which counts only
	 * right before the opcode (2.2.1: a legacy prefix after it voids it). */
	for (;;) {
		if (!next_byte(&c, &op))
			return -1;
		if (one_byte_map[op] != PREFIX)
			break;
		if (op >= 0x40 && op <= 0x4f) {
			rex = op;
			continue;
		}
		rex = 0;
		if (op == 0x66)
			operand16 = true;
		else if (op == 0x67)
			address32 = true;
		else if (op == 0xf2)
			repne = true;
	}
	bool rex_w = rex & 0x08;
	uint8_t opcode = op;

	enum format format = one_byte_map[op];
	bool one_byte = format != ESCAPE_0F;
	if (!one_byte) {
		if (!next_byte(&c, &op))
			return -1;
		format = two_byte_map[op];
		/* 66 0f 78 and f2 0f 78: AMD's EXTRQ and INSERTQ (SSE4a), imm8 imm8. */
		if (op == 0x78 && (operand16 || repne))
			return -1;
		if (format == ESCAPE_38 || format == ESCAPE_3A) {
			format = format == ESCAPE_38 ? MODRM : MODRM_IB;
			if (!next_byte(&c, &op))
				return -1;
		}
	}

	int reg = 0;
	if (format == MODRM || format == MODRM_IB || format == MODRM_IZ) {
		reg = step_over_modrm(&c);
		if (reg < 0)
			return -1;
	}
	/* The groups whose members differ in length (table A-6). */
	if (one_byte) {
		if ((op == 0xf6 || op == 0xf7) && reg <= 1) /* TEST Eb, Ib; TEST Ev, Iz */
			format = op == 0xf6 ? MODRM_IB : MODRM_IZ;
		if (op == 0x8f && reg != 0) /* POP Ev is /0; the rest is AMD's XOP */
			return -1;
	}

	size_t imm_z = operand16 && !rex_w ? 2 : 4;
	switch (format) {
	case BAD:
	case PREFIX:
	case ESCAPE_0F:
	case ESCAPE_38:
	case ESCAPE_3A:
		return -1;
	case NONE:
	case MODRM:
		break;
	case MODRM_IB:
	case IB:
		c.at += 1;
		break;
	case IW:
		c.at += 2;
		break;
	case IW_IB:
		c.at += 3;
		break;
	case MODRM_IZ:
	case IZ:
		c.at += imm_z;
		break;
	case IV:
		c.at += rex_w ? 8 : imm_z;
		break;
	case MOFFS:
		c.at += address32 ? 4 : 8;
		break;
	case REL_Z:
		if (imm_z == 2) /* Intel ignores 66 here, AMD does not */
			return -1;
		c.at += 4;
		break;
	}
	if (c.at > c.limit)
		return -1;
	if (opcode_out)
		*opcode_out = opcode;
	return (int)c.at;
}
