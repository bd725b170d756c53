/* Hidden unit tests of lab 05: the edges of cgroup_settings() and of the
 * OCI config reader that the visible tests leave out.  Not in the handout;
 * the grader builds them after the student's build (hidden_build in
 * grade.ini). */
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

static void write_config(const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/config.json", dir);
	FILE *f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* More than one CPU, and one limit without the others. */
static void test_settings_edges(void)
{
	unsigned cpus = 2 + (unsigned)(vlab_unit_seed() % 6);
	struct limits l = { .cpu = cpus + 0.5 };
	struct cgroup_setting set[CGROUP_MAX_SETTINGS];
	char want[64];
	snprintf(want, sizeof(want), "%u 100000", cpus * 100000 + 50000);
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "cpu", true, set), 1);
	CU_ASSERT_STRING_EQUAL(set[0].value, want);
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "cpu", false, set), 2);
	snprintf(want, sizeof(want), "%u", cpus * 100000 + 50000);
	CU_ASSERT_STRING_EQUAL(set[1].file, "cpu.cfs_quota_us");
	CU_ASSERT_STRING_EQUAL(set[1].value, want);
	CU_ASSERT_EQUAL(cgroup_settings(&l, "memory", true, set), 0);
	CU_ASSERT_EQUAL(cgroup_settings(&l, "pids", false, set), 0);
	l = (struct limits){ .pids = 1 };
	CU_ASSERT_EQUAL_FATAL(cgroup_settings(&l, "pids", false, set), 1);
	CU_ASSERT_STRING_EQUAL(set[0].value, "1");
	CU_ASSERT_EQUAL(cgroup_settings(&l, "memory", false, set), 0);
	CU_ASSERT_EQUAL(cgroup_settings(&l, "cpu", true, set), 0);
}

/* An absolute root.path is taken as it is; the CPU share is quota over
 * period, with the period 100000 when the config gives none; no
 * process.env keeps the runtime's environment. */
static void test_oci_edges(void)
{
	unsigned long long seed = vlab_unit_seed() % 1000000;
	char config[1024];
	snprintf(config, sizeof(config),
	         "{ \"process\": { \"args\": [\"/bin/true\"] },\n"
	         "  \"root\": { \"path\": \"/srv/r%llu\" },\n"
	         "  \"linux\": { \"resources\": { \"cpu\": { \"quota\": %llu, \"period\": %llu } } "
	         "} "
	         "}\n",
	         seed, seed + 1000, 4 * (seed + 1000));
	write_config(config);
	struct container c;
	CU_ASSERT_EQUAL_FATAL(container_defaults(&c), 0);
	char **env = c.env;
	CU_ASSERT_EQUAL_FATAL(oci_load(dir, &c), 0);
	char want[64];
	snprintf(want, sizeof(want), "/srv/r%llu", seed);
	CU_ASSERT_STRING_EQUAL(c.rootfs, want);
	CU_ASSERT_DOUBLE_EQUAL(c.limits.cpu, 0.25, 1e-9);
	CU_ASSERT_PTR_EQUAL(c.env, env);

	snprintf(config, sizeof(config),
	         "{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" },\n"
	         "  \"linux\": { \"resources\": { \"cpu\": { \"quota\": %llu } } } }\n",
	         seed + 1000);
	write_config(config);
	CU_ASSERT_EQUAL_FATAL(container_defaults(&c), 0);
	CU_ASSERT_EQUAL_FATAL(oci_load(dir, &c), 0);
	CU_ASSERT_DOUBLE_EQUAL(c.limits.cpu, (seed + 1000) / 100000.0, 1e-9);
}

/* What a runtime must refuse rather than run something else. */
static void test_oci_refused(void)
{
	static const char *const configs[] = {
		/* no command */
		"{ \"process\": { \"args\": [] }, \"root\": { \"path\": \"r\" } }",
		/* no root */
		"{ \"process\": { \"args\": [\"/bin/true\"] } }",
		/* a terminal it cannot give */
		"{ \"process\": { \"terminal\": true, \"args\": [\"/bin/true\"] }, "
		"\"root\": { \"path\": \"r\" } }",
		/* joining a namespace by path */
		"{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" }, "
		"\"linux\": { \"namespaces\": [ { \"type\": \"network\", \"path\": "
		"\"/proc/1/ns/net\" } ] } }",
		/* a namespace type that does not exist */
		"{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" }, "
		"\"linux\": { \"namespaces\": [ { \"type\": \"time-travel\" } ] } }",
		/* a CPU period of 0 */
		"{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" }, "
		"\"linux\": { \"resources\": { \"cpu\": { \"quota\": 1000, \"period\": 0 } } } }",
	};
	for (size_t i = 0; i < sizeof(configs) / sizeof(*configs); i++) {
		write_config(configs[i]);
		struct container c;
		CU_ASSERT_EQUAL_FATAL(container_defaults(&c), 0);
		if (oci_load(dir, &c) != -1)
			CU_FAIL(configs[i]);
	}
}

static int make_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vlab-ctr-hidden-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/config.json", dir);
	unlink(path);
	return rmdir(dir);
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("cgroup", NULL, NULL);
	CU_add_test(s, "settings_edges", test_settings_edges);
	s = CU_add_suite("oci", make_dir, remove_dir);
	CU_add_test(s, "edges", test_oci_edges);
	CU_add_test(s, "refused", test_oci_refused);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
