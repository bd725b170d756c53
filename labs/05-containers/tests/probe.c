/* The isolation probe: run inside a container by the tests, it looks
 * around and prints what it finds, one "probe: ..." line per fact.  It is
 * static (the busybox rootfs has no C library) and self-limiting: the
 * fork bomb and the memory hog stop on their own if nothing stops them.
 *
 *	probe ids         pid, parent, uid, hostname, the uid map
 *	probe orphans     make an orphan, then count zombies
 *	probe signals     print "ready", wait for SIGTERM, exit 42
 *	probe mounts      /, /proc and /dev as the container sees them
 *	probe devices     make a device node (the host's null) in /tmp and in
 *	                  /dev, and try to write to it
 *	probe proc        whether /proc/sys is read-only, kernel.core_pattern
 *	                  can be written (its own value, back), and the host's
 *	                  hardware and memory in /proc are covered
 *	probe covered PATH...   whether each path is covered (masked) or absent
 *	probe readonly PATH...  whether each path is on a read-only mount
 *	probe init        what the container's PID 1 keeps: capabilities,
 *	                  seccomp, open descriptors
 *	probe terminal TEXT  whose session the terminal on stdin is, and
 *	                  whether TEXT can be typed into it (TIOCSTI)
 *	probe escape PATH try to reach the host path PATH from inside, also
 *	                  through inherited directory descriptors
 *	probe fds         open descriptors
 *	probe caps        capability sets, no_new_privs, a privileged call
 *	probe seccomp     filter mode and what calls get: "blocked" is EPERM
 *	                  where the kernel alone would answer otherwise
 *	probe ipc         SysV message queues visible
 *	probe net         network interfaces
 *	probe forkbomb    fork until refused (at most 400)
 *	probe memhog      allocate and touch 1 MiB at a time (at most 256 MiB)
 *	probe cpuhog      spin for 1 s of wall time, report the CPU share
 *	probe cgroup      the cgroup as /proc/self/cgroup shows it
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <linux/magic.h>
#include <linux/sched.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void print_file(const char *label, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[512];
	if (!f) {
		printf("probe: %s: %s\n", label, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("probe: %s: %s", label, line);
	fclose(f);
}

/* The "Name:\tvalue" line of /proc/self/status. */
static void status_field(const char *name)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	size_t len = strlen(name);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, len) && line[len] == ':')
			printf("probe: %s:%s", name, line + len + 1);
	if (f)
		fclose(f);
}

static int ids(void)
{
	char host[256] = "";
	gethostname(host, sizeof(host));
	printf("probe: pid %d ppid %d uid %d gid %d\n", getpid(), getppid(), getuid(), getgid());
	printf("probe: hostname %s\n", host);
	print_file("uid_map", "/proc/self/uid_map");
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void nap(double seconds)
{
	struct timespec t = { (time_t)seconds, (long)((seconds - (time_t)seconds) * 1e9) };
	while (nanosleep(&t, &t) < 0 && errno == EINTR)
		;
}

/* A child that leaves a grandchild behind; the grandchild exits once it
 * is an orphan.  Only PID 1 can reap it then. */
static int orphans(void)
{
	pid_t child = fork();
	if (child == 0) {
		if (fork() == 0) {
			nap(0.1);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(child, NULL, 0);
	int zombies = 0;
	for (double end = now() + 1.0; now() < end;) {
		nap(0.2);
		zombies = 0;
		DIR *d = opendir("/proc");
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char path[300], stat[512];
			snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
			FILE *f = fopen(path, "re");
			if (!f)
				continue;
			if (fgets(stat, sizeof(stat), f) && strstr(stat, ") Z "))
				zombies++;
			fclose(f);
		}
		if (d)
			closedir(d);
		if (!zombies)
			break;
	}
	printf("probe: orphans: %d zombie%s\n", zombies, zombies == 1 ? "" : "s");
	return 0;
}

static void on_term(int sig)
{
	(void)sig;
	static const char msg[] = "probe: signals: got SIGTERM\n";
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(42);
}

static int signals(void)
{
	signal(SIGTERM, on_term);
	printf("probe: signals: ready\n");
	fflush(stdout);
	for (int i = 0; i < 100; i++)
		nap(0.1);
	printf("probe: signals: no SIGTERM came\n");
	return 1;
}

/* Mount options of the mounts at /, /proc and /dev (proc(5), mountinfo). */
static int mounts(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[1024];
	int n = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char point[256], opts[256];
		n++;
		if (sscanf(line, "%*s %*s %*s %*s %255s %255s", point, opts) == 2 &&
		    (!strcmp(point, "/") || !strcmp(point, "/proc") || !strcmp(point, "/dev")))
			printf("probe: mount %s %s\n", point, opts);
	}
	if (!f)
		printf("probe: mountinfo: %s\n", strerror(errno));
	else
		fclose(f);
	printf("probe: %d mounts\n", n);
	DIR *d = opendir("/dev");
	struct dirent *e;
	char devs[512] = "";
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strlen(devs) + strlen(e->d_name) + 2 < sizeof(devs))
			strcat(strcat(devs, " "), e->d_name);
	if (d)
		closedir(d);
	printf("probe: /dev:%s\n", devs);
	int fd = open("/dev/null", O_WRONLY);
	printf("probe: /dev/null %s\n", fd >= 0 && write(fd, "x", 1) == 1 ? "works" : "broken");
	return 0;
}

/* Root in a container keeps CAP_MKNOD: a node it makes must open nothing
 * (the file systems it can write to are nodev).  /dev/null stands for the
 * host's disk: a harmless device with the same way in. */
static int devices(void)
{
	static const char *const dirs[] = { "/tmp", "/dev" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char path[64];
		snprintf(path, sizeof(path), "%s/probe-null", dirs[i]);
		unlink(path);
		if (mknod(path, S_IFCHR | 0666, makedev(1, 3)) < 0) {
			printf("probe: device in %s: cannot make (%s)\n", dirs[i], strerror(errno));
			continue;
		}
		int fd = open(path, O_WRONLY);
		if (fd >= 0)
			printf("probe: device in %s: USABLE\n", dirs[i]);
		else
			printf("probe: device in %s: unusable (%s)\n", dirs[i], strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(path);
	}
	return 0;
}

/* A masked path: a file covered by a character device (the host's
 * /dev/null), a folder by an empty tmpfs. */
static int covers(int n, const char *const *paths)
{
	for (int i = 0; i < n; i++) {
		struct stat s;
		struct statfs fs;
		if (lstat(paths[i], &s) < 0)
			printf("probe: %s: absent\n", paths[i]);
		else if (S_ISCHR(s.st_mode) || (S_ISDIR(s.st_mode) && statfs(paths[i], &fs) == 0 &&
		                                fs.f_type == TMPFS_MAGIC))
			printf("probe: %s: covered\n", paths[i]);
		else
			printf("probe: %s: EXPOSED\n", paths[i]);
	}
	return 0;
}

static int readonly(int n, const char *const *paths)
{
	for (int i = 0; i < n; i++) {
		struct statvfs st;
		if (statvfs(paths[i], &st) < 0)
			printf("probe: %s: %s\n", paths[i], strerror(errno));
		else
			printf("probe: %s: %s\n", paths[i],
			       st.f_flag & ST_RDONLY ? "read-only" : "WRITABLE");
	}
	return 0;
}

/* What root in the container can do to the host through /proc. */
static int proc(void)
{
	struct statvfs st;
	if (statvfs("/proc/sys", &st) < 0)
		printf("probe: /proc/sys: %s\n", strerror(errno));
	else
		printf("probe: /proc/sys %s\n", st.f_flag & ST_RDONLY ? "read-only" : "WRITABLE");
	/* Write back what is there: harmless even where it works. */
	char value[256] = "";
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, value, sizeof(value) - 1) : -1;
	if (fd >= 0)
		close(fd);
	fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
	if (fd < 0)
		printf("probe: core_pattern: refused (%s)\n", strerror(errno));
	else if (n > 0 && write(fd, value, (size_t)n) == n)
		printf("probe: core_pattern: WRITTEN\n");
	else
		printf("probe: core_pattern: refused (%s)\n", strerror(errno));
	if (fd >= 0)
		close(fd);
	static const char *const covered[] = { "/proc/sysrq-trigger", "/proc/kcore", "/proc/irq",
		                               "/proc/bus" };
	return covers((int)(sizeof(covered) / sizeof(*covered)), covered);
}

/* Three classic ways out of a chroot-style jail; each reports whether
 * the host path was reached. */
static int escape(const char *host_path)
{
	struct stat st;
	/* 1. chroot into a subfolder while keeping a cwd outside it, then
	 *    climb with "..": defeats chroot, not pivot_root + detach. */
	pid_t pid = fork();
	if (pid == 0) {
		mkdir("/tmp/.probe-jail", 0700);
		if (chroot("/tmp/.probe-jail") == 0) {
			for (int i = 0; i < 64; i++)
				if (chdir("..") < 0)
					break;
			if (chroot(".") < 0)
				_exit(3);
		}
		_exit(stat(host_path, &st) == 0 ? 1 : 0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("probe: escape chroot: %s\n",
	       WIFEXITED(status) && WEXITSTATUS(status) == 1 ? "ESCAPED" : "contained");
	rmdir("/tmp/.probe-jail");
	/* 2. the root of PID 1, as /proc shows it. */
	char path[4096];
	snprintf(path, sizeof(path), "/proc/1/root%s", host_path);
	printf("probe: escape proc-root: %s\n", stat(path, &st) == 0 ? "ESCAPED" : "contained");
	/* 3. "..": from / it must stay at /. */
	snprintf(path, sizeof(path), "/../../..%s", host_path);
	printf("probe: escape dotdot: %s\n", stat(path, &st) == 0 ? "ESCAPED" : "contained");
	/* 4. the working directory we were given. */
	char cwd[4096];
	printf("probe: escape cwd: %s\n", getcwd(cwd, sizeof(cwd)) ? "contained" : "ESCAPED");
	/* 5. a directory descriptor inherited from outside (runc's
	 *    CVE-2024-21626): the marker is looked up relative to each. */
	const char *name = strrchr(host_path, '/') ? strrchr(host_path, '/') + 1 : host_path;
	bool out = false;
	for (int fd = 3; fd < 64; fd++)
		if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && fstatat(fd, name, &st, 0) == 0)
			out = true;
	printf("probe: escape fd: %s\n", out ? "ESCAPED" : "contained");
	return 0;
}

/* "probe: WHAT: 0 1 2": the descriptors open in the process whose fd
 * folder is dir; when that process is the probe, without the one that
 * lists them. */
static void print_fds(const char *what, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		printf("probe: %s: unreadable (%s)\n", what, strerror(errno));
		return;
	}
	int own = strcmp(dir, "/proc/self/fd") ? -1 : dirfd(d);
	char list[512] = "";
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != own &&
		    strlen(list) + strlen(e->d_name) + 2 < sizeof(list))
			strcat(strcat(list, " "), e->d_name);
	closedir(d);
	printf("probe: %s:%s\n", what, list);
}

static int fds(void)
{
	print_fds("fds", "/proc/self/fd");
	char cwd[4096];
	printf("probe: cwd %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : strerror(errno));
	return 0;
}

static int caps(void)
{
	status_field("CapEff");
	status_field("CapBnd");
	status_field("CapAmb");
	status_field("NoNewPrivs");
	int rc = sethostname("probe", 5);
	printf("probe: sethostname: %s\n", rc == 0 ? "allowed" : strerror(errno));
	return 0;
}

static const char *outcome(long rc)
{
	return rc == -1 && errno == EPERM ? "blocked" : "allowed";
}

static int seccomp(void)
{
	status_field("Seccomp");
	/* unshare(CLONE_NEWUSER) needs no privilege: only a filter refuses it here. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER) < 0 && errno == EPERM ? 1 : 0);
	int status;
	waitpid(pid, &status, 0);
	printf("probe: seccomp unshare: %s\n", WEXITSTATUS(status) ? "blocked" : "allowed");
	/* mincore(2): harmless, and on no deny-list, but on no allow-list either. */
	unsigned char vec;
	void *page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	printf("probe: seccomp mincore: %s\n", outcome(syscall(SYS_mincore, page, 4096, &vec)));
	/* Each call made so that the kernel itself would refuse it with
	 * another error than EPERM (a bad argument), or let it be: EPERM is
	 * the filter's.  clone3 must fail with ENOSYS (its flags are out of a
	 * filter's sight: the C library then falls back to clone). */
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	printf("probe: seccomp clone(CLONE_NEWUSER): %s\n", outcome(pid));
	struct clone_args args = { .flags = CLONE_NEWUSER, .exit_signal = SIGCHLD };
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	printf("probe: seccomp clone3: %s\n", pid < 0 && errno == ENOSYS ? "ENOSYS"
	                                      : pid < 0                  ? strerror(errno)
	                                                                 : "allowed");
	printf("probe: seccomp keyctl: %s\n", outcome(syscall(SYS_keyctl, -1, 0, 0, 0, 0)));
	printf("probe: seccomp add_key: %s\n",
	       outcome(syscall(SYS_add_key, NULL, NULL, NULL, 0, 0)));
	printf("probe: seccomp request_key: %s\n",
	       outcome(syscall(SYS_request_key, NULL, NULL, NULL, 0)));
	printf("probe: seccomp bpf: %s\n", outcome(syscall(SYS_bpf, -1, NULL, 0)));
	printf("probe: seccomp perf_event_open: %s\n",
	       outcome(syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0)));
	printf("probe: seccomp setns: %s\n", outcome(syscall(SYS_setns, -1, 0)));
	return 0;
}

/* The container's PID 1, as /proc shows it: its status is open to all;
 * its descriptors only to a process that has every capability it has. */
static int init(void)
{
	static const char *const fields[] = { "CapEff", "CapBnd", "NoNewPrivs", "Seccomp" };
	char line[256];
	FILE *f = fopen("/proc/1/status", "re");
	while (f && fgets(line, sizeof(line), f))
		for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
			if (!strncmp(line, fields[i], strlen(fields[i])) &&
			    line[strlen(fields[i])] == ':')
				printf("probe: init %s", line);
	if (f)
		fclose(f);
	print_fds("init fds", "/proc/1/fd");
	return 0;
}

static const char *refusal(int rc)
{
	static char why[128];
	if (rc == 0)
		return "done";
	snprintf(why, sizeof(why), "refused (%s)", strerror(errno));
	return why;
}

/* The terminal on stdin: the session it belongs to, then TEXT and a
 * newline typed into it with TIOCSTI, one character at a time (also with
 * a bit above the 32 of the request, which the kernel drops), and the
 * console's paste (TIOCLINUX, subcommand 3). */
static int terminal(const char *text)
{
	pid_t sid;
	if (!isatty(0))
		printf("probe: terminal: stdin is no terminal\n");
	else if (ioctl(0, TIOCGSID, &sid) == 0)
		printf("probe: terminal: our controlling terminal\n");
	else
		printf("probe: terminal: not ours (%s)\n", strerror(errno));
	int rc = 0;
	for (const char *p = text; rc == 0 && *p; p++)
		rc = ioctl(0, TIOCSTI, p);
	if (rc == 0)
		rc = ioctl(0, TIOCSTI, "\n");
	printf("probe: tiocsti: %s\n", rc == 0 ? "INJECTED" : refusal(rc));
	char space = ' ';
	rc = (int)syscall(SYS_ioctl, 0, (unsigned long)TIOCSTI | (1UL << 32), &space);
	printf("probe: tiocsti-high: %s\n", rc == 0 ? "INJECTED" : refusal(rc));
	char paste = 3;
	rc = ioctl(0, TIOCLINUX, &paste);
	printf("probe: tioclinux: %s\n", rc < 0 && errno == EPERM ? "blocked"
	                                 : rc == 0                ? "DONE"
	                                                          : "not blocked");
	return 0;
}

static int ipc(void)
{
	FILE *f = fopen("/proc/sysvipc/msg", "re");
	char line[512];
	int n = -1;
	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	printf("probe: ipc: %d message queue%s\n", n, n == 1 ? "" : "s");
	return 0;
}

/* Interfaces, each with up or down (netdevice(7), SIOCGIFFLAGS). */
static int net(void)
{
	FILE *f = fopen("/proc/net/dev", "re");
	int sock = socket(AF_INET, SOCK_DGRAM, 0);
	char line[512], list[256] = "";
	while (f && fgets(line, sizeof(line), f)) {
		struct ifreq ifr = { 0 };
		if (sscanf(line, " %15[^:]:", ifr.ifr_name) != 1 || strchr(ifr.ifr_name, '|'))
			continue;
		bool up = ioctl(sock, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP);
		size_t len = strlen(list);
		snprintf(list + len, sizeof(list) - len, " %s:%s", ifr.ifr_name,
		         up ? "up" : "down");
	}
	if (f)
		fclose(f);
	printf("probe: interfaces:%s\n", list);
	return 0;
}

static int forkbomb(void)
{
	int n = 0;
	pid_t kids[400];
	while (n < 400) {
		pid_t pid = fork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0) {
			printf("probe: forkbomb: fork refused after %d processes: %s\n", n,
			       strerror(errno));
			break;
		}
		kids[n++] = pid;
	}
	if (n == 400)
		printf("probe: forkbomb: not capped (%d processes)\n", n);
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}

static int memhog(void)
{
	for (int mib = 1; mib <= 256; mib++) {
		char *p = malloc(1 << 20);
		if (!p) {
			printf("probe: memhog: malloc refused at %d MiB\n", mib);
			return 1;
		}
		memset(p, mib, 1 << 20);
		if (mib % 4 == 0) {
			printf("probe: memhog: %d MiB\n", mib);
			fflush(stdout);
		}
	}
	printf("probe: memhog: not stopped at 256 MiB\n");
	return 1;
}

static int cpuhog(void)
{
	struct timespec cpu;
	double start = now();
	volatile unsigned long spin = 0;
	while (now() - start < 1.0)
		spin++;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	double share = (cpu.tv_sec + cpu.tv_nsec / 1e9) / (now() - start);
	printf("probe: cpuhog: %d%% of one CPU\n", (int)(share * 100 + 0.5));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *what = argc > 1 ? argv[1] : "";
	static const struct {
		const char *name;
		int (*run)(void);
	} probes[] = {
		{ "ids", ids },       { "orphans", orphans }, { "signals", signals },
		{ "mounts", mounts }, { "devices", devices }, { "proc", proc },
		{ "fds", fds },       { "caps", caps },       { "seccomp", seccomp },
		{ "ipc", ipc },       { "net", net },         { "forkbomb", forkbomb },
		{ "memhog", memhog }, { "cpuhog", cpuhog },   { "init", init },
	};
	if (!strcmp(what, "escape") && argc == 3)
		return escape(argv[2]);
	if (!strcmp(what, "terminal") && argc == 3)
		return terminal(argv[2]);
	if (!strcmp(what, "covered"))
		return covers(argc - 2, (const char *const *)argv + 2);
	if (!strcmp(what, "readonly"))
		return readonly(argc - 2, (const char *const *)argv + 2);
	if (!strcmp(what, "cgroup")) {
		print_file("cgroup", "/proc/self/cgroup");
		return 0;
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(*probes); i++)
		if (!strcmp(what, probes[i].name))
			return probes[i].run();
	fprintf(stderr, "usage: probe ids|orphans|signals|mounts|devices|proc|covered PATH...|"
	                "readonly PATH...|init|terminal TEXT|escape PATH|fds|caps|seccomp|ipc|net|"
	                "forkbomb|memhog|cpuhog|cgroup\n");
	return 2;
}
