/* Run one untrusted command: in fresh pid and network namespaces, under an
 * unprivileged uid (or as root of a user namespace of its own), with a wall
 * timeout, rlimits and a cap on what it may print.  Whatever it does, the
 * call returns and leaves no process behind. */
#ifndef GRADER_SANDBOX_H
#define GRADER_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util.h"

struct sandbox_spec {
	char *const *argv; /* argv[0] is looked up in the PATH of env */
	char *const *env;
	const char *cwd;
	double timeout; /* wall seconds */
	long memory_mb; /* address space */
	long nproc;     /* processes of the sandbox uid */
	long fsize_mb;  /* largest file it may write */
	size_t output_cap;
	uid_t uid; /* switch to uid/gid (root only); (uid_t)-1 keeps ours */
	gid_t gid;
	bool userns;       /* be root of a user namespace of its own */
	bool split_stderr; /* keep stderr apart (emulator diagnostics) */
	/* /tmp, /var/tmp and /dev/shm are fresh and private to the run, so one
	 * submission leaves nothing there for the next; the folders of hide
	 * (NULL-terminated) look empty; keep stays visible whatever covers it
	 * (the private copy of the tree). */
	const char *keep;
	const char *const *hide;
	/* A folder the run sees read-only (the tree copy, once built): not
	 * even the grader's own uid, when it is the sandbox's, can change it. */
	const char *readonly;
	/* Called for each stdout line; returning true stops the run after
	 * grace seconds (time to print the rest of a register dump). */
	bool (*on_line)(void *ctx, const char *line);
	void *ctx;
	double grace;
};

enum sandbox_end {
	END_EXITED,     /* status holds its exit status */
	END_SIGNALED,   /* signal killed it */
	END_TIMEOUT,    /* the wall timeout killed it */
	END_OUTPUT_CAP, /* it printed more than output_cap */
	END_STOPPED,    /* on_line asked to stop and it did not exit by itself */
};

struct sandbox_result {
	enum sandbox_end end;
	int status;
	int signal;
	struct buf out; /* stdout (and stderr unless split) */
	struct buf err;
	double seconds;
};

/* -1 only when the sandbox itself could not be set up (err_msg() says why). */
int sandbox_run(const struct sandbox_spec *s, struct sandbox_result *r);
void sandbox_result_free(struct sandbox_result *r);
/* One sentence for the student: "exited with status 1", "timed out after 5 s"... */
char *sandbox_describe(const struct sandbox_spec *s, const struct sandbox_result *r);
/* Wall seconds spent in sandbox_run() so far: the rest of a grading's
 * time is the grader's own overhead. */
double sandbox_seconds(void);
/* Set once if namespaces are unavailable, for the report. */
const char *sandbox_warning(void);

#endif
