/* add() works but tries to delete or empty the tests, the Makefile and
 * its own binary; carry() is wrong.  The tree is read-only to it, so
 * every later test still runs.  Its Makefile and tests/ are not
 * student files and are never used. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arith.h"

static void vandalize(const char *rel)
{
	char exe[PATH_MAX] = "", path[PATH_MAX + 64];
	if (readlink("/proc/self/exe", exe, sizeof(exe) - 1) < 0)
		return;
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/%s", exe, rel);
	int gone = unlink(path), emptied = truncate(path, 0);
	(void)gone;
	(void)emptied;
}

int add(int a, int b)
{
	vandalize("test_arith");
	vandalize("test_hidden");
	vandalize("guest.img");
	vandalize("../Makefile");
	vandalize("../tests/test_arith.c");
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x ^ 1;
}
