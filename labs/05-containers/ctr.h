/* vlab-ctr: a container runtime.  One struct describes the container to
 * start; each file of the lab is one step of starting it, in the order the
 * runtime takes them (README.md, "The steps"). */
#ifndef CTR_H
#define CTR_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>

/* A mount besides /proc and /dev (--bind, --ro-bind, OCI mounts). */
struct mnt {
	char *source;        /* host path of a bind mount; the file system's name otherwise */
	char *target;        /* path inside the rootfs */
	char *type;          /* "bind", "tmpfs", "sysfs" */
	unsigned long flags; /* MS_RDONLY, MS_NOSUID, ...; MS_REC: a recursive bind */
	char *data;          /* file-system options ("size=1m") or NULL */
};

/* Resource limits (S5); 0 means "no limit". */
struct limits {
	long long memory; /* bytes */
	long long pids;   /* processes and threads */
	double cpu;       /* fraction of one CPU, e.g. 0.25 */
};

/* limits.c: the limits' numbers, parsed and checked against their ranges. */
#define LIMIT_MEMORY_MAX LLONG_MAX /* bytes */
#define LIMIT_PIDS_MAX   4194304   /* PID_MAX_LIMIT of a 64-bit kernel (threads.h) */
#define LIMIT_CPUS_MAX   1024      /* CPUs; the kernel's own bound is far above */
int limits_parse_memory(const char *what, const char *text, long long *bytes);
int limits_parse_pids(const char *what, const char *text, long long *pids);
int limits_parse_cpu(const char *what, const char *text, double *cpu);
bool limits_memory_ok(long long bytes);
bool limits_pids_ok(long long pids);
bool limits_cpu_ok(double cpus);

enum filter { FILTER_NONE, FILTER_DENY, FILTER_ALLOW }; /* S7 */

struct container {
	const char *rootfs; /* host path of the root file system */
	char **argv;        /* the command run inside */
	char **env;         /* its whole environment, NULL-terminated */
	const char *hostname;
	const char *cwd; /* inside the container */
	int namespaces;  /* CLONE_NEW* flags (ns.c) */
	uid_t host_uid;  /* who started the runtime */
	gid_t host_gid;  /* (the user namespace maps container root to them) */
	struct mnt *mounts;
	int nmounts;
	char **masked;      /* paths covered inside (runc's default list, or the bundle's) */
	char **readonly;    /* paths bound read-only over themselves */
	bool readonly_root; /* the rootfs itself read-only */
	bool tty;           /* a pseudo-terminal of the container's own (tty.c) */
	int tty_master;     /* its two ends, when tty */
	int tty_slave;
	struct limits limits;
	enum filter filter;
	uint64_t caps;    /* capabilities kept (caps.c) */
	const char *veth; /* "HOSTADDR/LEN:CTRADDR/LEN" or NULL (net.c) */
	bool verbose;
};

/* error.c: a failing step records one message; one place prints it. */
int fail(const char *hint, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int fail_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void error_print(void);
void error_send(int fd);
bool error_recv(int fd);
void note(const struct container *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void inform(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* config.c: a container's defaults, additions, and the rules they keep. */
int container_defaults(struct container *c);
int container_check(struct container *c);
int add_string(char ***v, const char *s);
int add_mount(struct container *c, const struct mnt *m);

/* container.c: the runtime's side of a container's life. */
int container_run(struct container *c);

/* init.c: the container's PID 1 (S0, S1). */
int init_main(struct container *c, int sync_fd, int error_fd);
int exit_code(int wait_status);

/* ns.c (S1, S3 IPC): namespaces by name, the hostname. */
int ns_parse(const char *list, int *flags);
int ns_enter_late(const struct container *c);
int ns_set_hostname(const struct container *c);

/* userns.c (S4) */
int userns_write_maps(const struct container *c, int pidfd);
int userns_become_root(const struct container *c);

/* mount.c (S2) */
int mount_rootfs(const struct container *c);

/* rootpath.c: paths in the rootfs, resolved inside it (openat2(2)). */
int root_open(int root, const char *path, bool plain);
int root_target(int root, const char *path, bool file, bool plain);
/* What a descriptor is open on, named for mount(2): /proc/self/fd/N. */
#define FD_PATH_SIZE 32
const char *fd_path(int fd, char path[FD_PATH_SIZE]);
int mount_on(const char *source, int target, const char *type, unsigned long flags,
             const char *data);

/* cgroup.c (S5) */
struct cgroup;
int cgroup_create(const struct container *c, struct cgroup **out);
int cgroup_clone_fd(const struct cgroup *cg);
int cgroup_enter(struct cgroup *cg);
long cgroup_oom_kills(struct cgroup *cg);
void cgroup_destroy(struct cgroup *cg);
int cgroup_gc(const struct container *c);

/* caps.c (S6) */
int caps_parse(const char *list, uint64_t *caps);
uint64_t caps_default(void);
int caps_apply(const struct container *c);

/* seccomp.c (S7) */
int filter_parse(const char *name, enum filter *f);
int filter_apply(const struct container *c);

/* fds.c (S8) */
int fds_close_all(void);
int fds_check_cwd(const struct container *c);

/* tty.c: a terminal of the container's own. */
int tty_open(struct container *c);
int tty_attach(const struct container *c, bool controlling);
int tty_relay(struct container *c, pid_t pid, const sigset_t *forward);
void tty_close(struct container *c);

/* net.c (S3) */
int net_check(const struct container *c);
int net_host_side(const struct container *c, pid_t pid);
int net_container_side(const struct container *c);
void net_cleanup(const struct container *c, pid_t pid);

/* oci.c (S9) */
int oci_load(const char *bundle, struct container *c);

#endif
