/* Unit tests of the runtime's pure parts: the cgroup files of both
 * hierarchy versions (whatever this host runs), the lookup of a
 * controller in mountinfo, option words, and OCI configs. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vlab_unit.h>

#include "cgroup.h"
#include "ctr.h"

static char dir[64];

static void write_text(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

static char *path_of(const char *name)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

/* A memory limit and a CPU share from the seed, so no table of answers fits. */
static struct limits seeded_limits(void)
{
	uint64_t s = vlab_unit_seed();
	return (struct limits){ .memory = (long long)((s % 1000) + 1) << 20,
		                .pids = (long long)(s % 500) + 10,
		                .cpu = (double)((s % 90) + 5) / 100 };
}

static void test_settings_v2(void)
{
	struct limits l = seeded_limits();
	struct cgroup_setting set[CGROUP_MAX_SETTINGS];
	char want[64];
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "memory", true, set), 1);
	CU_ASSERT_STRING_EQUAL(set[0].file, "memory.max");
	snprintf(want, sizeof(want), "%lld", l.memory);
	CU_ASSERT_STRING_EQUAL(set[0].value, want);
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "pids", true, set), 1);
	CU_ASSERT_STRING_EQUAL(set[0].file, "pids.max");
	snprintf(want, sizeof(want), "%lld", l.pids);
	CU_ASSERT_STRING_EQUAL(set[0].value, want);
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "cpu", true, set), 1);
	CU_ASSERT_STRING_EQUAL(set[0].file, "cpu.max");
	snprintf(want, sizeof(want), "%ld 100000", (long)(l.cpu * 100000));
	CU_ASSERT_STRING_EQUAL(set[0].value, want);
}

static void test_settings_v1(void)
{
	struct limits l = seeded_limits();
	struct cgroup_setting set[CGROUP_MAX_SETTINGS];
	char want[64];
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "memory", false, set), 1);
	CU_ASSERT_STRING_EQUAL(set[0].file, "memory.limit_in_bytes");
	snprintf(want, sizeof(want), "%lld", l.memory);
	CU_ASSERT_STRING_EQUAL(set[0].value, want);
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "cpu", false, set), 2);
	CU_ASSERT_STRING_EQUAL(set[0].file, "cpu.cfs_period_us");
	CU_ASSERT_STRING_EQUAL(set[0].value, "100000");
	CU_ASSERT_STRING_EQUAL(set[1].file, "cpu.cfs_quota_us");
	snprintf(want, sizeof(want), "%ld", (long)(l.cpu * 100000));
	CU_ASSERT_STRING_EQUAL(set[1].value, want);
	struct limits none = { 0 };
	CU_ASSERT_EQUAL(cgroup_settings(&none, "memory", false, set), 0);
	CU_ASSERT_EQUAL(cgroup_settings(&none, "cpu", true, set), 0);
}

static const char mountinfo_hybrid[] =
	"25 1 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"30 25 0:26 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	"31 30 0:27 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - "
	"cgroup2 cgroup2 rw,nsdelegate\n"
	"35 30 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:14 - cgroup cgroup "
	"rw,cpu,cpuacct\n"
	"36 30 0:32 / /sys/fs/cgroup/memory rw,nosuid shared:15 - cgroup cgroup rw,memory\n"
	"37 30 0:33 / /sys/fs/cgroup/pids rw,nosuid shared:16 - cgroup cgroup rw,pids\n";
static const char cgroup_hybrid[] = "12:pids:/user.slice/user-1000.slice\n"
				    "6:memory:/user.slice/user-1000.slice/session-2.scope\n"
				    "4:cpu,cpuacct:/user.slice\n"
				    "1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n"
				    "0::/user.slice/user-1000.slice/session-2.scope\n";

static void test_find_hybrid(void)
{
	struct cgroup_place p;
	CU_ASSERT_EQUAL_FATAL(cgroup_find(mountinfo_hybrid, cgroup_hybrid, "memory", &p), 0);
	CU_ASSERT_FALSE(p.v2);
	CU_ASSERT_STRING_EQUAL(p.mount, "/sys/fs/cgroup/memory");
	CU_ASSERT_STRING_EQUAL(p.own, "/user.slice/user-1000.slice/session-2.scope");
	CU_ASSERT_EQUAL_FATAL(cgroup_find(mountinfo_hybrid, cgroup_hybrid, "cpu", &p), 0);
	CU_ASSERT_STRING_EQUAL(p.mount, "/sys/fs/cgroup/cpu,cpuacct");
	CU_ASSERT_STRING_EQUAL(p.own, "/user.slice");
	/* A last line without its newline is read too. */
	CU_ASSERT_EQUAL_FATAL(
		cgroup_find(mountinfo_hybrid, "12:pids:/a\n6:memory:/b", "memory", &p), 0);
	CU_ASSERT_STRING_EQUAL(p.own, "/b");
	/* No mount of the hierarchy, and no cgroup of ours at all. */
	CU_ASSERT_EQUAL(cgroup_find("", cgroup_hybrid, "memory", &p), -1);
	CU_ASSERT_EQUAL(cgroup_find(mountinfo_hybrid, "1:name=systemd:/\n", "memory", &p), -1);
}

/* A mount that shows a subtree of the hierarchy (Docker without a cgroup
 * namespace), and one hidden by a later mount. */
static void test_find_subtree(void)
{
	struct cgroup_place p;
	const char *docker = "40 30 0:36 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup "
			     "cgroup rw,memory\n";
	CU_ASSERT_EQUAL_FATAL(cgroup_find(docker, "4:memory:/docker/abc\n", "memory", &p), 0);
	CU_ASSERT_STRING_EQUAL(p.mount, "/sys/fs/cgroup/memory");
	CU_ASSERT_STRING_EQUAL(p.own, "/");
	CU_ASSERT_EQUAL_FATAL(cgroup_find(docker, "4:memory:/docker/abc/inner\n", "memory", &p), 0);
	CU_ASSERT_STRING_EQUAL(p.own, "/inner");
	/* A subtree that is not ours, nor a prefix of ours by name only. */
	CU_ASSERT_EQUAL(cgroup_find(docker, "4:memory:/docker/other\n", "memory", &p), -1);
	CU_ASSERT_EQUAL(cgroup_find(docker, "4:memory:/docker/abcd\n", "memory", &p), -1);
	const char *hidden = "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
			     "50 25 0:40 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
			     "51 49 0:26 / /tmp/t/cg/1 rw - cgroup2 cgroup2 rw\n";
	CU_ASSERT_EQUAL_FATAL(cgroup_find(hidden, "0::/a\n", "pids", &p), 0);
	CU_ASSERT_TRUE(p.v2);
	CU_ASSERT_STRING_EQUAL(p.mount, "/tmp/t/cg/1");
	CU_ASSERT_STRING_EQUAL(p.own, "/a");
}

static void test_find_v2(void)
{
	struct cgroup_place p;
	const char *mountinfo = "30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime "
				"shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
	CU_ASSERT_EQUAL_FATAL(
		cgroup_find(mountinfo,
	                    "0::/user.slice/user-1000.slice/user@1000.service/app.slice\n", "pids",
	                    &p),
		0);
	CU_ASSERT_TRUE(p.v2);
	CU_ASSERT_STRING_EQUAL(p.mount, "/sys/fs/cgroup");
	CU_ASSERT_STRING_EQUAL(p.own, "/user.slice/user-1000.slice/user@1000.service/app.slice");
}

static void test_parent(void)
{
	struct cgroup_place v1 = { "/sys/fs/cgroup/memory", "/user.slice/s.scope", false };
	struct cgroup_place v2 = { "/sys/fs/cgroup", "/user.slice/s.scope", true };
	struct cgroup_place v2_top = { "/sys/fs/cgroup", "/s.scope", true };
	struct cgroup_place v1_root = { "/sys/fs/cgroup/pids", "/", false };
	struct cgroup_place v2_root = { "/sys/fs/cgroup", "/", true };
	CU_ASSERT_STRING_EQUAL(cgroup_parent(&v1), "/sys/fs/cgroup/memory/user.slice/s.scope");
	CU_ASSERT_STRING_EQUAL(cgroup_parent(&v2), "/sys/fs/cgroup/user.slice");
	CU_ASSERT_STRING_EQUAL(cgroup_parent(&v2_top), "/sys/fs/cgroup");
	CU_ASSERT_STRING_EQUAL(cgroup_parent(&v1_root), "/sys/fs/cgroup/pids");
	CU_ASSERT_STRING_EQUAL(cgroup_parent(&v2_root), "/sys/fs/cgroup");
}

static void test_ns_parse(void)
{
	int flags;
	CU_ASSERT_EQUAL(ns_parse("pid,mnt,net", &flags), 0);
	CU_ASSERT_EQUAL(flags, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET);
	CU_ASSERT_EQUAL(ns_parse("none", &flags), 0);
	CU_ASSERT_EQUAL(flags, 0);
	CU_ASSERT_EQUAL(ns_parse("pid,time-travel", &flags), -1);
}

static void test_caps_parse(void)
{
	uint64_t caps;
	CU_ASSERT_EQUAL(caps_parse("CAP_NET_RAW,sys_chroot", &caps), 0);
	CU_ASSERT_EQUAL(caps, (1ULL << 13) | (1ULL << 18));
	CU_ASSERT_EQUAL(caps_parse("default", &caps), 0);
	CU_ASSERT_FALSE(caps & (1ULL << 21)); /* CAP_SYS_ADMIN */
	CU_ASSERT_EQUAL(caps_parse("cap_fly", &caps), -1);
}

static void test_oci_config(void)
{
	uint64_t seed = vlab_unit_seed();
	char config[2048];
	snprintf(config, sizeof(config),
	         "{ \"ociVersion\": \"1.0.2\",\n"
	         "  \"process\": { \"terminal\": false, \"args\": [\"/bin/sh\", \"-c\", "
	         "\"echo %llu\"],\n"
	         "    \"env\": [\"SEED=%llu\"], \"cwd\": \"/tmp\" },\n"
	         "  \"root\": { \"path\": \"rootfs\" },\n"
	         "  \"hostname\": \"h%llu\",\n"
	         "  \"mounts\": [ { \"destination\": \"/proc\", \"type\": \"proc\", \"source\": "
	         "\"proc\" },\n"
	         "    { \"destination\": \"/run\", \"type\": \"tmpfs\", \"source\": \"tmpfs\", "
	         "\"options\": [\"nosuid\", \"size=%lluk\"] } ],\n"
	         "  \"linux\": { \"namespaces\": [ {\"type\": \"pid\"}, {\"type\": \"mount\"}, "
	         "{\"type\": \"uts\"} ],\n"
	         "    \"resources\": { \"memory\": { \"limit\": %llu }, \"pids\": { \"limit\": 64 "
	         "} } } }\n",
	         (unsigned long long)seed, (unsigned long long)seed, (unsigned long long)seed,
	         (unsigned long long)(seed % 1000 + 64),
	         (unsigned long long)(seed % 100 + 1) << 20);
	write_text("config.json", config);
	struct container c;
	CU_ASSERT_EQUAL_FATAL(container_defaults(&c), 0);
	CU_ASSERT_EQUAL_FATAL(oci_load(dir, &c), 0);
	char want[128];
	snprintf(want, sizeof(want), "echo %llu", (unsigned long long)seed);
	CU_ASSERT_STRING_EQUAL(c.argv[2], want);
	CU_ASSERT_PTR_NULL(c.argv[3]);
	snprintf(want, sizeof(want), "SEED=%llu", (unsigned long long)seed);
	CU_ASSERT_STRING_EQUAL(c.env[0], want);
	CU_ASSERT_STRING_EQUAL(c.cwd, "/tmp");
	snprintf(want, sizeof(want), "h%llu", (unsigned long long)seed);
	CU_ASSERT_STRING_EQUAL(c.hostname, want);
	snprintf(want, sizeof(want), "%s/rootfs", dir);
	CU_ASSERT_STRING_EQUAL(c.rootfs, want);
	CU_ASSERT_EQUAL(c.namespaces, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS);
	CU_ASSERT_EQUAL(c.limits.memory, (long long)(seed % 100 + 1) << 20);
	CU_ASSERT_EQUAL(c.limits.pids, 64);
	CU_ASSERT_EQUAL_FATAL(c.nmounts, 1);
	CU_ASSERT_STRING_EQUAL(c.mounts[0].target, "/run");
	CU_ASSERT_STRING_EQUAL(c.mounts[0].type, "tmpfs");
	snprintf(want, sizeof(want), "size=%lluk", (unsigned long long)(seed % 1000 + 64));
	CU_ASSERT_STRING_EQUAL(c.mounts[0].data, want);
}

static void test_oci_malformed(void)
{
	struct container c;
	CU_ASSERT_EQUAL_FATAL(container_defaults(&c), 0);
	write_text("config.json", "{ \"process\": { \"args\": [\"/bin/true\"] ");
	CU_ASSERT_EQUAL(oci_load(dir, &c), -1);
}

static void test_oci_wrong_type(void)
{
	struct container c;
	CU_ASSERT_EQUAL_FATAL(container_defaults(&c), 0);
	write_text("config.json", "{ \"process\": { \"args\": \"/bin/true\" }, \"root\": "
	                          "{ \"path\": \"rootfs\" } }");
	CU_ASSERT_EQUAL(oci_load(dir, &c), -1);
}

static int make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vlab-ctr-test-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void)
{
	static const char *files[] = { "mountinfo", "cgroup", "config.json" };
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		unlink(path_of(files[i]));
	return rmdir(dir);
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("cgroup", make_dir, remove_dir);
	CU_add_test(s, "settings_v2", test_settings_v2);
	CU_add_test(s, "settings_v1", test_settings_v1);
	CU_add_test(s, "find_hybrid", test_find_hybrid);
	CU_add_test(s, "find_v2", test_find_v2);
	CU_add_test(s, "find_subtree", test_find_subtree);
	CU_add_test(s, "parent", test_parent);
	s = CU_add_suite("options", NULL, NULL);
	CU_add_test(s, "ns_parse", test_ns_parse);
	CU_add_test(s, "caps_parse", test_caps_parse);
	s = CU_add_suite("oci", make_dir, remove_dir);
	CU_add_test(s, "config", test_oci_config);
	CU_add_test(s, "malformed", test_oci_malformed);
	CU_add_test(s, "wrong_type", test_oci_wrong_type);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
