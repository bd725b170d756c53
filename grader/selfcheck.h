/* Self-check of a lab: its reference earns full marks, and its handout
 * builds and earns nothing on the tests that need a solution. */
#ifndef GRADER_SELFCHECK_H
#define GRADER_SELFCHECK_H

#include "grade.h"

/* Adds one to *passed or *failed per claim checked; -1 on a setup error. */
int self_check(const struct grade_opts *o, int *passed, int *failed);

#endif
