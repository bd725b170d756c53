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

/* Write a file of the test's folder, for the code under test to read. */
static int put_file(const char *name, const char *text)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", vlab_unit_dir(), name);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* A memory limit and a CPU share from the seed, so no table of answers fits. */
static struct limits seeded_limits(void)
{
	uint64_t s = vlab_unit_seed();
	return (struct limits){ .memory = (long long)((s % 1000) + 1) << 20,
		                .pids = (long long)(s % 500) + 10,
		                .cpu = (double)((s % 90) + 5) / 100 };
}

/* What cgroup_settings() returned, and what it wrote. */
struct settings {
	int n;
	struct cgroup_setting set[CGROUP_MAX_SETTINGS];
	const char *call; /* the call, for the checks' messages */
};

static struct settings settings(const struct limits *l, const char *controller, bool v2)
{
	struct settings s = { 0 };
	WITNESS(s.n = cgroup_settings(l, controller, v2, s.set));
	s.call =
		vlab_str("cgroup_settings({ .memory = %lld, .pids = %lld, .cpu = %g }, \"%s\", %s)",
	                 l->memory, l->pids, l->cpu, controller, v2 ? "v2" : "v1");
	return s;
}

static void test_settings_v2(void)
{
	struct limits l = seeded_limits();
	struct settings s = settings(&l, "memory", true);
	REQUIRE_INT(s.n, 1, "%s returns", s.call);
	EXPECT_STR(s.set[0].file, "memory.max", "%s: file", s.call);
	EXPECT_STR(s.set[0].value, vlab_str("%lld", l.memory), "%s: value", s.call);
	s = settings(&l, "pids", true);
	REQUIRE_INT(s.n, 1, "%s returns", s.call);
	EXPECT_STR(s.set[0].file, "pids.max", "%s: file", s.call);
	EXPECT_STR(s.set[0].value, vlab_str("%lld", l.pids), "%s: value", s.call);
	s = settings(&l, "cpu", true);
	REQUIRE_INT(s.n, 1, "%s returns", s.call);
	EXPECT_STR(s.set[0].file, "cpu.max", "%s: file", s.call);
	EXPECT_STR(s.set[0].value, vlab_str("%ld 100000", (long)(l.cpu * 100000)), "%s: value",
	           s.call);
}

static void test_settings_v1(void)
{
	struct limits l = seeded_limits();
	struct settings s = settings(&l, "memory", false);
	REQUIRE_INT(s.n, 1, "%s returns", s.call);
	EXPECT_STR(s.set[0].file, "memory.limit_in_bytes", "%s: file", s.call);
	EXPECT_STR(s.set[0].value, vlab_str("%lld", l.memory), "%s: value", s.call);
	s = settings(&l, "cpu", false);
	REQUIRE_INT(s.n, 2, "%s returns", s.call);
	EXPECT_STR(s.set[0].file, "cpu.cfs_period_us", "%s: first file", s.call);
	EXPECT_STR(s.set[0].value, "100000", "%s: first value", s.call);
	EXPECT_STR(s.set[1].file, "cpu.cfs_quota_us", "%s: second file", s.call);
	EXPECT_STR(s.set[1].value, vlab_str("%ld", (long)(l.cpu * 100000)), "%s: second value",
	           s.call);
	struct limits none = { 0 };
	s = settings(&none, "memory", false);
	EXPECT_INT(s.n, 0, "%s returns", s.call);
	s = settings(&none, "cpu", true);
	EXPECT_INT(s.n, 0, "%s returns", s.call);
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

/* What cgroup_find() returned, and where it found the hierarchy. */
struct found {
	int r;
	struct cgroup_place p;
	const char *call;
};

static struct found find(const char *mountinfo, const char *cgroup, const char *controller)
{
	struct found f = { 0 };
	WITNESS(f.r = cgroup_find(mountinfo, cgroup, controller, &f.p));
	f.call = vlab_str("cgroup_find(mountinfo, \"%s\", \"%s\")", cgroup, controller);
	return f;
}

static void expect_place(const char *mountinfo, const char *cgroup, const char *controller,
                         const char *mount, const char *own, bool v2)
{
	struct found f = find(mountinfo, cgroup, controller);
	REQUIRE_INT(f.r, 0, "%s returns", f.call);
	EXPECT_BOOL(f.p.v2, v2, "%s: v2", f.call);
	EXPECT_STR(f.p.mount, mount, "%s: mount", f.call);
	EXPECT_STR(f.p.own, own, "%s: own", f.call);
}

static void test_find_hybrid(void)
{
	expect_place(mountinfo_hybrid, cgroup_hybrid, "memory", "/sys/fs/cgroup/memory",
	             "/user.slice/user-1000.slice/session-2.scope", false);
	expect_place(mountinfo_hybrid, cgroup_hybrid, "cpu", "/sys/fs/cgroup/cpu,cpuacct",
	             "/user.slice", false);
	/* A last line without its newline is read too. */
	expect_place(mountinfo_hybrid, "12:pids:/a\n6:memory:/b", "memory", "/sys/fs/cgroup/memory",
	             "/b", false);
	/* No mount of the hierarchy, and no cgroup of ours at all. */
	struct found f = find("", cgroup_hybrid, "memory");
	EXPECT_INT(f.r, -1, "%s with an empty mountinfo returns", f.call);
	f = find(mountinfo_hybrid, "1:name=systemd:/\n", "memory");
	EXPECT_INT(f.r, -1, "%s returns", f.call);
}

/* A mount that shows a subtree of the hierarchy (Docker without a cgroup
 * namespace), and one hidden by a later mount. */
static void test_find_subtree(void)
{
	const char *docker = "40 30 0:36 /docker/abc /sys/fs/cgroup/memory ro,nosuid - cgroup "
			     "cgroup rw,memory\n";
	expect_place(docker, "4:memory:/docker/abc\n", "memory", "/sys/fs/cgroup/memory", "/",
	             false);
	expect_place(docker, "4:memory:/docker/abc/inner\n", "memory", "/sys/fs/cgroup/memory",
	             "/inner", false);
	/* A subtree that is not ours, nor a prefix of ours by name only. */
	struct found f = find(docker, "4:memory:/docker/other\n", "memory");
	EXPECT_INT(f.r, -1, "%s under a mount of /docker/abc returns", f.call);
	f = find(docker, "4:memory:/docker/abcd\n", "memory");
	EXPECT_INT(f.r, -1, "%s under a mount of /docker/abc returns", f.call);
	const char *hidden = "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
			     "50 25 0:40 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n"
			     "51 49 0:26 / /tmp/t/cg/1 rw - cgroup2 cgroup2 rw\n";
	expect_place(hidden, "0::/a\n", "pids", "/tmp/t/cg/1", "/a", true);
}

static void test_find_v2(void)
{
	const char *mountinfo = "30 25 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime "
				"shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
	expect_place(mountinfo, "0::/user.slice/user-1000.slice/user@1000.service/app.slice\n",
	             "pids", "/sys/fs/cgroup",
	             "/user.slice/user-1000.slice/user@1000.service/app.slice", true);
}

static void test_parent(void)
{
	static const struct {
		struct cgroup_place place;
		const char *parent;
	} cases[] = {
		{ { "/sys/fs/cgroup/memory", "/user.slice/s.scope", false },
		  "/sys/fs/cgroup/memory/user.slice/s.scope" },
		{ { "/sys/fs/cgroup", "/user.slice/s.scope", true }, "/sys/fs/cgroup/user.slice" },
		{ { "/sys/fs/cgroup", "/s.scope", true }, "/sys/fs/cgroup" },
		{ { "/sys/fs/cgroup/pids", "/", false }, "/sys/fs/cgroup/pids" },
		{ { "/sys/fs/cgroup", "/", true }, "/sys/fs/cgroup" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		EXPECT_STR(cgroup_parent(&cases[i].place), cases[i].parent,
		           "cgroup_parent({ \"%s\", \"%s\", %s })", cases[i].place.mount,
		           cases[i].place.own, cases[i].place.v2 ? "v2" : "v1");
}

static void expect_ns(const char *list, int r, int flags)
{
	int got = 0, rc = 0;
	WITNESS(rc = ns_parse(list, &got));
	EXPECT_INT(rc, r, "ns_parse(\"%s\") returns", list);
	if (r == 0)
		EXPECT_HEX(got, flags, "the flags of ns_parse(\"%s\")", list);
}

static void test_ns_parse(void)
{
	expect_ns("pid,mnt,net", 0, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET);
	expect_ns("none", 0, 0);
	expect_ns("pid,time-travel", -1, 0);
}

static void test_caps_parse(void)
{
	uint64_t caps = 0;
	int r = 0;
	WITNESS(r = caps_parse("CAP_NET_RAW,sys_chroot", &caps));
	EXPECT_INT(r, 0, "caps_parse(\"CAP_NET_RAW,sys_chroot\") returns");
	EXPECT_HEX(caps, (1ULL << 13) | (1ULL << 18), "caps_parse(\"CAP_NET_RAW,sys_chroot\")");
	WITNESS(r = caps_parse("default", &caps));
	EXPECT_INT(r, 0, "caps_parse(\"default\") returns");
	EXPECT_BOOL(caps & (1ULL << 21), false, "CAP_SYS_ADMIN in caps_parse(\"default\")");
	EXPECT_INT(caps_parse("cap_fly", &caps), -1, "caps_parse(\"cap_fly\")");
}

/* container_defaults() then oci_load() of the test's folder, whose
 * config.json holds text: what oci_load() returned. */
static int load(const char *text, struct container *c)
{
	int r = 0;
	WITNESS(r = put_file("config.json", text) == 0 && container_defaults(c) == 0
	                    ? oci_load(vlab_unit_dir(), c)
	                    : -2);
	return r;
}

static void test_oci_config(void)
{
	unsigned long long seed = vlab_unit_seed();
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
	         seed, seed, seed, seed % 1000 + 64, (seed % 100 + 1) << 20);
	struct container c;
	REQUIRE_INT(load(config, &c), 0, "oci_load() of a config with seed %llu", seed);
	EXPECT_STR(c.argv[2], vlab_str("echo %llu", seed), "process.args[2]");
	EXPECT_STR(c.argv[3], NULL, "the end of process.args");
	EXPECT_STR(c.env[0], vlab_str("SEED=%llu", seed), "process.env[0]");
	EXPECT_STR(c.cwd, "/tmp", "process.cwd");
	EXPECT_STR(c.hostname, vlab_str("h%llu", seed), "hostname");
	EXPECT_STR(c.rootfs, vlab_str("%s/rootfs", vlab_unit_dir()), "root.path");
	EXPECT_HEX(c.namespaces, CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS, "linux.namespaces");
	EXPECT_INT(c.limits.memory, (long long)(seed % 100 + 1) << 20, "memory.limit");
	EXPECT_INT(c.limits.pids, 64, "pids.limit");
	REQUIRE_INT(c.nmounts, 1, "the mounts besides /proc");
	EXPECT_STR(c.mounts[0].target, "/run", "mounts[1].destination");
	EXPECT_STR(c.mounts[0].type, "tmpfs", "mounts[1].type");
	EXPECT_STR(c.mounts[0].data, vlab_str("size=%lluk", seed % 1000 + 64), "mounts[1].options");
}

static void test_oci_malformed(void)
{
	struct container c;
	EXPECT_INT(load("{ \"process\": { \"args\": [\"/bin/true\"] ", &c), -1,
	           "oci_load() of a config cut short");
}

static void test_oci_wrong_type(void)
{
	struct container c;
	EXPECT_INT(load("{ \"process\": { \"args\": \"/bin/true\" }, \"root\": "
	                "{ \"path\": \"rootfs\" } }",
	                &c),
	           -1, "oci_load() of a config whose process.args is a string");
}

/* A size for --memory: parsed to bytes, or refused with its range. */
static void expect_memory(const char *text, long long want)
{
	long long bytes = 0;
	int r = 0;
	WITNESS(r = limits_parse_memory("--memory", text, &bytes));
	EXPECT_INT(r, want ? 0 : -1, "limits_parse_memory(\"%s\") returns", text);
	if (want)
		EXPECT_INT(bytes, want, "limits_parse_memory(\"%s\")", text);
}

static void test_limits_memory(void)
{
	expect_memory("64m", 64LL << 20);
	expect_memory("1", 1);
	expect_memory("1K", 1024);
	expect_memory("8589934591g", 8589934591LL << 30);
	expect_memory("9223372036854775807", 9223372036854775807LL);
	static const char *const refused[] = { "8589934592g",
		                               "9223372036854775807k",
		                               "9223372036854775808",
		                               "0",
		                               "-5m",
		                               "",
		                               "m",
		                               "5km",
		                               "5x" };
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		expect_memory(refused[i], 0);
}

static void test_limits_pids_cpu(void)
{
	long long pids = 0;
	double cpu = 0;
	int r = 0;
	WITNESS(r = limits_parse_pids("--pids", "24", &pids));
	EXPECT_INT(r, 0, "limits_parse_pids(\"24\") returns");
	EXPECT_INT(pids, 24, "limits_parse_pids(\"24\")");
	static const char *const bad_pids[] = { "4194305", "0", "-1", "1k",
		                                "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad_pids) / sizeof(*bad_pids); i++)
		EXPECT_INT(limits_parse_pids("--pids", bad_pids[i], &pids), -1,
		           "limits_parse_pids(\"%s\")", bad_pids[i]);
	WITNESS(r = limits_parse_cpu("--cpu", "0.5", &cpu));
	EXPECT_INT(r, 0, "limits_parse_cpu(\"0.5\") returns");
	EXPECT_DOUBLE(cpu, 0.5, 1e-12, "limits_parse_cpu(\"0.5\")");
	static const char *const bad_cpu[] = { "1024.5", "0",    "-0.5",  "nan", "NaN",
		                               "inf",    "-inf", "1e300", "",    "0.5x" };
	for (size_t i = 0; i < sizeof(bad_cpu) / sizeof(*bad_cpu); i++)
		EXPECT_INT(limits_parse_cpu("--cpu", bad_cpu[i], &cpu), -1,
		           "limits_parse_cpu(\"%s\")", bad_cpu[i]);
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("cgroup", NULL, NULL);
	CU_add_test(s, "settings_v2", test_settings_v2);
	CU_add_test(s, "settings_v1", test_settings_v1);
	CU_add_test(s, "find_hybrid", test_find_hybrid);
	CU_add_test(s, "find_v2", test_find_v2);
	CU_add_test(s, "find_subtree", test_find_subtree);
	CU_add_test(s, "parent", test_parent);
	s = CU_add_suite("options", NULL, NULL);
	CU_add_test(s, "ns_parse", test_ns_parse);
	CU_add_test(s, "caps_parse", test_caps_parse);
	CU_add_test(s, "limits_memory", test_limits_memory);
	CU_add_test(s, "limits_pids_cpu", test_limits_pids_cpu);
	s = CU_add_suite("oci", NULL, NULL);
	CU_add_test(s, "config", test_oci_config);
	CU_add_test(s, "malformed", test_oci_malformed);
	CU_add_test(s, "wrong_type", test_oci_wrong_type);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
