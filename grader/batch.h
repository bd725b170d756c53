/* Batch mode: grade every submission of a folder, jobs at a time, each in
 * its own grader process, and write the gradebook. */
#ifndef GRADER_BATCH_H
#define GRADER_BATCH_H

#include "grade.h"

/* self: this program, run once per submission.  Returns how many
 * submissions could not be graded, or -1 on a setup error. */
int batch_grade(const struct grade_opts *o, const char *self, const char *submissions, int jobs);

#endif
