/*
 * Part A, the guest's half of the hypercall ABI (kernel/include/hypercall.h):
 * the number in RAX, the arguments in RDI, RSI, RDX, R10 and R8, VMCALL,
 * the result in RAX.  The hypervisor may write guest memory that the
 * arguments name, so the compiler must not keep such memory in registers
 * across the call: the asm says it touches memory.
 */
#include "pv.h"

int64_t hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	register uint64_t r10 __asm__("r10") = a3;
	register uint64_t r8 __asm__("r8") = a4;
	uint64_t rax = nr;
	__asm__ volatile("vmcall"
	                 : "+a"(rax)
	                 : "D"(a0), "S"(a1), "d"(a2), "r"(r10), "r"(r8)
	                 : "memory");
	return (int64_t)rax;
	/* END SOLUTION */
}
