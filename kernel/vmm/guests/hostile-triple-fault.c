/*
 * Hostile guest "triple-fault": an IDT of limit 0, then an exception (the
 * seed picks which, hostile.h).  No gate can be read, so the exception
 * becomes a #GP, the #GP a double fault, and the double fault a shutdown
 * (SDM Vol. 3A, 6.15, "Interrupt 8"), as kernel/main.c's crash=triplefault
 * does.  A real machine stops or resets (tools/vm: status 2).  A monitor
 * must see it and end the guest with vm_fail(): lab 02 finds no gate when
 * it reflects the exception through the guest's IDT, lab 03 takes the
 * triple-fault exit.
 */
#include "hostile.h"
#include "x86.h"

static void run(const struct hostile *h)
{
	enum hostile_exception e = micro_operand(&h->m, 0) % HOSTILE_EXCEPTIONS;
	hostile_say(h, "an IDT of limit 0, then %s", hostile_exception_name(e));
	struct desc_ptr none = { 0, 0 };
	x86_lidt(&none);
	hostile_raise(e);
}

HOSTILE_GUEST(triple_fault, "triple-fault", run);
