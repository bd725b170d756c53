/* qemu and bochs runs: boot an image through tools/vm with a fresh seed,
 * read the serial console line by line, and stop early once the kernel
 * panicked or printed its final self-test line.
 *
 * tools/vm exits 0 (powered off, status 0), 1 (powered off, non-zero),
 * 2 (stopped without powering off: triple fault, reset, emulator crash)
 * or 3 (setup error); its stderr lines start with "vm: ". */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

struct watch {
	struct run_record *rec;
	regex_t stop;
};

static bool on_line(void *ctx, const char *line)
{
	struct watch *w = ctx;
	if (!strncmp(line, "panic:", 6)) {
		w->rec->panicked = true;
		return true;
	}
	return regexec(&w->stop, line, 0, NULL, 0) == 0;
}

int run_vm(struct grader *g, const struct run *r, struct run_record *rec)
{
	if (access(g->vm, X_OK) < 0)
		return err_sys("%s (the emulator launcher; is tools in [lab] copy?)", g->vm);
	rec->seed = new_seed();
	rec->dir = scratch_dir(g, r->name);
	char *image = xasprintf("%s/%s", g->work, r->image);
	char *argv[] = { g->vm,     (char *)kind_name(r->kind), image,   "--seed",
		         rec->seed, r->args ? "--args" : NULL,  r->args, NULL };
	struct watch w = { .rec = rec };
	char *stop = subst(r->stop, "seed", rec->seed);
	int rc = regcomp(&w.stop, stop, REG_EXTENDED | REG_NOSUB);
	free(stop);
	if (rc) {
		free(image);
		return err_set("run %s: stop regex does not compile", r->name);
	}
	char **env = sandbox_env(g, rec->dir, rec->seed);
	sandbox_prepare(g, &rec->spec, rec->dir, r->timeout, r->memory_mb);
	rec->spec.argv = argv;
	rec->spec.env = env;
	rec->spec.split_stderr = true;
	rec->spec.on_line = on_line;
	rec->spec.ctx = &w;
	rec->spec.nproc = 256;     /* emulators run threads */
	rec->spec.fsize_mb = 1024; /* the private copy of the image */
	rc = sandbox_run(&rec->spec, &rec->res);
	regfree(&w.stop);
	rec->what = xasprintf("%s %s %s --seed %s%s%s%s", g->vm, kind_name(r->kind), r->image,
	                      rec->seed, r->args ? " --args '" : "", r->args ? r->args : "",
	                      r->args ? "'" : "");
	free(image);
	free_strv(env);
	rec->spec.argv = NULL;
	rec->spec.env = NULL;
	if (rc < 0)
		return -1;
	const struct sandbox_result *res = &rec->res;
	if (rec->panicked)
		rec->describe =
			xstrdup("the kernel panicked (the register dump is in the transcript)");
	else if (res->end == END_EXITED && res->status == 2)
		rec->describe = xstrdup("the machine stopped without powering off (triple fault, "
		                        "reset or emulator crash)");
	else if (res->end == END_EXITED && res->status == 3)
		rec->describe = xstrdup("the emulator could not start (setup error)");
	else if (res->end == END_EXITED && res->status <= 1)
		rec->describe = xasprintf("powered off with %s status",
		                          res->status ? "a non-zero" : "a zero");
	else
		rec->describe = sandbox_describe(&rec->spec, res);
	rec->done = true;
	return 0;
}
