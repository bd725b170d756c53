/* mkrootfs: build a minimal root file system from a static busybox.
 *
 *	mkrootfs [-b BUSYBOX] ROOTFS
 *
 * One static binary is enough for a shell and ~270 tools: busybox looks
 * at the name it was started under (argv[0]) and runs that applet, so
 * every tool is a symbolic link to /bin/busybox.  The rootfs is built in
 * a temporary folder beside ROOTFS and renamed into place last, so a
 * failure never leaves half a rootfs behind: there is a whole one or
 * none. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "files.h"
#include "path.h"
#include "user.h"

#define DEFAULT_BUSYBOX "/bin/busybox"

/* /etc/passwd and /etc/group of the jail: root, and the unprivileged user
 * the hardened jail switches to (user.h). */
#define PASSWD "root:x:0:0:root:/root:/bin/sh\n" JAIL_USER ":x:1000:1000:jailed user:/tmp:/bin/sh\n"
#define GROUP  "root:x:0:\n" JAIL_USER ":x:1000:\n"

/* The directories of the rootfs; /tmp is sticky (1777): everyone may
 * create files there, only their owners delete them. */
static const struct {
	const char *path;
	mode_t mode;
} dirs[] = {
	{ "bin", 0755 },     { "sbin", 0755 },     { "usr", 0755 },
	{ "usr/bin", 0755 }, { "usr/sbin", 0755 }, { "etc", 0755 },
	{ "proc", 0755 },    { "root", 0700 },     { "tmp", 01777 },
};

static int make_dirs(const char *root)
{
	/* TODO(part A): create each of dirs[] inside root with make_dir()
	 * (mkdir(2), then chmod(2) past the umask), its path made with
	 * path_join(); report a failing join with sys_fail().  Tested by the
	 * rootfs test. */
	/* BEGIN SOLUTION */ /* STUB: (void)dirs; return fail("make_dirs: not written (part A)"); */
	char path[PATH_MAX];
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (path_join(path, sizeof(path), root, dirs[i].path) < 0)
			return sys_fail("path_join", dirs[i].path, NULL);
		if (make_dir(path, dirs[i].mode) < 0)
			return -1;
	}
	return 0;
	/* END SOLUTION */
}

static int link_applets(const char *root, const char *busybox)
{
	/* TODO(part A): run "BUSYBOX --list-full" with run_capture(); for each
	 * line ("usr/bin/awk") but bin/busybox itself, make the symbolic link
	 * root/LINE -> /bin/busybox (symlink(2)).  Join with path_join(): a
	 * line with ".." must not write outside root.  Free the list.  Tested
	 * by the rootfs and jail-* tests. */
	/* BEGIN SOLUTION */ /* STUB: return fail("link_applets: not written (part A)"); */
	char *argv[] = { (char *)busybox, "--list-full", NULL }, *list;
	if (run_capture(argv, &list) < 0)
		return -1;
	int rc = 0;
	char path[PATH_MAX];
	for (char *line = strtok(list, "\n"); line && rc == 0; line = strtok(NULL, "\n")) {
		if (!strcmp(line, "bin/busybox"))
			continue;
		if (path_join(path, sizeof(path), root, line) < 0)
			rc = sys_fail("path_join", line,
			              "an applet path must stay inside the rootfs");
		else if (symlink("/bin/busybox", path) < 0)
			rc = sys_fail("symlink", path, NULL);
	}
	free(list);
	return rc;
	/* END SOLUTION */
}

static int write_users(const char *root)
{
	/* TODO(part A): write etc/passwd (PASSWD, passwd(5)) and etc/group
	 * (GROUP, group(5)) inside root, mode 0644, with write_file().  Tested
	 * by the rootfs test and, through the user the hardened jail looks up,
	 * by hardened-*. */
	/* BEGIN SOLUTION */ /* STUB: return fail("write_users: not written (part A)"); */
	char path[PATH_MAX];
	if (path_join(path, sizeof(path), root, "etc/passwd") < 0)
		return sys_fail("path_join", root, NULL);
	if (write_file(path, PASSWD, 0644) < 0)
		return -1;
	if (path_join(path, sizeof(path), root, "etc/group") < 0)
		return sys_fail("path_join", root, NULL);
	return write_file(path, GROUP, 0644);
	/* END SOLUTION */
}

static int populate(const char *root, const char *busybox, int fd)
{
	char path[PATH_MAX];
	if (make_dirs(root) < 0)
		return -1;
	if (path_join(path, sizeof(path), root, "bin/busybox") < 0)
		return sys_fail("path_join", root, NULL);
	if (copy_file(fd, busybox, path, 0755) < 0)
		return -1;
	if (link_applets(root, busybox) < 0)
		return -1;
	return write_users(root);
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: mkrootfs [-b BUSYBOX] ROOTFS\n"
	        "  builds a root file system from a static busybox (default " DEFAULT_BUSYBOX
	        ")\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *busybox = DEFAULT_BUSYBOX;
	int opt;
	while ((opt = getopt(argc, argv, "b:")) != -1) {
		if (opt != 'b')
			return usage();
		busybox = optarg;
	}
	if (argc - optind != 1)
		return usage();
	const char *rootfs = argv[optind];

	int fd = open(busybox, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sys_fail("open", busybox, "apt-get install busybox-static, or -b PATH");
		return 1;
	}
	char tmp[PATH_MAX];
	int rc = 0;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", rootfs) >= (int)sizeof(tmp))
		rc = fail("%s: path too long", rootfs);
	else if (!mkdtemp(tmp))
		rc = sys_fail("mkdtemp", tmp, "can this user write the folder?");
	if (rc < 0) {
		close(fd);
		return 1;
	}
	/* mkdtemp() makes a 0700 directory; a rootfs is readable by every user
	 * of the jail, the unprivileged one included. */
	rc = chmod(tmp, 0755) < 0 ? sys_fail("chmod", tmp, NULL) : populate(tmp, busybox, fd);
	if (close(fd) < 0 && rc == 0)
		rc = sys_fail("close", busybox, NULL);
	/* RENAME_NOREPLACE: never replace a rootfs someone may be using. */
	if (rc == 0 && renameat2(AT_FDCWD, tmp, AT_FDCWD, rootfs, RENAME_NOREPLACE) < 0)
		rc = sys_fail("renameat2", rootfs,
		              errno == EEXIST ? "remove the old rootfs first" : NULL);
	/* On failure the temporary goes too; if it cannot, remove_tree() has
	 * named what is left. */
	if (rc < 0 && remove_tree(tmp) == 0)
		fail("%s not built", rootfs);
	return rc < 0 ? 1 : 0;
}
