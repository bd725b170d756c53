/* jail: run a command inside a root file system.
 *
 *	jail ROOTFS CMD [ARG...]      the naive chroot jail (part A)
 *	jail -H ROOTFS CMD [ARG...]   the hardened chroot jail (part C)
 *	jail -N ROOTFS CMD [ARG...]   the namespace jail: pivot_root (part D)
 *
 * Three processes.  The launcher (this one) makes a mount namespace and a
 * pid namespace, relays the jail's terminal (terminal.h) and waits.  Its
 * child is pid 1 of the new pid namespace, the jail's init: it stays
 * where it is, forks the command and reaps every orphan until the command
 * ends.  The command's process leaves the caller's session, enters the
 * jail and execs.  The mount namespace makes every mount of the jail
 * disappear with its last process, whatever way it ends; the pid
 * namespace gives the jail a /proc of its own that the root of a user
 * namespace may mount.
 *
 * Exit status: the command's, 128+N when signal N killed it (as a shell
 * reports it), 125 when the jail itself failed (usage included), 126 when
 * the command could not be run, 127 when it is not in the rootfs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "jail.h"
#include "rootfs.h"
#include "terminal.h"
#include "userns.h"

enum mode { NAIVE, HARDENED, NAMESPACE };

#define JAIL_FAILED 125

int mount_proc(const char *rootfs)
{
	int root = rootfs_open(rootfs);
	if (root < 0)
		return -1;
	int proc = open_in_rootfs(root, rootfs, "proc", O_PATH | O_DIRECTORY, BENEATH);
	close(root);
	if (proc < 0)
		return -1;
	/* Mount on the directory the descriptor holds, not on a path that
	 * would be resolved again: /proc/self/fd/N is that very directory.
	 * A proc shows the processes of the pid namespace of its mounter.
	 * Nothing in it needs set-user-ID bits, device files or programs. */
	char target[64];
	snprintf(target, sizeof(target), "/proc/self/fd/%d", proc);
	int rc = 0;
	if (mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		rc = sys_fail("mount proc", rootfs, NULL);
	close(proc);
	return rc;
}

int enter_chroot(const char *rootfs)
{
	/* TODO(part A): mount_proc(rootfs) while the host's /proc is still
	 * there to mount through; chroot(2) to rootfs (on failure report it
	 * with sys_fail("chroot", rootfs, "build it with mkrootfs") when
	 * errno is ENOENT), then chdir("/"): chroot() changes the root of
	 * path resolution, not the working directory, which would stay
	 * outside.  Tested by jail-runs, jail-bad-input and every escape
	 * test. */
	/* BEGIN SOLUTION */ /* STUB: return fail("enter_chroot: not written (part A)"); */
	if (mount_proc(rootfs) < 0)
		return -1;
	if (chroot(rootfs) < 0)
		return sys_fail("chroot", rootfs,
		                errno == ENOENT ? "build it with mkrootfs" : NULL);
	if (chdir("/") < 0)
		return sys_fail("chdir", "/", NULL);
	return 0;
	/* END SOLUTION */
}

/* The exit status that tells the caller how the command ended. */
static int exit_code(int status)
{
	/* TODO(part A): a command that exited gives its exit status; one that
	 * a signal killed gives 128 + the signal's number (wait(2): WIFEXITED,
	 * WEXITSTATUS, WIFSIGNALED, WTERMSIG).  Tested by jail-status. */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return JAIL_FAILED;
	/* END SOLUTION */
}

/* The command's process: leave the caller's terminal, enter the jail,
 * become the command. */
static int run_command(enum mode mode, const char *rootfs, const struct terminal *tty,
                       int userns_sync, char **cmd)
{
	if (terminal_attach(tty) < 0)
		return JAIL_FAILED;
	int rc = mode == NAIVE      ? enter_chroot(rootfs)
	         : mode == HARDENED ? enter_hardened(rootfs)
	                            : enter_pivot(rootfs, userns_sync);
	if (rc < 0)
		return JAIL_FAILED;
	execvp(cmd[0], cmd);
	int code = errno == ENOENT ? 127 : 126;
	sys_fail("execvp", cmd[0],
	         errno == ENOENT ? "not in the rootfs: mkrootfs installs busybox's applets" : NULL);
	return code;
}

/* The command's pid, for the init's signal handler. */
static pid_t command_pid;

static void forward(int sig)
{
	kill(command_pid, sig);
}

/* The init of a pid namespace gets from outside only the signals it
 * handles (pid_namespaces(7)), SIGKILL aside: those that ask the jail to
 * end go on to the command. */
static int forward_signals(void)
{
	static const int asks_to_end[] = { SIGTERM, SIGHUP, SIGINT };
	struct sigaction sa = { .sa_handler = forward, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(asks_to_end) / sizeof(asks_to_end[0]); i++)
		if (sigaction(asks_to_end[i], &sa, NULL) < 0)
			return sys_fail("sigaction", strsignal(asks_to_end[i]), NULL);
	return 0;
}

/* The init runs no code of the jail's, but a command that may look into
 * /proc/1/fd finds there what the init holds: it keeps descriptors 0, 1,
 * 2 and fd (-1: none), and closes whatever the caller left open. */
static int keep_only(int fd)
{
	unsigned first = 3;
	if (fd >= 3) {
		if (fd > 3 && close_range(3, (unsigned)fd - 1, 0) < 0)
			return sys_fail("close_range", "inherited descriptors", NULL);
		first = (unsigned)fd + 1;
	}
	if (close_range(first, ~0U, 0) < 0)
		return sys_fail("close_range", "inherited descriptors", NULL);
	return 0;
}

/* pid 1 of the jail's pid namespace.  It is the parent of every orphan,
 * so it reaps them all; when it exits, the kernel kills whatever is left
 * in the namespace. */
static int jail_init(enum mode mode, const char *rootfs, struct terminal *tty, char **cmd)
{
	int sync[2] = { -1, -1 };
	if (mode == NAMESPACE && userns_sync_open(sync) < 0)
		return JAIL_FAILED;
	pid_t child = fork();
	if (child < 0) {
		sys_fail("fork", cmd[0], NULL);
		return JAIL_FAILED;
	}
	if (child == 0)
		_exit(run_command(mode, rootfs, tty, sync[1], cmd));
	command_pid = child;
	if (forward_signals() < 0)
		return JAIL_FAILED;
	if (terminal_leave(tty) < 0 || keep_only(sync[0]) < 0)
		return JAIL_FAILED;
	/* A failed map closes the init's end of the pair, and the command
	 * stops at its next read. */
	if (mode == NAMESPACE) {
		close(sync[1]);
		userns_map(sync[0], child);
		close(sync[0]);
	}
	for (;;) {
		int status;
		pid_t pid = wait(&status);
		if (pid < 0 && errno != EINTR) {
			sys_fail("wait", cmd[0], NULL);
			return JAIL_FAILED;
		}
		if (pid == child)
			return exit_code(status);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: jail [-H | -N] ROOTFS CMD [ARG...]\n"
	                "  (none)  chroot jail\n"
	                "  -H      hardened chroot jail: capabilities, descriptors, user\n"
	                "  -N      namespace jail: pivot_root in a private mount namespace\n");
	return JAIL_FAILED;
}

int main(int argc, char **argv)
{
	enum mode mode = NAIVE;
	int opt;
	/* '+': options end at ROOTFS; the command's own options are its own. */
	while ((opt = getopt(argc, argv, "+HN")) != -1) {
		if (opt == 'H')
			mode = HARDENED;
		else if (opt == 'N')
			mode = NAMESPACE;
		else
			return usage();
	}
	if (argc - optind < 2)
		return usage();
	const char *rootfs = argv[optind];
	char **cmd = argv + optind + 1;
	struct terminal tty;
	if (terminal_open(&tty) < 0)
		return JAIL_FAILED;

	if (unshare(CLONE_NEWNS | CLONE_NEWPID) < 0) {
		sys_fail("unshare", "CLONE_NEWNS|CLONE_NEWPID",
		         errno == EPERM
		                 ? "run it as root, or as root of a user namespace: unshare -r"
		                 : NULL);
		return JAIL_FAILED;
	}
	/* The new mount namespace is a copy; with shared propagation (the
	 * default under systemd) the jail's mounts would appear on the host. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		sys_fail("mount", "/, MS_REC|MS_PRIVATE", NULL);
		return JAIL_FAILED;
	}
	pid_t init = fork();
	if (init < 0) {
		sys_fail("fork", "jail init", NULL);
		return JAIL_FAILED;
	}
	if (init == 0)
		_exit(jail_init(mode, rootfs, &tty, cmd));
	terminal_close(&tty, false);
	int relayed = terminal_relay(&tty, init);
	int status;
	while (waitpid(init, &status, 0) < 0)
		if (errno != EINTR) {
			sys_fail("waitpid", "jail init", NULL);
			return JAIL_FAILED;
		}
	return relayed < 0 ? JAIL_FAILED : exit_code(status);
}
