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
	uint64_t x = vlab_unit_seeded(salt);
	size_t len = 1 + x % 12;
	for (size_t i = 0; i < len; i++, x /= 26)
		out[i] = (char)('a' + x % 26);
	out[len] = '\0';
}

/* path_join into a buffer of size bytes: its return, errno and result. */
struct joined {
	int r, err;
	char buf[128];
};

static struct joined join(size_t size, const char *root, const char *path)
{
	struct joined j = { 0, 0, "" };
	WITNESS(errno = 0, j.r = path_join(j.buf, size, root, path), j.err = errno);
	return j;
}

/* The buffer holds the result and its NUL exactly; one byte less fails. */
static void test_path_exact_fit(void)
{
	char name[16], path[32];
	seeded_name(name, 1);
	snprintf(path, sizeof(path), "//%s/", name);
	size_t len = strlen("jail/") + strlen(name);
	struct joined j = join(len + 1, "jail", path);
	EXPECT_INT(j.r, 0, "path_join(buf, %zu, \"jail\", \"%s\") returns", len + 1, path);
	EXPECT_STR(j.buf, vlab_str("jail/%s", name), "path_join(\"jail\", \"%s\")", path);
	j = join(len, "jail", path);
	EXPECT_INT(j.r, -1, "path_join(buf, %zu, \"jail\", \"%s\") returns", len, path);
	EXPECT_INT(j.err, ENAMETOOLONG, "errno after path_join(buf, %zu, \"jail\", \"%s\")", len,
	           path);
	/* The root alone: "/" needs two bytes. */
	j = join(2, "/", "/.");
	EXPECT_INT(j.r, 0, "path_join(buf, 2, \"/\", \"/.\") returns");
	EXPECT_STR(j.buf, "/", "path_join(\"/\", \"/.\")");
	j = join(1, "/", "/");
	EXPECT_INT(j.r, -1, "path_join(buf, 1, \"/\", \"/\") returns");
	EXPECT_INT(j.err, ENAMETOOLONG, "errno after path_join(buf, 1, \"/\", \"/\")");
}

/* Only ".." climbs: "...", ".x" and "x.." are names, "." is nothing. */
static void test_path_dots(void)
{
	char name[16], path[64];
	seeded_name(name, 2);
	snprintf(path, sizeof(path), "./%s/.../.%s/./%s../.", name, name, name);
	struct joined j = join(sizeof(j.buf), "/srv/r", path);
	EXPECT_INT(j.r, 0, "path_join(buf, %zu, \"/srv/r\", \"%s\") returns", sizeof(j.buf), path);
	EXPECT_STR(j.buf, vlab_str("/srv/r/%s/.../.%s/%s..", name, name, name),
	           "path_join(\"/srv/r\", \"%s\")", path);
	j = join(sizeof(j.buf), "rootfs", "./");
	EXPECT_INT(j.r, 0, "path_join(buf, %zu, \"rootfs\", \"./\") returns", sizeof(j.buf));
	EXPECT_STR(j.buf, "rootfs", "path_join(\"rootfs\", \"./\")");
	snprintf(path, sizeof(path), "%s/x/%s/..", name, name);
	j = join(sizeof(j.buf), "rootfs", path);
	EXPECT_INT(j.r, -1, "path_join(buf, %zu, \"rootfs\", \"%s\") returns", sizeof(j.buf), path);
	EXPECT_INT(j.err, EINVAL, "errno after path_join(\"rootfs\", \"%s\")", path);
	snprintf(path, sizeof(path), "%s/../%s", name, name);
	j = join(sizeof(j.buf), "rootfs", path);
	EXPECT_INT(j.r, -1, "path_join(buf, %zu, \"rootfs\", \"%s\") returns", sizeof(j.buf), path);
	EXPECT_INT(j.err, EINVAL, "errno after path_join(\"rootfs\", \"%s\")", path);
}

/* passwd_find(text, name): its return, uid and gid. */
struct found {
	int r;
	uid_t uid;
	gid_t gid;
};

static struct found find(const char *text, const char *name)
{
	struct found f = { 0, 0, 0 };
	WITNESS(f.r = passwd_find(text, name, &f.uid, &f.gid));
	return f;
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
	struct found f = find(text, name);
	EXPECT_INT(f.r, 0, "passwd_find(\"%s\", \"%s\") returns", text, name);
	EXPECT_UINT(f.uid, id, "the uid passwd_find(\"%s\", \"%s\") found", text, name);
	EXPECT_UINT(f.gid, id + 1, "the gid passwd_find(\"%s\", \"%s\") found", text, name);
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
	struct found f = find(text, name);
	EXPECT_INT(f.r, 0, "passwd_find(\"%s\", \"%s\") returns", text, name);
	EXPECT_UINT(f.uid, id, "the uid passwd_find(\"%s\", \"%s\") found", text, name);
	EXPECT_UINT(f.gid, id, "the gid passwd_find(\"%s\", \"%s\") found", text, name);
	snprintf(text, sizeof(text), "%s:x:4294967295:5::/:/bin/sh\n%s:x:7\n", name, name);
	f = find(text, name);
	EXPECT_INT(f.r, -1, "passwd_find(\"%s\", \"%s\") returns", text, name);
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
