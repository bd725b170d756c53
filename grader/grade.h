/* Grade one lab: a private copy of the pristine tree with the student's
 * files in it, built and tested in the sandbox, reported as tests finish. */
#ifndef GRADER_GRADE_H
#define GRADER_GRADE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "report.h"

struct grade_opts {
	const char *root;       /* the pristine tree */
	const char *lab;        /* the lab's folder, under root */
	const char *submission; /* the student's files, or NULL for the tree's own */
	const char *out;        /* results, transcripts, logs */
	const char *results;    /* results.json path, default out/results.json */
	const char *vm;         /* emulator launcher, default tools/vm of the copy */
	uid_t uid;              /* the sandbox's uid and gid, used when root */
	gid_t gid;
	const char *tests; /* shell globs of test names to run, NULL for all */
	const char *parts; /* part ids to run, NULL for all */
	size_t output_cap;
	bool keep; /* keep the private copy, for debugging a lab */
	bool quiet;
};

/* 0 when grading ran (whatever the score), -1 when it could not start
 * (bad manifest, unwritable output): err_msg() says why. */
int grade_lab(const struct grade_opts *o, struct report *rep, struct manifest *m);

#endif
