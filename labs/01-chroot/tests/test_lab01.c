/* Unit tests of lab 01's pure parts: path joining, passwd lookup, id
 * maps, capability sets after execve(), and paths resolved inside a rootfs.  Values drawn from the
 * run's seed keep remembered answers from passing. */
#define _GNU_SOURCE /* O_PATH */
#include <vlab_unit.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "path.h"
#include "rootfs.h"
#include "user.h"

/* path_join(buf, size, root, path) must succeed with want. */
static void expect_join(const char *root, const char *path, size_t size, const char *want)
{
	char buf[256] = "";
	int r = 0;
	WITNESS(r = path_join(buf, size, root, path));
	EXPECT_INT(r, 0, "path_join(buf, %zu, \"%s\", \"%s\") returns", size, root, path);
	EXPECT_STR(buf, want, "path_join(\"%s\", \"%s\")", root, path);
}

/* path_join(buf, size, root, path) must fail with errno err. */
static void expect_refused(const char *root, const char *path, size_t size, int err)
{
	char buf[256];
	int r = 0, e = 0;
	WITNESS(errno = 0, r = path_join(buf, size, root, path), e = errno);
	EXPECT_INT(r, -1, "path_join(buf, %zu, \"%s\", \"%s\") returns", size, root, path);
	EXPECT_INT(e, err, "errno after path_join(buf, %zu, \"%s\", \"%s\") (%s wanted)", size,
	           root, path, strerror(err));
}

static void test_path_join(void)
{
	char name[32], path[64];
	snprintf(name, sizeof(name), "d%llu", (unsigned long long)vlab_unit_seeded(1));
	snprintf(path, sizeof(path), "/%s/passwd", name);
	expect_join("rootfs", "/etc/passwd", 256, "rootfs/etc/passwd");
	expect_join("rootfs", "usr/bin/awk", 256, "rootfs/usr/bin/awk");
	expect_join("rootfs", path, 256, vlab_str("rootfs/%s/passwd", name));
}

static void test_path_slashes(void)
{
	expect_join("rootfs/", "//etc//passwd/", 256, "rootfs/etc/passwd");
	expect_join("/srv/jail///", "./bin/./sh", 256, "/srv/jail/bin/sh");
	expect_join("rootfs", "/", 256, "rootfs");
	expect_join("/", "etc", 256, "/etc");
	expect_join("/", "/", 256, "/");
	expect_join("rootfs", "..hidden/x..", 256, "rootfs/..hidden/x..");
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
	expect_join("rootfs", "/etc/passwd", 18, "rootfs/etc/passwd");
}

/* passwd_find(text, name) must find uid and gid. */
static void expect_found(const char *text, const char *name, unsigned uid, unsigned gid)
{
	uid_t u = 0;
	gid_t g = 0;
	int r = 0;
	WITNESS(r = passwd_find(text, name, &u, &g));
	EXPECT_INT(r, 0, "passwd_find(\"%s\", \"%s\") returns", text, name);
	EXPECT_UINT(u, uid, "the uid passwd_find(\"%s\", \"%s\") found", text, name);
	EXPECT_UINT(g, gid, "the gid passwd_find(\"%s\", \"%s\") found", text, name);
}

static void expect_not_found(const char *text, const char *name)
{
	uid_t u;
	gid_t g;
	EXPECT_INT(passwd_find(text, name, &u, &g), -1, "passwd_find(\"%s\", \"%s\")", text, name);
}

static void test_passwd_find(void)
{
	unsigned u = 1000 + (unsigned)(vlab_unit_seeded(2) % 60000),
		 g = 1000 + (unsigned)(vlab_unit_seeded(3) % 60000);
	char text[512];
	snprintf(text, sizeof(text),
	         "root:x:0:0:root:/root:/bin/sh\n"
	         "username:x:7:7::/:/bin/sh\n"
	         "user:x:%u:%u:jailed user:/tmp:/bin/sh\n"
	         "other:x:9:9::/:/bin/sh\n",
	         u, g);
	expect_found(text, "user", u, g);
	expect_found(text, "root", 0, 0);
}

static void test_passwd_missing(void)
{
	expect_not_found("root:x:0:0::/:/bin/sh\n", "user");
	expect_not_found("", "user");
	expect_not_found("users:x:5:5::/:/bin/sh\n", "user");
}

static void test_passwd_malformed(void)
{
	expect_found("user:x:12\n"
	             "user:x:abc:5::/:/bin/sh\n"
	             "user:x:6:-1::/:/bin/sh\n"
	             "user:x:42:43::/:/bin/sh\n",
	             "user", 42, 43);
}

static void test_idmap(void)
{
	unsigned long base = 100000 + vlab_unit_seeded(4) % 100000;
	char map[128];
	snprintf(map, sizeof(map),
	         "         0      64000          1\n%10lu     200000      65536\n", base);
	const struct {
		const char *map;
		unsigned long id;
		bool has;
	} cases[] = {
		{ map, 0, true },
		{ map, 1, false },
		{ map, 1000, false },
		{ map, base, true },
		{ map, base + 65535, true },
		{ map, base + 65536, false },
		{ "0 0 4294967295\n", 1000, true },
		{ "", 0, false },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		EXPECT_BOOL(idmap_has(cases[i].map, cases[i].id), cases[i].has,
		            "idmap_has(\"%s\", %lu)", cases[i].map, cases[i].id);
}

static struct capsets random_sets(uint64_t salt)
{
	return (struct capsets){ vlab_unit_seeded(salt), vlab_unit_seeded(salt + 1),
		                 vlab_unit_seeded(salt + 2), vlab_unit_seeded(salt + 3),
		                 vlab_unit_seeded(salt + 4) };
}

/* The five sets of caps_after_exec(before, root), each against want. */
static void expect_sets(struct capsets before, bool root, struct capsets want)
{
	struct capsets got = { 0 };
	WITNESS(got = caps_after_exec(before, root));
	const char *call = vlab_str(
		"caps_after_exec({ .permitted = 0x%llx, .effective = 0x%llx, "
		".inheritable = 0x%llx, .bounding = 0x%llx, .ambient = "
		"0x%llx }, %s)",
		(unsigned long long)before.permitted, (unsigned long long)before.effective,
		(unsigned long long)before.inheritable, (unsigned long long)before.bounding,
		(unsigned long long)before.ambient, root ? "true" : "false");
	EXPECT_HEX(got.permitted, want.permitted, "%s.permitted", call);
	EXPECT_HEX(got.effective, want.effective, "%s.effective", call);
	EXPECT_HEX(got.inheritable, want.inheritable, "%s.inheritable", call);
	EXPECT_HEX(got.bounding, want.bounding, "%s.bounding", call);
	EXPECT_HEX(got.ambient, want.ambient, "%s.ambient", call);
}

static void test_caps_root(void)
{
	struct capsets before = random_sets(10);
	uint64_t gained = before.bounding | before.inheritable | before.ambient;
	expect_sets(before, true,
	            (struct capsets){ .permitted = gained,
	                              .effective = gained,
	                              .inheritable = before.inheritable,
	                              .bounding = before.bounding,
	                              .ambient = before.ambient });
}

static void test_caps_user(void)
{
	struct capsets before = random_sets(20);
	expect_sets(before, false,
	            (struct capsets){ .permitted = before.ambient,
	                              .effective = before.ambient,
	                              .inheritable = before.inheritable,
	                              .bounding = before.bounding,
	                              .ambient = before.ambient });
}

/* The lesson of part C: root keeps whatever the bounding set keeps. */
static void test_caps_bounding_drop(void)
{
	uint64_t dropped = CAP_BIT(CAP_SYS_CHROOT) | CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD) |
	                   CAP_BIT(CAP_SYS_PTRACE);
	struct capsets before = { ~0ULL, ~0ULL, 0, ~dropped & vlab_unit_seeded(30), 0 };
	expect_sets(before, true,
	            (struct capsets){ .permitted = before.bounding,
	                              .effective = before.bounding,
	                              .bounding = before.bounding });
	before.inheritable = CAP_BIT(CAP_SYS_CHROOT);
	expect_sets(before, true,
	            (struct capsets){ .permitted = before.bounding | CAP_BIT(CAP_SYS_CHROOT),
	                              .effective = before.bounding | CAP_BIT(CAP_SYS_CHROOT),
	                              .inheritable = CAP_BIT(CAP_SYS_CHROOT),
	                              .bounding = before.bounding });
}

static void test_caps_dropped(void)
{
	EXPECT_HEX(dropped_mask(),
	           CAP_BIT(CAP_SYS_CHROOT) | CAP_BIT(CAP_SYS_ADMIN) | CAP_BIT(CAP_MKNOD) |
	                   CAP_BIT(CAP_SYS_PTRACE),
	           "dropped_mask()");
}

/* A rootfs of links in the test's folder: where each path of it leads. */
static int make_linked_rootfs(void)
{
	char path[4200];
	static const char *const dirs[] = { "rootfs", "rootfs/realdir", "rootfs/inner" };
	static const struct {
		const char *target, *link;
	} links[] = { { "/", "rootfs/proc" },
		      { "../..", "rootfs/up" },
		      { "/inner", "rootfs/etc" } };
	static const struct {
		const char *file, *text;
	} files[] = { { "outside-marker", "outside" },
		      { "rootfs/outside-marker", "clamped" },
		      { "rootfs/inner/passwd", "inside" } };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", vlab_unit_dir(), dirs[i]);
		if (mkdir(path, 0755) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(*links); i++) {
		snprintf(path, sizeof(path), "%s/%s", vlab_unit_dir(), links[i].link);
		if (symlink(links[i].target, path) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		snprintf(path, sizeof(path), "%s/%s", vlab_unit_dir(), files[i].file);
		FILE *f = fopen(path, "w");
		if (!f || fputs(files[i].text, f) < 0 || fclose(f) != 0)
			return -1;
	}
	snprintf(path, sizeof(path), "%s/rootfs", vlab_unit_dir());
	return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

/* open_in_rootfs(path): the descriptor's fate, errno, and what it reads. */
struct opened {
	bool ok;
	int err;
	char text[32];
};

static struct opened open_in(int rootfs, const char *path, int flags, enum in_rootfs how)
{
	struct opened o = { false, 0, "" };
	int fd = -1;
	WITNESS(errno = 0, fd = open_in_rootfs(rootfs, "rootfs", path, flags, how), o.err = errno);
	o.ok = fd >= 0;
	if (fd >= 0 && !(flags & O_PATH) && read(fd, o.text, sizeof(o.text) - 1) < 0)
		o.text[0] = '\0';
	if (fd >= 0)
		close(fd);
	return o;
}

static void test_rootfs_resolve(void)
{
	int rootfs = -1;
	WITNESS(rootfs = make_linked_rootfs());
	REQUIRE_BOOL(rootfs >= 0, true, "the test's rootfs of links made");
	struct opened o = open_in(rootfs, "realdir", O_PATH | O_DIRECTORY, BENEATH);
	EXPECT_BOOL(o.ok, true, "open_in_rootfs(\"realdir\", BENEATH) of a real folder opens");
	o = open_in(rootfs, "proc", O_PATH | O_DIRECTORY, BENEATH);
	EXPECT_BOOL(o.ok, false, "open_in_rootfs(\"proc\" -> \"/\", BENEATH) opens");
	EXPECT_INT(o.err, ELOOP, "errno after open_in_rootfs(\"proc\" -> \"/\", BENEATH) (%s)",
	           strerror(ELOOP));
	o = open_in(rootfs, "../outside-marker", O_RDONLY, BENEATH);
	EXPECT_BOOL(o.ok, false, "open_in_rootfs(\"../outside-marker\", BENEATH) opens");
	EXPECT_INT(o.err, EXDEV, "errno after open_in_rootfs(\"../outside-marker\", BENEATH) (%s)",
	           strerror(EXDEV));
	o = open_in(rootfs, "etc/passwd", O_RDONLY, IN_ROOT);
	EXPECT_STR(o.text, "inside",
	           "what open_in_rootfs(\"etc/passwd\", IN_ROOT) reads, etc -> /inner");
	o = open_in(rootfs, "up/outside-marker", O_RDONLY, IN_ROOT);
	EXPECT_STR(o.text, "clamped",
	           "what open_in_rootfs(\"up/outside-marker\", IN_ROOT) reads, up -> ../..");
	WITNESS(close(rootfs));
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
	s = CU_add_suite("rootfs", NULL, NULL);
	CU_add_test(s, "resolve", test_rootfs_resolve);
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
