/* The runtime's side of a container's life: make the cgroup, clone the
 * container's first process into its namespaces (on v2 straight into its
 * cgroup; otherwise it enters the cgroup itself, first thing), set up from
 * outside what only the outside can (uid maps, the host end of the veth),
 * let the container go on, then wait for it and remove every trace.
 *
 * Two pipes join the runtime and the container:
 *   sync   runtime -> container: a byte once the uid maps are written
 *          ("you may set yourself up"), a second once its veth exists
 *          ("you may run the command"); the container's mounts are made
 *          while the runtime makes the veth.  EOF instead of a byte means
 *          "give up": the runtime failed and says why;
 *   error  container -> runtime: the message of a step that failed inside.
 *          The runtime reads it once the container has exited: a message
 *          means the command never ran.  (Its write end is close-on-exec,
 *          so a command that was exec'd cannot write to it.)  Reading it
 *          only then saves the runtime a wake-up while the container
 *          starts, which shows on a busy host. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h> /* struct clone_args */
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr.h"

struct start {
	struct container *c;
	struct cgroup *cg;
	bool in_cgroup; /* born there by clone3(2): nothing to enter */
	int sync_fd;    /* read end */
	int error_fd;   /* write end */
};

/* The first process of the container, right after clone(2): in its new
 * namespaces but still with the host's root, cgroup and (if a user
 * namespace was made) no identity at all until the maps are written. */
static int child_main(void *arg)
{
	struct start *s = arg;
	/* If the runtime dies, so does the container: nothing is left behind
	 * that no one waits for (prctl(2), PR_SET_PDEATHSIG). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
		fail(NULL, "prctl(PR_SET_PDEATHSIG)");
		error_send(s->error_fd);
		_exit(125);
	}
	if (!s->in_cgroup && cgroup_enter(s->cg) < 0) {
		error_send(s->error_fd);
		_exit(125);
	}
	char mapped;
	if (read(s->sync_fd, &mapped, 1) != 1)
		_exit(125); /* the runtime failed and says why */
	_exit(init_main(s->c, s->sync_fd, s->error_fd));
}

/* clone3(2) with CLONE_INTO_CGROUP (Linux 5.7): the child starts in the
 * cgroup cgroup_fd names, and, with no stack of its own given, returns 0
 * here on a copy of ours, as from fork(2).  glibc has no wrapper. */
static pid_t clone_into_cgroup(int flags, int cgroup_fd, int *pidfd)
{
	struct clone_args args = {
		.flags = (uint64_t)(flags & ~CSIGNAL) | CLONE_INTO_CGROUP,
		.pidfd = (uint64_t)(uintptr_t)pidfd,
		.exit_signal = (uint64_t)(flags & CSIGNAL),
		.cgroup = (uint64_t)cgroup_fd,
	};
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

static const char *clone_hint(int err)
{
	switch (err) {
	case EPERM:
		return "namespaces need root, or a user namespace: keep 'user' in --ns";
	case ENOSPC:
		return "too many namespaces: see /proc/sys/user/max_*_namespaces";
	case EINVAL:
		return "a namespace this kernel does not support?";
	default:
		return NULL;
	}
}

static int tell(int fd)
{
	return write(fd, "g", 1) == 1 ? 0 : fail(NULL, "write(sync pipe)");
}

/* The outside of the container, once its first process exists, in the
 * two parts the sync pipe separates. */
static int setup_outside(struct container *c, pid_t pid, int pidfd, int sync)
{
	if (userns_write_maps(c, pidfd) < 0 || tell(sync) < 0 || net_host_side(c, pid) < 0 ||
	    tell(sync) < 0)
		return -1;
	return 0;
}

/* Wait for the container's first process, passing on the signals the
 * runtime gets (they are blocked, so sigwaitinfo(2) picks them up). */
static int wait_container(pid_t pid, const sigset_t *forward)
{
	for (;;) {
		int status;
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return status;
		if (w < 0)
			return fail(NULL, "waitpid(%d)", (int)pid);
		siginfo_t si;
		int sig = sigwaitinfo(forward, &si);
		if (sig < 0 && errno != EINTR)
			return fail(NULL, "sigwaitinfo");
		if (sig > 0 && sig != SIGCHLD && kill(pid, sig) < 0 && errno != ESRCH)
			return fail(NULL, "kill(%d, %s)", (int)pid, sigabbrev_np(sig));
	}
}

static void report_oom(struct cgroup *cg, const struct container *c)
{
	long kills = cgroup_oom_kills(cg);
	if (kills > 0)
		inform("%ld process%s killed by the OOM killer (memory limit %lld bytes)", kills,
		       kills == 1 ? "" : "es", c->limits.memory);
}

/* Init ends by exiting, with the command's status (128 + N when signal N
 * killed the command).  Killed itself, by a signal it cannot catch, it
 * took the command with it: a 128 + N that does not come from the
 * command, so say so, and by which signal. */
static void report_init_killed(int status)
{
	if (status >= 0 && WIFSIGNALED(status))
		inform("the container's init was killed by SIG%s, and the command with it",
		       sigabbrev_np(WTERMSIG(status)));
}

/* Start the container, wait for it, clean up.  Returns the exit code to
 * pass on (the command's status, or 128 + signal), or -1 when the runtime
 * failed (the error is recorded). */
int container_run(struct container *c)
{
	struct cgroup *cg;
	if (tty_open(c) < 0) {
		tty_close(c);
		return -1;
	}
	if (cgroup_create(c, &cg) < 0) {
		tty_close(c);
		return -1;
	}
	int sync[2], err[2];
	if (pipe2(sync, O_CLOEXEC) < 0) {
		fail(NULL, "pipe2");
		cgroup_destroy(cg);
		tty_close(c);
		return -1;
	}
	if (pipe2(err, O_CLOEXEC | O_NONBLOCK) < 0) {
		fail(NULL, "pipe2");
		close(sync[0]);
		close(sync[1]);
		cgroup_destroy(cg);
		tty_close(c);
		return -1;
	}
	/* Block the signals we pass on before the clone, so none is lost
	 * between now and the wait; the container's init inherits the mask
	 * and uses it the same way (init.c). */
	sigset_t all, old;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);

	static char stack[256 * 1024] __attribute__((aligned(16)));
	struct start s = { c, cg, false, sync[0], err[1] };
	/* The cgroup namespace is made later, by the container itself, once
	 * it is in its cgroup: unshared now, its root would be ours. */
	int flags = (c->namespaces & ~CLONE_NEWCGROUP) | CLONE_PIDFD | SIGCHLD;
	int pidfd = -1, cgroup_fd = cgroup_clone_fd(cg);
	pid_t pid = -1;
	if (cgroup_fd >= 0) {
		s.in_cgroup = true;
		pid = clone_into_cgroup(flags, cgroup_fd, &pidfd);
		if (pid == 0)
			_exit(child_main(&s)); /* child_main() itself never returns */
		close(cgroup_fd);
		/* A kernel older than 5.7 (ENOSYS, E2BIG): the other way. */
		s.in_cgroup = pid > 0;
	}
	if (pid < 0)
		pid = clone(child_main, stack + sizeof(stack), flags, &s, &pidfd);
	if (pid < 0) {
		fail(clone_hint(errno), "clone(%s)", c->argv[0]);
		close(sync[0]);
		close(sync[1]);
		close(err[0]);
		close(err[1]);
		cgroup_destroy(cg);
		tty_close(c);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	note(c, "container process %d%s", (int)pid, s.in_cgroup ? ", made in its cgroup" : "");
	close(sync[0]);
	close(err[1]);

	int status = 0, rc = setup_outside(c, pid, pidfd, sync[1]);
	close(pidfd);
	close(sync[1]);
	if (rc < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		error_recv(err[0]);
	} else {
		status = c->tty ? tty_relay(c, pid, &all) : wait_container(pid, &all);
		if (error_recv(err[0]))
			rc = -1;
		else if (status >= 0)
			rc = exit_code(status);
		else
			rc = -1;
		report_oom(cg, c);
		report_init_killed(status);
	}
	close(err[0]);
	net_cleanup(c, pid);
	cgroup_destroy(cg);
	tty_close(c);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
