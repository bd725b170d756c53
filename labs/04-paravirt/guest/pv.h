/*
 * The guest's paravirtual backend (lab 04): the kernel's privileged
 * operations (pvops.h) done by asking the hypervisor, one concept a file:
 *
 *	hcall.c      part A: VMCALL with the convention of hypercall.h
 *	pvcpu.c      part B: interrupts masked in the shared page, halt
 *	pvconsole.c  part C: the console, a line per hypercall
 *	pvmmu.c      part C: page-table updates, a batch per hypercall
 *	backend.c    the table, installed by pv_install()
 *	pvinit.c     pv_init(): pv_install() when ARGS has pv=1 and a
 *	             hypervisor answers
 */
#ifndef LAB04_GUEST_PV_H
#define LAB04_GUEST_PV_H

#include <stdbool.h>
#include "pvabi.h"
#include "pvops.h"

/* Part A: one hypercall; the result RAX held (negative: -HC_E*). */
int64_t hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);

/* Part B: the shared page, registered with the hypervisor; the operations. */
extern struct pv_vcpu_info pv_vcpu;
void pv_irq_disable(void);
void pv_irq_enable(void);
uint64_t pv_save_flags(void);
void pv_restore_flags(uint64_t flags);
void pv_safe_halt(void);
void pv_relax(void);
void pv_irq_eoi(int irq);

/* Part C. */
void pv_console_putc(char c);
void pv_console_flush(void);
void pv_update_mapping(uint64_t *pte, uint64_t value, uintptr_t va);
void pv_flush_mappings(void);

/* Register the shared page, then switch the kernel to the table of
 * hypercalls (interrupts masked in the page, on in RFLAGS): 0, or the
 * hypervisor's refusal. */
int64_t pv_install(void);

#endif
