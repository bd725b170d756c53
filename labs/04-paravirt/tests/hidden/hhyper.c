/*
 * Hidden micro-guest hhyper (part A): hostile hypercalls, in forms the
 * public pvabi does not use, each seeded: numbers just past the table,
 * negative, and one whose low 32 bits name HC_VERSION (a hypervisor that
 * truncates the number answers it); console writes that straddle RAM's
 * end, wrap past 2^64 from a seeded distance, or are a seeded amount too
 * long; empty writes at RAM's end and beyond; the shared page in RAM's last
 * page (good), beyond RAM, misaligned by a seeded amount, and back.  It
 * folds every result; none may crash, hang or stop the hypervisor.
 */
#include "micro.h"
#include "pvabi.h"

#define RAM_END (32ull << 20) /* the graded runs' guest memory (GMEM_DEFAULT_MIB) */
#define PAGE    4096ull

#ifndef MICRO_EXPECT
#include "guest/pv.h"

static int64_t hc(uint64_t nr, uint64_t a0, uint64_t a1)
{
	return hypercall(nr, a0, a1, 0, 0, 0);
}

static void run(struct micro *m)
{
	uint64_t op[8];
	for (unsigned i = 0; i < 8; i++)
		op[i] = micro_operand(m, i);
	micro_fold(m, "a number past the table", (uint64_t)hc(HC_COUNT + op[0] % 65536, op[1], 0));
	micro_fold(m, "a negative number", (uint64_t)hc(-(op[0] % 4096 + 1), 0, 0));
	micro_fold(m, "HC_VERSION in the low 32 bits", (uint64_t)hc(1ull << 32 | HC_VERSION, 0, 0));
	micro_fold(m, "a write straddling RAM's end",
	           (uint64_t)hc(HC_CONSOLE_WRITE, RAM_END - 1 - op[2] % 64, 64 + op[3] % 64));
	micro_fold(m, "a write wrapping past 2^64",
	           (uint64_t)hc(HC_CONSOLE_WRITE, -(op[4] % PAGE + 1), PV_CONSOLE_MAX));
	micro_fold(m, "a write too long",
	           (uint64_t)hc(HC_CONSOLE_WRITE, 0x1000, PV_CONSOLE_MAX + 1 + (op[5] >> 24)));
	micro_fold(m, "an empty write at RAM's end", (uint64_t)hc(HC_CONSOLE_WRITE, RAM_END, 0));
	micro_fold(m, "an empty write beyond RAM",
	           (uint64_t)hc(HC_CONSOLE_WRITE, RAM_END + PAGE * (1 + op[6] % 256), 0));
	micro_fold(m, "the shared page in RAM's last page",
	           (uint64_t)hc(HC_VCPU_INFO, RAM_END - PAGE, 0));
	micro_fold(m, "the shared page beyond RAM",
	           (uint64_t)hc(HC_VCPU_INFO, (op[7] & ~(PAGE - 1)) | 1ull << 45, 0));
	micro_fold(m, "the shared page misaligned",
	           (uint64_t)hc(HC_VCPU_INFO, (uint64_t)&pv_vcpu + 1 + op[7] % (PAGE - 1), 0));
	micro_fold(m, "the shared page back", (uint64_t)hc(HC_VCPU_INFO, (uint64_t)&pv_vcpu, 0));
	micro_fold(m, "HC_VERSION after all that", (uint64_t)hc(HC_VERSION, 0, 0));
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	micro_fold(m, "a number past the table", (uint64_t)-HC_ENOSYS);
	micro_fold(m, "a negative number", (uint64_t)-HC_ENOSYS);
	micro_fold(m, "HC_VERSION in the low 32 bits", (uint64_t)-HC_ENOSYS);
	micro_fold(m, "a write straddling RAM's end", (uint64_t)-HC_EFAULT);
	micro_fold(m, "a write wrapping past 2^64", (uint64_t)-HC_EFAULT);
	micro_fold(m, "a write too long", (uint64_t)-HC_E2BIG);
	micro_fold(m, "an empty write at RAM's end", 0);
	micro_fold(m, "an empty write beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "the shared page in RAM's last page", 0);
	micro_fold(m, "the shared page beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "the shared page misaligned", (uint64_t)-HC_EINVAL);
	micro_fold(m, "the shared page back", 0);
	micro_fold(m, "HC_VERSION after all that", PV_VERSION);
}
#endif

MICRO_GUEST(hhyper, run, expect);
