/* vlab-ctr: run a command in a container.
 *
 *	vlab-ctr [OPTIONS] ROOTFS COMMAND [ARG...]
 *	vlab-ctr run [-v] BUNDLE          an OCI bundle, like `runc run`
 *	vlab-ctr gc                       remove the cgroups of runtimes that are
 *	                                  gone (killed by SIGKILL, say)
 *
 * Exit status: the command's, 128 + N if signal N killed it, 125 if the
 * runtime failed (the reason on stderr, one line). */
#define _GNU_SOURCE
#include <getopt.h>
#include <sys/mount.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctr.h"

static const char usage[] =
	"usage: vlab-ctr [OPTIONS] ROOTFS COMMAND [ARG...]\n"
	"       vlab-ctr run [-v] BUNDLE\n"
	"       vlab-ctr gc                remove the cgroups of runtimes that are gone\n"
	"  --ns LIST          namespaces: user,pid,mnt,uts,ipc,net,cgroup or none\n"
	"                     (default: all but user as root; all when rootless)\n"
	"  --hostname NAME    the container's hostname\n"
	"  --cwd DIR          working directory inside (default /)\n"
	"  --env NAME=VALUE   add to the environment (repeatable)\n"
	"  --memory BYTES     memory limit (suffixes k, m, g)\n"
	"  --pids N           process limit\n"
	"  --cpu FRACTION     CPU limit, in CPUs (0.5 = half of one)\n"
	"  --caps LIST        capabilities kept: default, none, all, or names\n"
	"  --seccomp MODE     deny (default), allow or none\n"
	"  --bind SRC:DST     bind-mount a host path (--ro-bind: read-only)\n"
	"  --read-only        the rootfs read-only\n"
	"  -t, --tty          a terminal of the container's own (a new pty)\n"
	"  --veth HOST:CTR    veth pair with these addresses, e.g.\n"
	"                     10.88.0.1/24:10.88.0.2/24 (root only)\n"
	"  -v, --verbose      say what is done, step by step\n";

/* SRC:DST.  DST is resolved inside the rootfs when mounted (rootpath.c);
 * one that names the rootfs's root ("/", "/..") is refused there too. */
static int parse_bind(struct container *c, const char *spec, bool readonly)
{
	char *copy = strdup(spec), *colon = copy ? strchr(copy, ':') : NULL;
	if (!colon || colon == copy || colon[1] != '/') {
		free(copy);
		return fail_msg("--bind wants HOSTPATH:/PATH, not '%s'", spec);
	}
	*colon = '\0';
	if (!colon[1 + strspn(colon + 1, "/")]) {
		free(copy);
		return fail_msg("--bind %s: the target / is the container's root; bind below it "
		                "(HOSTPATH:/PATH)",
		                spec);
	}
	unsigned long flags = MS_BIND | MS_REC | (readonly ? MS_RDONLY : 0);
	return add_mount(c, &(struct mnt){ copy, colon + 1, "bind", flags, NULL });
}

static int parse_options(int argc, char **argv, struct container *c)
{
	enum {
		NS = 256,
		HOSTNAME,
		CWD,
		ENV,
		MEMORY,
		PIDS,
		CPU,
		CAPS,
		SECCOMP,
		BIND,
		RO_BIND,
		READ_ONLY,
		VETH
	};
	static const struct option options[] = {
		{ "ns", required_argument, NULL, NS },
		{ "hostname", required_argument, NULL, HOSTNAME },
		{ "cwd", required_argument, NULL, CWD },
		{ "env", required_argument, NULL, ENV },
		{ "memory", required_argument, NULL, MEMORY },
		{ "pids", required_argument, NULL, PIDS },
		{ "cpu", required_argument, NULL, CPU },
		{ "caps", required_argument, NULL, CAPS },
		{ "seccomp", required_argument, NULL, SECCOMP },
		{ "bind", required_argument, NULL, BIND },
		{ "ro-bind", required_argument, NULL, RO_BIND },
		{ "read-only", no_argument, NULL, READ_ONLY },
		{ "tty", no_argument, NULL, 't' },
		{ "veth", required_argument, NULL, VETH },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	opterr = 0; /* our own message, through the one printer */
	int opt, rc = 0;
	while (rc == 0 && (opt = getopt_long(argc, argv, "+:vht", options, NULL)) != -1) {
		switch (opt) {
		case NS:
			rc = ns_parse(optarg, &c->namespaces);
			break;
		case HOSTNAME:
			c->hostname = optarg;
			break;
		case CWD:
			c->cwd = optarg;
			break;
		case ENV:
			rc = strchr(optarg, '=')
			             ? add_string(&c->env, optarg)
			             : fail_msg("--env wants NAME=VALUE, not '%s'", optarg);
			break;
		case MEMORY:
			rc = limits_parse_memory("--memory", optarg, &c->limits.memory);
			break;
		case PIDS:
			rc = limits_parse_pids("--pids", optarg, &c->limits.pids);
			break;
		case CPU:
			rc = limits_parse_cpu("--cpu", optarg, &c->limits.cpu);
			break;
		case CAPS:
			rc = caps_parse(optarg, &c->caps);
			break;
		case SECCOMP:
			rc = filter_parse(optarg, &c->filter);
			break;
		case BIND:
		case RO_BIND:
			rc = parse_bind(c, optarg, opt == RO_BIND);
			break;
		case READ_ONLY:
			c->readonly_root = true;
			break;
		case 't':
			c->tty = true;
			break;
		case VETH:
			c->veth = optarg;
			break;
		case 'v':
			c->verbose = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case ':':
			rc = fail_msg("option '%s' needs a value (vlab-ctr --help)",
			              argv[optind - 1]);
			break;
		default:
			rc = fail_msg("unknown option '%s' (vlab-ctr --help lists them)",
			              argv[optind - 1]);
		}
	}
	if (rc == 0 && argc - optind < 2)
		rc = fail_msg("missing %s (vlab-ctr --help)",
		              argc - optind < 1 ? "ROOTFS and COMMAND" : "COMMAND");
	if (rc < 0)
		return -1;
	c->rootfs = argv[optind];
	c->argv = argv + optind + 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct container c;
	int rc;
	if (container_defaults(&c) < 0) {
		rc = -1;
	} else if (argc == 2 && !strcmp(argv[1], "gc")) {
		c.verbose = true;
		return cgroup_gc(&c) < 0 ? (error_print(), 125) : 0;
	} else if (argc >= 2 && !strcmp(argv[1], "run")) {
		bool verbose = argc == 4 && !strcmp(argv[2], "-v");
		if (argc != 3 && !verbose) {
			fputs(usage, stderr);
			return 125;
		}
		c.verbose = verbose;
		rc = oci_load(argv[argc - 1], &c);
	} else {
		rc = parse_options(argc, argv, &c);
	}
	if (rc == 0)
		rc = container_check(&c);
	if (rc == 0)
		rc = container_run(&c);
	if (rc < 0) {
		error_print();
		return 125;
	}
	return rc;
}
