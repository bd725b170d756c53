/* The user namespace (user_namespaces(7)): root inside, an ordinary user
 * outside.  A new user namespace starts with no mapping; its creator's
 * process outside writes /proc/PID/uid_map and gid_map while the
 * container waits on the sync pipe (container.c), then the container
 * takes uid and gid 0. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctr.h"

/* Root may map a range of ids; an unprivileged user may map only its own
 * id, and only one line (user_namespaces(7), "Defining user and group ID
 * mappings").  Root maps container ids 0-65535 to this range: */
#define ROOT_MAP_FIRST 100000
#define ROOT_MAP_COUNT 65536

/* The container's number in /proc.  clone(2) returned its pid in our PID
 * namespace, but /proc may have been mounted for another (a sandbox that
 * made a PID namespace and kept the host's /proc): the fdinfo of a pidfd
 * names the process as that /proc does (proc(5), "Pid:" of a pidfd). */
static int proc_pid(int pidfd, pid_t *pid)
{
	char path[64], line[128];
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	FILE *f = fopen(path, "re");
	if (!f)
		return fail(NULL, "open(%s)", path);
	int found = 0, nr;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "Pid: %d", &nr) == 1;
	fclose(f);
	if (!found || nr <= 0)
		return fail_msg("%s: no Pid: line (is /proc from another PID namespace?)", path);
	*pid = nr;
	return 0;
}

static int write_file(pid_t pid, const char *file, const char *text)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(NULL, "open(%s)", path);
	ssize_t n = write(fd, text, strlen(text));
	int rc = n == (ssize_t)strlen(text)
	                 ? 0
	                 : fail("see user_namespaces(7) for the rules", "write(%s, \"%.*s\")", path,
	                        (int)strcspn(text, "\n"), text);
	close(fd);
	return rc;
}

int userns_write_maps(const struct container *c, int pidfd)
{
	pid_t pid = 0;
	if (!(c->namespaces & CLONE_NEWUSER))
		return 0;
	if (proc_pid(pidfd, &pid) < 0)
		return -1;
	/* TODO(S4): map the container's root to us: as root, container ids
	 * 0-65535 to ROOT_MAP_FIRST...; rootless, "0 UID 1".  An
	 * unprivileged user must write "deny" to /proc/PID/setgroups before
	 * the gid_map (man 7 user_namespaces; tested by s4-rootless-ids,
	 * s4-rootless-isolation and, as real root, s4-userns-root). */
	/* BEGIN SOLUTION */ /* STUB: (void)pid; (void)write_file; return 0; */
	char uid_map[64], gid_map[64];
	if (c->host_uid == 0) {
		snprintf(uid_map, sizeof(uid_map), "0 %d %d\n", ROOT_MAP_FIRST, ROOT_MAP_COUNT);
		snprintf(gid_map, sizeof(gid_map), "0 %d %d\n", ROOT_MAP_FIRST, ROOT_MAP_COUNT);
	} else {
		snprintf(uid_map, sizeof(uid_map), "0 %u 1\n", (unsigned)c->host_uid);
		snprintf(gid_map, sizeof(gid_map), "0 %u 1\n", (unsigned)c->host_gid);
		if (write_file(pid, "setgroups", "deny") < 0)
			return -1;
	}
	if (write_file(pid, "uid_map", uid_map) < 0 || write_file(pid, "gid_map", gid_map) < 0)
		return -1;
	return 0;
	/* END SOLUTION */
}

/* Inside, once mapped: become uid/gid 0 of the namespace.  A rootless
 * container cannot call setgroups(2) (the runtime denied it); one started
 * by root drops the supplementary groups it inherited. */
int userns_become_root(const struct container *c)
{
	if (!(c->namespaces & CLONE_NEWUSER))
		return 0;
	/* TODO(S4): setresgid(2) and setresuid(2) to 0, and setgroups(0,
	 * NULL) when the runtime is root (tested by the
	 * real-root s4-userns-root: root's map is a range that does not hold
	 * the runtime's own uid, so only setresuid makes the container root). */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	if (c->host_uid == 0 && setgroups(0, NULL) < 0)
		return fail(NULL, "setgroups");
	if (setresgid(0, 0, 0) < 0)
		return fail("is gid 0 mapped?", "setresgid(0)");
	if (setresuid(0, 0, 0) < 0)
		return fail("is uid 0 mapped?", "setresuid(0)");
	return 0;
	/* END SOLUTION */
}
