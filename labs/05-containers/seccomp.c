/* seccomp (seccomp(2), libseccomp's seccomp_init(3)): a filter on system
 * calls, checked by the kernel at every call, inherited by every child
 * and kept across exec.  Two ways to write one:
 *   deny-list   allow everything but what Docker's default profile
 *               (moby, profiles/seccomp/default.json) refuses a container
 *               with Docker's default capabilities; easy to live with,
 *               but a call added to the kernel next year is allowed;
 *   allow-list  refuse everything but what ordinary programs call: the
 *               shape of Docker's profile itself; a new call is refused.
 * Refused calls fail with EPERM, as Docker's do, so programs see an
 * ordinary error rather than dying.  Both lists also refuse, by their
 * arguments, what the name of a call cannot say (refused_args): clone(2)
 * making a namespace, and the two terminal ioctls that push input into a
 * terminal.  clone3(2) passes its flags in memory, which a filter cannot
 * read, so it fails with ENOSYS, as in Docker: the C library then falls
 * back to clone(2), whose flags the filter sees. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>

#include "ctr.h"

/* Docker's default profile refuses these to a container without
 * CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_PTRACE, CAP_SYS_TIME, ... (the
 * calls of its groups that a capability unlocks), and the rest always (the
 * calls it lists nowhere).  Where this list differs: it refuses them
 * whatever capabilities the container keeps (--caps all too), and adds
 * name_to_handle_at; it lets personality(2) through whatever its argument,
 * where Docker allows a few values. */
static const char *const deny_list[] = {
	/* kernel modules, kexec, the machine */
	"create_module",
	"delete_module",
	"finit_module",
	"init_module",
	"kexec_file_load",
	"kexec_load",
	"reboot",
	"swapoff",
	"swapon",
	"acct",
	"ioperm",
	"iopl",
	"vm86",
	"vm86old",
	/* mounts and file handles (the "shocker" escape: open_by_handle_at) */
	"fsconfig",
	"fsmount",
	"fsopen",
	"fspick",
	"mount",
	"mount_setattr",
	"move_mount",
	"name_to_handle_at",
	"open_by_handle_at",
	"open_tree",
	"pivot_root",
	"umount2",
	"umount",
	"quotactl",
	"quotactl_fd",
	/* namespaces (clone's flags: refused_args) */
	"setns",
	"unshare",
	/* keyrings: not namespaced */
	"add_key",
	"keyctl",
	"request_key",
	/* the host's clock, log, host and domain names */
	"clock_settime",
	"settimeofday",
	"stime",
	"syslog",
	"setdomainname",
	"sethostname",
	/* tracing and reading other processes */
	"bpf",
	"kcmp",
	"lookup_dcookie",
	"perf_event_open",
	"pidfd_getfd",
	"process_madvise",
	"process_vm_readv",
	"process_vm_writev",
	"ptrace",
	/* memory policy across NUMA nodes */
	"get_mempolicy",
	"mbind",
	"set_mempolicy",
	"set_mempolicy_home_node",
	"move_pages",
	/* old, unneeded or once-exploited */
	"fanotify_init",
	"get_kernel_syms",
	"io_uring_enter",
	"io_uring_register",
	"io_uring_setup",
	"nfsservctl",
	"query_module",
	"uselib",
	"userfaultfd",
	"ustat",
	"sysfs",
	"_sysctl",
	"vhangup",
};

/* Refused by argument, in both lists: arg is the argument's index, and
 * the call is refused when (arg & mask) == value.  An ioctl's request is an
 * unsigned int to the kernel: only its low 32 bits are compared, or a
 * request with a bit set above them would pass. */
static const struct {
	const char *call;
	unsigned arg;
	uint64_t mask, value;
} refused_args[] = {
	{ "clone", 0, CLONE_NEWUSER, CLONE_NEWUSER },
	{ "clone", 0, CLONE_NEWNS, CLONE_NEWNS },
	{ "clone", 0, CLONE_NEWPID, CLONE_NEWPID },
	{ "clone", 0, CLONE_NEWNET, CLONE_NEWNET },
	{ "clone", 0, CLONE_NEWUTS, CLONE_NEWUTS },
	{ "clone", 0, CLONE_NEWIPC, CLONE_NEWIPC },
	{ "clone", 0, CLONE_NEWCGROUP, CLONE_NEWCGROUP },
	{ "ioctl", 1, 0xffffffff, TIOCSTI },   /* type into the terminal */
	{ "ioctl", 1, 0xffffffff, TIOCLINUX }, /* paste the console's selection */
};

/* What busybox, the test probes and QEMU need, and calls of the same kinds. */
static const char *const allow_list[] = {
	"accept",
	"accept4",
	"access",
	"alarm",
	"arch_prctl",
	"bind",
	"brk",
	"capget",
	"capset",
	"chdir",
	"chmod",
	"chown",
	"clock_getres",
	"clock_gettime",
	"clock_nanosleep",
	"clone",
	"close",
	"close_range",
	"connect",
	"dup",
	"dup2",
	"dup3",
	"epoll_create1",
	"epoll_ctl",
	"epoll_pwait",
	"epoll_wait",
	"eventfd2",
	"execve",
	"execveat",
	"exit",
	"exit_group",
	"faccessat",
	"faccessat2",
	"fadvise64",
	"fallocate",
	"fchdir",
	"fchmod",
	"fchmodat",
	"fchown",
	"fchownat",
	"fcntl",
	"fdatasync",
	"flock",
	"fork",
	"fstat",
	"fstatfs",
	"fsync",
	"ftruncate",
	"futex",
	"getcwd",
	"getdents",
	"getdents64",
	"getegid",
	"geteuid",
	"getgid",
	"getgroups",
	"getitimer",
	"getpeername",
	"getpgid",
	"getpgrp",
	"getpid",
	"getppid",
	"getpriority",
	"getrandom",
	"getresgid",
	"getresuid",
	"getrlimit",
	"getrusage",
	"getsid",
	"getsockname",
	"getsockopt",
	"gettid",
	"gettimeofday",
	"getuid",
	"getxattr",
	"ioctl",
	"kill",
	"lchown",
	"lgetxattr",
	"link",
	"linkat",
	"listen",
	"lseek",
	"lstat",
	"madvise",
	"membarrier",
	"memfd_create",
	"mkdir",
	"mkdirat",
	"mknod",
	"mknodat",
	"mlock",
	"mmap",
	"mprotect",
	"mremap",
	"msync",
	"munlock",
	"munmap",
	"nanosleep",
	"newfstatat",
	"open",
	"openat",
	"openat2",
	"pause",
	"pipe",
	"pipe2",
	"poll",
	"ppoll",
	"prctl",
	"pread64",
	"preadv",
	"prlimit64",
	"pselect6",
	"pwrite64",
	"pwritev",
	"read",
	"readlink",
	"readlinkat",
	"readv",
	"recvfrom",
	"recvmmsg",
	"recvmsg",
	"rename",
	"renameat",
	"renameat2",
	"restart_syscall",
	"rmdir",
	"rseq",
	"rt_sigaction",
	"rt_sigpending",
	"rt_sigprocmask",
	"rt_sigqueueinfo",
	"rt_sigreturn",
	"rt_sigsuspend",
	"rt_sigtimedwait",
	"sched_getaffinity",
	"sched_getparam",
	"sched_getscheduler",
	"sched_setaffinity",
	"sched_yield",
	"select",
	"sendfile",
	"sendmmsg",
	"sendmsg",
	"sendto",
	"set_robust_list",
	"set_tid_address",
	"setgid",
	"setgroups",
	"sethostname",
	"setitimer",
	"setpgid",
	"setpriority",
	"setregid",
	"setresgid",
	"setresuid",
	"setreuid",
	"setrlimit",
	"setsid",
	"setsockopt",
	"setuid",
	"shutdown",
	"sigaltstack",
	"signalfd4",
	"socket",
	"socketpair",
	"splice",
	"stat",
	"statfs",
	"statx",
	"symlink",
	"symlinkat",
	"sync",
	"sysinfo",
	"tgkill",
	"timer_create",
	"timer_delete",
	"timer_settime",
	"timerfd_create",
	"timerfd_settime",
	"tkill",
	"truncate",
	"umask",
	"uname",
	"unlink",
	"unlinkat",
	"utimensat",
	"vfork",
	"wait4",
	"waitid",
	"write",
	"writev",
};

int filter_parse(const char *name, enum filter *f)
{
	static const char *const names[] = {
		[FILTER_NONE] = "none", [FILTER_DENY] = "deny", [FILTER_ALLOW] = "allow"
	};
	for (int i = FILTER_NONE; i <= FILTER_ALLOW; i++)
		if (!strcmp(name, names[i])) {
			*f = i;
			return 0;
		}
	return fail_msg("--seccomp wants none, deny or allow, not '%s'", name);
}

/* The rules of the list: the deny-list's names refused with EPERM, or the
 * allow-list's allowed; a name this architecture lacks is skipped. */
static int add_rules(scmp_filter_ctx ctx, bool deny)
{
	const char *const *names = deny ? deny_list : allow_list;
	size_t n = deny ? sizeof(deny_list) / sizeof(*deny_list)
	                : sizeof(allow_list) / sizeof(*allow_list);
	uint32_t action = deny ? SCMP_ACT_ERRNO(EPERM) : SCMP_ACT_ALLOW;
	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		if (nr == __NR_SCMP_ERROR)
			continue;
		int rc = seccomp_rule_add(ctx, action, nr, 0);
		if (rc < 0) {
			errno = -rc;
			return fail(NULL, "seccomp_rule_add(%s)", names[i]);
		}
	}
	return 0;
}

/* refused_args as EPERM rules (libseccomp ORs the rules of one call). */
static int add_refused_args(scmp_filter_ctx ctx)
{
	for (size_t i = 0; i < sizeof(refused_args) / sizeof(*refused_args); i++) {
		struct scmp_arg_cmp cmp = { refused_args[i].arg, SCMP_CMP_MASKED_EQ,
			                    refused_args[i].mask, refused_args[i].value };
		int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		                          seccomp_syscall_resolve_name(refused_args[i].call), 1,
		                          cmp);
		if (rc < 0) {
			errno = -rc;
			return fail(NULL, "seccomp_rule_add(%s, argument %u)", refused_args[i].call,
			            refused_args[i].arg);
		}
	}
	return 0;
}

/* Load a filter and release it; the error says what failed. */
static int load(scmp_filter_ctx ctx, int rc)
{
	if (rc == 0 && (rc = seccomp_load(ctx)) < 0) {
		errno = -rc;
		fail("does the kernel have CONFIG_SECCOMP_FILTER?", "seccomp_load");
	}
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
}

/* The allow-list refuses by default, and libseccomp will not add a rule
 * whose action is the default one: its refusals by argument go in a small
 * filter of their own, loaded first.  The kernel runs every filter loaded
 * and keeps the strictest answer. */
static int apply_refused_args(void)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return fail_msg("seccomp_init failed");
	return load(ctx, add_refused_args(ctx));
}

int filter_apply(const struct container *c)
{
	if (c->filter == FILTER_NONE)
		return 0;
	/* TODO(S7): seccomp_init(3) with the default action (deny-list:
	 * SCMP_ACT_ALLOW; allow-list: SCMP_ACT_ERRNO(EPERM)), add_rules()
	 * for the list's names; clone3 refused with
	 * SCMP_ACT_ERRNO(ENOSYS) in both; the refusals by argument:
	 * add_refused_args() into the deny-list's filter, or
	 * apply_refused_args() (a filter of their own) before the
	 * allow-list's; seccomp_load(3), and seccomp_release(3) on every path
	 * (load() does both).  libseccomp returns -errno (tested by
	 * s7-deny-list, s7-allow-list, s7-terminal). */
	/* BEGIN SOLUTION */ /* STUB: (void)add_rules; (void)apply_refused_args; return 0; */
	bool deny = c->filter == FILTER_DENY;
	uint32_t fallback = deny ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EPERM);
	if (!deny && apply_refused_args() < 0)
		return -1;
	scmp_filter_ctx ctx = seccomp_init(fallback);
	if (!ctx)
		return fail_msg("seccomp_init failed");
	int rc = add_rules(ctx, deny);
	if (rc == 0 &&
	    (rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0)) < 0) {
		errno = -rc;
		rc = fail(NULL, "seccomp_rule_add(clone3)");
	}
	if (rc == 0 && deny)
		rc = add_refused_args(ctx);
	return load(ctx, rc);
	/* END SOLUTION */
}
