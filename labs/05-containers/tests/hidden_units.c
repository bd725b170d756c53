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

/* Write the test folder's config.json, for oci_load() to read. */
static int put_config(const char *text)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/config.json", vlab_unit_dir());
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* container_defaults() then oci_load() of the test's folder, whose
 * config.json holds text: what oci_load() returned. */
static int load(const char *text, struct container *c)
{
	int r = 0;
	WITNESS(r = put_config(text) == 0 && container_defaults(c) == 0
	                    ? oci_load(vlab_unit_dir(), c)
	                    : -2);
	return r;
}

/* More than one CPU, and one limit without the others. */
static void test_settings_edges(void)
{
	unsigned cpus = 2 + (unsigned)(vlab_unit_seed() % 6);
	struct limits l = { .cpu = cpus + 0.5 };
	struct cgroup_setting set[CGROUP_MAX_SETTINGS];
	const char *call = vlab_str("cgroup_settings({ .cpu = %g }", l.cpu);
	REQUIRE_INT(cgroup_settings(&l, "cpu", true, set), 1, "%s, \"cpu\", v2)", call);
	EXPECT_STR(set[0].value, vlab_str("%u 100000", cpus * 100000 + 50000),
	           "%s, \"cpu\", v2): value", call);
	REQUIRE_INT(cgroup_settings(&l, "cpu", false, set), 2, "%s, \"cpu\", v1)", call);
	EXPECT_STR(set[1].file, "cpu.cfs_quota_us", "%s, \"cpu\", v1): second file", call);
	EXPECT_STR(set[1].value, vlab_str("%u", cpus * 100000 + 50000),
	           "%s, \"cpu\", v1): second value", call);
	EXPECT_INT(cgroup_settings(&l, "memory", true, set), 0, "%s, \"memory\", v2)", call);
	EXPECT_INT(cgroup_settings(&l, "pids", false, set), 0, "%s, \"pids\", v1)", call);
	l = (struct limits){ .pids = 1 };
	REQUIRE_INT(cgroup_settings(&l, "pids", false, set), 1,
	            "cgroup_settings({ .pids = 1 }, \"pids\", v1)");
	EXPECT_STR(set[0].value, "1", "cgroup_settings({ .pids = 1 }, \"pids\", v1): value");
	EXPECT_INT(cgroup_settings(&l, "memory", false, set), 0,
	           "cgroup_settings({ .pids = 1 }, \"memory\", v1)");
	EXPECT_INT(cgroup_settings(&l, "cpu", true, set), 0,
	           "cgroup_settings({ .pids = 1 }, \"cpu\", v2)");
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
	struct container c;
	char **env = NULL;
	int r = 0;
	WITNESS(r = put_config(config) == 0 && container_defaults(&c) == 0 ? 0 : -2, env = c.env,
	        r = r ? r : oci_load(vlab_unit_dir(), &c));
	REQUIRE_INT(r, 0, "oci_load() of an absolute root.path");
	EXPECT_STR(c.rootfs, vlab_str("/srv/r%llu", seed), "root.path");
	EXPECT_DOUBLE(c.limits.cpu, 0.25, 1e-9, "quota %llu over period %llu", seed + 1000,
	              4 * (seed + 1000));
	EXPECT_BOOL(c.env == env, true, "no process.env: the runtime's environment kept");

	snprintf(config, sizeof(config),
	         "{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" },\n"
	         "  \"linux\": { \"resources\": { \"cpu\": { \"quota\": %llu } } } }\n",
	         seed + 1000);
	REQUIRE_INT(load(config, &c), 0, "oci_load() of a quota without a period");
	EXPECT_DOUBLE(c.limits.cpu, (seed + 1000) / 100000.0, 1e-9,
	              "quota %llu with no period (100000)", seed + 1000);
}

/* What a runtime must refuse rather than run something else. */
static void test_oci_refused(void)
{
	static const struct {
		const char *why, *config;
	} cases[] = {
		{ "no command",
		  "{ \"process\": { \"args\": [] }, \"root\": { \"path\": \"r\" } }" },
		{ "no root", "{ \"process\": { \"args\": [\"/bin/true\"] } }" },
		{ "a terminal it cannot give",
		  "{ \"process\": { \"terminal\": true, \"args\": [\"/bin/true\"] }, "
		  "\"root\": { \"path\": \"r\" } }" },
		{ "joining a namespace by path",
		  "{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" }, "
		  "\"linux\": { \"namespaces\": [ { \"type\": \"network\", \"path\": "
		  "\"/proc/1/ns/net\" } ] } }" },
		{ "a namespace type that does not exist",
		  "{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" }, "
		  "\"linux\": { \"namespaces\": [ { \"type\": \"time-travel\" } ] } }" },
		{ "a CPU period of 0",
		  "{ \"process\": { \"args\": [\"/bin/true\"] }, \"root\": { \"path\": \"r\" }, "
		  "\"linux\": { \"resources\": { \"cpu\": { \"quota\": 1000, \"period\": 0 } } } "
		  "}" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct container c;
		EXPECT_INT(load(cases[i].config, &c), -1, "oci_load() of a config with %s: %s",
		           cases[i].why, cases[i].config);
	}
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("cgroup", NULL, NULL);
	CU_add_test(s, "settings_edges", test_settings_edges);
	s = CU_add_suite("oci", NULL, NULL);
	CU_add_test(s, "edges", test_oci_edges);
	CU_add_test(s, "refused", test_oci_refused);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
