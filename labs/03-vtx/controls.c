/*
 * Part B: the controls against the capability MSRs (controls.h).  SDM Vol.
 * 3D, A.3.1 to A.5 for the controls ("allowed 0-settings" and "allowed
 * 1-settings"), A.7 and A.8 for CR0 and CR4; Vol. 3C, 24.8 "Restrictions on
 * VMX Operation".
 */
#include "controls.h"

uint32_t vmx_adjust_controls(uint64_t cap, uint32_t want, uint32_t *missing, uint32_t *bad)
{
	/* BEGIN SOLUTION */ /* STUB: *missing = want; *bad = 0; return 0; */
	uint32_t must_be_1 = (uint32_t)cap, may_be_1 = (uint32_t)(cap >> 32);
	*missing = want & ~may_be_1;
	*bad = must_be_1 & ~may_be_1;
	return (want | must_be_1) & may_be_1;
	/* END SOLUTION */
}

uint64_t cr_fixed_violations(uint64_t value, struct cr_fixed f)
{
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	return (f.fixed0 & ~value) | (value & ~f.fixed1);
	/* END SOLUTION */
}

uint64_t cr_fixed_apply(uint64_t value, struct cr_fixed f)
{
	/* BEGIN SOLUTION */ /* STUB: return value; */
	return (value | f.fixed0) & f.fixed1;
	/* END SOLUTION */
}
