/*
 * Power-off on both emulators, with the outcome on the console first, so a
 * log alone tells what happened.
 *   QEMU:  -device isa-debug-exit,iobase=0xf4,iosize=4: writing V makes QEMU
 *          exit with status (V << 1) | 1.
 *   Bochs: port 0x8900 (the BIOS shutdown port): "Shutdown" ends Bochs with
 *          status 1; "D" breaks into the debugger, whose command file then
 *          says `quit` (status 0).  So a status of 0 survives on both.
 * On a machine with neither, the CPU halts with interrupts off.
 */
#include "console.h"
#include "pvops.h"

#define QEMU_DEBUG_EXIT 0xf4
#define BOCHS_SHUTDOWN  0x8900

static void bochs_say(const char *word)
{
	for (; *word; word++)
		outb(BOCHS_SHUTDOWN, (uint8_t)*word);
}

void poweroff(int status)
{
	irq_disable();
	kprintf("poweroff: status %d\n", status);
	serial_drain();
	pv.outl(QEMU_DEBUG_EXIT, 0x10 + (uint32_t)status); /* see tools/vm */
	bochs_say(status == 0 ? "D" : "Shutdown");
	for (;;)
		pv.halt();
}
