/*
 * Part D: the MOVs that reach a device register, decoded (mmio.h).
 *
 *	88 /r   MOV r/m8, r8        8A /r   MOV r8, r/m8
 *	89 /r   MOV r/m, r          8B /r   MOV r, r/m
 *	C6 /0   MOV r/m8, imm8      C7 /0   MOV r/m, imm32 (sign-extended)
 *	0F B6   MOVZX r, r/m8       0F B7   MOVZX r, r/m16
 *
 * Prefixes: 66 (16-bit operand), 67 (address size: no effect on what is
 * accessed here), segment overrides, and REX last (W: 64-bit operand; R:
 * the register's bit 3).  ModR/M and SIB only for their length: the
 * address is the EPT violation's.
 */
#include "mmio.h"

/* The monitor's build has the kernel's printf; the unit tests, libc's. */
#ifdef KERNEL_HOST
#include "printf.h"
#define snprintf ksnprintf
#else
#include <stdio.h>
#endif

int mmio_decode(const uint8_t *code, unsigned n, struct mmio_insn *out, char *why,
                unsigned why_size)
{
	/* BEGIN SOLUTION */ /* STUB: snprintf(why, why_size, "not written"); return -1; */
	unsigned i = 0, rex = 0;
	bool opsize16 = false;
	*out = (struct mmio_insn){ 0 };
	for (; i < n; i++) {
		uint8_t b = code[i];
		if (b == 0x66)
			opsize16 = true;
		else if (b != 0x67 && b != 0x2e && b != 0x36 && b != 0x3e && b != 0x26 &&
		         b != 0x64 && b != 0x65)
			break;
	}
	if (i < n && (code[i] & 0xf0) == 0x40)
		rex = code[i++];
	if (i >= n) {
		snprintf(why, why_size, "the instruction is cut short after %u bytes", n);
		return -1;
	}
	uint8_t op = code[i++];
	bool two_byte = op == 0x0f;
	if (two_byte) {
		if (i >= n) {
			snprintf(why, why_size, "the instruction is cut short after %u bytes", n);
			return -1;
		}
		op = code[i++];
	}
	unsigned opsize = rex & 8 ? 8 : opsize16 ? 2 : 4;
	if (!two_byte && (op == 0x88 || op == 0x8a || op == 0xc6)) {
		out->size = 1;
		out->reg_size = 1;
	} else if (!two_byte && (op == 0x89 || op == 0x8b || op == 0xc7)) {
		out->size = opsize;
		out->reg_size = opsize;
	} else if (two_byte && (op == 0xb6 || op == 0xb7)) {
		out->size = op == 0xb6 ? 1 : 2;
		out->reg_size = opsize;
		out->zero_extend = true;
	} else {
		snprintf(why, why_size, "opcode %s%02x is not a MOV to or from memory",
		         two_byte ? "0f " : "", op);
		return -1;
	}
	out->write = !two_byte && (op == 0x88 || op == 0x89 || op == 0xc6 || op == 0xc7);
	out->immediate = op == 0xc6 || op == 0xc7;
	if (i >= n) {
		snprintf(why, why_size, "the instruction is cut short after %u bytes", n);
		return -1;
	}
	uint8_t modrm = code[i++];
	unsigned mod = modrm >> 6, reg = modrm >> 3 & 7, rm = modrm & 7;
	if (mod == 3) {
		snprintf(why, why_size, "ModR/M %#04x names a register, not memory", modrm);
		return -1;
	}
	if (out->immediate && reg != 0) {
		snprintf(why, why_size, "opcode %02x /%u is not MOV", op, reg);
		return -1;
	}
	unsigned disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;
	if (rm == 4) { /* a SIB byte; base 101 with mod 00: disp32, no base */
		if (i >= n) {
			snprintf(why, why_size, "the instruction is cut short after %u bytes", n);
			return -1;
		}
		if (mod == 0 && (code[i] & 7) == 5)
			disp = 4;
		i++;
	} else if (mod == 0 && rm == 5) {
		disp = 4; /* RIP-relative */
	}
	i += disp;
	if (out->immediate) {
		unsigned isize = out->size == 1 ? 1 : out->size == 2 ? 2 : 4;
		if (i + isize > n) {
			snprintf(why, why_size, "the instruction is cut short after %u bytes", n);
			return -1;
		}
		uint64_t imm = 0;
		for (unsigned k = 0; k < isize; k++)
			imm |= (uint64_t)code[i + k] << (8 * k);
		uint64_t sign = 1ull << (8 * isize - 1);
		out->imm = (imm ^ sign) - sign; /* sign-extended */
		i += isize;
	}
	if (i > n || i > MMIO_INSN_MAX) {
		snprintf(why, why_size, "the instruction is cut short after %u bytes", n);
		return -1;
	}
	out->reg = reg | (rex & 4 ? 8 : 0);
	/* Without REX, byte registers 4-7 are AH, CH, DH, BH (Vol. 2A, 3.7.2.1). */
	out->high_byte = out->reg_size == 1 && !out->zero_extend && !rex && reg >= 4;
	if (out->high_byte)
		out->reg -= 4;
	out->len = i;
	return 0;
	/* END SOLUTION */
}
