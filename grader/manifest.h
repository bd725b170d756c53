/* A lab's test manifest (tests/grade.ini): what to build, what to run, and
 * which checks of which runs are worth how many points.  grader/README.md
 * documents the format. */
#ifndef GRADER_MANIFEST_H
#define GRADER_MANIFEST_H

#include <stdbool.h>

enum kind { KIND_UNIT, KIND_QEMU, KIND_BOCHS, KIND_EXEC };

/* How an exec run is allowed to act: as the sandbox's unprivileged uid; as
 * root of a user namespace of its own (chroot, namespaces, mounts); or as
 * real root in the sandbox's namespaces (cgroups, network devices), which
 * trusts the code under test with root and needs a grader run as root. */
enum as { AS_USER, AS_USERNS, AS_ROOT };

struct check {
	bool must_not;
	char *regex; /* POSIX extended; ${seed} stands for the run's seed */
	int line;
};

/* One process (or, for unit, one process per case) whose output several
 * tests may check. */
struct run {
	char *name;
	enum kind kind;
	char *image;  /* qemu, bochs: path from the tree's root */
	char *args;   /* qemu, bochs: kernel command line */
	char *binary; /* unit: the CUnit binary */
	char **cases; /* unit: "suite:test" names, each run in its own process */
	int ncases;
	char *command; /* exec: /bin/sh -c COMMAND, from the tree's root */
	enum as as;
	int as_line; /* where as = was given, 0 when it was not */
	double timeout;
	long memory_mb;
	char *stop; /* qemu, bochs: stop early once a line matches */
	int line;
};

struct test {
	char *name;
	char *part;
	double points;
	struct run *run;
	struct check *checks;
	int nchecks;
	int status;     /* expected exit status of the run, -1 for any */
	char **creates; /* exec: files the command must leave in its directory */
	int ncreates;
	/* A command (/bin/sh -c, at the tree's root, ${seed} substituted) whose
	 * output lines the run must print, each whole and in order: expected
	 * lines the grader computes, e.g. a micro-guest's result. */
	char *expect_from;
	/* Tests, earlier in the manifest, that must pass for this one to count:
	 * lines any program could print (the guest's "ok" lines) count only
	 * with a result no program can print without running the guest. */
	char **requires;
	int nrequires;
	int *required; /* their indices in the manifest's tests */
	bool hidden;   /* left out of the handout; hidden on Gradescope until published */
	bool baseline; /* passes without the student's solution (self-check) */
	int line;
};

struct part {
	char *id;
	char *title;
};

/* A written question: the student answers it in the lab's answers file,
 * an instructor grades it by hand.  The grader lists it with its points;
 * they are not in the score it computes. */
struct question {
	char *name;
	double points;
	char *ask;
	int line;
};

struct manifest {
	char *path;    /* the grade.ini */
	char *lab_dir; /* the lab's folder, relative to the tree's root */
	char *title;
	char **student_files; /* relative to the lab's folder */
	int nstudent;
	char **hidden_files; /* relative to the lab's folder */
	int nhidden;
	/* Labs (folders of labs/) whose reference solution the handout
	 * carries in this lab's reference/: a lab built on earlier ones. */
	char **reference_labs;
	int nreference;
	/* A command, run at the tree's root, that writes the reference labs as
	 * objects into $REFERENCE_OUT/NAME/ (handout --reference objects), or
	 * NULL: they can be handed out as source only. */
	char *reference_objects;
	char **copy; /* paths of the tree besides the lab that a build needs */
	int ncopy;
	char **packages; /* the Debian/Ubuntu packages its build and tests need */
	int npackages;
	char *prebuild;  /* run in the pristine tree before it is copied */
	char **prebuilt; /* what prebuild makes: copied with the tree */
	int nprebuilt;
	char *build;
	char *hidden_build;
	double build_timeout;
	struct part *parts;
	int nparts;
	struct question *questions;
	int nquestions;
	char *answers; /* the file, among the student files, that holds the answers */
	struct run **runs;
	int nruns;
	struct test *tests;
	int ntests;
};

/* Parse path; lab_dir is the lab's folder relative to the tree's root.
 * On error: -1 and err_msg() is "path:line: reason". */
int manifest_load(const char *path, const char *lab_dir, struct manifest *m);
const char *kind_name(enum kind k);
double manifest_points(const struct manifest *m);
/* Keep only the tests whose name matches one of the shell globs of tests
 * (blank- or comma-separated) and whose part is one of parts; NULL keeps
 * all.  -1 with err_msg() naming what exists when nothing matches. */
int manifest_select(struct manifest *m, const char *tests, const char *parts);

#endif
