/*
 * Lab 04's paravirtual interface: the hypercalls' numbers and arguments,
 * and the memory a guest shares with its hypervisor.  Both sides include
 * it: the guest's backend (guest/) and the hypervisor's (hv/), which runs
 * in lab 02's monitor and in lab 03's.  How a hypercall is made (VMCALL,
 * the registers, the errors): kernel/include/hypercall.h.
 *
 * Addresses are guest-physical.  A hypercall checks every range it is
 * given against guest memory before it touches a byte: -HC_EFAULT.
 */
#ifndef LAB04_PVABI_H
#define LAB04_PVABI_H

#include <stdint.h>
#include "hypercall.h"

#define PV_VERSION 1

/* The hypercalls, by number.  Arguments, then what RAX returns. */
enum pv_hypercall {
	HC_VERSION,       /* ()         PV_VERSION                                  part A */
	HC_CONSOLE_WRITE, /* (gpa, len) len: the bytes onto the console            part A */
	HC_VCPU_INFO,     /* (gpa)      0: the shared page is at gpa (page-aligned) part B */
	HC_IRQ_UNMASK,    /* ()         0: an interrupt waited while masked: now    part B */
	HC_HALT,          /* ()         0: unmask, and wait for the next interrupt  part B */
	HC_YIELD,         /* ()         0: time moves on to the timer's next edge  part B */
	HC_COUNT
};

#define PV_CONSOLE_MAX 4096 /* bytes HC_CONSOLE_WRITE takes at once */

/*
 * The shared per-vCPU page (Xen's vcpu_info): the guest masks and unmasks
 * interrupts by writing irq_masked, which costs no exit.  While it is set,
 * the hypervisor delivers nothing and sets irq_pending instead; the guest,
 * when it unmasks, sees irq_pending and asks for the interrupt with
 * HC_IRQ_UNMASK.  The hypervisor clears irq_pending when it delivers.
 *
 * The end of an interrupt (KVM's PV EOI): when the hypervisor delivers an
 * interrupt of the master PIC it may set eoi_lazy.  The guest's handler
 * then ends the interrupt by clearing the byte, not by writing the PIC's
 * command port, an exit; at its next exit the hypervisor sees the byte
 * clear and sends the PIC the EOI itself.  With eoi_lazy clear, the guest
 * writes the PIC as it always does.
 */
struct pv_vcpu_info {
	volatile uint8_t irq_masked;  /* written by the guest */
	volatile uint8_t irq_pending; /* written by the hypervisor */
	volatile uint8_t eoi_lazy;    /* both: below */
};

#endif
