/* spawn-times: start-to-exit times of commands, taken in turns.
 *
 *	spawn-times RUNS WARMUP NAME:EVERY:COMMAND [ARG...] ...
 *
 * Each argument is one command: a name, how often it runs (1: every
 * round, 3: every third), and the command line, split at spaces.  In each
 * of WARMUP + RUNS rounds, each command due runs once, with its output
 * thrown away; the first WARMUP rounds are not counted.  Taking turns spreads a change
 * in the host's load over every command alike.  For each command, one
 * line of tab-separated values: name, runs, median, min and max, in
 * seconds.  A command that fails stops everything (exit status 1).
 *
 * Why not the shell: a shell starts a command with fork(2), which copies
 * the shell's page tables first, so every command is measured slower by
 * the same amount, and ratios between them come out smaller than they
 * are.  posix_spawnp(3) starts it with a vfork, as hyperfine -N does. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

struct command {
	const char *name;
	int every;
	char *argv[64];
	double *times;
	int n;
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* "NAME:EVERY:COMMAND ARG..." -> c; 0, or -1 when malformed. */
static int parse(char *spec, int runs, struct command *c)
{
	char *every = strchr(spec, ':'), *cmd = every ? strchr(every + 1, ':') : NULL;
	if (!cmd)
		return -1;
	*every++ = *cmd++ = '\0';
	c->name = spec;
	c->every = atoi(every);
	int argc = 0;
	for (char *save, *w = strtok_r(cmd, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (argc < 63)
			c->argv[argc++] = w;
	c->argv[argc] = NULL;
	c->times = calloc((size_t)runs, sizeof(double));
	return c->every >= 1 && argc > 0 && c->times ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: spawn-times RUNS WARMUP NAME:EVERY:COMMAND...\n");
		return 2;
	}
	int runs = atoi(argv[1]), warmup = atoi(argv[2]), ncmd = argc - 3;
	struct command *cmds = calloc((size_t)ncmd, sizeof(*cmds));
	if (runs < 1 || warmup < 0 || !cmds)
		return 2;
	for (int i = 0; i < ncmd; i++)
		if (parse(argv[i + 3], runs, &cmds[i]) < 0) {
			fprintf(stderr, "spawn-times: not NAME:EVERY:COMMAND: '%s'\n", argv[i + 3]);
			return 2;
		}
	posix_spawn_file_actions_t quiet;
	posix_spawn_file_actions_init(&quiet);
	posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);

	for (int round = 0; round < warmup + runs; round++)
		for (int i = 0; i < ncmd; i++) {
			struct command *c = &cmds[i];
			if (round % c->every)
				continue;
			pid_t pid;
			int status;
			double start = now();
			if (posix_spawnp(&pid, c->argv[0], &quiet, NULL, c->argv, environ) != 0 ||
			    waitpid(pid, &status, 0) != pid) {
				fprintf(stderr, "spawn-times: %s: cannot start %s\n", c->name,
				        c->argv[0]);
				return 1;
			}
			double took = now() - start;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
				fprintf(stderr,
				        "spawn-times: %s failed in round %d (wait status %#x)\n",
				        c->name, round, status);
				return 1;
			}
			if (round >= warmup)
				c->times[c->n++] = took;
		}
	for (int i = 0; i < ncmd; i++) {
		struct command *c = &cmds[i];
		if (!c->n)
			continue;
		qsort(c->times, (size_t)c->n, sizeof(double), by_value);
		double median = c->n % 2 ? c->times[c->n / 2]
		                         : (c->times[c->n / 2 - 1] + c->times[c->n / 2]) / 2;
		printf("%s\t%d\t%.6f\t%.6f\t%.6f\n", c->name, c->n, median, c->times[0],
		       c->times[c->n - 1]);
	}
	return 0;
}
