/*
 * Power-off on both emulators, with the outcome on the console first, so a
 * log alone tells what happened (the ports: pcdev.h).  Bochs ends with
 * status 1 on "Shutdown"; "D" stops it in the debugger, whose command file
 * then says `quit` (status 0), so a status of 0 survives on both.  On a
 * machine with neither, the CPU halts with interrupts off.
 */
#include "console.h"
#include "pcdev.h"
#include "pvops.h"

static void bochs_say(const char *word)
{
	for (; *word; word++)
		outb(BOCHS_SHUTDOWN, (uint8_t)*word);
}

void poweroff(int status)
{
	irq_disable();
	kprintf("poweroff: status %d\n", status);
	pv.console_flush();
	pv.outl(QEMU_DEBUG_EXIT, POWEROFF_BASE + (uint32_t)status); /* see tools/vm */
	bochs_say(status == 0 ? "D" : "Shutdown");
	for (;;)
		pv.halt();
}
