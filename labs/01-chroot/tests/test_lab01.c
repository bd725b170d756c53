/* Unit tests of lab 01's pure parts: path joining, passwd lookup, id
 * maps, capability sets after execve().  Values drawn from the run's
 * seed keep remembered answers from passing. */
#include <vlab_unit.h>

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "path.h"
#include "user.h"

/* A 64-bit value from the seed, different for each salt. */
static uint64_t mix(uint64_t salt)
{
	uint64_t x = vlab_unit_seed() ^ (salt * 0x9e3779b97f4a7c15ULL);
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

static void expect_join(const char *root, const char *path, const char *want)
{
	char buf[256];
	CU_ASSERT_EQUAL_FATAL(path_join(buf, sizeof(buf), root, path), 0);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

static void expect_refused(const char *root, const char *path, size_t size, int err)
{
	char buf[256];
	errno = 0;
	CU_ASSERT_EQUAL(path_join(buf, size, root, path), -1);
	CU_ASSERT_EQUAL(errno, err);
}

static void test_path_join(void)
{
	char name[32], want[64];
	snprintf(name, sizeof(name), "d%llu", (unsigned long long)mix(1));
	snprintf(want, sizeof(want), "rootfs/%s/passwd", name);
	expect_join("rootfs", "/etc/passwd", "rootfs/etc/passwd");
	expect_join("rootfs", "usr/bin/awk", "rootfs/usr/bin/awk");
	char path[64];
	snprintf(path, sizeof(path), "/%s/passwd", name);
	expect_join("rootfs", path, want);
}

static void test_path_slashes(void)
{
	expect_join("rootfs/", "//etc//passwd/", "rootfs/etc/passwd");
	expect_join("/srv/jail///", "./bin/./sh", "/srv/jail/bin/sh");
	expect_join("rootfs", "/", "rootfs");
	expect_join("/", "etc", "/etc");
	expect_join("/", "/", "/");
	expect_join("rootfs", "..hidden/x..", "rootfs/..hidden/x..");
}

static void test_path_dotdot(void)
{
	expect_refused("rootfs", "..", 256, EINVAL);
	expect_refused("rootfs", "/etc/../../x", 256, EINVAL);
	expect_refused("rootfs", "a/..", 256, EINVAL);
	expect_refused("rootfs", "", 256, EINVAL);
}

static void test_path_too_long(void)
{
	expect_refused("rootfs", "/etc/passwd", 17, ENAMETOOLONG);
	expect_refused("rootfs", "/etc/passwd", 6, ENAMETOOLONG);
	char buf[18];
	CU_ASSERT_EQUAL(path_join(buf, sizeof(buf), "rootfs", "/etc/passwd"), 0);
	CU_ASSERT_STRING_EQUAL(buf, "rootfs/etc/passwd");
}

static void test_passwd_find(void)
{
	unsigned u = 1000 + (unsigned)(mix(2) % 60000), g = 1000 + (unsigned)(mix(3) % 60000);
	char text[512];
	snprintf(text, sizeof(text),
	         "root:x:0:0:root:/root:/bin/sh\n"
	         "username:x:7:7::/:/bin/sh\n"
	         "user:x:%u:%u:jailed user:/tmp:/bin/sh\n"
	         "other:x:9:9::/:/bin/sh\n",
	         u, g);
	uid_t uid = 0;
	gid_t gid = 0;
	CU_ASSERT_EQUAL_FATAL(passwd_find(text, "user", &uid, &gid), 0);
	CU_ASSERT_EQUAL(uid, u);
	CU_ASSERT_EQUAL(gid, g);
	CU_ASSERT_EQUAL_FATAL(passwd_find(text, "root", &uid, &gid), 0);
	CU_ASSERT_EQUAL(uid, 0);
	CU_ASSERT_EQUAL(gid, 0);
}

static void test_passwd_missing(void)
{
	uid_t uid;
	gid_t gid;
	CU_ASSERT_EQUAL(passwd_find("root:x:0:0::/:/bin/sh\n", "user", &uid, &gid), -1);
	CU_ASSERT_EQUAL(passwd_find("", "user", &uid, &gid), -1);
	CU_ASSERT_EQUAL(passwd_find("users:x:5:5::/:/bin/sh\n", "user", &uid, &gid), -1);
}

static void test_passwd_malformed(void)
{
	uid_t uid = 0;
	gid_t gid = 0;
	const char *text = "user:x:12\n"
			   "user:x:abc:5::/:/bin/sh\n"
			   "user:x:6:-1::/:/bin/sh\n"
			   "user:x:42:43::/:/bin/sh\n";
	CU_ASSERT_EQUAL_FATAL(passwd_find(text, "user", &uid, &gid), 0);
	CU_ASSERT_EQUAL(uid, 42);
	CU_ASSERT_EQUAL(gid, 43);
}

static void test_idmap(void)
{
	unsigned long base = 100000 + mix(4) % 100000;
	char map[128];
	snprintf(map, sizeof(map),
	         "         0      64000          1\n%10lu     200000      65536\n", base);
	CU_ASSERT_TRUE(idmap_has(map, 0));
	CU_ASSERT_FALSE(idmap_has(map, 1));
	CU_ASSERT_FALSE(idmap_has(map, 1000));
	CU_ASSERT_TRUE(idmap_has(map, base));
	CU_ASSERT_TRUE(idmap_has(map, base + 65535));
	CU_ASSERT_FALSE(idmap_has(map, base + 65536));
	CU_ASSERT_TRUE(idmap_has("0 0 4294967295\n", 1000));
	CU_ASSERT_FALSE(idmap_has("", 0));
}

static struct capsets random_sets(uint64_t salt)
{
	return (struct capsets){ mix(salt), mix(salt + 1), mix(salt + 2), mix(salt + 3),
		                 mix(salt + 4) };
}

static void test_caps_root(void)
{
	struct capsets before = random_sets(10), after = caps_after_exec(before, true);
	uint64_t want = before.bounding | before.inheritable | before.ambient;
	CU_ASSERT_EQUAL(after.permitted, want);
	CU_ASSERT_EQUAL(after.effective, want);
	CU_ASSERT_EQUAL(after.inheritable, before.inheritable);
	CU_ASSERT_EQUAL(after.bounding, before.bounding);
	CU_ASSERT_EQUAL(after.ambient, before.ambient);
}

static void test_caps_user(void)
{
	struct capsets before = random_sets(20), after = caps_after_exec(before, false);
	CU_ASSERT_EQUAL(after.permitted, before.ambient);
	CU_ASSERT_EQUAL(after.effective, before.ambient);
	CU_ASSERT_EQUAL(after.inheritable, before.inheritable);
	CU_ASSERT_EQUAL(after.bounding, before.bounding);
}

/* The lesson of part C: root keeps whatever the bounding set keeps. */
static void test_caps_bounding_drop(void)
{
	struct capsets before = { ~0ULL, ~0ULL, 0, ~dropped_mask() & mix(30), 0 };
	struct capsets after = caps_after_exec(before, true);
	CU_ASSERT_EQUAL(after.permitted & dropped_mask(), 0);
	CU_ASSERT_EQUAL(after.permitted, before.bounding);
	before.inheritable = CAP_BIT(CAP_SYS_CHROOT);
	after = caps_after_exec(before, true);
	CU_ASSERT_EQUAL(after.permitted & dropped_mask(), CAP_BIT(CAP_SYS_CHROOT));
}

static void test_caps_dropped(void)
{
	uint64_t want = CAP_BIT(CAP_SYS_CHROOT) | CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD) |
	                CAP_BIT(CAP_SYS_PTRACE);
	CU_ASSERT_EQUAL(dropped_mask(), want);
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("path", NULL, NULL);
	CU_add_test(s, "join", test_path_join);
	CU_add_test(s, "slashes", test_path_slashes);
	CU_add_test(s, "dotdot", test_path_dotdot);
	CU_add_test(s, "too_long", test_path_too_long);
	s = CU_add_suite("passwd", NULL, NULL);
	CU_add_test(s, "find", test_passwd_find);
	CU_add_test(s, "missing", test_passwd_missing);
	CU_add_test(s, "malformed", test_passwd_malformed);
	s = CU_add_suite("idmap", NULL, NULL);
	CU_add_test(s, "has", test_idmap);
	s = CU_add_suite("caps", NULL, NULL);
	CU_add_test(s, "root", test_caps_root);
	CU_add_test(s, "user", test_caps_user);
	CU_add_test(s, "bounding_drop", test_caps_bounding_drop);
	CU_add_test(s, "dropped", test_caps_dropped);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
