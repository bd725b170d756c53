/* Ordered regex expectations over a run's output, and gradelib-style
 * diagnostics: the lines that matched (GOOD), the lines that must not be
 * there (BAD), and the expectations no line met (MISSING). */
#ifndef GRADER_CHECK_H
#define GRADER_CHECK_H

#include <stdbool.h>

#include "manifest.h"
#include "util.h"

/* True when every must regex matches a line, in order, and no must_not
 * regex matches any line.  ${seed} in a regex stands for seed.  On
 * failure, or when show_output (the test failed otherwise), report gets the
 * marked lines with their neighbours, the output's last lines, and the
 * expectations no line met. */
bool checks_pass(const struct check *c, int n, const char *output, const char *seed,
                 bool show_output, struct buf *report);

#endif
