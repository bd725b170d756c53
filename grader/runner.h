/* What the runners share: the grading at hand, and one record per run. */
#ifndef GRADER_RUNNER_H
#define GRADER_RUNNER_H

#include "grade.h"
#include "manifest.h"
#include "report.h"
#include "sandbox.h"

struct grader {
	const struct grade_opts *o;
	const struct manifest *m;
	char *top;         /* the private folder: tree/ and scratch/ */
	char *hide[4];     /* what runs must not see: the pristine tree, submissions, results */
	char *work;        /* the private copy of the tree */
	char *scratch;     /* writable folders of the runs live here */
	char *transcripts; /* out/transcripts */
	char *vm;
	bool root;
};

/* A qemu, bochs or exec run, done once and checked by every test naming it. */
struct run_record {
	bool done;
	struct sandbox_spec spec;
	struct sandbox_result res;
	char *seed;
	char *dir;        /* its working folder (exec: where creates = looks) */
	char *what;       /* the command line, for the transcript */
	char *describe;   /* how it ended, in words */
	bool panicked;    /* a "panic:" line */
	char *transcript; /* saved once, when a test on it fails */
};

char *new_seed(void);
/* A fresh folder the sandbox uid may write, named after what runs there. */
char *scratch_dir(struct grader *g, const char *name);
void sandbox_prepare(struct grader *g, struct sandbox_spec *s, const char *cwd, double timeout,
                     long memory_mb);
char **sandbox_env(struct grader *g, const char *home, const char *seed);
void free_strv(char **v);
/* Append one "NAME=value" (taken over) to an environment. */
char **add_env(char **env, char *entry);
/* Save the run's whole output under out/transcripts/NAME.log; returns the path. */
char *save_transcript(struct grader *g, const char *name, const char *what, const char *seed,
                      const char *describe, const struct sandbox_result *res);

int run_vm(struct grader *g, const struct run *r, struct run_record *rec);
int run_exec(struct grader *g, const struct run *r, struct run_record *rec);
/* A unit test: each case in its own process; fills res. */
void run_unit(struct grader *g, struct report *rep, int i);

#endif
