/*
 * Hostile guest "cli-hlt": interrupts off, every line of both 8259As
 * masked, then HLT, forever.  Nothing can wake the CPU but an NMI, and
 * after one it halts again: a real machine sits there until someone stops
 * it.  A monitor must not wait with it for an interrupt that cannot come:
 * a HLT with the guest's IF clear ends the guest with vm_fail().
 */
#include "hostile.h"

static void run(const struct hostile *h)
{
	hostile_say(h, "interrupts off, every PIC line masked (the runtime's doing), HLT forever");
	for (;;)
		__asm__ volatile("cli\n\thlt");
}

HOSTILE_GUEST(cli_hlt, "cli-hlt", run);
