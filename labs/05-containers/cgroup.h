/* cgroup.c's pure parts, for the unit tests (tests/test_cgroup.c). */
#ifndef CGROUP_H
#define CGROUP_H

#include <limits.h>
#include <stdbool.h>

#include "ctr.h"

#define CGROUP_MAX_SETTINGS 2
#define CGROUP_CPU_PERIOD   100000 /* us: the kernel's default CFS period */

struct cgroup_setting {
	const char *file;
	char value[64];
};

/* Where a controller's hierarchy is mounted, and our cgroup in it. */
struct cgroup_place {
	char mount[PATH_MAX];
	char own[PATH_MAX];
	bool v2;
};

int cgroup_settings(const struct limits *l, const char *controller, bool v2,
                    struct cgroup_setting out[CGROUP_MAX_SETTINGS]);
int cgroup_find(const char *mountinfo, const char *self_cgroup, const char *controller,
                struct cgroup_place *place);
char *cgroup_parent(const struct cgroup_place *place);

#endif
