/*
 * Hostile guest "string-io": a REP INSB or REP OUTSB (the seed picks which,
 * and the counts) whose buffer starts in the last page of RAM and runs a
 * seeded number of bytes past its end, into memory the guest does not
 * have.  The port is a device's, not an unknown one: IN from the slave
 * 8259A's mask register, OUT to the UART's scratch register.  On a real
 * machine the bytes past the end go nowhere (or come from nowhere) and the
 * guest comes back ("not stopped").  A monitor that moves the bytes itself
 * (lab 02 emulating the string instruction, lab 03 on the I/O exit) must
 * check every guest-physical address it touches, not only the first, and
 * end the guest with vm_fail() at the first one outside guest memory.
 */
#include "hostile.h"
#include "mm.h"
#include "pcdev.h"
#include "x86.h"

static void run(const struct hostile *h)
{
	uint64_t last = (h->ram_end & ~(PAGE_SIZE - 1)) - PAGE_SIZE; /* RAM's last whole page */
	uint64_t beyond = (h->ram_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	unsigned before = 1 + micro_operand(&h->m, 0) % 64;  /* bytes in RAM */
	unsigned after = 1 + micro_operand(&h->m, 1) % 2048; /* bytes beyond */
	bool in = micro_operand(&h->m, 2) & 1;
	hostile_say(
		h,
		"REP %s, %u bytes %s guest-physical %#lx-%#lx: %u in RAM (ends at %#lx), %u beyond",
		in ? "INSB" : "OUTSB", before + after,
		in ? "from port 0xa1 (the slave PIC's mask) to"
		   : "to port 0x3ff (the UART's scratch) from",
		last + PAGE_SIZE - before, beyond + after - 1, before, h->ram_end, after);
	/* Two pages side by side under the window: RAM's last, then the one beyond. */
	uint64_t *entry[4];
	hostile_window(entry);
	entry[3][0] = last | PTE_P | PTE_W;
	entry[3][1] = beyond | PTE_P | PTE_W;
	x86_write_cr3(x86_read_cr3());
	uint64_t va = HOSTILE_WINDOW + PAGE_SIZE - before;
	unsigned long n = before + after;
	if (in)
		__asm__ volatile("rep insb" : "+D"(va), "+c"(n) : "d"(PIC2_DATA) : "memory");
	else
		__asm__ volatile("rep outsb" : "+S"(va), "+c"(n) : "d"(COM1 + UART_SCR) : "memory");
}

HOSTILE_GUEST(string_io, "string-io", run);
