/*
 * The arithmetic of the VMX capability MSRs, pure so that host unit tests
 * can try it on any values (tests/test_controls.c).
 *
 * A control MSR (SDM Vol. 3D, A.3 to A.5) holds in its low half the
 * allowed-0 settings (a 1 there: the bit must be 1) and in its high half
 * the allowed-1 settings (a 0 there: the bit must be 0).  The fixed-bit
 * MSRs of CR0 and CR4 (A.7, A.8) say the same of those registers: a bit set
 * in FIXED0 must be 1, a bit clear in FIXED1 must be 0.
 */
#ifndef LAB03_CONTROLS_H
#define LAB03_CONTROLS_H

#include <stdint.h>

struct cr_fixed {
	uint64_t fixed0, fixed1;
};

/* The controls to write: want, plus the CPU's must-be-1 bits.  *missing:
 * the wanted bits the CPU cannot set (then the result is not usable);
 * *bad: a malformed MSR whose must-be-1 bits are not allowed to be 1. */
uint32_t vmx_adjust_controls(uint64_t cap, uint32_t want, uint32_t *missing, uint32_t *bad);
/* The bits of value that the fixed MSRs forbid: must be 1 and are 0, or
 * must be 0 and are 1. */
uint64_t cr_fixed_violations(uint64_t value, struct cr_fixed f);
/* value with every fixed bit forced as the MSRs want it. */
uint64_t cr_fixed_apply(uint64_t value, struct cr_fixed f);

#endif
