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
	MODRM_REG, /* MOV to and from CRn and DRn: ModR/M names a register whatever its mod */
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
#define X_ BAD
#define N_ NONE
#define M_ MODRM
#define R_ MODRM_REG
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
#define E_ ESCAPE_0F
#define E8 ESCAPE_38
#define EA ESCAPE_3A

/* The one-byte map, SDM Vol. 2, table A-2, in 64-bit mode.  Refused
 * besides the i64 cells (06, 07, 0e, 16, 17, 1e, 1f, 27, 2f, 37, 3f, 60,
 * 61, 82, 9a, ce, d4, d5, d6, ea): 62 (EVEX), c4 and c5 (VEX).  0f is
 * the two-byte escape.  The groups (80-83, 8f, c0, c1, c6, c7, d0-d3,
 * f6, f7, fe, ff) are finished by group_member(). */
static const uint8_t one_byte_map[256] = {
	/*      0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f */
	/* 0 */ M_, M_, M_, M_, B_, Z_, X_, X_, M_, M_, M_, M_, B_, Z_, X_, E_,
	/* 1 */ M_, M_, M_, M_, B_, Z_, X_, X_, M_, M_, M_, M_, B_, Z_, X_, X_,
	/* 2 */ M_, M_, M_, M_, B_, Z_, P_, X_, M_, M_, M_, M_, B_, Z_, P_, X_,
	/* 3 */ M_, M_, M_, M_, B_, Z_, P_, X_, M_, M_, M_, M_, B_, Z_, P_, X_,
	/* 4 */ P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_, P_,
	/* 5 */ N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, N_,
	/* 6 */ X_, X_, X_, M_, P_, P_, P_, P_, Z_, MZ, B_, MB, N_, N_, N_, N_,
	/* 7 */ B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_, B_,
	/* 8 */ MB, MZ, X_, MB, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 9 */ N_, N_, N_, N_, N_, N_, N_, N_, N_, N_, X_, N_, N_, N_, N_, N_,
	/* a */ O_, O_, O_, O_, N_, N_, N_, N_, B_, Z_, N_, N_, N_, N_, N_, N_,
	/* b */ B_, B_, B_, B_, B_, B_, B_, B_, V_, V_, V_, V_, V_, V_, V_, V_,
	/* c */ MB, MB, W_, N_, X_, X_, MB, MZ, WB, N_, W_, N_, N_, B_, X_, N_,
	/* d */ M_, M_, M_, M_, X_, X_, X_, N_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* e */ B_, B_, B_, B_, B_, B_, B_, B_, J_, J_, X_, B_, N_, N_, N_, N_,
	/* f */ P_, N_, P_, P_, N_, N_, M_, M_, N_, N_, N_, N_, N_, N_, M_, M_,
};

/* The two-byte map (0f xx), SDM Vol. 2, table A-3, in 64-bit mode.
 * Refused besides its empty cells: 0f 0e and 0f 0f (AMD's FEMMS and
 * 3DNow!, whose opcode is an imm8 after the operands; #UD on Intel),
 * 0f 24 and 0f 26 (test registers, gone), 0f a6 and 0f a7 (VIA's
 * PadLock), 0f ff (UD0: Intel gives it a ModR/M byte, AMD none).  0f 20
 * to 0f 23 ignore ModR/M.mod (the MOV CR and MOV DR pages).  With
 * 66 or f2, 0f 78 is AMD's EXTRQ or INSERTQ with two imm8 (insn_length). */
static const uint8_t two_byte_map[256] = {
	/*      0   1   2   3   4   5   6   7   8   9   a   b   c   d   e   f */
	/* 0 */ M_, M_, M_, M_, X_, N_, N_, N_, N_, N_, X_, N_, X_, M_, X_, X_,
	/* 1 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 2 */ R_, R_, R_, R_, X_, X_, X_, X_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 3 */ N_, N_, N_, N_, N_, N_, X_, N_, E8, X_, EA, X_, X_, X_, X_, X_,
	/* 4 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 5 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 6 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 7 */ MB, MB, MB, MB, M_, M_, M_, N_, M_, M_, X_, X_, M_, M_, M_, M_,
	/* 8 */ J_, J_, J_, J_, J_, J_, J_, J_, J_, J_, J_, J_, J_, J_, J_, J_,
	/* 9 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* a */ N_, N_, N_, M_, MB, M_, X_, X_, N_, N_, N_, M_, MB, M_, M_, M_,
	/* b */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, MB, M_, M_, M_, M_, M_,
	/* c */ M_, M_, MB, M_, MB, MB, MB, M_, N_, N_, N_, N_, N_, N_, N_, N_,
	/* d */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* e */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* f */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, X_,
};

#undef X_
#undef N_
#undef M_
#undef R_
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
#undef E_
#undef E8
#undef EA

/* Where an opcode byte is looked up. */
enum opcode_map { MAP_1, MAP_0F, MAP_0F38, MAP_0F3A };

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
 * addressing.  Returns the ModR/M byte, or -1 if cut short. */
static int step_over_modrm(struct cursor *c)
{
	uint8_t modrm, sib;
	if (!next_byte(c, &modrm))
		return -1;
	unsigned mod = modrm >> 6, rm = modrm & 7;
	if (mod == 3)
		return modrm;
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
	return modrm;
}

/* The groups of table A-6 whose members differ in length or leave some
 * ModR/M.reg values empty: the format of the member, or BAD. */
static enum format group_member(enum opcode_map map, uint8_t op, uint8_t modrm, enum format format)
{
	unsigned reg = (modrm >> 3) & 7;
	if (map == MAP_0F && ((op == 0x00 && reg >= 6) || (op == 0xba && reg < 4)))
		return BAD; /* groups 6 and 8 */
	if (map != MAP_1)
		return format;
	switch (op) {
	case 0xf6: /* group 3: TEST (/0, and /1 alike) takes an immediate */
		return reg <= 1 ? MODRM_IB : format;
	case 0xf7:
		return reg <= 1 ? MODRM_IZ : format;
	case 0x8f: /* group 1A: POP is /0; the rest is AMD's XOP prefix */
		return reg == 0 ? format : BAD;
	case 0xc6: /* group 11: MOV is /0; c6 f8 XABORT imm8, c7 f8 XBEGIN rel16/32 */
	case 0xc7:
		return reg == 0 || modrm == 0xf8 ? format : BAD;
	case 0xfe: /* group 4: INC, DEC */
		return reg <= 1 ? format : BAD;
	case 0xff: /* group 5: /7 is empty */
		return reg <= 6 ? format : BAD;
	default:
		return format;
	}
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

	enum opcode_map map = MAP_1;
	enum format format = one_byte_map[op];
	if (format == ESCAPE_0F) {
		map = MAP_0F;
		if (!next_byte(&c, &op))
			return -1;
		format = two_byte_map[op];
		/* 66 0f 78 and f2 0f 78: AMD's EXTRQ and INSERTQ (SSE4a), imm8 imm8. */
		if (op == 0x78 && (operand16 || repne))
			return -1;
		if (format == ESCAPE_38 || format == ESCAPE_3A) {
			map = format == ESCAPE_38 ? MAP_0F38 : MAP_0F3A;
			format = format == ESCAPE_38 ? MODRM : MODRM_IB;
			if (!next_byte(&c, &op))
				return -1;
		}
	}

	if (format == MODRM || format == MODRM_IB || format == MODRM_IZ) {
		int modrm = step_over_modrm(&c);
		if (modrm < 0)
			return -1;
		format = group_member(map, op, (uint8_t)modrm, format);
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
	case MODRM_REG: /* the ModR/M byte alone */
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
