/* exec runs: a host command (labs 01 and 05), run by /bin/sh in a fresh
 * working folder.  ${root} in the command is the private copy of the
 * tree, ${seed} the run's seed (also $VLAB_ROOT and $VLAB_SEED). */
#include <stdlib.h>

#include "runner.h"

int run_exec(struct grader *g, const struct run *r, struct run_record *rec)
{
	if (r->as == AS_ROOT && !g->root)
		return err_set("run %s needs real root (as = root in its manifest): grade as root, "
		               "e.g. sudo make grade",
		               r->name);
	rec->seed = new_seed();
	rec->dir = scratch_dir(g, r->name);
	char *with_seed = subst(r->command, "seed", rec->seed);
	char *command = subst(with_seed, "root", g->work);
	free(with_seed);
	char *argv[] = { "/bin/sh", "-c", command, NULL };
	char **env = sandbox_env(g, rec->dir, rec->seed);
	sandbox_prepare(g, &rec->spec, rec->dir, r->timeout, r->memory_mb);
	rec->spec.argv = argv;
	rec->spec.env = env;
	rec->spec.userns = r->as == AS_USERNS;
	if (r->as == AS_ROOT) {
		rec->spec.uid = (uid_t)-1;
		rec->spec.gid = (gid_t)-1;
	}
	int rc = sandbox_run(&rec->spec, &rec->res);
	rec->what = xasprintf("sh -c '%s'", command);
	free(command);
	free_strv(env);
	rec->spec.argv = NULL;
	rec->spec.env = NULL;
	if (rc < 0)
		return -1;
	rec->describe = sandbox_describe(&rec->spec, &rec->res);
	rec->done = true;
	return 0;
}
