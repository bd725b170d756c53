/*
 * Hostile guest "bogus-idt": LIDT with the largest limit and a base where
 * the guest has no memory, then an exception (the seed picks which,
 * hostile.h).  The seed puts the base either beyond the end of RAM but
 * inside the first GiB the boot tables map (no memory behind it), or in
 * PML4 slot 1, which nothing maps.  A real machine reads no gate there and
 * ends in a triple fault (tools/vm: status 2).  A monitor that delivers the
 * exception itself (lab 02) must not read the gate from wherever the
 * guest-physical address would land in host memory; one that lets the CPU
 * deliver it (lab 03) gets an EPT violation or the triple-fault exit.
 * Either way: vm_fail().
 */
#include "bootinfo.h"
#include "hostile.h"
#include "x86.h"

static void run(const struct hostile *h)
{
	uint64_t beyond = hostile_beyond_ram(h);
	uint64_t base;
	const char *where;
	if (micro_operand(&h->m, 0) & 1 && beyond < BOOT_MAPPED) {
		base = (beyond + micro_operand(&h->m, 1) % (BOOT_MAPPED - beyond)) & ~0xfull;
		where = "mapped, beyond RAM";
	} else {
		base = HOSTILE_WINDOW + (micro_operand(&h->m, 1) % BOOT_MAPPED & ~0xfull);
		where = "not mapped";
	}
	enum hostile_exception e = micro_operand(&h->m, 2) % HOSTILE_EXCEPTIONS;
	hostile_say(h, "LIDT base %#lx (%s; RAM ends at %#lx) limit 0xffff, then %s", base, where,
	            h->ram_end, hostile_exception_name(e));
	struct desc_ptr idt = { 0xffff, base };
	x86_lidt(&idt);
	hostile_raise(e);
}

HOSTILE_GUEST(bogus_idt, "bogus-idt", run);
