/* Paths of the rootfs, resolved inside it (rootfs.h).  openat2(2) walks a
 * path the way open(2) does, with rules of resolution the kernel enforces
 * at every step, symbolic links and ".." included, so no check done
 * before the open can be outrun by a link swapped in after it. */
#define _GNU_SOURCE
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "err.h"

int rootfs_open(const char *rootfs)
{
	int fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return sys_fail("open", rootfs, errno == ENOENT ? "build it with mkrootfs" : NULL);
	return fd;
}

/* What each refusal of openat2() means for a rootfs. */
static const char *why(int err, enum in_rootfs how)
{
	switch (err) {
	case ELOOP:
		return how == BENEATH ? "a symbolic link: the jail mounts only on a real directory "
		                        "of the rootfs"
		                      : "symbolic links that loop, or lead through /proc";
	case EXDEV:
		return "it leads out of the rootfs";
	case ENOENT:
		return "build the rootfs with mkrootfs";
	case ENOTDIR:
		return "not a directory";
	case ENOSYS:
		return "openat2 needs Linux 5.6 or later";
	default:
		return NULL;
	}
}

int open_in_rootfs(int rootfs, const char *name, const char *path, int flags, enum in_rootfs how)
{
	char what[512];
	snprintf(what, sizeof(what), "%s: %s", name, path);
	/* TODO(part E): openat2(2) of path from the descriptor rootfs, with
	 * how.flags = flags | O_CLOEXEC and how.resolve = RESOLVE_IN_ROOT
	 * for IN_ROOT, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	 * RESOLVE_NO_MAGICLINKS for BENEATH (glibc has no wrapper:
	 * syscall(SYS_openat2, rootfs, path, &how, sizeof(how))).  On
	 * failure return sys_fail("openat2", what, why(errno, how)).
	 * Tested by rootfs-resolve, rootfs-mount-targets, rootfs-files (and the hidden
	 * rootfs-links-edges), and by every test that runs a jail. */
	/* BEGIN SOLUTION */ /* STUB: (void)why; return openat(rootfs, path, flags | O_CLOEXEC); */
	struct open_how rules = {
		.flags = (unsigned)(flags | O_CLOEXEC),
		.resolve = how == IN_ROOT
		                   ? RESOLVE_IN_ROOT
		                   : RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	int fd = (int)syscall(SYS_openat2, rootfs, path, &rules, sizeof(rules));
	if (fd < 0)
		return sys_fail("openat2", what, why(errno, how));
	return fd;
	/* END SOLUTION */
}
