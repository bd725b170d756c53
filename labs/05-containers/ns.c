/* Namespaces (namespaces(7)): what the container sees of the system.
 * clone(2) makes most of them at once (container.c); this file names
 * them, makes the cgroup namespace late, and sets the hostname. */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "ctr.h"

static const struct {
	const char *name;
	int flag;
} kinds[] = {
	{ "user", CLONE_NEWUSER },     { "pid", CLONE_NEWPID }, { "mnt", CLONE_NEWNS },
	{ "uts", CLONE_NEWUTS },       { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET },
	{ "cgroup", CLONE_NEWCGROUP },
};

/* "pid,mnt,uts" -> CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS; "none" -> 0. */
int ns_parse(const char *list, int *flags)
{
	*flags = 0;
	if (!strcmp(list, "none"))
		return 0;
	char *copy = strdupa(list), *save = NULL;
	for (char *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < sizeof(kinds) / sizeof(*kinds) && strcmp(kinds[i].name, name))
			i++;
		if (i == sizeof(kinds) / sizeof(*kinds))
			return fail_msg("unknown namespace '%s' (known: user, pid, mnt, uts, ipc, "
			                "net, cgroup, or none)",
			                name);
		*flags |= kinds[i].flag;
	}
	return 0;
}

/* The cgroup namespace (cgroup_namespaces(7)) roots /proc/self/cgroup at
 * the cgroup the process is in when it is made: the container makes it
 * only after the runtime moved it into its own cgroup. */
int ns_enter_late(const struct container *c)
{
	if ((c->namespaces & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		return fail(NULL, "unshare(CLONE_NEWCGROUP)");
	return 0;
}

int ns_set_hostname(const struct container *c)
{
	if (!c->hostname)
		return 0;
	/* TODO(S1): give the container its own name: sethostname(2) changes
	 * only the UTS namespace made by clone (tested by s1-hostname). */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	if (sethostname(c->hostname, strlen(c->hostname)) < 0)
		return fail(NULL, "sethostname(%s)", c->hostname);
	return 0;
	/* END SOLUTION */
}
