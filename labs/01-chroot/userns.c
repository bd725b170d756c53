/* The namespace jail's user namespace (userns.h).  Capabilities belong to
 * a user namespace: after unshare(CLONE_NEWUSER) the caller has all of
 * them, but the kernel honours them only over objects owned by the new
 * namespace (capabilities(7), "Interaction with user namespaces").  The
 * jail's mount namespace, the host's file systems, cgroup hierarchies,
 * sysctls and devices all belong to the parent: root in the jail can no
 * longer mount, open a file by handle, set a release agent or a
 * core_pattern, or use a device node it makes. */
#define _GNU_SOURCE
#include "userns.h"

#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "err.h"
#include "user.h"

int userns_sync_open(int sync[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0)
		return sys_fail("socketpair", "user namespace sync", NULL);
	return 0;
}

static int write_map(pid_t child, const char *file, unsigned long outside)
{
	char path[64], map[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)child, file);
	snprintf(map, sizeof(map), "0 %lu 1\n", outside);
	return write_proc(path, map);
}

int userns_map(int sync, pid_t child)
{
	char byte;
	ssize_t n = read(sync, &byte, 1);
	if (n == 0)
		return 0; /* the command did not ask */
	if (n < 0)
		return sys_fail("read", "user namespace sync", NULL);
	/* The command has pivoted, and pivot_root() moved the root of every
	 * process of the mount namespace, this one's too: /proc is now the
	 * jail's, where child is the command's pid. */
	int mapped = user_mapped(USERNS_OUTSIDE_ID, USERNS_OUTSIDE_ID);
	if (mapped < 0)
		return -1;
	unsigned long uid = mapped ? USERNS_OUTSIDE_ID : getuid();
	unsigned long gid = mapped ? USERNS_OUTSIDE_ID : getgid();
	if (write_map(child, "uid_map", uid) < 0 || write_map(child, "gid_map", gid) < 0)
		return -1;
	if (write(sync, "m", 1) != 1)
		return sys_fail("write", "user namespace sync", NULL);
	return 0;
}

/* Supplementary groups survive unshare(): a host group 0 would still
 * open the host's group-0 files.  Drop them where this namespace allows
 * setgroups(2) (real root); under unshare -r it is denied, and the groups
 * are the unprivileged caller's. */
static int drop_groups(void)
{
	char allow[16];
	if (read_proc("/proc/self/setgroups", allow, sizeof(allow)) < 0)
		return -1;
	if (strncmp(allow, "allow", 5) == 0 && setgroups(0, NULL) < 0)
		return sys_fail("setgroups", "0 groups", NULL);
	return 0;
}

int userns_enter(int sync)
{
	/* TODO(part D): drop_groups(); unshare(CLONE_NEWUSER); write one byte
	 * to sync and read the init's answer (one byte; 0 bytes: the init
	 * failed, report it), so that uid and gid 0 are mapped; then become
	 * that root for good: setresgid(0, 0, 0), setresuid(0, 0, 0).
	 * user_namespaces(7), unshare(2).  Tested, as real root, by
	 * namespace-userns, -handle, -release-agent, -sysctl, -devices. */
	/* BEGIN SOLUTION */ /* STUB: (void)drop_groups; return 0; */
	char byte;
	if (drop_groups() < 0)
		return -1;
	if (unshare(CLONE_NEWUSER) < 0)
		return sys_fail("unshare", "CLONE_NEWUSER", "is the process chrooted?");
	if (write(sync, "u", 1) != 1)
		return sys_fail("write", "user namespace sync", NULL);
	ssize_t n = read(sync, &byte, 1);
	if (n < 0)
		return sys_fail("read", "user namespace sync", NULL);
	if (n == 0)
		return fail("the jail's init did not map the user namespace");
	if (setresgid(0, 0, 0) < 0)
		return sys_fail("setresgid", "0", NULL);
	if (setresuid(0, 0, 0) < 0)
		return sys_fail("setresuid", "0", NULL);
	return 0;
	/* END SOLUTION */
}
