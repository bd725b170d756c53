/* The description of a container: what it gets unless told otherwise,
 * and the rules its options must keep, checked before anything is made. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr.h"

static const char *const default_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"HOME=/root",
	"TERM=xterm",
};

/* runc's default spec (`runc spec`), and what runc itself adds: /proc's
 * and /sys's windows on the host's secrets and hardware (mount.c says
 * which is which).  An OCI bundle's linux.maskedPaths and
 * linux.readonlyPaths replace them. */
static const char *const default_masked[] = {
	"/proc/acpi",        "/proc/asound",        "/proc/bus",
	"/proc/irq",         "/proc/kcore",         "/proc/keys",
	"/proc/key-users",   "/proc/latency_stats", "/proc/sched_debug",
	"/proc/scsi",        "/proc/sysrq-trigger", "/proc/timer_list",
	"/proc/timer_stats", "/sys/firmware",       "/sys/devices/virtual/powercap",
};
static const char *const default_readonly[] = { "/proc/fs", "/proc/sys" };

int add_string(char ***v, const char *s)
{
	int n = 0;
	while (*v && (*v)[n])
		n++;
	char **grown = realloc(*v, (n + 2) * sizeof(**v));
	if (!grown)
		return fail(NULL, "realloc");
	grown[n] = strdup(s);
	grown[n + 1] = NULL;
	*v = grown;
	return grown[n] ? 0 : fail(NULL, "strdup");
}

int add_mount(struct container *c, const struct mnt *m)
{
	struct mnt *grown = realloc(c->mounts, (c->nmounts + 1) * sizeof(*grown));
	if (!grown)
		return fail(NULL, "realloc");
	c->mounts = grown;
	c->mounts[c->nmounts++] = *m;
	return 0;
}

/* What every container gets unless told otherwise. */
int container_defaults(struct container *c)
{
	*c = (struct container){ 0 };
	c->host_uid = getuid();
	c->host_gid = getgid();
	c->namespaces = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
	                CLONE_NEWCGROUP;
	c->caps = caps_default();
	c->filter = FILTER_DENY;
	for (size_t i = 0; i < sizeof(default_env) / sizeof(*default_env); i++)
		if (add_string(&c->env, default_env[i]) < 0)
			return -1;
	for (size_t i = 0; i < sizeof(default_masked) / sizeof(*default_masked); i++)
		if (add_string(&c->masked, default_masked[i]) < 0)
			return -1;
	for (size_t i = 0; i < sizeof(default_readonly) / sizeof(*default_readonly); i++)
		if (add_string(&c->readonly, default_readonly[i]) < 0)
			return -1;
	return 0;
}

/* Rules that hold whatever the input: checked before anything is made. */
int container_check(struct container *c)
{
	/* Without root, nothing works outside a user namespace of our own. */
	if (c->host_uid != 0 && c->namespaces)
		c->namespaces |= CLONE_NEWUSER;
	if (!(c->namespaces & CLONE_NEWNS) && strcmp(c->rootfs, "/"))
		return fail_msg("a rootfs other than / needs the mount namespace (add mnt to "
		                "--ns)");
	if (c->hostname && !(c->namespaces & CLONE_NEWUTS))
		return fail_msg("--hostname needs the uts namespace");
	if (c->veth && !(c->namespaces & CLONE_NEWNET))
		return fail_msg("--veth needs the net namespace");
	if (c->veth && c->host_uid != 0)
		return fail_msg("--veth needs root: a rootless container cannot reach the "
		                "host's network namespace");
	if (net_check(c) < 0)
		return -1;
	char *real = realpath(c->rootfs, NULL);
	if (!real)
		return fail("the rootfs is a directory holding the container's files", "rootfs %s",
		            c->rootfs);
	c->rootfs = real;
	return 0;
}
