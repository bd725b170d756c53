/* Entering ring 3 with a given register frame (see user_run in trap.h). */
#include "trap.h"
#include "x86.h"

uint64_t user_run(struct trapframe *tf)
{
	tf->cs = SEL_UCODE;
	tf->ss = SEL_UDATA;
	tf->rflags = (tf->rflags & ~RFLAGS_IOPL) | RFLAGS_IF | RFLAGS_RESERVED;
	return user_enter(tf);
}
