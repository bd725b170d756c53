/* An OCI bundle (the runtime specification, config.md and
 * config-linux.md of github.com/opencontainers/runtime-spec): a folder
 * with config.json and a root file system, the input of `runc run`.
 * This runtime reads a subset, with json-c:
 *
 *   process.args, process.env, process.cwd, process.terminal (false),
 *   process.user.uid and .gid (0),
 *   process.capabilities.bounding, root.path, root.readonly, hostname,
 *   mounts[] of type bind, tmpfs, sysfs, devpts and mqueue (proc and /dev
 *   it always has), linux.namespaces[].type, linux.maskedPaths,
 *   linux.readonlyPaths, linux.resources.memory.limit,
 *   linux.resources.pids.limit, linux.resources.cpu.quota and .period.
 *
 * Anything else is ignored, as runc ignores what it does not know.  What
 * it reads it honours, or refuses with an error naming it: a value of the
 * wrong type, out of range, or that it cannot honour (a terminal, a
 * namespace joined by path, a mount type or option it does not know). */
#define _GNU_SOURCE
#include <errno.h>
#include <json-c/json.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "ctr.h"

static const char *bundle_dir, *config_path;

static int bad(const char *where, const char *want)
{
	return fail_msg("%s: %s must be %s", config_path, where, want);
}

/* The member at a dotted path ("linux.resources.memory"), or NULL. */
static struct json_object *get(struct json_object *o, const char *path)
{
	char *copy = strdupa(path), *save = NULL;
	for (char *k = strtok_r(copy, ".", &save); o && k; k = strtok_r(NULL, ".", &save))
		if (!json_object_is_type(o, json_type_object) ||
		    !json_object_object_get_ex(o, k, &o))
			return NULL;
	return o;
}

static int get_string(struct json_object *root, const char *path, const char **out)
{
	struct json_object *o = get(root, path);
	if (!o)
		return 0;
	if (!json_object_is_type(o, json_type_string))
		return bad(path, "a string");
	*out = strdup(json_object_get_string(o));
	return *out ? 0 : fail(NULL, "strdup");
}

/* BEGIN SOLUTION */
static int get_int(struct json_object *root, const char *path, long long *out)
{
	struct json_object *o = get(root, path);
	if (!o)
		return 0;
	if (!json_object_is_type(o, json_type_int))
		return bad(path, "an integer");
	*out = json_object_get_int64(o);
	return 0;
}
/* END SOLUTION */

/* An array of strings as a NULL-terminated vector. */
static int get_strings(struct json_object *root, const char *path, char ***out)
{
	struct json_object *a = get(root, path);
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return bad(path, "an array of strings");
	size_t n = json_object_array_length(a);
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return fail(NULL, "calloc");
	for (size_t i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(a, i);
		if (!json_object_is_type(s, json_type_string))
			return bad(path, "an array of strings");
		v[i] = strdup(json_object_get_string(s));
	}
	*out = v;
	return 0;
}

/* OCI namespace types -> clone flags. */
static int get_namespaces(struct json_object *root, struct container *c)
{
	static const struct {
		const char *type;
		int flag;
	} types[] = { { "pid", CLONE_NEWPID },      { "network", CLONE_NEWNET },
		      { "mount", CLONE_NEWNS },     { "ipc", CLONE_NEWIPC },
		      { "uts", CLONE_NEWUTS },      { "user", CLONE_NEWUSER },
		      { "cgroup", CLONE_NEWCGROUP } };
	/* TODO(S9): each linux.namespaces[].type to its clone flag in
	 * c->namespaces (replacing the default); refuse an unknown type, and
	 * a "path" (joining an existing namespace) with fail_msg() (tested by
	 * s9-oci-parse). */
	/* BEGIN SOLUTION */ /* STUB: (void)root; (void)c; (void)types; return 0; */
	struct json_object *a = get(root, "linux.namespaces");
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return bad("linux.namespaces", "an array");
	c->namespaces = 0;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		const char *type = NULL;
		if (get_string(json_object_array_get_idx(a, i), "type", &type) < 0)
			return -1;
		size_t k = 0;
		while (k < sizeof(types) / sizeof(*types) && (!type || strcmp(types[k].type, type)))
			k++;
		if (k == sizeof(types) / sizeof(*types))
			return bad("linux.namespaces[].type",
			           "pid, network, mount, ipc, uts, user or cgroup");
		if (get(json_object_array_get_idx(a, i), "path"))
			return fail_msg("%s: joining a namespace by path is not supported",
			                config_path);
		c->namespaces |= types[k].flag;
	}
	return 0;
	/* END SOLUTION */
}

/* A mount option: a flag set or cleared, or the propagation every mount
 * of the container has anyway (private: nothing goes back to the host). */
static const struct {
	const char *name;
	unsigned long set, clear;
} mount_flags[] = {
	{ "ro", MS_RDONLY, 0 },
	{ "rw", 0, MS_RDONLY },
	{ "nosuid", MS_NOSUID, 0 },
	{ "suid", 0, MS_NOSUID },
	{ "nodev", MS_NODEV, 0 },
	{ "dev", 0, MS_NODEV },
	{ "noexec", MS_NOEXEC, 0 },
	{ "exec", 0, MS_NOEXEC },
	{ "noatime", MS_NOATIME, 0 },
	{ "relatime", MS_RELATIME, 0 },
	{ "strictatime", MS_STRICTATIME, 0 },
	{ "nodiratime", MS_NODIRATIME, 0 },
	{ "rbind", MS_REC, 0 },
	{ "bind", 0, MS_REC },
	{ "private", 0, 0 },
	{ "rprivate", 0, 0 },
};

/* Options into m: flags, and the file system's own options ("size=1m",
 * devpts's "newinstance") joined into m->data.  An option it does not
 * know is refused by name rather than dropped. */
static int mount_options(char **options, struct mnt *m)
{
	char *data = NULL;
	for (size_t k = 0; options && options[k]; k++) {
		size_t f = 0;
		while (f < sizeof(mount_flags) / sizeof(*mount_flags) &&
		       strcmp(mount_flags[f].name, options[k]))
			f++;
		if (f < sizeof(mount_flags) / sizeof(*mount_flags)) {
			m->flags = (m->flags | mount_flags[f].set) & ~mount_flags[f].clear;
			continue;
		}
		if (!strchr(options[k], '=') &&
		    !(!strcmp(m->type, "devpts") && !strcmp(options[k], "newinstance")))
			return fail_msg("%s: mounts[]: option '%s' on %s is not supported",
			                config_path, options[k], m->target);
		char *joined;
		if (asprintf(&joined, "%s%s%s", data ? data : "", data ? "," : "", options[k]) < 0)
			return fail(NULL, "asprintf");
		free(data);
		data = joined;
	}
	m->data = data;
	return 0;
}

/* mounts[]: bind, tmpfs, sysfs, devpts and mqueue.  /proc and /dev are the
 * runtime's own, always there: the bundle may ask for them only as what
 * they are (a proc, a tmpfs). */
static int get_mounts(struct json_object *root, struct container *c)
{
	static const char *const types[] = { "bind", "tmpfs", "sysfs", "devpts", "mqueue" };
	struct json_object *a = get(root, "mounts");
	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array))
		return bad("mounts", "an array");
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		struct json_object *o = json_object_array_get_idx(a, i);
		struct mnt m = { 0 };
		char **options = NULL;
		if (get_string(o, "destination", (const char **)&m.target) < 0 ||
		    get_string(o, "type", (const char **)&m.type) < 0 ||
		    get_string(o, "source", (const char **)&m.source) < 0 ||
		    get_strings(o, "options", &options) < 0)
			return -1;
		if (!m.target || m.target[0] != '/')
			return bad("mounts[].destination", "an absolute path");
		if (!m.type)
			m.type = "bind";
		m.flags = !strcmp(m.type, "bind") ? MS_REC : 0;
		if (mount_options(options, &m) < 0)
			return -1;
		const char *own = !strcmp(m.target, "/proc")  ? "proc"
		                  : !strcmp(m.target, "/dev") ? "tmpfs"
		                                              : NULL;
		if (own && strcmp(m.type, own))
			return fail_msg("%s: mounts[]: %s must be of type %s, not %s (the runtime "
			                "makes its own)",
			                config_path, m.target, own, m.type);
		if (own) {
			note(c, "%s: %s: the runtime's own %s", config_path, m.target, own);
			continue;
		}
		size_t t = 0;
		while (t < sizeof(types) / sizeof(*types) && strcmp(types[t], m.type))
			t++;
		if (t == sizeof(types) / sizeof(*types))
			return fail_msg("%s: mount type '%s' on %s is not supported (bind, tmpfs, "
			                "sysfs, devpts, mqueue)",
			                config_path, m.type, m.target);
		if (!m.source)
			m.source = m.type;
		if (add_mount(c, &m) < 0)
			return -1;
	}
	return 0;
}

/* linux.maskedPaths and linux.readonlyPaths replace the default lists. */
static int get_protected(struct json_object *root, struct container *c)
{
	char **masked = NULL, **readonly = NULL;
	if (get_strings(root, "linux.maskedPaths", &masked) < 0 ||
	    get_strings(root, "linux.readonlyPaths", &readonly) < 0)
		return -1;
	for (size_t i = 0; masked && masked[i]; i++)
		if (masked[i][0] != '/')
			return bad("linux.maskedPaths", "absolute paths");
	for (size_t i = 0; readonly && readonly[i]; i++)
		if (readonly[i][0] != '/')
			return bad("linux.readonlyPaths", "absolute paths");
	if (masked)
		c->masked = masked;
	if (readonly)
		c->readonly = readonly;
	return 0;
}

static int get_caps(struct json_object *root, struct container *c)
{
	char **names = NULL;
	if (get_strings(root, "process.capabilities.bounding", &names) < 0)
		return -1;
	if (!names)
		return 0;
	c->caps = 0;
	for (size_t i = 0; names[i]; i++) {
		uint64_t one;
		if (caps_parse(names[i], &one) < 0)
			return -1;
		c->caps |= one;
	}
	return 0;
}

static int get_resources(struct json_object *root, struct container *c)
{
	/* TODO(S9): linux.resources.memory.limit, .pids.limit into
	 * c->limits (get_int()); .cpu.quota / .cpu.period (default period
	 * 100000) as c->limits.cpu (tested by s9-oci-parse). */
	/* BEGIN SOLUTION */ /* STUB: (void)root; (void)c; return 0; */
	long long memory = -1, pids = -1, quota = -1, period = 100000;
	if (get_int(root, "linux.resources.memory.limit", &memory) < 0 ||
	    get_int(root, "linux.resources.pids.limit", &pids) < 0 ||
	    get_int(root, "linux.resources.cpu.quota", &quota) < 0 ||
	    get_int(root, "linux.resources.cpu.period", &period) < 0)
		return -1;
	if (period <= 0)
		return bad("linux.resources.cpu.period", "positive");
	/* -1: no limit, as in runc; any other value must be in range. */
	if (memory != -1 && !limits_memory_ok(memory))
		return fail_msg("%s: linux.resources.memory.limit must be -1 (no limit) or from 1 "
		                "to %lld bytes, not %lld",
		                config_path, LIMIT_MEMORY_MAX, memory);
	if (pids != -1 && !limits_pids_ok(pids))
		return fail_msg("%s: linux.resources.pids.limit must be -1 (no limit) or from 1 "
		                "to %d, not %lld",
		                config_path, LIMIT_PIDS_MAX, pids);
	if (quota != -1 && !limits_cpu_ok((double)quota / (double)period))
		return fail_msg("%s: linux.resources.cpu.quota must be -1 (no limit) or above 0 "
		                "and at most %d periods, not %lld",
		                config_path, LIMIT_CPUS_MAX, quota);
	c->limits.memory = memory == -1 ? 0 : memory;
	c->limits.pids = pids == -1 ? 0 : pids;
	c->limits.cpu = quota == -1 ? 0 : (double)quota / (double)period;
	return 0;
	/* END SOLUTION */
}

/* Read and parse config_path; a syntax error is reported with its line. */
static int parse(struct json_object **out)
{
	FILE *f = fopen(config_path, "re");
	if (!f)
		return fail("a bundle is a folder with config.json and the rootfs", "open(%s)",
		            config_path);
	char *text = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&text, &size);
	char chunk[4096];
	size_t n;
	while (mem && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, mem);
	fclose(f);
	if (!mem || fclose(mem) != 0)
		return fail(NULL, "read(%s)", config_path);
	struct json_tokener *tok = json_tokener_new();
	if (!tok) {
		free(text);
		return fail(NULL, "json_tokener_new");
	}
	*out = json_tokener_parse_ex(tok, text, (int)size);
	enum json_tokener_error err = json_tokener_get_error(tok);
	int line = 1;
	for (size_t i = 0; i < json_tokener_get_parse_end(tok) && i < size; i++)
		line += text[i] == '\n';
	json_tokener_free(tok);
	free(text);
	if (*out && err == json_tokener_success)
		return 0;
	json_object_put(*out);
	return fail_msg("%s:%d: %s", config_path, line,
	                err == json_tokener_continue ? "unexpected end of file"
	                                             : json_tokener_error_desc(err));
}

/* process: what to run, with what, where. */
static int get_process(struct json_object *root, struct container *c)
{
	/* TODO(S9): process.args (get_strings(), required: bad() when
	 * missing or empty), process.env (replaces c->env when present),
	 * process.cwd (get_string()); process.terminal true is refused with
	 * fail_msg(): no terminal here (tested by s9-oci-parse, s9-oci-run). */
	/* BEGIN SOLUTION */ /* STUB: (void)root; (void)c; return 0; */
	char **env = NULL;
	if (get_strings(root, "process.args", &c->argv) < 0 ||
	    get_strings(root, "process.env", &env) < 0 ||
	    get_string(root, "process.cwd", &c->cwd) < 0)
		return -1;
	if (!c->argv || !c->argv[0])
		return bad("process.args", "a non-empty array of strings");
	if (env)
		c->env = env;
	struct json_object *terminal = get(root, "process.terminal");
	if (terminal && json_object_get_boolean(terminal))
		return fail_msg("%s: process.terminal: a terminal is not supported; set it to "
		                "false",
		                config_path);
	return 0;
	/* END SOLUTION */
}

/* root.path (relative to the bundle unless absolute) and hostname. */
static int get_root(struct json_object *root, struct container *c)
{
	/* TODO(S9): root.path is required; c->rootfs is bundle_dir + "/" +
	 * it unless it is absolute; hostname goes to c->hostname (tested by
	 * s9-oci-parse, s9-oci-run). */
	/* BEGIN SOLUTION */ /* STUB: (void)root; (void)c; return 0; */
	const char *path = NULL;
	if (get_string(root, "root.path", &path) < 0 ||
	    get_string(root, "hostname", &c->hostname) < 0)
		return -1;
	if (!path)
		return bad("root.path", "the path of the root file system");
	struct json_object *readonly = get(root, "root.readonly");
	if (readonly && !json_object_is_type(readonly, json_type_boolean))
		return bad("root.readonly", "true or false");
	c->readonly_root = readonly && json_object_get_boolean(readonly);
	if (path[0] == '/')
		c->rootfs = path;
	else if (asprintf((char **)&c->rootfs, "%s/%s", bundle_dir, path) < 0)
		return fail(NULL, "asprintf");
	return 0;
	/* END SOLUTION */
}

/* process.user: the command runs as root of the container (S4's maps);
 * a bundle that asks for another user is refused, not run as root. */
static int get_user(struct json_object *root, struct container *c)
{
	(void)c;
	static const char *const ids[] = { "process.user.uid", "process.user.gid" };
	for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
		struct json_object *o = get(root, ids[i]);
		if (o && (!json_object_is_type(o, json_type_int) || json_object_get_int64(o) != 0))
			return fail_msg(
				"%s: %s must be 0: this runtime runs the command as root of "
				"the container",
				config_path, ids[i]);
	}
	if (get(root, "process.user.additionalGids"))
		return fail_msg("%s: process.user.additionalGids is not supported", config_path);
	return 0;
}

/* Fill c from BUNDLE/config.json, one part of the document at a time. */
int oci_load(const char *bundle, struct container *c)
{
	static int (*const steps[])(struct json_object *, struct container *) = {
		get_process, get_user,      get_root, get_namespaces,
		get_mounts,  get_protected, get_caps, get_resources,
	};
	bundle_dir = bundle;
	if (asprintf((char **)&config_path, "%s/config.json", bundle) < 0)
		return fail(NULL, "asprintf");
	struct json_object *root;
	if (parse(&root) < 0)
		return -1;
	int rc = json_object_is_type(root, json_type_object) ? 0 : bad("the document", "an object");
	for (size_t i = 0; rc == 0 && i < sizeof(steps) / sizeof(*steps); i++)
		rc = steps[i](root, c);
	if (rc == 0 && !c->argv)
		rc = bad("process.args", "a non-empty array of strings");
	if (rc == 0 && !c->rootfs)
		rc = bad("root.path", "the path of the root file system");
	json_object_put(root);
	return rc;
}
