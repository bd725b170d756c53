/* The checks of the decoder's tests, visible and hidden: decode() over a
 * byte vector, every field of what it returns against what is wanted. */
#include "expect_insn.h"

#include <stdio.h>
#include <vlab_unit.h>

/* "0f 01 15 78 56 34 12" to bytes; returns how many. */
size_t parse_hex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned b;
	int used;
	while (n < max && sscanf(hex, " %2x%n", &b, &used) == 1) {
		out[n++] = (uint8_t)b;
		hex += used;
	}
	return n;
}

/* What decode() gave: its return, the instruction, the reason. */
struct decoded {
	int r;
	struct insn in;
	char why[160];
};

static struct decoded run_decode(const uint8_t *code, size_t n)
{
	struct decoded d = { 0 };
	WITNESS(d.r = decode(code, n, &d.in, d.why, sizeof(d.why)));
	return d;
}

/* Memory operand [base + index * scale + disp], or RIP-relative. */
struct operand mem(int base, int index, int scale, int32_t disp)
{
	return (struct operand){ .kind = OPND_MEM,
		                 .base = (int8_t)base,
		                 .index = (int8_t)index,
		                 .scale = (uint8_t)scale,
		                 .disp = disp };
}

struct operand rip(int32_t disp)
{
	struct operand o = mem(GPR_NONE, GPR_NONE, 1, disp);
	o.rip_relative = true;
	return o;
}

struct operand reg(int r)
{
	return (struct operand){ .kind = OPND_REG, .reg = (int8_t)r };
}

/* The fields every instruction has, for the common cases. */
struct insn plain(enum insn_class cls, int len)
{
	return (struct insn){ .cls = cls, .len = (uint8_t)len, .addr_size = 8, .seg = SEG_NONE };
}

struct insn sized(enum insn_class cls, int len, int op_size)
{
	struct insn in = plain(cls, len);
	in.op_size = (uint8_t)op_size;
	return in;
}

struct insn with_rm(enum insn_class cls, int len, int op_size, struct operand rm)
{
	struct insn in = sized(cls, len, op_size);
	in.rm = rm;
	return in;
}

/* decode(hex) must give want, field by field. */
void expect_insn(const char *hex, struct insn want)
{
	uint8_t code[32];
	size_t n = parse_hex(hex, code, sizeof(code));
	struct decoded d = run_decode(code, n);
	REQUIRE_INT(d.r, want.len, "decode(%s) returns (%s wanted)", hex, insn_name(want.cls));
	EXPECT_STR(insn_name(d.in.cls), insn_name(want.cls), "decode(%s): class", hex);
	EXPECT_INT(d.in.len, want.len, "decode(%s): len", hex);
	EXPECT_INT(d.in.op_size, want.op_size, "decode(%s): op_size", hex);
	EXPECT_INT(d.in.addr_size, want.addr_size, "decode(%s): addr_size", hex);
	EXPECT_BOOL(d.in.rep, want.rep, "decode(%s): rep", hex);
	EXPECT_INT(d.in.seg, want.seg, "decode(%s): seg", hex);
	EXPECT_BOOL(d.in.port_in_dx, want.port_in_dx, "decode(%s): port_in_dx", hex);
	EXPECT_INT(d.in.port, want.port, "decode(%s): port", hex);
	EXPECT_INT(d.in.cr, want.cr, "decode(%s): cr", hex);
	EXPECT_INT(d.in.sreg, want.sreg, "decode(%s): sreg", hex);
	EXPECT_INT(d.in.rm.kind, want.rm.kind, "decode(%s): rm.kind (0 none, 1 reg, 2 mem)", hex);
	if (want.rm.kind == OPND_REG)
		EXPECT_INT(d.in.rm.reg, want.rm.reg, "decode(%s): rm.reg", hex);
	if (want.rm.kind == OPND_MEM) {
		EXPECT_INT(d.in.rm.base, want.rm.base, "decode(%s): rm.base", hex);
		EXPECT_INT(d.in.rm.index, want.rm.index, "decode(%s): rm.index", hex);
		if (want.rm.index != GPR_NONE)
			EXPECT_INT(d.in.rm.scale, want.rm.scale, "decode(%s): rm.scale", hex);
		EXPECT_INT(d.in.rm.disp, want.rm.disp, "decode(%s): rm.disp", hex);
		EXPECT_BOOL(d.in.rm.rip_relative, want.rm.rip_relative,
		            "decode(%s): rm.rip_relative", hex);
	}
}

/* decode(hex) must refuse, with a reason. */
void expect_refused(const char *hex, const char *what)
{
	uint8_t code[32];
	size_t n = parse_hex(hex, code, sizeof(code));
	struct decoded d = run_decode(code, n);
	EXPECT_INT(d.r, -1, "decode(%s) of %s returns", hex, what);
	EXPECT_BOOL(d.why[0] != '\0', true, "decode(%s) of %s: a reason", hex, what);
}

struct insn io(enum insn_class cls, int len, int op_size, bool dx, int port)
{
	struct insn in = sized(cls, len, op_size);
	in.port_in_dx = dx;
	in.port = (uint8_t)port;
	return in;
}

struct insn cr(enum insn_class cls, int len, int n, int gpr)
{
	struct insn in = with_rm(cls, len, 8, reg(gpr));
	in.cr = (uint8_t)n;
	return in;
}

struct insn sreg_load(int len, int sreg, struct operand rm)
{
	struct insn in = with_rm(INSN_MOV_TO_SREG, len, 2, rm);
	in.sreg = (uint8_t)sreg;
	return in;
}
