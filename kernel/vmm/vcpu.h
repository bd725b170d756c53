/*
 * The virtual CPU: the architectural state of the guest's one processor,
 * which a monitor loads before it runs the guest and saves when the guest
 * exits.  Lab 02 copies it to and from a struct trapframe (and emulates the
 * rest); lab 03 writes it into the VMCS guest-state area, whose layout the
 * segment fields follow (SDM Vol. 3C, 24.4.1 "Guest Register State").
 */
#ifndef VLAB_VMM_VCPU_H
#define VLAB_VMM_VCPU_H

#include <stdint.h>
#include "x86.h"

struct vcpu_segment {
	uint16_t selector;
	uint64_t base;
	uint32_t limit;
	uint32_t ar; /* access rights, SEG_AR_* */
};

struct vcpu_table {
	uint64_t base;
	uint16_t limit;
};

struct vcpu {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip, rflags;
	uint64_t cr0, cr2, cr3, cr4, efer;
	struct vcpu_segment cs, ss, ds, es, fs, gs, tr, ldtr;
	struct vcpu_table gdtr, idtr;
};

/* The registers as an aligned table, one "  name value" column per register. */
void vcpu_dump(const struct vcpu *v);

#endif
