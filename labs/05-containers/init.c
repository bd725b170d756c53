/* The container's PID 1.  It finishes the inside of the container (the
 * steps that need its namespaces), then forks the command and stays:
 * in a PID namespace the first process is the reaper of every orphan
 * (pid_namespaces(7)), and the kernel drops signals that PID 1 has no
 * handler for, so a command run as PID 1 would neither reap nor die on
 * SIGTERM.  Like tini or `docker run --init`, this init forwards signals
 * to the command, reaps whatever exits, and leaves with the command's
 * status; when it exits the kernel kills the rest of the namespace. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctr.h"

/* A wait status as a shell shows it: the exit status, or 128 + the signal. */
int exit_code(int wait_status)
{
	/* TODO(S0): decode a wait(2) status: WIFEXITED/WEXITSTATUS, or
	 * WIFSIGNALED/WTERMSIG as 128 + signal (man 2 waitpid; tested by
	 * s0-exit-status, s0-signal-status). */
	/* BEGIN SOLUTION */ /* STUB: (void)wait_status; return 0; */
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	return 125;
	/* END SOLUTION */
}

/* The command's process, forked under init's seccomp filter: the last
 * steps are the ones that take power away, so they come after everything
 * that needs it. */
static void run_command(struct container *c, int error_fd)
{
	sigset_t none;
	sigemptyset(&none);
	if (tty_attach(c, true) < 0 || fds_check_cwd(c) < 0 || caps_apply(c) < 0 ||
	    fds_close_all() < 0 || sigprocmask(SIG_SETMASK, &none, NULL) < 0) {
		error_send(error_fd);
		_exit(125);
	}
	/* TODO(S0): run the command: execvp(3) with the container's
	 * environment (set environ to c->env first); if it returns, record
	 * the error with fail() (tested by s0-exit-status). */
	/* BEGIN SOLUTION */ /* STUB: fail_msg("run_command: not written (S0)"); */
	extern char **environ;
	environ = c->env;
	execvp(c->argv[0], c->argv);
	fail("is it in the rootfs, and executable?", "exec(%s)", c->argv[0]);
	/* END SOLUTION */
	error_send(error_fd);
	_exit(125);
}

/* A session of the container's own.  A process in the session of the
 * terminal it was started from may type into that terminal with
 * ioctl(TIOCSTI): the host's shell reads it as the user's next command,
 * once the container has exited.  A process whose session is another
 * needs CAP_SYS_ADMIN of the host for it (tty_ioctl(4)); the seccomp
 * filter refuses it too (seccomp.c). */
static int own_session(void)
{
	/* TODO(S1): make a new session, with no controlling terminal:
	 * setsid(2), recorded with fail() if it fails (tested by
	 * s1-terminal). */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	if (setsid() < 0)
		return fail(NULL, "setsid");
	return 0;
	/* END SOLUTION */
}

/* Once the command runs, init only waits, reaps and passes signals on:
 * it keeps no more power than that.  It is under the container's seccomp
 * filter already (init_main); every descriptor the runtime handed down
 * but keep is closed, and of the capabilities only CAP_KILL is left in
 * its effective and permitted sets (a command that changed its uid must
 * still get the signals).  A process
 * of the container that got hold of init would find nothing in it to use. */
static int confine_init(int keep)
{
	if ((keep > 3 && close_range(3, keep - 1, 0) < 0) || close_range(keep + 1, ~0U, 0) < 0)
		return fail(NULL, "close_range (init)");
	/* Init never calls execve(2): its bounding set bounds nothing, and
	 * what it keeps is set in one capset(2).  (Dropping the bounding set
	 * too, one prctl(2) and one new set of credentials per capability,
	 * made a container's start 10% slower.)  no_new_privs all the same. */
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct kill_only[2] = { { 1u << CAP_KILL, 1u << CAP_KILL, 0 } };
	if (syscall(SYS_capset, &hdr, kill_only) < 0)
		return fail(NULL, "capset (init: CAP_KILL only)");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(NULL, "prctl(PR_SET_NO_NEW_PRIVS) (init)");
	return 0;
}

/* Wait for the command while forwarding signals and reaping orphans. */
static int supervise(pid_t command)
{
	sigset_t all;
	sigfillset(&all);
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&all, &si);
		if (sig < 0) {
			if (errno == EINTR)
				continue;
			inform("init: sigwaitinfo: %s", strerror(errno));
			return 125;
		}
		if (sig != SIGCHLD) {
			/* TODO(S1): pass the signal on to the command (man 2 kill;
			 * tested by s1-signal-forwarded). */
			/* BEGIN SOLUTION */ /* STUB: (void)command; */
			kill(command, sig);
			/* END SOLUTION */
			continue;
		}
		/* TODO(S0, S1): reap every child that has exited, the command
		 * and any orphan the kernel re-parented to us: waitpid(-1, ...,
		 * WNOHANG) until none is left; when the command is among them,
		 * return exit_code(its status) (man 2 waitpid; tested by
		 * s0-exit-status and s1-orphans-reaped). */
		/* BEGIN SOLUTION */ /* STUB: return 125; */
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == command)
				return exit_code(status);
		/* END SOLUTION */
	}
}

int init_main(struct container *c, int sync_fd, int error_fd)
{
	if (own_session() < 0 || userns_become_root(c) < 0 || ns_set_hostname(c) < 0 ||
	    mount_rootfs(c) < 0)
		goto failed;
	/* The runtime says when we are in our cgroup and the veth exists. */
	char go;
	if (read(sync_fd, &go, 1) != 1)
		_exit(125); /* the runtime failed and says why */
	close(sync_fd);
	/* The seccomp filter last of what init does with its power, and
	 * before the fork: init and the command live under the one filter,
	 * loaded once, and the command's last steps (capabilities,
	 * descriptors, working directory) call only what it allows. */
	if (ns_enter_late(c) < 0 || net_container_side(c) < 0 || filter_apply(c) < 0)
		goto failed;
	pid_t pid = fork();
	if (pid < 0) {
		fail(NULL, "fork");
		goto failed;
	}
	if (pid == 0)
		run_command(c, error_fd);
	if (tty_attach(c, false) < 0 || confine_init(error_fd) < 0)
		goto failed;
	close(error_fd);
	return supervise(pid);
failed:
	error_send(error_fd);
	return 125;
}
