/*
 * What a hypervisor offers a paravirtual guest beyond the hardware it
 * emulates (lab 04): hypercalls, interrupts the guest masks in memory it
 * shares with the hypervisor, and timers of its own.  One interface for
 * both monitors: lab 02's takes a VMCALL's #UD as a hypercall, lab 03's a
 * VMCALL exit, and both call vm_hypercall(); the toolkit's own interrupt and
 * time functions (vm.h) consult the rest.  The convention: hypercall.h.
 *
 * An image whose monitor has no paravirtual side (labs 02 and 03) attaches
 * nothing, and VMCALL stays #UD, as on a machine without a hypervisor.
 */
#ifndef VLAB_VMM_PARAVIRT_H
#define VLAB_VMM_PARAVIRT_H

#include <stdbool.h>
#include <stdint.h>
#include "hypercall.h"

struct vm;

/* One hypercall: its name (the exit statistics count it as insn NAME) and
 * what it does with its arguments; its result goes to the guest's RAX. */
struct hypercall {
	const char *name;
	int64_t (*run)(struct vm *vm, const uint64_t arg[HC_ARGS]);
};

struct paravirt {
	/* The dispatch table, indexed by number; a number beyond it, or an
	 * empty slot, is -HC_ENOSYS. */
	const struct hypercall *calls;
	unsigned ncalls;
	/* Before the devices are looked at (an interrupt to deliver, a port
	 * access): take in what the guest wrote to shared memory since the
	 * last exit, such as an EOI it left there.  NULL: nothing to take. */
	void (*sync)(struct vm *vm);
	/* The PIC holds an interrupt for the guest: has the guest masked
	 * interrupts in shared memory?  If so, the hook notes the interrupt
	 * there as pending, for the guest to ask for when it unmasks.  NULL:
	 * the guest's RFLAGS.IF alone decides. */
	bool (*irq_masked)(struct vm *vm);
	/* The PIC's interrupt from input irq goes into the guest now
	 * (vm_interrupt_ack).  NULL: nothing to note. */
	void (*irq_delivered)(struct vm *vm, int irq);
	/* Time passes for the guest (vm_advance): paravirtual timers count.
	 * NULL: none. */
	void (*advance)(struct vm *vm, uint64_t pit_clocks);
};

/* Called by vm_create once the guest is loaded: set vm->pv (and vm->pv_state)
 * or leave them NULL.  The toolkit's own does nothing; a lab with a
 * paravirtual side defines its own, which the linker takes instead. */
void paravirt_attach(struct vm *vm);

/* Hypercall nr with its arguments, through vm->pv's table: its result,
 * -HC_ENOSYS for a number with no entry.  vm_hypercall uses it, and so may
 * a hypercall that runs others (a multicall). */
int64_t vm_hypercall_run(struct vm *vm, uint64_t nr, const uint64_t arg[HC_ARGS]);

/* The guest executed VMCALL (its registers are in vm->vcpu): false when
 * this image offers no hypercalls (the monitor gives the guest #UD, as the
 * CPU would).  Otherwise the exit is counted, the hypercall done, its result
 * in the vCPU's RAX, and true; the monitor moves RIP past the VMCALL. */
bool vm_hypercall(struct vm *vm);

#endif
