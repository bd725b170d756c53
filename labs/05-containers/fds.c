/* What the container inherits without asking: open descriptors and the
 * working directory.  A descriptor of the runtime that survives the exec
 * is a door to the host (runc's CVE-2024-21626, "Leaky Vessels": a leaked
 * descriptor of /sys/fs/cgroup, used as the working directory, reached the
 * host's file system).  So every descriptor past stderr is closed at exec,
 * and the working directory is entered by path inside the new root and
 * checked to be inside it. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <unistd.h>

#include "ctr.h"

int fds_close_all(void)
{
	/* TODO(S8): mark every descriptor from 3 up close-on-exec:
	 * close_range(2) with CLOSE_RANGE_CLOEXEC (not closing them now
	 * keeps the error pipe usable until the exec; tested by
	 * s8-fds-and-cwd, s8-rootless). */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		return fail(NULL, "close_range(3, ~0, CLOSE_RANGE_CLOEXEC)");
	return 0;
	/* END SOLUTION */
}

int fds_check_cwd(const struct container *c)
{
	const char *cwd = c->cwd ? c->cwd : "/";
	if (cwd[0] != '/')
		return fail_msg("the working directory '%s' must be an absolute path", cwd);
	/* TODO(S8): open cwd inside our root (open "/" with O_PATH |
	 * O_DIRECTORY, then root_open(): symlinks and ".." stop at the root),
	 * fchdir(2) to it, then getcwd(3): it fails (ENOENT) when the
	 * directory is not under our root (tested by s8-fds-and-cwd). */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return fail(NULL, "open(/)");
	int dir = root_open(root, cwd, false);
	close(root);
	if (dir < 0)
		return fail("the working directory must exist in the rootfs", "chdir(%s)", cwd);
	int rc = fchdir(dir);
	close(dir);
	if (rc < 0)
		return fail("the working directory must be a folder", "chdir(%s)", cwd);
	char here[PATH_MAX];
	if (!getcwd(here, sizeof(here)))
		return fail("the working directory is outside the container", "getcwd(%s)", cwd);
	return 0;
	/* END SOLUTION */
}
