/*
 * Part C: virtual interrupts and exceptions.  The monitor does what the
 * CPU does when it delivers an event in 64-bit mode (SDM Vol. 3A, 6.12
 * "Exception and Interrupt Handling", 6.14 "Exception and Interrupt
 * Handling in 64-bit Mode"): it reads the gate from the guest's IDT,
 * pushes SS, RSP, RFLAGS, CS, RIP and the error code on the guest's stack
 * (the guest's own "ring 0" stack: no privilege change in its view), and
 * continues at the handler, with the virtual IF cleared for an interrupt
 * gate.  IRETQ undoes it; HLT waits for the next virtual interrupt.
 */
#include "monitor.h"
#include "pic.h"

/* TODO(part C): virq_raise (delivery through the guest's IDT; when that
 * fails, the fault it raises, or a double fault as Table 6-5 says, and a
 * triple fault when the double fault fails too), virq_software (INT n: a
 * gate it cannot use faults on the INT itself),
 * virq_inject_pending (the PIC's interrupt, only when the virtual IF is
 * set and no STI shadow holds), virq_iret and virq_halt.  Graded by
 * micro-timer, micro-pagefault (its faults come back through the IDT)
 * and the self-test suite. */
/* BEGIN SOLUTION */
#define GATE_INTERRUPT 0xe
#define GATE_TRAP      0xf

/* A 64-bit IDT gate (SDM Vol. 3A, 6.14.1, Figure 6-8). */
struct gate {
	uint16_t offset_low, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_high, reserved;
} __attribute__((packed));

/* What delivery raises when it cannot be done (SDM Vol. 3A, 6.12.1.3 and
 * 6.13): #GP or #NP with an error code naming the gate (IDT bit, EXT when
 * the event came from outside the program), or a double fault when the
 * guest's IDT or stack memory fails it. */
struct fault {
	uint8_t vector;
	uint64_t error;
	const char *why;
};

static bool gate_fault(uint8_t vector, bool ext, uint8_t raise, const char *why, struct fault *f)
{
	*f = (struct fault){ raise, vector * 8ull + 2 + ext, why };
	return false;
}

/* The guest's gate for vector; false with the fault when it cannot be used. */
static bool read_gate(struct mon *mon, uint8_t vector, bool ext, struct gate *g, struct fault *f)
{
	const struct vcpu *v = &mon->vm.vcpu;
	if ((uint32_t)vector * 16 + 15 > v->idtr.limit)
		return gate_fault(vector, ext, T_GP, "beyond the IDT's limit", f);
	if (!gva_peek(mon, v->idtr.base + vector * 16ull, g, sizeof(*g)))
		return gate_fault(vector, ext, T_DF, "its IDT entry is not mapped", f);
	unsigned type = g->type_attr & 0xf;
	if (type != GATE_INTERRUPT && type != GATE_TRAP)
		return gate_fault(vector, ext, T_GP, "its gate is no 64-bit interrupt or trap gate",
		                  f);
	if (!(g->type_attr & 0x80))
		return gate_fault(vector, ext, T_NP, "its gate is not present", f);
	return true;
}

/* The IST stack n of the guest's TSS (SDM Vol. 3A, 7.7, Figure 7-11:
 * IST1 at byte 36). */
static bool ist_stack(struct mon *mon, unsigned n, uint64_t *rsp)
{
	return gva_peek(mon, mon->vm.vcpu.tr.base + 36 + 8 * (n - 1), rsp, sizeof(*rsp));
}

/* One delivery; false with the fault it raises instead.  Nothing of the
 * vCPU changes unless it succeeds. */
static bool deliver(struct mon *mon, uint8_t vector, uint64_t error, bool ext, struct fault *f)
{
	struct vcpu *v = &mon->vm.vcpu;
	struct gate g;
	if (!read_gate(mon, vector, ext, &g, f))
		return false;
	uint64_t rsp = v->rsp;
	if ((g.ist & 7) && !ist_stack(mon, g.ist & 7, &rsp)) {
		*f = (struct fault){ T_DF, 0, "its IST stack pointer cannot be read from the TSS" };
		return false;
	}
	/* The CPU aligns the new stack to 16 bytes, then pushes (6.14.2). */
	uint64_t frame[6] = { v->rip, v->cs.selector, v->rflags, v->rsp, v->ss.selector };
	unsigned n = 5;
	if (error != MON_NO_ERR) {
		for (unsigned i = 5; i > 0; i--)
			frame[i] = frame[i - 1];
		frame[0] = error;
		n = 6;
	}
	rsp = (rsp & ~15ull) - n * 8;
	if (!gva_poke(mon, rsp, frame, n * 8)) {
		*f = (struct fault){ T_DF, 0, "the guest's stack cannot take the frame" };
		return false;
	}
	v->rsp = rsp;
	v->rip = g.offset_low | (uint64_t)g.offset_mid << 16 | (uint64_t)g.offset_high << 32;
	v->cs.selector = g.selector;
	v->rflags &= ~(RFLAGS_TF | RFLAGS_NT | RFLAGS_RF);
	if ((g.type_attr & 0xf) == GATE_INTERRUPT)
		v->rflags &= ~RFLAGS_IF;
	return true;
}

/* The classes of SDM Vol. 3A, Table 6-4: benign, contributory, page fault. */
static int fault_class(uint8_t vector)
{
	if (vector == T_PF)
		return 2;
	return vector == T_DE || (vector >= T_TS && vector <= T_GP) ? 1 : 0;
}

/* Deliver, and when delivery faults, the fault: one after the other, or
 * together as a double fault (Table 6-5: contributory after contributory,
 * contributory or #PF after #PF); a fault while delivering the double
 * fault shuts the CPU down (6.15, "Interrupt 8"). */
static void raise_event(struct mon *mon, uint8_t vector, uint64_t error, bool ext)
{
	struct fault f;
	for (unsigned depth = 0; !deliver(mon, vector, error, ext, &f); depth++) {
		if (vector == T_DF || depth == 4)
			vm_fail(&mon->vm, "triple fault: the double fault cannot be delivered (%s)",
			        f.why);
		bool twice = fault_class(vector) && fault_class(f.vector) &&
		             !(fault_class(vector) == 1 && fault_class(f.vector) == 2);
		vector = f.vector == T_DF || twice ? T_DF : f.vector;
		error = vector == T_DF ? 0 : f.error;
		ext = true;
	}
}

/* END SOLUTION */

void virq_raise(struct mon *mon, uint8_t vector, uint64_t error)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "virq_raise: not written (part C)"); */
	raise_event(mon, vector, error, false);
	/* END SOLUTION */
}

void virq_software(struct mon *mon, uint8_t vector, unsigned len)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "virq_software: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	struct fault f;
	v->rip += len; /* INT n is a trap: its frame returns past it (6.5) */
	if (deliver(mon, vector, MON_NO_ERR, false, &f))
		return;
	v->rip -= len; /* a gate it cannot use faults on the INT itself */
	raise_event(mon, f.vector, f.vector == T_DF ? 0 : f.error, false);
	/* END SOLUTION */
}

void virq_inject_pending(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: (void)mon; */
	struct vcpu *v = &mon->vm.vcpu;
	if (!(v->rflags & RFLAGS_IF) || !vm_interrupt_pending(&mon->vm))
		return;
	if (v->rip == mon->sti_shadow) {
		/* STI; then the next instruction; then the interrupt (SDM Vol. 2,
		 * STI).  That instruction may not trap: step it with TF. */
		mon->step_window = true;
		return;
	}
	uint8_t vector = vm_interrupt_ack(&mon->vm);
	vm_exit(&mon->vm, EXIT_REASON_INTERRUPT_WINDOW, "inject", vector);
	raise_event(mon, vector, MON_NO_ERR, true);
	/* END SOLUTION */
}

/* IRETQ: RIP, CS, RFLAGS, RSP, SS from the guest's stack (SDM Vol. 2,
 * IRET, 64-bit mode).  The guest kernel returns to itself: a return to
 * its ring 3 is beyond this monitor. */
void virq_iret(struct mon *mon, const struct insn *in)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "virq_iret: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	uint64_t frame[5];
	vm_exit(&mon->vm, EXIT_REASON_TRAPPED, insn_name(in->cls), 0);
	if (in->op_size != 8)
		vm_fail(&mon->vm, "a %u-bit IRET: only IRETQ is emulated", in->op_size * 8);
	if (!gva_read(mon, v->rsp, frame, sizeof(frame)))
		return;
	if ((frame[1] & 3) != 0)
		vm_fail(&mon->vm, "IRETQ to ring %lu: the guest runs in its ring 0 only",
		        frame[1] & 3);
	v->rip = frame[0];
	v->cs.selector = (uint16_t)frame[1];
	v->rflags = (v->rflags & ~RFLAGS_WRITABLE) | (frame[2] & RFLAGS_WRITABLE) | RFLAGS_RESERVED;
	v->rsp = frame[3];
	v->ss.selector = (uint16_t)frame[4];
	/* END SOLUTION */
}

/* HLT: the guest waits for its next interrupt.  Idle time costs nothing
 * here: the guest's time is moved on to the PIT's next edge at once
 * rather than waited for.  With IF clear, or with every source masked, no
 * interrupt can ever come: the guest is stopped with the reason. */
void virq_halt(struct mon *mon, const struct insn *in)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "virq_halt: not written (part C)"); */
	struct vcpu *v = &mon->vm.vcpu;
	vm_exit(&mon->vm, EXIT_REASON_HLT, insn_name(in->cls), 0);
	if (!(v->rflags & RFLAGS_IF))
		vm_fail(&mon->vm, "HLT with interrupts disabled: nothing can wake the guest");
	v->rip += in->len;
	for (unsigned ms = 0; !vm_interrupt_pending(&mon->vm); ms++) {
		if (ms == VM_HALT_LIMIT_MS)
			vm_fail(&mon->vm,
			        "HLT: no interrupt in %u ms of the guest's time (PIC masks "
			        "%#x/%#x): nothing can wake the guest",
			        VM_HALT_LIMIT_MS, mon->vm.pic.chip[0].imr, mon->vm.pic.chip[1].imr);
		vm_advance(&mon->vm, PIT_HZ / TIMER_HZ);
	}
	/* END SOLUTION */
}
