/* seccomp (seccomp(2), libseccomp's seccomp_init(3)): a filter on system
 * calls, checked by the kernel at every call, inherited by every child
 * and kept across exec.  Two ways to write one:
 *   deny-list   allow everything but the calls that administer the
 *               kernel (modules, mounts, clocks, keyrings, new
 *               namespaces...); easy to live with, and a call added to
 *               the kernel next year is allowed by default;
 *   allow-list  refuse everything but what ordinary programs call; what
 *               Docker's default profile is; a new call is refused.
 * Refused calls fail with EPERM, as Docker's do, so programs see an
 * ordinary error rather than dying. */
#define _GNU_SOURCE
#include <errno.h>
#include <seccomp.h>
#include <string.h>

#include "ctr.h"

static const char *const deny_list[] = {
	"acct",
	"add_key",
	"bpf",
	"clock_adjtime",
	"clock_settime",
	"create_module",
	"delete_module",
	"finit_module",
	"fsconfig",
	"fsmount",
	"fsopen",
	"fspick",
	"init_module",
	"ioperm",
	"iopl",
	"kexec_file_load",
	"kexec_load",
	"keyctl",
	"lookup_dcookie",
	"mount",
	"mount_setattr",
	"move_mount",
	"name_to_handle_at",
	"open_by_handle_at",
	"open_tree",
	"perf_event_open",
	"pivot_root",
	"process_vm_readv",
	"process_vm_writev",
	"ptrace",
	"quotactl",
	"reboot",
	"request_key",
	"setns",
	"settimeofday",
	"swapoff",
	"swapon",
	"syslog",
	"umount2",
	"unshare",
	"uselib",
	"userfaultfd",
	"vm86",
	"vm86old",
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
	"clone3",
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

/* Add one rule per named call; a name this architecture lacks is skipped. */
static int add_rules(scmp_filter_ctx ctx, uint32_t action, const char *const *names, size_t n)
{
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

int filter_apply(const struct container *c)
{
	if (c->filter == FILTER_NONE)
		return 0;
	bool deny = c->filter == FILTER_DENY;
	const char *const *names = deny ? deny_list : allow_list;
	size_t n = deny ? sizeof(deny_list) / sizeof(*deny_list)
	                : sizeof(allow_list) / sizeof(*allow_list);
	/* TODO(S7): seccomp_init(3) with the default action (deny-list:
	 * SCMP_ACT_ALLOW; allow-list: SCMP_ACT_ERRNO(EPERM)), add_rules()
	 * for the names with the other action, seccomp_load(3), and
	 * seccomp_release(3) on every path.  libseccomp returns -errno.
	 * Optional, for speed: seccomp_attr_set(3) SCMP_FLTATR_CTL_OPTIMIZE
	 * 2, a binary tree (tested by s7-deny-list, s7-allow-list). */
	/* BEGIN SOLUTION */ /* STUB: (void)names; (void)n; (void)add_rules; return 0; */
	uint32_t fallback = deny ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EPERM);
	uint32_t action = deny ? SCMP_ACT_ERRNO(EPERM) : SCMP_ACT_ALLOW;
	scmp_filter_ctx ctx = seccomp_init(fallback);
	if (!ctx)
		return fail_msg("seccomp_init failed");
	/* A binary tree of the call numbers, not a list of them: fewer BPF
	 * instructions run at every system call, and at the load, when the
	 * kernel runs the filter once per call number to cache the answers
	 * it can (libseccomp 2.5; where refused, the list is as correct). */
	(void)seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	int rc = add_rules(ctx, action, names, n);
	if (rc == 0 && (rc = seccomp_load(ctx)) < 0) {
		errno = -rc;
		fail("does the kernel have CONFIG_SECCOMP_FILTER?", "seccomp_load");
	}
	seccomp_release(ctx);
	return rc < 0 ? -1 : 0;
	/* END SOLUTION */
}
