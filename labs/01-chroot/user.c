/* Users: who the hardened jail becomes, and whether this user namespace
 * can express it.  Under real root every uid is mapped; as root of a user
 * namespace made by `unshare -r` or the grader, only uid 0 usually is. */
#define _GNU_SOURCE
#include "user.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

/* Parse a decimal id followed by ':'; (uid_t)-1 is not an id. */
static bool parse_id(const char *s, unsigned long *id)
{
	char *end;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*id = strtoul(s, &end, 10);
	return errno == 0 && *id < UINT_MAX && *end == ':';
}

int passwd_find(const char *text, const char *name, uid_t *uid, gid_t *gid)
{
	/* TODO(part C): walk the lines of text; on the line whose first field
	 * is exactly NAME, parse the third (uid) and fourth (gid) fields with
	 * parse_id() and return 0.  A line with too few fields or a bad number
	 * does not match.  passwd(5).  Tested by the unit tests passwd:* and
	 * the hardened-* tests. */
	/* BEGIN SOLUTION */ /* STUB: (void)parse_id; return -1; */
	size_t nlen = strlen(name);
	for (const char *line = text; *line; line += strcspn(line, "\n"), line += *line == '\n') {
		if (strncmp(line, name, nlen) || line[nlen] != ':')
			continue;
		const char *f = line + nlen + 1;
		const char *u = strchr(f, ':');
		if (!u || u > line + strcspn(line, "\n"))
			continue;
		const char *g = strchr(u + 1, ':');
		unsigned long uv, gv;
		if (!g || !parse_id(u + 1, &uv) || !parse_id(g + 1, &gv))
			continue;
		*uid = (uid_t)uv;
		*gid = (gid_t)gv;
		return 0;
	}
	return -1;
	/* END SOLUTION */
}

bool idmap_has(const char *map, unsigned long id)
{
	for (const char *line = map; *line; line += strcspn(line, "\n"), line += *line == '\n') {
		char *end;
		unsigned long inside = strtoul(line, &end, 10);
		strtoul(end, &end, 10); /* the outside id: which one does not matter here */
		unsigned long count = strtoul(end, &end, 10);
		if (id >= inside && id - inside < count)
			return true;
	}
	return false;
}

/* Read the small text file open at fd (named path) whole into buf
 * (NUL-terminated), and close fd. */
static int read_fd(int fd, const char *path, char *buf, size_t size)
{
	size_t have = 0;
	ssize_t n;
	while (have + 1 < size && (n = read(fd, buf + have, size - 1 - have)) != 0) {
		if (n < 0) {
			sys_fail("read", path, NULL);
			close(fd);
			return -1;
		}
		have += (size_t)n;
	}
	buf[have] = '\0';
	if (close(fd) < 0)
		return sys_fail("close", path, NULL);
	return 0;
}

int read_proc(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sys_fail("open", path, NULL);
	return read_fd(fd, path, buf, size);
}

int user_lookup(int passwd, const char *file, const char *name, uid_t *uid, gid_t *gid)
{
	char text[16384];
	if (read_fd(passwd, file, text, sizeof(text)) < 0)
		return -1;
	if (passwd_find(text, name, uid, gid) < 0)
		return fail("no user '%s' in %s (mkrootfs creates it)", name, file);
	return 0;
}

int user_mapped(uid_t uid, gid_t gid)
{
	char map[4096];
	if (read_proc("/proc/self/uid_map", map, sizeof(map)) < 0)
		return -1;
	if (!idmap_has(map, uid))
		return 0;
	if (read_proc("/proc/self/gid_map", map, sizeof(map)) < 0)
		return -1;
	return idmap_has(map, gid);
}

int write_proc(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return sys_fail("open", file, NULL);
	ssize_t n = write(fd, text, strlen(text));
	int rc = n == (ssize_t)strlen(text) ? 0 : sys_fail("write", file, text);
	if (close(fd) < 0 && rc == 0)
		rc = sys_fail("close", file, NULL);
	return rc;
}
