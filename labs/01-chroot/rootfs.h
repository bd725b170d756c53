/* Paths of the rootfs, resolved by the kernel inside it.  The jail names
 * files of the rootfs (proc, etc/passwd) while its own root is still the
 * host's; a rootfs is someone else's work, and a symbolic link in it
 * ("proc -> /", "etc -> ../../..") would lead such a lookup out.  So every
 * such path is resolved by openat2(2) from a descriptor of the rootfs,
 * with the rules that keep the walk inside it. */
#ifndef LAB01_ROOTFS_H
#define LAB01_ROOTFS_H

/* How a path of the rootfs may be resolved. */
enum in_rootfs {
	/* As the jailed command will see it: symbolic links and ".." are
	 * followed, but "/" and ".." stop at the rootfs (RESOLVE_IN_ROOT).
	 * For files the jail reads: etc/passwd. */
	IN_ROOT,
	/* No symbolic link at all, no ".." above the rootfs, no magic link
	 * (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): a mount target must be a
	 * real directory of the rootfs, or a link could move the mount. */
	BENEATH,
};

/* Open ROOTFS as a directory to resolve from (O_PATH).  Returns the
 * descriptor, or -1 after reporting what failed. */
int rootfs_open(const char *rootfs);

/* Open PATH (relative, as "proc" or "etc/passwd") of the rootfs open at
 * rootfs (named name in messages) with open(2) flags, resolved as how
 * says.  Returns the descriptor (close-on-exec), or -1 after reporting
 * "openat2(NAME: PATH): <why> (<what it means>)". */
int open_in_rootfs(int rootfs, const char *name, const char *path, int flags, enum in_rootfs how);

#endif
