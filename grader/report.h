/* The result model: one record per test, filled in as tests finish, and
 * the writers that turn it into what people and tools read. */
#ifndef GRADER_REPORT_H
#define GRADER_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "manifest.h"
#include "util.h"

enum test_status { TS_NOT_RUN, TS_PASSED, TS_FAILED };

struct test_result {
	const struct test *test;
	enum test_status status;
	double score;
	char *outcome; /* one word: passed, failed, timeout, crashed, output-limit, build-failed,
	                  not-run */
	char *output;  /* what the student reads: why it failed, what to look at */
	double seconds;
	char *seed;       /* decimal, or NULL when the test took none */
	char *transcript; /* the saved transcript, or NULL */
};

struct report {
	const struct manifest *m;
	char *lab; /* the lab folder's name */
	struct test_result *results;
	int n;
	int done;
	double started; /* now_seconds() when grading began */
	double elapsed;
	double sandbox_at_start; /* sandbox_seconds() when grading began */
	struct buf notes;        /* about the whole run: files not submitted, build log */
	char *partial;           /* the selection when only some tests run, else NULL */
	int not_submitted;       /* student files the submission did not hold */
};

void report_init(struct report *r, const struct manifest *m, const char *lab);
void report_set(struct report *r, int i, enum test_status st, const char *outcome, char *output);
double report_score(const struct report *r);
int report_count(const struct report *r, enum test_status st);

/* Writers.  Each returns -1 with err_msg() set when it cannot write. */
int results_json_write(const struct report *r, const char *path);
int junit_write(const struct report *r, const char *path);
int tap_write(const struct report *r, const char *path);

/* The terminal: progress while tests run, a line per test, the score. */
struct term {
	FILE *f;
	bool tty;
	bool colour;
	bool quiet; /* batch mode: only the final lines */
};
void term_init(struct term *t, FILE *f, bool quiet);
void term_progress(struct term *t, const struct report *r, const char *what);
void term_test(struct term *t, const struct report *r, int i);
void term_summary(struct term *t, const struct report *r);

#endif
