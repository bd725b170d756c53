/* The decoder of the monitor: the privileged and sensitive instructions a
 * deprivileged guest executes, as bytes fetched at its RIP, in 64-bit mode.
 *
 * Encodings from the Intel SDM Vol. 2: instruction format (2.1), REX
 * prefixes (2.2.1), ModR/M and SIB (2.1.5, tables 2-2 and 2-3 with the
 * REX extensions of 2.2.1.2), RIP-relative addressing (2.2.1.6), and each
 * instruction's own page in chapters 3 and 4.  Pure C: it runs in the
 * monitor and in the host's unit tests and fuzzer alike. */
#ifndef LAB02_DECODE_H
#define LAB02_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INSN_MAX_LEN 15 /* SDM Vol. 2, 2.3.11: a longer one raises #GP */

/* What the instruction does, for the emulator's table of handlers. */
enum insn_class {
	INSN_CLI,
	INSN_STI,
	INSN_HLT,
	INSN_PUSHF,
	INSN_POPF,
	INSN_IRET,
	INSN_IN,   /* IN AL/AX/EAX, imm8 or DX */
	INSN_OUT,  /* OUT imm8 or DX, AL/AX/EAX */
	INSN_INS,  /* INSB/INSW/INSD: port DX to ES:[RDI] */
	INSN_OUTS, /* OUTSB/OUTSW/OUTSD: [RSI] (DS or an override) to port DX */
	INSN_LGDT,
	INSN_LIDT,
	INSN_LTR,
	INSN_SGDT,
	INSN_SIDT,
	INSN_SLDT,
	INSN_STR,
	INSN_SMSW,
	INSN_MOV_FROM_CR, /* MOV r64, CRn */
	INSN_MOV_TO_CR,   /* MOV CRn, r64 */
	INSN_RDMSR,
	INSN_WRMSR,
	INSN_INVLPG,
	INSN_WBINVD,
	INSN_SWAPGS,
	INSN_MOV_TO_SREG, /* MOV Sreg, r/m16: a selector of the monitor's GDT in ring 3 */
	INSN_LRET,        /* far return: pops RIP, then a CS of ring 0 */
	INSN_CLASSES
};

/* General-purpose registers by their encoding (SDM Vol. 2, table 2-2 with
 * REX.R/X/B as the fourth bit). */
enum gpr {
	RAX,
	RCX,
	RDX,
	RBX,
	RSP,
	RBP,
	RSI,
	RDI,
	R8,
	R9,
	R10,
	R11,
	R12,
	R13,
	R14,
	R15,
	GPR_NONE = -1
};

/* Segment registers by their encoding (SDM Vol. 2, 3.1.1.3: Sreg). */
enum sreg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_NONE = -1 };

/* The ModR/M operand. */
struct operand {
	enum { OPND_NONE, OPND_REG, OPND_MEM } kind;
	int8_t reg; /* OPND_REG: a gpr */
	/* OPND_MEM: base + index * scale + disp, plus the next instruction's
	 * RIP when rip_relative; computed in addr_size bytes. */
	int8_t base, index; /* a gpr, or GPR_NONE */
	uint8_t scale;      /* 1, 2, 4 or 8 */
	int32_t disp;
	bool rip_relative;
};

struct insn {
	enum insn_class cls;
	uint8_t len;       /* bytes, prefixes included */
	uint8_t op_size;   /* operand size in bytes: 1, 2, 4 or 8 */
	uint8_t addr_size; /* address size in bytes: 4 or 8 */
	bool rep;          /* INS/OUTS with F3: repeat RCX (or ECX) times */
	int8_t seg;        /* a segment override, or SEG_NONE */
	bool port_in_dx;   /* IN/OUT: the port is DX, not the immediate */
	uint8_t port;      /* IN/OUT: the imm8 port */
	uint8_t cr;        /* MOV to or from CRn: n */
	uint8_t sreg;      /* MOV to Sreg: the segment register, an enum sreg */
	struct operand rm; /* the ModR/M operand (the gpr for MOV CR) */
};

/* Decode the instruction at code[0..avail).  Returns its length, or -1
 * with a one-line reason in why (bytes it does not know are refused,
 * never guessed).  Reads no byte past avail, and none past the
 * instruction's own. */
int decode(const uint8_t *code, size_t avail, struct insn *out, char *why, size_t why_size);

/* "cli", "out", "mov to cr", ...: for messages and exit statistics. */
static inline const char *insn_name(enum insn_class cls)
{
	static const char *const names[INSN_CLASSES] = {
		[INSN_CLI] = "cli",
		[INSN_STI] = "sti",
		[INSN_HLT] = "hlt",
		[INSN_PUSHF] = "pushf",
		[INSN_POPF] = "popf",
		[INSN_IRET] = "iret",
		[INSN_IN] = "in",
		[INSN_OUT] = "out",
		[INSN_INS] = "ins",
		[INSN_OUTS] = "outs",
		[INSN_LGDT] = "lgdt",
		[INSN_LIDT] = "lidt",
		[INSN_LTR] = "ltr",
		[INSN_SGDT] = "sgdt",
		[INSN_SIDT] = "sidt",
		[INSN_SLDT] = "sldt",
		[INSN_STR] = "str",
		[INSN_SMSW] = "smsw",
		[INSN_MOV_FROM_CR] = "mov from cr",
		[INSN_MOV_TO_CR] = "mov to cr",
		[INSN_RDMSR] = "rdmsr",
		[INSN_WRMSR] = "wrmsr",
		[INSN_INVLPG] = "invlpg",
		[INSN_WBINVD] = "wbinvd",
		[INSN_SWAPGS] = "swapgs",
		[INSN_MOV_TO_SREG] = "mov to sreg",
		[INSN_LRET] = "lret",
	};
	return cls >= 0 && cls < INSN_CLASSES && names[cls] ? names[cls] : "?";
}

#endif
