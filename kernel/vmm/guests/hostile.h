/*
 * Hostile guests: payloads that do what no well-behaved guest does (run
 * random bytes, reach for memory they do not have, point their page tables,
 * IDT, stack or string I/O outside it, flood ports nobody answers,
 * triple-fault, halt for good), to show that a monitor stops each cleanly: through vm_fail(), with
 * its one-line reason and register dump, within the run's time limit, and
 * never by crashing, hanging, or running the guest on state it could not
 * make sense of.  They are chosen with ARGS=guest=NAME and share the
 * micro-guests' runtime (rt.c), but not their result line: a hostile guest
 * has nothing to fold.  Each first prints one line saying what it is about
 * to do, with the operands it drew from the run's seed:
 *
 *     hostile: triple-fault: an IDT of limit 0, then ud2 (#UD)
 *
 * then does it.  If it comes back (a real machine lets some of them pass: a
 * write where there is no memory goes nowhere), the runtime prints
 *
 *     hostile: NAME: not stopped (seed S)
 *
 * and powers off with status 0; under a monitor, that line means the monitor
 * let the guest through.  kernel/vmm/README.md ("Hostile guests") says what
 * each does on a real machine and what a monitor must print.
 */
#ifndef VLAB_HOSTILE_H
#define VLAB_HOSTILE_H

#include "micro.h"

struct hostile {
	struct micro m;   /* the name, the seed, and micro_operand() for the guest's choices */
	uint64_t ram_end; /* the end of the highest usable range in the E820 map */
};

struct hostile_guest {
	const char *name; /* the payload's name: ARGS=guest=NAME */
	void (*run)(const struct hostile *h);
};

/* Each hostile guest's file ends with HOSTILE_GUEST(identifier, "name", run);
 * its image holds that one guest (rt.c reads it through the linker's
 * __start_/__stop_ symbols of the section, kernel.ld.S). */
#define HOSTILE_GUEST(ID, NAME, RUN)                                                               \
	const struct hostile_guest hostile_guest_##ID                                              \
		__attribute__((used, section("hostile_guests"), aligned(8))) = { NAME, RUN }

/* The guests' helpers (hostile.c). */

/* Print "hostile: NAME: " and the rest as one line (keep it under the
 * virtual UART's VUART_LINE_MAX), and wait until it has left the UART: what
 * comes next may stop the machine at once. */
void hostile_say(const struct hostile *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Exceptions a guest raises on purpose; the seed picks one. */
enum hostile_exception { RAISE_BP, RAISE_UD, RAISE_DE, RAISE_PF, HOSTILE_EXCEPTIONS };
const char *hostile_exception_name(enum hostile_exception e); /* "int3 (#BP)", ... */
void hostile_raise(enum hostile_exception e);                 /* returns if it is let through */

/* PML4 slot 1: nothing of the boot tables maps it. */
#define HOSTILE_WINDOW 0x8000000000ul

/* Load page tables of the guest's own: the boot tables' mappings, plus a
 * chain of one table per level under HOSTILE_WINDOW, whose entries the
 * guest then points where it likes: entry[0] is the PML4's slot 1, entry[1]
 * the first of its PDPT, entry[2] of its PD, entry[3] of its page table (not
 * present yet).  After changing one, reload CR3. */
void hostile_window(uint64_t *entry[4]);

/* A guest-physical address beyond RAM, 2 MiB aligned: the first byte past
 * the E820 map's usable memory, rounded up. */
static inline uint64_t hostile_beyond_ram(const struct hostile *h)
{
	return (h->ram_end + 0x1fffff) & ~0x1fffffull;
}

#endif
