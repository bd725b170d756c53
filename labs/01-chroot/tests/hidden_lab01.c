/* Hidden unit tests of lab 01: the edges of path_join() and passwd_find()
 * that the visible tests leave out.  Not in the handout; the grader builds
 * them after the student's build (hidden_build in grade.ini). */
#include <vlab_unit.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "path.h"
#include "user.h"

/* A name of 1 to 12 letters drawn from the seed, different for each salt. */
static void seeded_name(char *out, unsigned salt)
{
	uint64_t x = vlab_unit_seed() ^ (salt * 0x9e3779b97f4a7c15ULL);
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	size_t len = 1 + x % 12;
	for (size_t i = 0; i < len; i++, x /= 26)
		out[i] = (char)('a' + x % 26);
	out[len] = '\0';
}

/* The buffer holds the result and its NUL exactly; one byte less fails. */
static void test_path_exact_fit(void)
{
	char name[16], want[64], path[32], buf[64];
	seeded_name(name, 1);
	snprintf(path, sizeof(path), "//%s/", name);
	int len = snprintf(want, sizeof(want), "jail/%s", name);
	CU_ASSERT_EQUAL_FATAL(path_join(buf, (size_t)len + 1, "jail", path), 0);
	CU_ASSERT_STRING_EQUAL(buf, want);
	errno = 0;
	CU_ASSERT_EQUAL(path_join(buf, (size_t)len, "jail", path), -1);
	CU_ASSERT_EQUAL(errno, ENAMETOOLONG);
	/* The root alone: "/" needs two bytes. */
	CU_ASSERT_EQUAL(path_join(buf, 2, "/", "/."), 0);
	CU_ASSERT_STRING_EQUAL(buf, "/");
	errno = 0;
	CU_ASSERT_EQUAL(path_join(buf, 1, "/", "/"), -1);
	CU_ASSERT_EQUAL(errno, ENAMETOOLONG);
}

/* Only ".." climbs: "...", ".x" and "x.." are names, "." is nothing. */
static void test_path_dots(void)
{
	char name[16], path[64], want[96], buf[128];
	seeded_name(name, 2);
	snprintf(path, sizeof(path), "./%s/.../.%s/./%s../.", name, name, name);
	snprintf(want, sizeof(want), "/srv/r/%s/.../.%s/%s..", name, name, name);
	CU_ASSERT_EQUAL_FATAL(path_join(buf, sizeof(buf), "/srv/r", path), 0);
	CU_ASSERT_STRING_EQUAL(buf, want);
	CU_ASSERT_EQUAL(path_join(buf, sizeof(buf), "rootfs", "./"), 0);
	CU_ASSERT_STRING_EQUAL(buf, "rootfs");
	snprintf(path, sizeof(path), "%s/x/%s/..", name, name);
	errno = 0;
	CU_ASSERT_EQUAL(path_join(buf, sizeof(buf), "rootfs", path), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
	snprintf(path, sizeof(path), "%s/../%s", name, name);
	errno = 0;
	CU_ASSERT_EQUAL(path_join(buf, sizeof(buf), "rootfs", path), -1);
	CU_ASSERT_EQUAL(errno, EINVAL);
}

/* The last line of a file need not end in a newline. */
static void test_passwd_last_line(void)
{
	char name[16], text[256];
	seeded_name(name, 3);
	unsigned id = 1000 + (unsigned)(vlab_unit_seed() % 50000);
	snprintf(text, sizeof(text),
	         "root:x:0:0::/root:/bin/sh\n\n%sx:x:1:1::/:/bin/sh\n"
	         "%s:x:%u:%u::/home:/bin/sh",
	         name, name, id, id + 1);
	uid_t uid = 0;
	gid_t gid = 0;
	CU_ASSERT_EQUAL_FATAL(passwd_find(text, name, &uid, &gid), 0);
	CU_ASSERT_EQUAL(uid, id);
	CU_ASSERT_EQUAL(gid, id + 1);
}

/* An id that does not fit a uid_t, or is (uid_t)-1, makes the line
 * malformed; so does a line cut short.  The next good line wins. */
static void test_passwd_bad_ids(void)
{
	char name[16], text[512];
	seeded_name(name, 4);
	unsigned id = 2000 + (unsigned)(vlab_unit_seed() % 40000);
	snprintf(text, sizeof(text),
	         "%s:x:4294967296:5::/:/bin/sh\n"
	         "%s:x:4294967295:5::/:/bin/sh\n"
	         "%s:x:5:99999999999999999999::/:/bin/sh\n"
	         "%s:x:7\n"
	         "%s:x::8::/:/bin/sh\n"
	         "%s:x:%u:%u::/:/bin/sh\n",
	         name, name, name, name, name, name, id, id);
	uid_t uid = 0;
	gid_t gid = 0;
	CU_ASSERT_EQUAL_FATAL(passwd_find(text, name, &uid, &gid), 0);
	CU_ASSERT_EQUAL(uid, id);
	CU_ASSERT_EQUAL(gid, id);
	snprintf(text, sizeof(text), "%s:x:4294967295:5::/:/bin/sh\n%s:x:7\n", name, name);
	CU_ASSERT_EQUAL(passwd_find(text, name, &uid, &gid), -1);
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("path", NULL, NULL);
	CU_add_test(s, "exact_fit", test_path_exact_fit);
	CU_add_test(s, "dots", test_path_dots);
	s = CU_add_suite("passwd", NULL, NULL);
	CU_add_test(s, "last_line", test_passwd_last_line);
	CU_add_test(s, "bad_ids", test_passwd_bad_ids);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
