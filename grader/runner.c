/* Helpers every runner uses: seeds, scratch folders, the sandbox's
 * settings and environment, transcripts. */
#define _GNU_SOURCE
#include "runner.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

/* Fresh per run, so that printing remembered lines cannot pass. */
char *new_seed(void)
{
	uint64_t v = 0;
	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (uint64_t)(now_seconds() * 1e9) ^ ((uint64_t)getpid() << 32);
	return xasprintf("%" PRIu64, v >> 1); /* 63 bits: also a valid signed value */
}

char *scratch_dir(struct grader *g, const char *name)
{
	static int serial; /* runs may be started from two threads */
	char *dir = xasprintf("%s/%d-%s", g->scratch,
	                      __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED), name);
	for (char *p = dir + strlen(g->scratch) + 1; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	if (mkdir(dir, 0700) < 0 || (g->root && chown(dir, g->o->uid, g->o->gid) < 0)) {
		/* The run then fails on chdir, with the reason in its output. */
		fprintf(stderr, "vlab-grade: %s: %s\n", dir, strerror(errno));
	}
	return dir;
}

void sandbox_prepare(struct grader *g, struct sandbox_spec *s, const char *cwd, double timeout,
                     long memory_mb)
{
	*s = (struct sandbox_spec){
		.cwd = cwd,
		.timeout = timeout,
		.memory_mb = memory_mb,
		.nproc = 64,
		.fsize_mb = 64,
		.output_cap = g->o->output_cap,
		.uid = g->root ? g->o->uid : (uid_t)-1,
		.gid = g->root ? g->o->gid : (gid_t)-1,
		.grace = 1.0,
		.keep = g->top,
		.hide = (const char *const *)g->hide,
		.readonly = g->work,
	};
}

char **sandbox_env(struct grader *g, const char *home, const char *seed)
{
	const char *term = getenv("TERM");
	char **env = xcalloc(9, sizeof(*env));
	int n = 0;
	env[n++] = xstrdup("PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin");
	env[n++] = xasprintf("HOME=%s", home);
	env[n++] = xasprintf("TMPDIR=%s", home);
	env[n++] = xstrdup("LC_ALL=C");
	env[n++] = xasprintf("TERM=%s", term && *term ? term : "xterm");
	env[n++] = xasprintf("VLAB_ROOT=%s", g->work);
	if (seed)
		env[n++] = xasprintf("VLAB_SEED=%s", seed);
	return env;
}

char **add_env(char **env, char *entry)
{
	int n = 0;
	while (env[n])
		n++;
	env = xrealloc(env, (n + 2) * sizeof(*env));
	env[n] = entry;
	env[n + 1] = NULL;
	return env;
}

void free_strv(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

char *save_transcript(struct grader *g, const char *name, const char *what, const char *seed,
                      const char *describe, const struct sandbox_result *res)
{
	struct buf b = { 0 };
	buf_printf(&b, "# %s\n# seed: %s\n# %s after %.2f s\n", what, seed ? seed : "none",
	           describe, res->seconds);
	buf_puts(&b, "# ---- output\n");
	if (res->out.p)
		buf_puts(&b, res->out.p);
	if (res->err.len) {
		buf_puts(&b, "\n# ---- diagnostics (stderr)\n");
		buf_puts(&b, res->err.p);
	}
	char *safe = xstrdup(name);
	for (char *p = safe; *p; p++)
		if (*p == '/' || *p == ' ')
			*p = '_';
	char *path = xasprintf("%s/%s.log", g->transcripts, safe);
	free(safe);
	if (write_file_atomic(path, b.p, b.len) < 0) {
		fprintf(stderr, "vlab-grade: %s\n", err_msg());
		free(path);
		path = NULL;
	}
	free(b.p);
	return path;
}
