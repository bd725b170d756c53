/* Escape 2: a leaked directory descriptor.  A descriptor names an open
 * file, not a path: one opened on a directory outside the jail, and left
 * open across the jail's exec, still refers to it after chroot().
 * fchdir() to it puts the working directory outside the root, and ".."
 * climbs from there to the real root. */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe.h"

static int escape(const char *marker)
{
	/* TODO(part B): for each descriptor from 3 to 1023 that fstat(2) says
	 * is a directory: fchdir(2) to it, chdir("..") 256 times, and
	 * try_marker() with the marker's path made relative (skip its leading
	 * '/': an absolute path would resolve from the jail's root).  Without
	 * any, report contained("no inherited directory descriptor leads out").
	 * Tested by naive-fd, hardened-fd, namespace-fd. */
	/* BEGIN SOLUTION */ /* STUB: return contained("part B: not written"); */
	for (int fd = 3; fd < 1024; fd++) {
		struct stat st;
		if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode) || fchdir(fd) < 0)
			continue;
		for (int i = 0; i < 256; i++)
			if (chdir("..") < 0)
				break;
		if (try_marker(marker + 1))
			return 0;
	}
	return contained("no inherited directory descriptor leads out");
	/* END SOLUTION */
}

int main(int argc, char **argv)
{
	return escape(probe_marker(argc, argv));
}
