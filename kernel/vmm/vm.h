/*
 * A virtual machine of the hypervisor labs: guest memory, one vCPU, the
 * devices on their I/O tables, and the exit statistics.  A monitor (lab 02
 * or 03) creates it, then runs the vCPU in its own way and, for every exit
 * it takes, calls the functions here for what is not the lesson:
 *
 *	static struct vm vm;
 *	vm_create(&vm);                  the guest ARGS=guest=NAME asks for, booted
 *	while (!vm.power.off) {
 *		run the guest until it exits (the lab's work);
 *		vm_exit(&vm, EXIT_REASON_IO_INSTRUCTION, "out", port);
 *		vm_out(&vm, port, size, value);        the devices answer
 *		...
 *	}
 *	return vm_poweroff(&vm);         the exit statistics; the guest's status
 *
 * What the guest does wrong is the guest's business (its own exceptions go
 * back to it); what cannot go on (an exit nobody handles, a device access
 * the model refuses, a guest page table pointing outside guest memory)
 * ends the guest through vm_fail().  A bug of the monitor itself still
 * panics.
 */
#ifndef VLAB_VMM_VM_H
#define VLAB_VMM_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "bootinfo.h"
#include "exitstat.h"
#include "gmem.h"
#include "paravirt.h"
#include "vcpu.h"
#include "vdev/vdev.h"

#define VM_FAIL_STATUS 3 /* vm_fail's power-off status: not a guest's 0 or 1 */
/* A halt (HLT, or lab 04's HC_HALT) that no interrupt ends within this much
 * of the guest's time never will: the monitor stops the guest. */
#define VM_HALT_LIMIT_MS 2000

struct vm {
	char guest[PAYLOAD_NAME_MAX]; /* the payload's name */
	struct gmem mem;
	struct vcpu vcpu;
	struct iobus io;
	struct vuart uart;
	struct vpic pic;
	struct vpit pit;
	struct vioapic ioapic;
	struct vpower power;
	struct exitstat stats;
	uint64_t host_ticks; /* vm_host_tick() calls */
	/* Set by a monitor that keeps translations of the guest's addresses
	 * across exits (lab 02's shadow page table): the guest changed, by a
	 * hypercall, the entries that map these n addresses in its page
	 * tables; forget what is kept for them, and fill it anew if the
	 * monitor likes (the guest announced them).  NULL when nothing is kept
	 * (lab 03: without VPIDs every VM entry and exit invalidates the
	 * guest's linear mappings, SDM Vol. 3C, 29.4.3.1). */
	void (*mappings_changed)(struct vm *vm, const uint64_t *va, unsigned n);
	/* Set by the same monitors: the guest, by a hypercall, loads cr3 as
	 * its CR3 to switch its tables.  A MOV to CR3 would drop all that is
	 * kept; this keeps what the new tables translate as before, filled
	 * from them at once (every other entry dropped), since the guest said
	 * it switches tables rather than flushes them.  NULL: nothing is kept
	 * (lab 03: under EPT the guest's CR3 is its own, and a CR3 load exits
	 * only where the CPU insists, SDM Vol. 3C, 25.6.2). */
	void (*switch_base)(struct vm *vm, uint64_t cr3);
	const struct paravirt *pv; /* hypercalls and the rest (lab 04), or NULL */
	void *pv_state;            /* the paravirtual side's own, or NULL */
};

/* The whole set-up from the boot arguments (tools/vm --args):
 *   guest=NAME     the payload to run (default: selftest, the guest build)
 *   guest_mem=MIB  guest memory in MiB (default GMEM_DEFAULT_MIB, a multiple of 2)
 *   trace=1        one line per exit
 *   exits=lines    after each of the guest's console lines, the exits since
 *                  its line before: "exits: 12 IO_INSTRUCTION=10 ..."
 *                  (exitstat.h), each self-test's cost in one run
 * The guest gets this run's seed and arguments; then paravirt_attach()
 * gives it the image's hypercalls, if it has any.  What cannot be set up
 * stops the machine with one line, "vm: REASON", and a non-zero status. */
void vm_create(struct vm *vm);

/* Another payload of this lab image, by name (a disk's backing store, lab
 * 04): NULL and *data, *size set, or the one-line reason there is none. */
const char *vm_payload(const char *name, const void **data, uint32_t *size);

/* vm_create's two steps. */
/* memory, devices; show: what the exit statistics print as the guest runs
 * (EXITSTAT_TRACE, EXITSTAT_PER_LINE, or 0) */
const char *vm_init(struct vm *vm, uint64_t mem_size, unsigned show);
const char *vm_load(struct vm *vm, const struct payload_table *t, uint64_t avail, const char *name,
                    uint64_t seed, const char *args);

/* Count one exit at the vCPU's RIP (exitstat.h for reason, insn, qual). */
void vm_exit(struct vm *vm, uint32_t reason, const char *insn, uint64_t qual);

/* The guest's IN and OUT (size 1, 2 or 4) and MMIO accesses (1, 2, 4, 8),
 * answered by the devices; a refusal ends the guest through vm_fail. */
uint32_t vm_in(struct vm *vm, uint16_t port, unsigned size);
void vm_out(struct vm *vm, uint16_t port, unsigned size, uint32_t value);
uint64_t vm_mmio_read(struct vm *vm, uint64_t gpa, unsigned size);
void vm_mmio_write(struct vm *vm, uint64_t gpa, unsigned size, uint64_t value);

/* Time passes for the guest: the PIT counts, and each time its output
 * rises the PIC sees an edge on IRQ 0; paravirtual timers count too. */
void vm_advance(struct vm *vm, uint64_t pit_clocks);
/* One tick of the host's timer (TIMER_HZ): PIT_HZ / TIMER_HZ clocks, the
 * fraction carried, so a second of host ticks is exactly PIT_HZ clocks. */
void vm_host_tick(struct vm *vm);

/* An interrupt the PIC would signal now, and its acknowledge: the vector
 * to deliver.  The guest's RFLAGS.IF is the monitor's to check; a
 * paravirtual guest's mask in shared memory is checked here (and the
 * interrupt noted there as pending): while it masks, nothing is pending. */
bool vm_interrupt_pending(struct vm *vm);
uint8_t vm_interrupt_ack(struct vm *vm);

/* After the guest powered off: its last line, the exit statistics, and the
 * status to power off the machine with (the guest's). */
int vm_poweroff(struct vm *vm);

/* Stop the guest: "vm: failed: REASON", the vCPU's registers, the last
 * exits, and power-off with VM_FAIL_STATUS. */
void vm_fail(struct vm *vm, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

#endif
