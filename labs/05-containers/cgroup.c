/* Control groups: limits on memory, processes and CPU (cgroups(7)).
 *
 * Hosts come three ways, and the runtime asks rather than assumes:
 *   v2      one hierarchy (cgroup2 on /sys/fs/cgroup), files memory.max,
 *           pids.max, cpu.max; a controller must be enabled in the parent's
 *           cgroup.subtree_control before a child can use it;
 *   v1      one hierarchy per controller (/sys/fs/cgroup/memory, ...),
 *           files memory.limit_in_bytes, pids.max, cpu.cfs_quota_us;
 *   hybrid  v1 controllers, plus a cgroup2 tree (/sys/fs/cgroup/unified)
 *           that holds no controller we need.
 * So each controller is looked up on its own: the v1 hierarchy that has
 * it, else the v2 one; where they usually are, else through mountinfo.
 * The container's cgroup, named vlab-ctr-RANDOM, is made before the
 * container starts and removed after it ends, whatever the ending.  On v1 it is a child of the
 * runtime's own cgroup (/proc/self/cgroup), so limits set above the
 * runtime still hold.  On v2 it is a sibling: the runtime's own cgroup
 * holds a process (the runtime), and v2 lets a cgroup with processes hand
 * no controller to children ("no internal processes"), except the root. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "ctr.h"

static const char *const controllers[] = { "memory", "pids", "cpu" };

struct cgroup {
	char *dirs[3]; /* one per hierarchy of memory, pids, cpu; v2 ones share one */
	int ndirs;
	int locks[3];   /* each of dirs, open and locked while the runtime lives */
	int parents[3]; /* their parents, share-locked while dirs are made */
	int nparents;
	char *memory_dir; /* where the OOM count is */
	bool memory_v2;
};

/* The files and values that set the limits of one controller.  A pure
 * function of the limits and the hierarchy's version, so that both
 * layouts can be tested on any host (tests/test_units.c). */
int cgroup_settings(const struct limits *l, const char *controller, bool v2,
                    struct cgroup_setting out[CGROUP_MAX_SETTINGS])
{
	int n = 0;
	/* TODO(S5): fill out[] with (file, value) pairs, in the order they
	 * must be written (man 7 cgroups; Documentation/admin-guide/cgroup-v2.rst
	 * and cgroup-v1/memory.rst, pids.rst, sched-bwc.rst in the kernel):
	 *   memory: v2 memory.max, v1 memory.limit_in_bytes = bytes;
	 *   pids:   pids.max = count (both);
	 *   cpu:    a period of CGROUP_CPU_PERIOD us and a quota of cpu times
	 *           that: v2 cpu.max = "QUOTA PERIOD"; v1 cpu.cfs_period_us,
	 *           then cpu.cfs_quota_us.
	 * Nothing for a limit that is 0.  Tested by s5-cgroup-files (unit)
	 * and the real-root s5-* tests. */
	/* BEGIN SOLUTION */ /* STUB: (void)l; (void)controller; (void)v2; (void)out; */
	if (!strcmp(controller, "memory") && l->memory) {
		out[n].file = v2 ? "memory.max" : "memory.limit_in_bytes";
		snprintf(out[n++].value, sizeof(out->value), "%lld", l->memory);
	} else if (!strcmp(controller, "pids") && l->pids) {
		out[n].file = "pids.max";
		snprintf(out[n++].value, sizeof(out->value), "%lld", l->pids);
	} else if (!strcmp(controller, "cpu") && l->cpu > 0) {
		long quota = (long)(l->cpu * CGROUP_CPU_PERIOD);
		if (v2) {
			out[n].file = "cpu.max";
			snprintf(out[n++].value, sizeof(out->value), "%ld %d", quota,
			         CGROUP_CPU_PERIOD);
		} else {
			out[n].file = "cpu.cfs_period_us";
			snprintf(out[n++].value, sizeof(out->value), "%d", CGROUP_CPU_PERIOD);
			out[n].file = "cpu.cfs_quota_us";
			snprintf(out[n++].value, sizeof(out->value), "%ld", quota);
		}
	}
	/* END SOLUTION */
	return n;
}

/* Is word one of the comma-separated words of list? */
static bool has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	for (const char *p = list; p; p = strchr(p, ',')) {
		p += *p == ',';
		if (!strncmp(p, word, len) && (p[len] == ',' || p[len] == '\0'))
			return true;
	}
	return false;
}

/* Copy the next line of *text (without its newline) into line, and move
 * *text past it.  false at the end. */
static bool next_line(const char **text, char *line, size_t size)
{
	if (!**text)
		return false;
	size_t len = strcspn(*text, "\n");
	snprintf(line, size, "%.*s", (int)len, *text);
	*text += len + ((*text)[len] == '\n');
	return true;
}

/* A line of /proc/PID/cgroup, "HIERARCHY-ID:CONTROLLERS:PATH" (v2:
 * "0::PATH"), cut in place into its three fields; line keeps the first.
 * false when it is not one. */
static bool split_cgroup_line(char *line, char **ctrls, char **path)
{
	*ctrls = strchr(line, ':');
	*path = *ctrls ? strchr(*ctrls + 1, ':') : NULL;
	if (!*path)
		return false;
	*(*path)++ = '\0';
	*(*ctrls)++ = '\0';
	return true;
}

/* Our cgroup in the hierarchy that has controller, from the text of a
 * /proc/PID/cgroup file: the v1 hierarchy's line that names it (its
 * controllers in ctrls, "cpu,cpuacct"), else the v2 line, "0::PATH"
 * (ctrls ""; *v2 true).  false when there is neither. */
static bool own_cgroup(const char *self_cgroup, const char *controller, char ctrls[256],
                       char own[PATH_MAX], bool *v2)
{
	char line[4096], v2_own[PATH_MAX] = "";
	while (next_line(&self_cgroup, line, sizeof(line))) {
		char *names, *path;
		if (!split_cgroup_line(line, &names, &path))
			continue;
		if (!strcmp(line, "0") && !*names) {
			snprintf(v2_own, sizeof(v2_own), "%s", path);
		} else if (has_word(names, controller)) {
			snprintf(ctrls, 256, "%s", names);
			snprintf(own, PATH_MAX, "%s", path);
			*v2 = false;
			return true;
		}
	}
	ctrls[0] = '\0';
	snprintf(own, PATH_MAX, "%s", v2_own);
	*v2 = true;
	return v2_own[0] != '\0';
}

/* Where controller lives, from the texts of a mountinfo and a
 * /proc/PID/cgroup file (proc(5)): whether it is v2 (no v1 hierarchy of
 * ours has it), the mount point of its hierarchy, and our cgroup seen from
 * there.  A mount may show only a subtree of the hierarchy (ROOT, the 4th
 * field: Docker without a cgroup namespace binds the container's own),
 * and a later mount may hide an earlier one: the last mount whose subtree
 * holds our cgroup wins.  -1 with the error set when none does. */
int cgroup_find(const char *mountinfo, const char *self_cgroup, const char *controller,
                struct cgroup_place *place)
{
	char line[4096], ctrls[256], own[PATH_MAX];
	if (!own_cgroup(self_cgroup, controller, ctrls, own, &place->v2))
		return fail_msg("/proc/self/cgroup names no %s cgroup of ours", controller);

	place->mount[0] = '\0';
	while (next_line(&mountinfo, line, sizeof(line))) {
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - FSTYPE SOURCE SUPEROPTS */
		char root[PATH_MAX], mnt[PATH_MAX], type[32], superopts[512];
		char *dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*s %*s %*s %4095s %4095s", root, mnt) != 2 ||
		    sscanf(dash, " - %31s %*s %511s", type, superopts) != 2)
			continue;
		bool hierarchy =
			place->v2 ? !strcmp(type, "cgroup2")
				  : !strcmp(type, "cgroup") && has_word(superopts, controller);
		size_t len = strcmp(root, "/") ? strlen(root) : 0;
		if (!hierarchy || strncmp(own, root, len) || (own[len] && own[len] != '/'))
			continue;
		snprintf(place->mount, sizeof(place->mount), "%s", mnt);
		snprintf(place->own, sizeof(place->own), "%s", own[len] ? own + len : "/");
	}
	if (!place->mount[0])
		return fail_msg("no mounted cgroup hierarchy has the %s controller and our cgroup "
		                "(is /sys/fs/cgroup mounted?)",
		                controller);
	return 0;
}

/* Is our cgroup a folder of a cgroup file system of that kind below
 * place->mount?  Not where only a subtree of the hierarchy is mounted there
 * (see cgroup_find()). */
static bool is_our_cgroup(const struct cgroup_place *place, long magic)
{
	char path[2 * PATH_MAX];
	struct statfs fs;
	snprintf(path, sizeof(path), "%s%s", place->mount, place->own);
	return statfs(path, &fs) == 0 && fs.f_type == magic;
}

/* Where systemd and the distributions mount cgroups: each v1 hierarchy at
 * /sys/fs/cgroup/CONTROLLERS, named as /proc/self/cgroup spells it
 * ("cpu,cpuacct"), and v2 at /sys/fs/cgroup.  There, one statfs(2) tells
 * a cgroup file system from anything else, where mountinfo, which the
 * kernel writes anew for every mount at each read, costs far more.  false
 * when the host is laid out otherwise (a hybrid host's v2 tree is at
 * /sys/fs/cgroup/unified; a container may see only its own subtree there):
 * then cgroup_find() reads mountinfo. */
static bool usual_place(const char *self_cgroup, const char *controller, struct cgroup_place *place)
{
	char ctrls[256];
	if (!own_cgroup(self_cgroup, controller, ctrls, place->own, &place->v2))
		return false;
	snprintf(place->mount, sizeof(place->mount), "/sys/fs/cgroup%s%s", place->v2 ? "" : "/",
	         ctrls);
	return is_our_cgroup(place, place->v2 ? CGROUP2_SUPER_MAGIC : CGROUP_SUPER_MAGIC);
}

/* The folder the container's cgroup goes in: ours on v1, our parent on
 * v2 (see the top of this file).  NULL when out of memory. */
char *cgroup_parent(const struct cgroup_place *place)
{
	char own[PATH_MAX];
	snprintf(own, sizeof(own), "%s", place->own);
	char *slash = strrchr(own, '/');
	if (place->v2 && slash)
		*slash = '\0'; /* "/a/b" -> "/a"; "/a" and "/" -> "" (the root) */
	else if (!strcmp(own, "/"))
		own[0] = '\0';
	char *path;
	return asprintf(&path, "%s%s", place->mount, own) < 0 ? NULL : path;
}

/* What a refused mkdir or write in a cgroup tree means, on v1 and v2 alike. */
#define NEED_RIGHTS                                                                                \
	"limits need root, or a cgroup delegated to you; rootless, run without --memory, "         \
	"--pids, --cpu"

static int write_to(const char *dir, const char *file, const char *value, const char *hint)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(errno == EACCES || errno == EPERM ? NEED_RIGHTS : hint, "open(%s)",
		            path);
	ssize_t n = write(fd, value, strlen(value));
	int rc = n == (ssize_t)strlen(value) ? 0 : fail(hint, "write(%s, %s)", path, value);
	close(fd);
	return rc;
}

/* BEGIN SOLUTION */
/* v2 only hands a controller to children enabled in the parent's
 * cgroup.subtree_control; the parent must then hold no process itself
 * ("no internal processes" rule), hence the hint. */
static int enable_v2(const char *parent, const char *controller)
{
	char plus[32];
	snprintf(plus, sizeof(plus), "+%s", controller);
	return write_to(parent, "cgroup.subtree_control", plus,
	                "run the runtime from a cgroup delegated to you, with no process "
	                "of its own");
}

static const char *limit_hint(const char *controller)
{
	if (!strcmp(controller, "cpu"))
		return "--cpu takes a fraction of one CPU, at least 0.01";
	if (!strcmp(controller, "memory"))
		return "is the limit below what the container already uses?";
	return NULL;
}
/* END SOLUTION */

/* The whole of a /proc file, as a string to free(); NULL with the error
 * set.  Such a file has no size to ask for: read until the end. */
static char *read_text(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fail(NULL, "open(%s)", path);
		return NULL;
	}
	size_t len = 0, size = 4096;
	char *buf = malloc(size);
	ssize_t n = 0;
	while (buf && (n = read(fd, buf + len, size - 1 - len)) > 0) {
		len += (size_t)n;
		if (len < size - 1)
			continue;
		char *more = realloc(buf, size *= 2);
		if (!more)
			free(buf);
		buf = more;
	}
	close(fd);
	if (!buf || n < 0) {
		fail(NULL, "read(%s)", path);
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* Leftovers.  A runtime killed by SIGKILL cannot remove its cgroup, and
 * a host fills up with empty vlab-ctr-* folders.  So each runtime holds
 * its cgroups open with an exclusive flock(2) for as long as it lives (the
 * kernel drops the lock when the last descriptor goes, however the runtime
 * ends), and removes, before making its own, every vlab-ctr-* cgroup
 * beside it whose lock it can take: one whose runtime is gone.  A runtime
 * holds a shared lock of the parent from before its mkdir to after the
 * lock of its cgroup, and the collector the exclusive one, so a cgroup
 * just made and not yet locked is never taken for a leftover. */
static void remove_dir(const char *dir);

static int collect_leftovers(const struct container *c, int parent, const char *path)
{
	int removed = 0, fd = dup(parent);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return fail(NULL, "opendir(%s)", path);
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "vlab-ctr-", 9) || e->d_type != DT_DIR)
			continue;
		int cg = openat(parent, e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg < 0 || flock(cg, LOCK_EX | LOCK_NB) < 0) {
			if (cg >= 0)
				close(cg);
			continue; /* its runtime lives */
		}
		char *dir;
		if (asprintf(&dir, "%s/%s", path, e->d_name) >= 0) {
			remove_dir(dir);
			note(c, "removed cgroup %s: its runtime is gone", dir);
			free(dir);
			removed++;
		}
		close(cg);
	}
	closedir(d);
	return removed;
}

/* Before the container's cgroup is made in parent: remove the leftovers
 * there, then hold the parent share-locked (once per parent). */
static int hold_parent(const struct container *c, struct cgroup *cg, const char *parent)
{
	struct stat held, st;
	for (int i = 0; i < cg->nparents; i++)
		if (fstat(cg->parents[i], &held) == 0 && stat(parent, &st) == 0 &&
		    held.st_ino == st.st_ino && held.st_dev == st.st_dev)
			return 0; /* v2: one parent for every controller */
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(NULL, "open(%s)", parent);
	cg->parents[cg->nparents++] = fd;
	/* Busy: another runtime is making its cgroup; the next run collects. */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0 && collect_leftovers(c, fd, parent) < 0)
		return -1;
	if (flock(fd, LOCK_SH) < 0)
		return fail(NULL, "flock(%s)", parent);
	return 0;
}

/* The container's cgroups made: lock each, then let the parents go. */
static int hold_cgroups(struct cgroup *cg)
{
	for (int i = 0; i < cg->ndirs; i++) {
		cg->locks[i] = open(cg->dirs[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cg->locks[i] < 0 || flock(cg->locks[i], LOCK_EX) < 0)
			return fail(NULL, "flock(%s)", cg->dirs[i]);
	}
	for (; cg->nparents > 0; cg->nparents--)
		close(cg->parents[cg->nparents - 1]);
	return 0;
}

/* vlab-ctr gc: the leftovers beside where this runtime would make its
 * cgroups, in every hierarchy of memory, pids and cpu. */
int cgroup_gc(const struct container *c)
{
	char *self_cgroup = read_text("/proc/self/cgroup"), *mountinfo = NULL;
	int rc = self_cgroup ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < sizeof(controllers) / sizeof(*controllers); i++) {
		struct cgroup_place place;
		if (!usual_place(self_cgroup, controllers[i], &place) &&
		    ((!mountinfo && !(mountinfo = read_text("/proc/self/mountinfo"))) ||
		     cgroup_find(mountinfo, self_cgroup, controllers[i], &place) < 0)) {
			rc = -1;
			break;
		}
		char *parent = cgroup_parent(&place);
		int fd = parent ? open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (fd < 0)
			rc = fail(NULL, "open(%s)", parent ? parent : "cgroup");
		else if (flock(fd, LOCK_EX) < 0)
			rc = fail(NULL, "flock(%s)", parent);
		else if (collect_leftovers(c, fd, parent) < 0)
			rc = -1;
		if (fd >= 0)
			close(fd);
		free(parent);
	}
	free(mountinfo);
	free(self_cgroup);
	return rc;
}

/* The container's cgroup in the hierarchy of one controller (made unless
 * an earlier controller of the same v2 hierarchy made it), with the
 * controller's limits written. */
static int add_controller(const struct container *c, struct cgroup *cg, const char *name,
                          const char *controller, const char *self_cgroup, char **mountinfo)
{
	struct cgroup_setting set[CGROUP_MAX_SETTINGS];
	struct cgroup_place place;
	int n = cgroup_settings(&c->limits, controller, false, set);
	if (!n)
		return 0;
	/* mountinfo is read only if a controller is not in its usual place,
	 * and then once for all of them. */
	if (!usual_place(self_cgroup, controller, &place) &&
	    ((!*mountinfo && !(*mountinfo = read_text("/proc/self/mountinfo"))) ||
	     cgroup_find(*mountinfo, self_cgroup, controller, &place) < 0))
		return -1;
	if (place.v2)
		n = cgroup_settings(&c->limits, controller, true, set);
	char *parent = cgroup_parent(&place), *dir;
	if (!parent)
		return fail(NULL, "asprintf");
	if (hold_parent(c, cg, parent) < 0) {
		free(parent);
		return -1;
	}
	if (asprintf(&dir, "%s/%s", parent, name) < 0) {
		free(parent);
		return fail(NULL, "asprintf");
	}
	note(c, "cgroup %s (%s): %s", controller, place.v2 ? "v2" : "v1", dir);
	/* TODO(S5): unless cg->dirs[] already has dir (v2: one cgroup for
	 * every controller): on v2, write "+CONTROLLER" to the parent's
	 * cgroup.subtree_control (v2 hands a controller only to children
	 * of a cgroup that enabled it); then mkdir(2) dir (hint
	 * NEED_RIGHTS on EACCES/EPERM) and add it
	 * to cg->dirs.  Remember the memory one (cg->memory_dir,
	 * cg->memory_v2) for the OOM count, then write_to() each of the n
	 * settings, in order, with a hint for a value the kernel refuses.
	 * Free what is not kept (man 7 cgroups; tested by s5-rootless-refused
	 * and the real-root s5-* tests). */
	/* BEGIN SOLUTION */ /* STUB: (void)cg; free(parent); free(dir); return 0; */
	int d = 0;
	while (d < cg->ndirs && strcmp(cg->dirs[d], dir))
		d++;
	int rc = 0;
	if (d < cg->ndirs)
		free(dir);
	else if (place.v2 && enable_v2(parent, controller) < 0)
		rc = -1;
	else if (mkdir(dir, 0755) < 0)
		rc = fail(errno == EACCES || errno == EPERM ? NEED_RIGHTS : NULL, "mkdir(%s)", dir);
	else
		cg->dirs[cg->ndirs++] = dir;
	free(parent);
	if (rc < 0) {
		free(dir);
		return -1;
	}
	if (!strcmp(controller, "memory")) {
		cg->memory_dir = cg->dirs[d];
		cg->memory_v2 = place.v2;
	}
	for (int k = 0; k < n; k++)
		if (write_to(cg->dirs[d], set[k].file, set[k].value, limit_hint(controller)) < 0)
			return -1;
	return 0;
	/* END SOLUTION */
}

/* Make the container's cgroup(s) and write its limits.  No limit: no
 * cgroup (*out stays NULL, and the other calls do nothing). */
int cgroup_create(const struct container *c, struct cgroup **out)
{
	*out = NULL;
	const struct limits *l = &c->limits;
	if (!l->memory && !l->pids && l->cpu <= 0)
		return 0;
	struct cgroup *cg = calloc(1, sizeof(*cg));
	unsigned char rnd[4];
	if (!cg || getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		free(cg);
		return fail(NULL, "cgroup_create");
	}
	for (int i = 0; i < 3; i++)
		cg->locks[i] = -1;
	char name[32];
	snprintf(name, sizeof(name), "vlab-ctr-%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3]);
	/* Read once for every controller: the kernel writes these files
	 * anew at each read. */
	char *self_cgroup = read_text("/proc/self/cgroup"), *mountinfo = NULL;
	int rc = self_cgroup ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < sizeof(controllers) / sizeof(*controllers); i++)
		rc = add_controller(c, cg, name, controllers[i], self_cgroup, &mountinfo);
	if (rc == 0)
		rc = hold_cgroups(cg);
	free(mountinfo);
	free(self_cgroup);
	if (rc < 0) {
		cgroup_destroy(cg);
		return -1;
	}
	*out = cg;
	return 0;
}

/* When the container has one cgroup and it is a v2 one (every controller
 * in it), a descriptor of it, so that clone3(2) with CLONE_INTO_CGROUP
 * makes the container's first process in it: nothing to move, no lock to
 * take (container.c).  -1 on v1 and hybrid hosts, or with no limits. */
int cgroup_clone_fd(const struct cgroup *cg)
{
	if (!cg || cg->ndirs != 1)
		return -1;
	int fd = open(cg->dirs[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && faccessat(fd, "cgroup.controllers", F_OK, 0) < 0) { /* v1 has none */
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Otherwise the container's first process moves itself in, before anything
 * else it does; its children follow.  It writes 0, "me".  On v1 it moves
 * its one thread through the tasks file: a thread moving itself spares the
 * kernel the global lock whose taking waits for an RCU grace period
 * (milliseconds, more on a busy host; cgroup_procs_write_start() in
 * kernel/cgroup/cgroup.c), which moving a process through cgroup.procs
 * takes.  v2 has no tasks file (cgroup.threads is for threaded cgroups):
 * cgroup.procs there, when clone3(2) could not be used. */
int cgroup_enter(struct cgroup *cg)
{
	for (int i = 0; cg && i < cg->ndirs; i++) {
		char tasks[PATH_MAX];
		snprintf(tasks, sizeof(tasks), "%s/tasks", cg->dirs[i]);
		if (write_to(cg->dirs[i], access(tasks, F_OK) == 0 ? "tasks" : "cgroup.procs", "0",
		             NULL) < 0)
			return -1;
	}
	return 0;
}

/* How many processes the OOM killer took: "oom_kill N" in memory.events
 * (v2) or memory.oom_control (v1).  -1 when unknown. */
long cgroup_oom_kills(struct cgroup *cg)
{
	if (!cg || !cg->memory_dir)
		return -1;
	char path[PATH_MAX], line[128];
	snprintf(path, sizeof(path), "%s/%s", cg->memory_dir,
	         cg->memory_v2 ? "memory.events" : "memory.oom_control");
	FILE *f = fopen(path, "re");
	long kills = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "oom_kill %ld", &kills) == 1)
			break;
	if (f)
		fclose(f);
	return kills;
}

/* Remove dir.  Most often the container has ended and its cgroup is
 * empty: one rmdir(2).  Otherwise kill what is left (a container without
 * a PID namespace leaves its processes behind) and try again; rmdir fails
 * with EBUSY while a dying process is still counted: retry for a while. */
static void remove_dir(const char *dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	for (int tries = 0; tries < 200; tries++) {
		if (rmdir(dir) == 0)
			return;
		if (errno != EBUSY)
			break;
		FILE *f = fopen(path, "re");
		int pid;
		while (f && fscanf(f, "%d", &pid) == 1)
			kill(pid, SIGKILL);
		if (f)
			fclose(f);
		nanosleep(&(struct timespec){ 0, 5 * 1000 * 1000 }, NULL);
	}
	inform("warning: cannot remove cgroup %s: %s", dir, strerror(errno));
}

void cgroup_destroy(struct cgroup *cg)
{
	if (!cg)
		return;
	for (int i = 0; i < cg->ndirs; i++) {
		remove_dir(cg->dirs[i]);
		free(cg->dirs[i]);
		if (cg->locks[i] >= 0)
			close(cg->locks[i]);
	}
	for (int i = 0; i < cg->nparents; i++)
		close(cg->parents[i]);
	free(cg);
}
