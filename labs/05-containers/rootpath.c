/* Paths inside the rootfs.  The rootfs belongs to whoever made it, and it
 * may hold symlinks and ".." that lead out of it: `proc -> /`, `dev -> /`,
 * a mount destination `/../../tmp/x`.  Looked up by the host's kernel as
 * ordinary paths, they name the host's folders, and the runtime, as root,
 * would mount on them or create files there (runc learned it more than
 * once: CVE-2019-19921, CVE-2021-30465).  So every path the runtime
 * resolves in the rootfs is resolved by openat2(2) with RESOLVE_IN_ROOT:
 * the kernel treats the rootfs's descriptor as "/", so an absolute symlink
 * and ".." stop there, as they will for the container itself.  What is
 * missing is made one component at a time, each in a folder so resolved,
 * and a mount goes on the descriptor (/proc/self/fd/N), never on a path
 * that could be swapped between the check and the mount. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctr.h"

static int open_in(int root, const char *path, int flags, mode_t mode, bool plain)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.mode = mode,
		.resolve =
			RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS | (plain ? RESOLVE_NO_SYMLINKS : 0),
	};
	return (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
}

static const char *resolve_hint(int err, bool plain)
{
	if (err == ELOOP && plain)
		return "the runtime mounts its own /proc and /dev on folders of the rootfs, not on "
		       "symlinks";
	if (err == ENOSYS)
		return "openat2(2) needs Linux 5.6";
	return NULL;
}

int root_open(int root, const char *path, bool plain)
{
	int fd = open_in(root, path, O_PATH, 0, plain);
	if (fd < 0 && errno != ENOENT)
		fail(resolve_hint(errno, plain), "open(%s in the rootfs)", path);
	return fd;
}

/* Make what is missing of path, a folder per component, and a file at the
 * end when file is true.  Each component is made in its parent as
 * resolved in the rootfs; an EEXIST there is a dangling symlink, whose
 * target the runtime will not guess. */
static int make_in(int root, const char *path, bool file, bool plain)
{
	char *copy = strdupa(path);
	size_t len = strlen(copy);
	for (size_t end = 1; end <= len; end++) {
		if (end < len && copy[end] != '/')
			continue;
		if (copy[end - 1] == '/')
			continue; /* "//" or a trailing "/" */
		char keep = copy[end];
		copy[end] = '\0';
		int fd = open_in(root, copy, O_PATH, 0, plain);
		if (fd >= 0) {
			close(fd);
			copy[end] = keep;
			continue;
		}
		if (errno != ENOENT)
			return fail(resolve_hint(errno, plain), "open(%s in the rootfs)", copy);
		char *name = strrchr(copy, '/');
		*name = '\0';
		int parent = open_in(root, copy[0] ? copy : "/", O_PATH | O_DIRECTORY, 0, plain);
		*name++ = '/';
		if (parent < 0)
			return fail(resolve_hint(errno, plain), "open(%.*s in the rootfs)",
			            (int)(name - copy), copy);
		int rc =
			end == len && file
				? openat(parent, name,
		                         O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644)
				: mkdirat(parent, name, 0755);
		int err = errno;
		close(parent);
		if (rc < 0) {
			errno = err;
			return fail(err == EEXIST ? "a symlink in the rootfs to nothing there"
			                          : NULL,
			            "%s(%s in the rootfs)", end == len && file ? "create" : "mkdir",
			            copy);
		}
		if (end == len && file)
			close(rc);
		copy[end] = keep;
	}
	return 0;
}

int root_target(int root, const char *path, bool file, bool plain)
{
	if (path[0] != '/')
		return fail_msg("mount target '%s' must be an absolute path", path);
	int fd = root_open(root, path, plain);
	if (fd < 0 && errno == ENOENT) {
		if (make_in(root, path, file, plain) < 0)
			return -1;
		fd = root_open(root, path, plain);
	}
	if (fd < 0)
		return fail(resolve_hint(errno, plain), "open(%s in the rootfs)", path);
	struct stat st, top;
	if (fstat(fd, &st) < 0 || fstat(root, &top) < 0) {
		close(fd);
		return fail(NULL, "fstat(%s in the rootfs)", path);
	}
	const char *problem = NULL;
	if (!file && !S_ISDIR(st.st_mode))
		problem = "is not a folder";
	else if (file && S_ISDIR(st.st_mode))
		problem = "is a folder, and the source is not";
	else if (st.st_dev == top.st_dev && st.st_ino == top.st_ino)
		problem = "is the container's root itself; mount below it";
	if (problem) {
		close(fd);
		return fail_msg("mount target %s in the rootfs %s", path, problem);
	}
	return fd;
}

const char *fd_path(int fd, char path[FD_PATH_SIZE])
{
	snprintf(path, FD_PATH_SIZE, "/proc/self/fd/%d", fd);
	return path;
}

int mount_on(const char *source, int target, const char *type, unsigned long flags,
             const char *data)
{
	char path[FD_PATH_SIZE];
	return mount(source, fd_path(target, path), type, flags, data);
}
