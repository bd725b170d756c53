/* The container's file system (mount_namespaces(7), pivot_root(2)).  In
 * its own mount namespace the container: stops mount events from
 * propagating back to the host, makes the rootfs a mount point, mounts
 * /proc (of its PID namespace), /dev and the extra mounts inside it while
 * the host's are still reachable, swaps root with pivot_root, and detaches
 * the old root so no path leads back to the host. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctr.h"

/* mkdir -p, for a path relative to the current directory. */
static int make_dirs(const char *path)
{
	char *p = strdupa(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST)
			return fail(NULL, "mkdir(%s)", p);
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		return fail(NULL, "mkdir(%s)", p);
	return 0;
}

/* An empty file to bind a file (a device node) on. */
static int make_file(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	if (fd < 0)
		return fail(NULL, "create(%s)", path);
	close(fd);
	return 0;
}

/* A minimal /dev: a tmpfs with the harmless devices bound from the host.
 * The tmpfs is nodev, like the rootfs and every file system the runtime
 * makes for the container: root in it keeps CAP_MKNOD (Docker's default
 * set does too), and a node it makes for the host's disk must open
 * nothing.  (A --bind shares a host folder with the host's own flags.)  A bind
 * mount has flags of its own, so the bound devices work; binding also
 * works in a user namespace, which may not mknod(2) at all. */
static int mount_dev(void)
{
	static const char *devices[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const char *links[][2] = {
		{ "/proc/self/fd", "dev/fd" },
		{ "/proc/self/fd/0", "dev/stdin" },
		{ "/proc/self/fd/1", "dev/stdout" },
		{ "/proc/self/fd/2", "dev/stderr" },
	};
	if (make_dirs("dev") < 0)
		return -1;
	if (mount("tmpfs", "dev", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=755,size=64k") <
	    0)
		return fail(NULL, "mount(tmpfs, /dev)");
	for (size_t i = 0; i < sizeof(devices) / sizeof(*devices); i++) {
		char host[32], inside[32];
		snprintf(host, sizeof(host), "/dev/%s", devices[i]);
		snprintf(inside, sizeof(inside), "dev/%s", devices[i]);
		if (make_file(inside) < 0)
			return -1;
		if (mount(host, inside, NULL, MS_BIND, NULL) < 0)
			return fail(NULL, "mount(%s, /%s, bind)", host, inside);
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++)
		if (symlink(links[i][0], links[i][1]) < 0)
			return fail(NULL, "symlink(/%s)", links[i][1]);
	return 0;
}

/* Add flags (MS_RDONLY, MS_NODEV) to the bind mount on target: a second
 * mount call (mount(2), "Creating a bind mount"), which must keep the
 * flags the mount already has: in a user namespace they are locked, and
 * dropping one is EPERM. */
static int remount_with(const char *target, unsigned long add)
{
	struct statvfs st;
	if (statvfs(target, &st) < 0)
		return fail(NULL, "statvfs(%s)", target);
	unsigned long flags = MS_BIND | MS_REMOUNT | add;
	static const struct {
		unsigned long st, ms;
	} keep[] = { { ST_RDONLY, MS_RDONLY },    { ST_NOSUID, MS_NOSUID },
		     { ST_NODEV, MS_NODEV },      { ST_NOEXEC, MS_NOEXEC },
		     { ST_NOATIME, MS_NOATIME },  { ST_NODIRATIME, MS_NODIRATIME },
		     { ST_RELATIME, MS_RELATIME } };
	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (st.f_flag & keep[i].st)
			flags |= keep[i].ms;
	if (mount(NULL, target, NULL, flags, NULL) < 0)
		return fail(NULL, "mount(%s, remount%s%s)", target,
		            add & MS_RDONLY ? " read-only" : "", add & MS_NODEV ? " nodev" : "");
	return 0;
}

/* /proc is the kernel's window, and root may write through it: in
 * /proc/sys the host's own settings (kernel.core_pattern names a program
 * the kernel runs as the host's root when any process dumps core), in
 * /proc/sysrq-trigger a crash of the host, in /proc/irq and /proc/bus the
 * host's hardware; /proc/kcore is the host's memory.  As runc does by
 * default: /proc/sys read-only, and the others covered, a file by the
 * host's /dev/null, a folder by an empty read-only tmpfs.  What this kernel
 * does not have is skipped.  (In a user namespace the kernel refuses those
 * writes anyway; the same layout both ways is simpler to check.) */
static int protect_proc(void)
{
	static const char *const covered[] = { "proc/sysrq-trigger", "proc/kcore", "proc/irq",
		                               "proc/bus" };
	if (mount("proc/sys", "proc/sys", NULL, MS_BIND, NULL) < 0)
		return fail(NULL, "mount(/proc/sys, bind)");
	if (remount_with("proc/sys", MS_RDONLY) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(covered) / sizeof(*covered); i++) {
		struct stat st;
		if (lstat(covered[i], &st) < 0) {
			if (errno == ENOENT)
				continue;
			return fail(NULL, "stat(/%s)", covered[i]);
		}
		int rc = S_ISDIR(st.st_mode) ? mount("tmpfs", covered[i], "tmpfs",
		                                     MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		                                     "size=4k,mode=555")
		                             : mount("/dev/null", covered[i], NULL, MS_BIND, NULL);
		if (rc < 0)
			return fail(NULL, "mount(/%s, cover)", covered[i]);
	}
	return 0;
}

static int mount_extra(const struct mnt *m)
{
	const char *target = m->target + strspn(m->target, "/");
	struct stat st;
	bool bind = !strcmp(m->type, "bind");
	if (bind && stat(m->source, &st) < 0)
		return fail("the source of a bind mount is a host path", "stat(%s)", m->source);
	if (bind && !S_ISDIR(st.st_mode) ? make_file(target) < 0 : make_dirs(target) < 0)
		return -1;
	/* A bind shows what the host chose to share, with its flags; a new
	 * file system (tmpfs, sysfs) holds no device of ours: nodev. */
	unsigned long flags = bind ? MS_BIND | MS_REC : m->flags | MS_NODEV;
	if (mount(m->source, target, bind ? NULL : m->type, flags, m->data) < 0)
		return fail(NULL, "mount(%s, /%s, %s)", m->source, target, m->type);
	if (bind && (m->flags & MS_RDONLY))
		return remount_with(target, MS_RDONLY);
	return 0;
}

/* The rest of the container's tree, inside the rootfs once its /proc is
 * mounted and while the host's /dev is still in reach: /proc's covers,
 * /dev, and the extra mounts. */
static int mount_inside(const struct container *c)
{
	if (protect_proc() < 0 || mount_dev() < 0)
		return -1;
	for (int i = 0; i < c->nmounts; i++)
		if (mount_extra(&c->mounts[i]) < 0)
			return -1;
	return 0;
}

int mount_rootfs(const struct container *c)
{
	if (!(c->namespaces & CLONE_NEWNS))
		return 0; /* main.c accepts only / as the rootfs then */
	/* TODO(S2): in this order (man 7 mount_namespaces, man 2 pivot_root):
	 * 1. make every mount of our namespace private (MS_REC | MS_PRIVATE
	 *    on /), so nothing we mount propagates to the host;
	 * 2. bind-mount c->rootfs on itself (MS_BIND | MS_REC): pivot_root
	 *    wants a mount point; then chdir into it, and remount_with(".",
	 *    MS_NODEV): a device node the container makes there (it keeps
	 *    CAP_MKNOD) must open nothing (tested by s2-devices);
	 * 3. relative to the rootfs: proc on proc with MS_NOSUID | MS_NODEV |
	 *    MS_NOEXEC (the kernel lets a user namespace mount a proc only
	 *    while another proc is fully visible in the mount namespace, so
	 *    before the host's goes), then mount_inside(c): /proc's covers
	 *    (tested by s2-proc), /dev and the extra mounts;
	 * 4. pivot_root(".", ".") (syscall(SYS_pivot_root, ...); hint on
	 *    EINVAL: "is the rootfs on a shared mount?"), then
	 *    umount2(".", MNT_DETACH) detaches the old root stacked on ".";
	 * 5. chdir("/").
	 * Tested by s2-mounts, s2-escapes. */
	/* BEGIN SOLUTION */ /* STUB: (void)mount_inside; return 0; */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(NULL, "mount(/, private)");
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return fail("does the rootfs exist?", "mount(%s, bind)", c->rootfs);
	if (chdir(c->rootfs) < 0)
		return fail(NULL, "chdir(%s)", c->rootfs);
	if (remount_with(".", MS_NODEV) < 0)
		return -1;
	if (make_dirs("proc") < 0)
		return -1;
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return fail("a /proc needs a PID namespace of our own (keep 'pid' in --ns)",
		            "mount(proc, /proc)");
	if (mount_inside(c) < 0)
		return -1;
	/* pivot_root(".", "."): the new root and the old one stacked on the
	 * same directory; the old root is on top, so "." unmounts it. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail(errno == EINVAL ? "is the rootfs on a shared mount?" : NULL,
		            "pivot_root(%s)", c->rootfs);
	if (umount2(".", MNT_DETACH) < 0)
		return fail(NULL, "umount2(old root)");
	if (chdir("/") < 0)
		return fail(NULL, "chdir(/)");
	return 0;
	/* END SOLUTION */
}
