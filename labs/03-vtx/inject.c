/*
 * Part E: events.  The virtual PIC's interrupts go into the guest through
 * the VM-entry interruption-information field; the CPU delivers them
 * through the guest's own IDT as the entry completes, so the guest's
 * exceptions and its IDT never concern the hypervisor.
 *
 *	event injection                           SDM Vol. 3C, 27.6 (27.6.1.1 the checks)
 *	the interruption-information format       Vol. 3C, 25.8.3, Table 25-17
 *	interrupt-window exiting                  Vol. 3C, 25.6.2, 27.7.5
 *	interruptibility state (STI, MOV SS)      Vol. 3C, 25.4.2, Table 25-3
 *	IDT-vectoring information (re-injection)  Vol. 3C, 28.2.4
 *
 * HLT: the guest waits for its next interrupt.  Waiting in real time
 * would be slow under Bochs and pointless: the virtual PIT is moved on to
 * its next edge at once, as lab 02 does.
 */
#include "console.h"
#include "monitor.h"
#include "pic.h"

void inject_exception(struct mon *mon, uint8_t vector, uint32_t error, bool has_error)
{
	uint32_t info = INTR_INFO_VALID | INTR_TYPE_HARDWARE_EXCEPTION | vector;
	if (has_error) {
		info |= INTR_INFO_DELIVER_ERROR;
		vmwrite(ENTRY_EXCEPTION_ERROR, error);
	}
	vmwrite(ENTRY_INTR_INFO, info);
}

void inject_reinject(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: return; */
	/* An exit in the middle of delivering an event (e.g. an EPT violation
	 * on the guest's IDT or stack, or an external interrupt of the host)
	 * leaves the event undelivered: give it again at the next entry. */
	uint32_t info = (uint32_t)vmread(IDT_VECTORING_INFO);
	if (!(info & INTR_INFO_VALID))
		return;
	vmwrite(ENTRY_INTR_INFO, info & ~INTR_INFO_NMI_UNBLOCKING);
	if (info & INTR_INFO_DELIVER_ERROR)
		vmwrite(ENTRY_EXCEPTION_ERROR, vmread(IDT_VECTORING_ERROR));
	uint32_t type = info & (7u << 8);
	if (type == INTR_TYPE_SOFTWARE_INTERRUPT || type == INTR_TYPE_SOFTWARE_EXCEPTION)
		vmwrite(ENTRY_INSTRUCTION_LEN, vmread(EXIT_INSTRUCTION_LEN));
	/* END SOLUTION */
}

void inject_pending(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: return; */
	bool pending = vm_interrupt_pending(&mon->vm);
	if (!pending) {
		vmcs_set_proc(mon, PROC_INTERRUPT_WINDOW_EXITING, false);
		return;
	}
	bool busy = vmread(ENTRY_INTR_INFO) & INTR_INFO_VALID; /* one event per entry */
	uint64_t blocked =
		vmread(GUEST_INTERRUPTIBILITY) & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS);
	bool open = (mon->vm.vcpu.rflags & RFLAGS_IF) && !blocked;
	if (!busy && open) {
		uint8_t vector = vm_interrupt_ack(&mon->vm);
		vmwrite(ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_EXTERNAL | vector);
		pending = vm_interrupt_pending(&mon->vm);
	}
	/* Still one waiting: exit as soon as the guest can take it. */
	vmcs_set_proc(mon, PROC_INTERRUPT_WINDOW_EXITING, pending);
	/* END SOLUTION */
}

void inject_halt(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "inject_halt: not written (part E)"); */
	if (!(mon->vm.vcpu.rflags & RFLAGS_IF)) {
		vmcs_save_full(mon);
		vm_fail(&mon->vm, "HLT with interrupts disabled: nothing can wake the guest");
	}
	exit_skip_instruction(mon);
	for (unsigned ms = 0; !vm_interrupt_pending(&mon->vm); ms++) {
		if (ms == VM_HALT_LIMIT_MS) {
			vmcs_save_full(mon);
			vm_fail(&mon->vm,
			        "HLT: no interrupt in %u ms of the guest's time (PIC masks "
			        "%#x/%#x): nothing can wake the guest",
			        VM_HALT_LIMIT_MS, mon->vm.pic.chip[0].imr, mon->vm.pic.chip[1].imr);
		}
		vm_advance(&mon->vm, PIT_HZ / TIMER_HZ);
	}
	/* END SOLUTION */
}
