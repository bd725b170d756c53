/* vlab-grade: the command line.
 *
 *   vlab-grade [options] [LAB...]        grade labs (default: every lab)
 *   vlab-grade handout [options]         write the student tree
 *   vlab-grade self-check [options] LAB  reference full marks, handout zero
 *   vlab-grade batch [options] LAB       grade a folder of submissions
 *   vlab-grade check FILE...             check manifests only
 *   vlab-grade packages [LAB...]         the Debian packages grading needs
 *   vlab-grade prebuild [LAB...]         make what the labs stand on, once
 *   vlab-grade strip IN OUT              one file as the handout has it
 *
 * Exit status: 0 every point earned (or every check passed), 1 points
 * lost, 2 the grader could not do its job. */
#define _GNU_SOURCE
#include <getopt.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "fsutil.h"
#include "grade.h"
#include "handout.h"
#include "manifest.h"
#include "selfcheck.h"
#include "util.h"

/* The sandbox's uid when grading as root: unused by Debian (which hands
 * out 1000-59999 and 65534), one more per parallel batch slot. */
#define SANDBOX_UID 64000

static void usage(FILE *f)
{
	fputs("usage: vlab-grade [options] [LAB...]          grade labs (default: every "
	      "labs/*/tests/grade.ini)\n"
	      "       vlab-grade handout [--labs 01,02] [--keep-hidden] [--reference "
	      "objects] --out DIR\n"
	      "       vlab-grade self-check [options] LAB...\n"
	      "       vlab-grade batch -j N --submissions DIR [options] LAB\n"
	      "       vlab-grade check MANIFEST...\n"
	      "       vlab-grade packages [LAB...]        the Debian packages their grading "
	      "needs\n"
	      "       vlab-grade prebuild [LAB...]        make what their builds stand on "
	      "(prebuild =), once\n"
	      "       vlab-grade strip IN OUT             one file as the handout has it\n"
	      "options:\n"
	      "  --root DIR         the pristine tree (default: .)\n"
	      "  --submission DIR   the student's files (default: the tree's own)\n"
	      "  --test 'GLOB...'   only the tests whose names match (a partial score)\n"
	      "  --part 'ID...'     only the tests of these parts (a partial score)\n"
	      "  --out DIR          results go to DIR/LABNAME/ (default: ROOT/build/grade)\n"
	      "  --results FILE     results.json path (Gradescope: "
	      "/autograder/results/results.json)\n"
	      "  --vm PATH          emulator launcher (default: $VLAB_VM, else tools/vm of the "
	      "tree)\n"
	      "  --uid N --gid N    the sandbox's identity when run as root (default 64000)\n"
	      "  --output-cap KIB   output kept per run before it is killed (default 1024)\n"
	      "  --keep             keep the private copy of the tree (debugging a lab)\n"
	      "  --quiet            only the score lines\n"
	      "LAB is a folder of the tree (labs/02-trap-and-emulate) or its number (02).\n",
	      f);
}

/* "02" or "labs/02-trap-and-emulate" -> "labs/02-trap-and-emulate". */
static char *resolve_lab(const char *root, const char *arg)
{
	char *ini = xasprintf("%s/%s/tests/grade.ini", root, arg);
	if (path_exists(ini)) {
		free(ini);
		char *lab = xstrdup(arg);
		size_t n = strlen(lab);
		while (n > 1 && lab[n - 1] == '/')
			lab[--n] = '\0';
		return lab;
	}
	free(ini);
	char *pattern = xasprintf("%s/labs/%s*/tests/grade.ini", root, arg);
	glob_t g;
	char *lab = NULL;
	int rc = glob(pattern, 0, NULL, &g);
	if (rc == 0 && g.gl_pathc == 1)
		lab = xstrndup(g.gl_pathv[0] + strlen(root) + 1,
		               strlen(g.gl_pathv[0]) - strlen(root) - 1 -
		                       strlen("/tests/grade.ini"));
	else if (rc == 0)
		err_set("'%s' names %zu labs (%s, ...): give more of the name", arg, g.gl_pathc,
		        g.gl_pathv[0] + strlen(root) + 1);
	else
		err_set("no lab '%s' (looked for %s/tests/grade.ini and %s)", arg, arg,
		        pattern + strlen(root) + 1);
	globfree(&g);
	free(pattern);
	return lab;
}

static char **all_labs(const char *root, int *n)
{
	char *pattern = xasprintf("%s/labs/*/tests/grade.ini", root);
	glob_t g;
	char **labs = xcalloc(1, sizeof(*labs));
	*n = 0;
	if (glob(pattern, 0, NULL, &g) == 0) {
		labs = xrealloc(labs, (g.gl_pathc + 1) * sizeof(*labs));
		size_t skip = strlen(root) + 1, tail = strlen("/tests/grade.ini");
		for (size_t i = 0; i < g.gl_pathc; i++)
			labs[(*n)++] =
				xstrndup(g.gl_pathv[i] + skip, strlen(g.gl_pathv[i]) - skip - tail);
		globfree(&g);
	}
	free(pattern);
	return labs;
}

/* A lab's manifest, or -1 once the reason is printed. */
static int load_lab(const char *root, const char *lab, struct manifest *m)
{
	char *ini = xasprintf("%s/%s/tests/grade.ini", root, lab);
	int rc = manifest_load(ini, lab, m);
	free(ini);
	if (rc < 0)
		fprintf(stderr, "vlab-grade: %s\n", err_msg());
	return rc;
}

/* The packages the labs' manifests declare, each once, on one line: what
 * make deps-grade and the Gradescope setup.sh give to apt-get. */
static int print_packages(const char *root, char **labs, int nlabs)
{
	struct buf seen = { 0 };
	buf_puts(&seen, " ");
	for (int i = 0; i < nlabs; i++) {
		struct manifest m;
		if (load_lab(root, labs[i], &m) < 0)
			return 2;
		for (int p = 0; p < m.npackages; p++) {
			char *word = xasprintf(" %s ", m.packages[p]);
			if (!strstr(seen.p, word))
				buf_printf(&seen, "%s ", m.packages[p]);
			free(word);
		}
	}
	size_t len = strlen(seen.p);
	printf("%.*s\n", len > 1 ? (int)len - 2 : 0, seen.p + 1);
	free(seen.p);
	return 0;
}

/* Each lab's prebuild, run at the tree's root as the user: the Gradescope
 * setup.sh does it once, so that no submission's grade waits for it (a
 * grade runs it too, and finds it done). */
static int run_prebuilds(const char *root, char **labs, int nlabs)
{
	if (chdir(root) < 0) {
		perror("vlab-grade: prebuild");
		return 2;
	}
	for (int i = 0; i < nlabs; i++) {
		struct manifest m;
		if (load_lab(".", labs[i], &m) < 0)
			return 2;
		if (!m.prebuild)
			continue;
		printf("prebuild %s: %s\n", labs[i], m.prebuild);
		fflush(stdout);
		if (system(m.prebuild) != 0) {
			fprintf(stderr, "vlab-grade: %s: prebuild failed (%s)\n", labs[i],
			        m.prebuild);
			return 2;
		}
	}
	return 0;
}

struct cli {
	struct grade_opts o;
	const char *out_parent;
	const char *labs_filter;
	const char *submissions;
	bool keep_hidden;
	bool reference_objects; /* handout --reference objects */
	int jobs;
};

static int parse(int argc, char **argv, struct cli *c)
{
	static const struct option opts[] = {
		{ "root", required_argument, 0, 'r' },
		{ "submission", required_argument, 0, 's' },
		{ "test", required_argument, 0, 't' },
		{ "part", required_argument, 0, 'p' },
		{ "out", required_argument, 0, 'o' },
		{ "results", required_argument, 0, 'R' },
		{ "vm", required_argument, 0, 'v' },
		{ "uid", required_argument, 0, 'u' },
		{ "gid", required_argument, 0, 'g' },
		{ "output-cap", required_argument, 0, 'c' },
		{ "keep", no_argument, 0, 'k' },
		{ "quiet", no_argument, 0, 'q' },
		{ "labs", required_argument, 0, 'L' },
		{ "keep-hidden", no_argument, 0, 'H' },
		{ "reference", required_argument, 0, 'F' },
		{ "submissions", required_argument, 0, 'S' },
		{ "jobs", required_argument, 0, 'j' },
		{ "help", no_argument, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	int ch;
	while ((ch = getopt_long(argc, argv, "j:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			c->o.root = optarg;
			break;
		case 's':
			c->o.submission = optarg;
			break;
		case 't':
			c->o.tests = *optarg ? optarg : NULL;
			break;
		case 'p':
			c->o.parts = *optarg ? optarg : NULL;
			break;
		case 'o':
			c->out_parent = optarg;
			break;
		case 'R':
			c->o.results = optarg;
			break;
		case 'v':
			c->o.vm = optarg;
			break;
		case 'u':
			c->o.uid = (uid_t)atol(optarg);
			break;
		case 'g':
			c->o.gid = (gid_t)atol(optarg);
			break;
		case 'c':
			c->o.output_cap = (size_t)atol(optarg) << 10;
			break;
		case 'k':
			c->o.keep = true;
			break;
		case 'q':
			c->o.quiet = true;
			break;
		case 'L':
			c->labs_filter = optarg;
			break;
		case 'H':
			c->keep_hidden = true;
			break;
		case 'F':
			if (strcmp(optarg, "objects") && strcmp(optarg, "source"))
				return err_set("--reference takes objects or source, not '%s'",
				               optarg);
			c->reference_objects = !strcmp(optarg, "objects");
			break;
		case 'S':
			c->submissions = optarg;
			break;
		case 'j':
			c->jobs = atoi(optarg);
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (c->o.output_cap < 4096 || c->jobs < 1)
		return err_set("--output-cap must be at least 4 KiB and -j at least 1");
	return 0;
}

/* --vm and --submission are used from the sandbox's copy: make them absolute. */
static const char *absolute(const char *path)
{
	char *abs = path ? realpath(path, NULL) : NULL;
	return abs ? abs : path;
}

static int cmd_grade(struct cli *c, char **labs, int nlabs, bool check_only)
{
	int passed = 0, failed = 0;
	if (nlabs == 0) {
		printf("vlab-grade: no labs yet (no labs/*/tests/grade.ini under %s): nothing to "
		       "%s\n",
		       c->o.root, check_only ? "check" : "grade");
		printf("0 passed, 0 failed\n");
		return 0;
	}
	for (int i = 0; i < nlabs; i++) {
		struct grade_opts o = c->o;
		o.lab = labs[i];
		char *name = xstrdup(labs[i]);
		char *out = xasprintf("%s/%s", c->out_parent, basename(name));
		o.out = out;
		if (check_only) {
			if (self_check(&o, &passed, &failed) < 0) {
				fprintf(stderr, "vlab-grade: %s\n", err_msg());
				failed++;
			}
		} else {
			struct report r;
			struct manifest m;
			if (grade_lab(&o, &r, &m) < 0) {
				fprintf(stderr, "vlab-grade: %s\n", err_msg());
				return 2;
			}
			passed += report_count(&r, TS_PASSED);
			failed += r.n - report_count(&r, TS_PASSED);
		}
		free(out);
		free(name);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	bool sub = !strcmp(cmd, "handout") || !strcmp(cmd, "self-check") || !strcmp(cmd, "batch") ||
	           !strcmp(cmd, "check") || !strcmp(cmd, "strip") || !strcmp(cmd, "packages") ||
	           !strcmp(cmd, "prebuild");
	if (sub) {
		argv++;
		argc--;
	}
	if (!strcmp(cmd, "strip")) {
		if (argc != 3) {
			usage(stderr);
			return 2;
		}
		if (strip_solutions(argv[1], argv[2]) < 0) {
			fprintf(stderr, "vlab-grade: %s\n", err_msg());
			return 2;
		}
		return 0;
	}
	if (!strcmp(cmd, "check")) {
		int bad = 0;
		for (int i = 1; i < argc; i++) {
			struct manifest m;
			char *dir = xstrdup(argv[i]);
			if (manifest_load(argv[i], dirname(dirname(dir)), &m) < 0) {
				fprintf(stderr, "%s\n", err_msg());
				bad++;
			} else {
				printf("%s: %d tests, %g points; student files:", argv[i], m.ntests,
				       manifest_points(&m));
				for (int f = 0; f < m.nstudent; f++)
					printf(" %s", m.student_files[f]);
				printf("\n");
			}
			free(dir);
		}
		return bad ? 2 : 0;
	}
	/* VLAB_SANDBOX_UID: another default, so that graders running side by
	 * side (test suites) do not share one process limit. */
	const char *env_uid = getenv("VLAB_SANDBOX_UID");
	uid_t sandbox_uid = env_uid && *env_uid ? (uid_t)atol(env_uid) : SANDBOX_UID;
	struct cli c = {
		.o = { .root = ".", .uid = sandbox_uid, .gid = sandbox_uid, .output_cap = 1 << 20 },
		.jobs = 1
	};
	if (parse(argc, argv, &c) < 0) {
		fprintf(stderr, "vlab-grade: %s\n", err_msg());
		return 2;
	}
	/* Any launcher with tools/vm's contract (the grader's tests use a double). */
	if (!c.o.vm && getenv("VLAB_VM") && *getenv("VLAB_VM"))
		c.o.vm = getenv("VLAB_VM");
	c.o.root = absolute(c.o.root);
	c.o.vm = absolute(c.o.vm);
	c.o.submission = absolute(c.o.submission);
	if (!c.out_parent)
		c.out_parent = xasprintf("%s/build/%s", c.o.root,
		                         !strcmp(cmd, "handout") ? "handout" : "grade");
	if (mkdir_p(c.out_parent, 0755) < 0) {
		fprintf(stderr, "vlab-grade: %s\n", err_msg());
		return 2;
	}
	c.out_parent = absolute(c.out_parent);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* A closed terminal pipe (vlab-grade | head) must not stop the grading:
	 * the result files are what counts. */
	signal(SIGPIPE, SIG_IGN);

	if (!strcmp(cmd, "handout")) {
		if (handout_tree(c.o.root, c.out_parent, c.labs_filter, c.keep_hidden,
		                 c.reference_objects) < 0) {
			fprintf(stderr, "vlab-grade: handout: %s\n", err_msg());
			return 2;
		}
		printf("handout: %s\n", c.out_parent);
		return 0;
	}
	int nlabs = argc - optind;
	char **labs;
	if (nlabs == 0) {
		labs = all_labs(c.o.root, &nlabs);
	} else {
		labs = xcalloc(nlabs + 1, sizeof(*labs));
		for (int i = 0; i < nlabs; i++)
			if (!(labs[i] = resolve_lab(c.o.root, argv[optind + i]))) {
				fprintf(stderr, "vlab-grade: %s\n", err_msg());
				return 2;
			}
	}
	if (!strcmp(cmd, "packages"))
		return print_packages(c.o.root, labs, nlabs);
	if (!strcmp(cmd, "prebuild"))
		return run_prebuilds(c.o.root, labs, nlabs);
	if (!strcmp(cmd, "batch")) {
		if (nlabs != 1 || !c.submissions) {
			fprintf(stderr,
			        "vlab-grade: batch grades one LAB from --submissions DIR\n");
			return 2;
		}
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n < 0) {
			perror("vlab-grade: /proc/self/exe");
			return 2;
		}
		self[n] = '\0';
		c.o.lab = labs[0];
		c.o.out = c.out_parent;
		int errors = batch_grade(&c.o, self, c.submissions, c.jobs);
		if (errors < 0)
			fprintf(stderr, "vlab-grade: batch: %s\n", err_msg());
		return errors ? 2 : 0;
	}
	return cmd_grade(&c, labs, nlabs, !strcmp(cmd, "self-check"));
}
