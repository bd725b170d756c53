/* The checks of the decoder's tests (expect_insn.c). */
#ifndef LAB02_EXPECT_INSN_H
#define LAB02_EXPECT_INSN_H

#include <stdbool.h>

#include "decode.h"

/* "0f 01 15 78 56 34 12" to bytes; returns how many. */
size_t parse_hex(const char *hex, uint8_t *out, size_t max);

/* Operands: [base + index * scale + disp], [rip + disp], a register. */
struct operand mem(int base, int index, int scale, int32_t disp);
struct operand rip(int32_t disp);
struct operand reg(int r);

/* A wanted instruction: its class and length, then what it has besides. */
struct insn plain(enum insn_class cls, int len);
struct insn sized(enum insn_class cls, int len, int op_size);
struct insn with_rm(enum insn_class cls, int len, int op_size, struct operand rm);
struct insn io(enum insn_class cls, int len, int op_size, bool dx, int port);
struct insn cr(enum insn_class cls, int len, int n, int gpr);
struct insn sreg_load(int len, int sreg, struct operand rm);

/* decode(hex) must give want, field by field; or refuse, with a reason. */
void expect_insn(const char *hex, struct insn want);
void expect_refused(const char *hex, const char *what);

#endif
