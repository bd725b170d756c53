/*
 * Part D: the instruction that touched an MMIO page, decoded.  An EPT
 * violation says which guest-physical address and whether it was a write,
 * but not which register or how many bytes: those are in the instruction
 * at the guest's RIP.  A compiler reaches a device register with a MOV, so
 * this small decoder knows the MOVs between a register or an immediate and
 * memory (SDM Vol. 2B, MOV, MOVZX; the encoding: Vol. 2A, 2.1 and 2.2.1);
 * anything else is refused by name.  Pure: tests/test_mmio.c runs it.
 */
#ifndef LAB03_MMIO_H
#define LAB03_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#define MMIO_INSN_MAX 15

struct mmio_insn {
	unsigned len;      /* bytes, prefixes included */
	unsigned size;     /* bytes of memory accessed: 1, 2, 4 or 8 */
	bool write;        /* register or immediate to memory */
	bool immediate;    /* the value written is imm (MOV r/m, imm) */
	uint64_t imm;      /* sign-extended to the operand size */
	unsigned reg;      /* the register, 0-15 (RAX, RCX, ...) */
	bool high_byte;    /* AH, CH, DH, BH: bits 15:8 of reg */
	unsigned reg_size; /* bytes of the register written by a load */
	bool zero_extend;  /* MOVZX */
};

/* Decode code[0..n); 0, or a one-line reason the instruction is not one
 * of these MOVs (written to why). */
int mmio_decode(const uint8_t *code, unsigned n, struct mmio_insn *out, char *why,
                unsigned why_size);

#endif
