/* Paths inside a root file system.  Tools that build or enter a jail
 * name its files from outside ("rootfs" + "/etc/passwd"); a path taken
 * from elsewhere (an applet list, a user) must never climb out of the
 * root with "..", so the join refuses it instead of resolving it. */
#include "path.h"

#include <errno.h>
#include <string.h>

int path_join(char *buf, size_t size, const char *root, const char *path)
{
	/* TODO(part A): copy ROOT without its trailing slashes (keep "/" when
	 * ROOT is "/"), then each component of PATH after one '/', skipping
	 * empty and "." components and refusing ".." and an empty PATH with
	 * EINVAL; ENAMETOOLONG when buf is too small.  path_resolution(7)
	 * says what ".." would do.  Tested by the unit tests path:*
	 * (tests/test_lab01.c). */
	/* BEGIN SOLUTION */ /* STUB: errno = ENOSYS; return -1; */
	size_t at = strlen(root);
	if (!*path) {
		errno = EINVAL;
		return -1;
	}
	while (at > 1 && root[at - 1] == '/')
		at--;
	if (at + 1 > size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, root, at);
	buf[at] = '\0';
	for (const char *p = path; *p;) {
		p += strspn(p, "/");
		size_t len = strcspn(p, "/");
		if (len == 2 && !strncmp(p, "..", 2)) {
			errno = EINVAL;
			return -1;
		}
		if (len == 0 || (len == 1 && *p == '.')) {
			p += len;
			continue;
		}
		size_t slash = at > 0 && buf[at - 1] != '/';
		if (at + slash + len + 1 > size) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (slash)
			buf[at++] = '/';
		memcpy(buf + at, p, len);
		at += len;
		buf[at] = '\0';
		p += len;
	}
	return 0;
	/* END SOLUTION */
}
