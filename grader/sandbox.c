/* The sandbox: clone() into new pid and network namespaces; the clone is
 * the namespace's init and forks the command.  When the init dies, the
 * kernel kills every process of the namespace, so a fork bomb or a daemon
 * left behind dies with it.  The parent only reads pipes and waits. */
#define _GNU_SOURCE
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char warning[256];
static bool chrooted; /* the root was not a mount point (root_private) */
/* The wall time during which at least one run was going: runs may go
 * side by side, and the grader's overhead is what is left of its time. */
static double total_seconds, busy_since;
static int running;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;

static void run_started(double t)
{
	pthread_mutex_lock(&total_lock);
	if (running++ == 0)
		busy_since = t;
	pthread_mutex_unlock(&total_lock);
}

static void run_ended(double t)
{
	pthread_mutex_lock(&total_lock);
	if (--running == 0)
		total_seconds += t - busy_since;
	pthread_mutex_unlock(&total_lock);
}

double sandbox_seconds(void)
{
	return total_seconds;
}

const char *sandbox_warning(void)
{
	return warning[0] ? warning : NULL;
}

struct child {
	const struct sandbox_spec *s;
	int out, err; /* write ends */
	int status;   /* write end of the pipe the init reports on */
	uid_t outer_uid;
	gid_t outer_gid;
	bool own_userns; /* the clone made a user namespace (we are not root) */
	bool contained;  /* in namespaces of our own (not the fork fallback) */
};

/* From the clone to the exec, the child is a copy of a process whose other
 * threads (runs go side by side) may have held a lock of the C library at
 * the instant of the copy: malloc's, stdio's.  Here no thread will ever
 * release it, and taking it hangs the run with no output until its time
 * limit.  So that code takes none: no malloc, no stdio, no glibc fork();
 * its messages are formatted on the stack and written. */
static void child_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void child_say(const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n > 0 && write(2, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1) < 0)
		return;
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };
	if (setrlimit(resource, &rl) < 0) {
		child_say("vlab-grade: setrlimit: %m\n");
		_exit(126);
	}
}

static int write_map(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Map inside to outside for uid and gid in our fresh user namespace. */
static void map_ids(unsigned in_uid, unsigned out_uid, unsigned in_gid, unsigned out_gid)
{
	char map[64];
	snprintf(map, sizeof(map), "%u %u 1\n", in_uid, out_uid);
	if (write_map("/proc/self/uid_map", map) < 0) {
		child_say("vlab-grade: uid_map: %m\n");
		_exit(126);
	}
	write_map("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "%u %u 1\n", in_gid, out_gid);
	if (write_map("/proc/self/gid_map", map) < 0) {
		child_say("vlab-grade: gid_map: %m\n");
		_exit(126);
	}
}

/* The command itself, in the namespace: limits, identity, exec. */
static void exec_command(struct child *c)
{
	const struct sandbox_spec *s = c->s;
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(c->out, 1) < 0 ||
	    dup2(s->split_stderr ? c->err : c->out, 2) < 0) {
		child_say("vlab-grade: sandbox stdio: %m\n");
		_exit(126);
	}
	/* Off the grader's terminal; without namespaces the process group is
	 * what kill_all() reaches, so it is kept. */
	if (c->contained)
		setsid();
	rlim_t cpu = (rlim_t)s->timeout + 1;
	set_limit(RLIMIT_CPU, cpu, cpu + 1);
	set_limit(RLIMIT_AS, (rlim_t)s->memory_mb << 20, (rlim_t)s->memory_mb << 20);
	set_limit(RLIMIT_FSIZE, (rlim_t)s->fsize_mb << 20, (rlim_t)s->fsize_mb << 20);
	set_limit(RLIMIT_CORE, 0, 0);
	if (s->uid != (uid_t)-1) {
		set_limit(RLIMIT_NPROC, s->nproc, s->nproc);
		/* The system calls themselves: glibc's wrappers would signal the
		 * grader's other threads, whose copies do not exist here. */
		if (syscall(SYS_setgroups, 0, NULL) < 0 || syscall(SYS_setgid, s->gid) < 0 ||
		    syscall(SYS_setuid, s->uid) < 0) {
			child_say("vlab-grade: drop to the sandbox uid: %m\n");
			_exit(126);
		}
		/* Changing uid made us undumpable, which makes /proc/self root's:
		 * the uid_map of a user namespace could not be written. */
		if (s->userns && prctl(PR_SET_DUMPABLE, 1) < 0) {
			child_say("vlab-grade: PR_SET_DUMPABLE: %m\n");
			_exit(126);
		}
	}
	if (s->userns && !c->own_userns) {
		uid_t uid = getuid();
		gid_t gid = getgid();
		if (unshare(CLONE_NEWUSER) < 0) {
			int e = errno;
			child_say("vlab-grade: unshare(CLONE_NEWUSER): %m\n");
			if (e == EPERM && chrooted)
				child_say("vlab-grade: the kernel refuses a user namespace in a "
				          "chroot "
				          "(user_namespaces(7))\n"
				          "vlab-grade: grade where / is the root of its mount "
				          "namespace: a container, or unshare -m and pivot_root\n");
			_exit(126);
		}
		map_ids(0, uid, 0, gid);
	}
	signal(SIGPIPE, SIG_DFL); /* the grader ignores it; exec would pass that on */
	if (chdir(s->cwd) < 0) {
		child_say("vlab-grade: chdir %s: %m\n", s->cwd);
		_exit(126);
	}
	execvpe(s->argv[0], s->argv, s->env);
	child_say("vlab-grade: cannot run %s: %m\n", s->argv[0]);
	_exit(127);
}

static void mount_tmpfs(const char *dir, const char *options)
{
	if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, options) < 0 && errno != ENOENT) {
		child_say("vlab-grade: tmpfs on %s: %m\n", dir);
		_exit(126);
	}
}

/* True when the mount at the root shares its mounts with others (mountinfo
 * says shared:N), or when that cannot be read. */
static bool root_shared(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return true;
	char line[4096];
	bool shared = true;
	while (fgets(line, sizeof(line), f)) {
		char point[256];
		int fields_end = 0;
		if (sscanf(line, "%*d %*d %*s %*s %255s %*s%n", point, &fields_end) != 1 ||
		    strcmp(point, "/"))
			continue;
		/* The optional fields lie between the mount options and " - ". */
		const char *tag = strstr(line + fields_end, " shared:");
		const char *end = strstr(line + fields_end, " - ");
		shared = tag && end && tag < end;
	}
	fclose(f);
	return shared;
}

/* Our mounts must not reach the grader's namespace: "/" is made private,
 * recursively.  In a chroot whose root is not a mount point (a debootstrap
 * folder, say) that is EINVAL; then the root is bound onto itself, and we
 * step onto that new mount ("/.." at the root leads onto what is mounted
 * over it) and make it our root.  The bind alone reaches the grader's
 * namespace when the mount holding the chroot is shared: then it is undone
 * (the unmount reaches it too) and the grader says what it needs. */
static void root_private(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
		return;
	if (errno != EINVAL || mount("/", "/", NULL, MS_BIND | MS_REC, NULL) < 0) {
		child_say("vlab-grade: make / private: %m\n");
		_exit(126);
	}
	chrooted = true;
	if (chdir("/..") < 0 || chroot(".") < 0 || chdir("/") < 0) {
		child_say("vlab-grade: enter the root bound onto itself: %m\n");
		_exit(126);
	}
	if (root_shared()) {
		umount2("/", MNT_DETACH);
		child_say("vlab-grade: / is not a mount point and the mount holding it is shared "
		          "with "
		          "the host (or /proc is missing): grade inside 'unshare -m' (private "
		          "mounts), "
		          "or bind the chroot onto itself first (mount --bind DIR DIR; mount "
		          "--make-private DIR)\n");
		_exit(126);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		child_say("vlab-grade: make / private: %m\n");
		_exit(126);
	}
}

/* The run's view of the file system, in its own mount namespace: empty
 * tmpfs over every hidden folder (the pristine tree, other submissions,
 * other results) and fresh ones on the shared temporary folders; the
 * folder to keep is bound back at its own path, through an fd opened
 * before anything covered it. */
static void private_mounts(const struct sandbox_spec *s)
{
	int fd = -1;
	if (s->keep && (fd = open(s->keep, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		child_say("vlab-grade: open %s: %m\n", s->keep);
		_exit(126);
	}
	root_private();
	for (const char *const *h = s->hide; h && *h; h++)
		if (strcmp(*h, "/"))
			mount_tmpfs(*h, "mode=0755,size=1m");
	/* Its own /proc: the processes of its pid namespace only, and of them
	 * only its uid's (hidepid=2): the namespace's init is a copy of the
	 * grader, whose command line names the pristine tree. */
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2") < 0) {
		child_say("vlab-grade: mount /proc: %m\n");
		_exit(126);
	}
	mount_tmpfs("/tmp", "mode=1777,size=256m");
	mount_tmpfs("/var/tmp", "mode=1777,size=256m");
	mount_tmpfs("/dev/shm", "mode=1777,size=256m");
	if (fd < 0)
		return;
	struct stat was, now;
	if (fstat(fd, &was) == 0 && stat(s->keep, &now) == 0 && was.st_dev == now.st_dev &&
	    was.st_ino == now.st_ino) {
		close(fd);
		return; /* nothing covered it */
	}
	char from[64];
	snprintf(from, sizeof(from), "/proc/self/fd/%d", fd);
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s", s->keep) >= (int)sizeof(path)) {
		child_say("vlab-grade: bind %s: path too long\n", s->keep);
		_exit(126);
	}
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0711);
		*p = '/';
	}
	if ((mkdir(path, 0711) < 0 && errno != EEXIST) ||
	    mount(from, path, NULL, MS_BIND, NULL) < 0) {
		child_say("vlab-grade: bind %s: %m\n", s->keep);
		_exit(126);
	}
	close(fd);
}

/* Bind s->readonly onto itself read-only.  A remount in a user namespace
 * must keep the flags the mount already has (the kernel locks them), so
 * they are read first. */
static void read_only(const struct sandbox_spec *s)
{
	static const struct {
		unsigned long st, ms;
	} keep[] = { { ST_NOSUID, MS_NOSUID },         { ST_NODEV, MS_NODEV },
		     { ST_NOEXEC, MS_NOEXEC },         { ST_NOATIME, MS_NOATIME },
		     { ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME } };
	struct statvfs fs;
	if (mount(s->readonly, s->readonly, NULL, MS_BIND | MS_REC, NULL) < 0 ||
	    statvfs(s->readonly, &fs) < 0) {
		child_say("vlab-grade: bind %s: %m\n", s->readonly);
		_exit(126);
	}
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (fs.f_flag & keep[i].st)
			flags |= keep[i].ms;
	if (mount(NULL, s->readonly, NULL, flags, NULL) < 0) {
		child_say("vlab-grade: read-only %s: %m\n", s->readonly);
		_exit(126);
	}
}

/* pid 1 of the namespace: fork the command, reap everything, report the
 * command's wait status on the status pipe, and exit (killing the rest). */
static int init_main(void *arg)
{
	struct child *c = arg;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* Only its own pipes: the grader may start runs side by side, and a
	 * copy of another run's pipe held here would keep that run's output
	 * open until this one ends (close-on-exec does not act: init never
	 * executes anything). */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != c->out && fd != c->err && fd != c->status)
			close(fd);
	if (c->own_userns) {
		const struct sandbox_spec *s = c->s;
		if (s->userns)
			map_ids(0, c->outer_uid, 0, c->outer_gid);
		else
			map_ids(c->outer_uid, c->outer_uid, c->outer_gid, c->outer_gid);
	}
	if (c->contained) {
		private_mounts(c->s);
		if (c->s->readonly)
			read_only(c->s);
	}
	/* The system call itself: glibc's fork() takes malloc's locks first. */
	pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
	if (pid < 0) {
		child_say("vlab-grade: fork: %m\n");
		_exit(126);
	}
	if (pid == 0)
		exec_command(c);
	close(c->out);
	if (c->s->split_stderr)
		close(c->err);
	int status;
	pid_t w;
	while ((w = wait(&status)) != pid)
		if (w < 0 && errno != EINTR)
			_exit(126);
	if (write(c->status, &status, sizeof(status)) != sizeof(status))
		_exit(126);
	_exit(0);
}

static pid_t start(struct child *c, bool *contained)
{
	/* Without CLONE_VM the child runs on its own copy of this stack.  The
	 * C library's clone() writes the function and its argument on the
	 * stack before the system call copies it: two runs starting side by
	 * side must take turns, or one child runs the other's command. */
	static char stack[256 * 1024] __attribute__((aligned(16)));
	static pthread_mutex_t stack_lock = PTHREAD_MUTEX_INITIALIZER;
	bool root = geteuid() == 0;
	int flags =
		CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS | SIGCHLD;
	c->own_userns = !root;
	c->contained = true;
	if (!root)
		flags |= CLONE_NEWUSER;
	/* VLAB_SANDBOX_NO_NAMESPACES=1 takes the path of a host without them. */
	const char *off = getenv("VLAB_SANDBOX_NO_NAMESPACES");
	pthread_mutex_lock(&stack_lock);
	pid_t pid = off && *off ? (errno = EPERM, -1)
	                        : clone(init_main, stack + sizeof(stack), flags, c);
	int saved = errno;
	pthread_mutex_unlock(&stack_lock);
	errno = saved;
	*contained = pid >= 0;
	if (pid >= 0 || (errno != EPERM && errno != EINVAL && errno != ENOSPC))
		return pid;
	snprintf(
		warning, sizeof(warning),
		"sandbox: no namespaces (clone: %s): network, /tmp and process containment are off",
		strerror(errno));
	c->own_userns = false;
	c->contained = false;
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		init_main(c);
	}
	if (pid > 0)
		setpgid(pid, pid);
	return pid;
}

static void kill_all(pid_t pid, bool contained)
{
	if (contained) {
		kill(pid, SIGKILL); /* the namespace dies with its init */
		return;
	}
	/* A process group has no such guarantee: a process forking while the
	 * signal goes round can leave a child behind, so go round again. */
	for (int i = 0; i < 200 && kill(-pid, SIGKILL) == 0; i++)
		usleep(5000);
}

/* Deliver complete lines of new stdout data to on_line. */
static bool feed_lines(const struct sandbox_spec *s, struct buf *out, size_t *done, bool eof)
{
	bool stop = false;
	while (*done < out->len) {
		char *start = out->p + *done;
		char *nl = memchr(start, '\n', out->len - *done);
		if (!nl && !eof)
			break;
		size_t len = nl ? (size_t)(nl - start) : out->len - *done;
		char *line = xmalloc(len + 1);
		memcpy(line, start, len);
		line[len] = '\0';
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (s->on_line(s->ctx, line))
			stop = true;
		free(line);
		*done += len + (nl ? 1 : 0);
	}
	return stop;
}

int sandbox_run(const struct sandbox_spec *s, struct sandbox_result *r)
{
	*r = (struct sandbox_result){ 0 };
	int out[2], err[2] = { -1, -1 }, st[2];
	if (pipe2(out, O_CLOEXEC) < 0)
		return err_sys("sandbox: pipe");
	if (s->split_stderr && pipe2(err, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		return err_sys("sandbox: pipe");
	}
	if (pipe2(st, O_CLOEXEC) < 0) {
		close(out[0]);
		close(out[1]);
		if (s->split_stderr) {
			close(err[0]);
			close(err[1]);
		}
		return err_sys("sandbox: pipe");
	}
	struct child c = { s, out[1], err[1], st[1], getuid(), getgid(), false, false };
	double t0 = now_seconds();
	run_started(t0);
	bool contained;
	pid_t pid = start(&c, &contained);
	int saved = errno;
	close(out[1]);
	if (s->split_stderr)
		close(err[1]);
	close(st[1]);
	if (pid < 0) {
		close(out[0]);
		close(st[0]);
		if (s->split_stderr)
			close(err[0]);
		errno = saved;
		run_ended(now_seconds());
		return err_sys("sandbox: clone");
	}

	struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
	int open_fds = s->split_stderr ? 2 : 1;
	size_t fed = 0;
	double deadline = t0 + s->timeout, stop_at = 0;
	enum sandbox_end forced = END_EXITED;
	bool killed = false;
	while (open_fds > 0) {
		double now = now_seconds(), until = stop_at ? stop_at : deadline;
		if (!killed && now >= until) {
			forced = stop_at ? END_STOPPED : END_TIMEOUT;
			kill_all(pid, contained);
			killed = true;
		}
		int ms = killed ? 1000 : (int)((until - now) * 1000) + 1;
		int n = poll(fds, s->split_stderr ? 2 : 1, ms);
		if (n < 0 && errno != EINTR) {
			kill_all(pid, contained);
			killed = true;
			break;
		}
		if (n == 0 && killed)
			break; /* a process we cannot see still holds the pipe */
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char chunk[65536];
			ssize_t got = read(fds[i].fd, chunk, sizeof(chunk));
			if (got <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
				continue;
			}
			/* Output is text from here on: a NUL would end it early and
			 * hide the lines after it from the checks. */
			for (ssize_t k = 0; k < got; k++)
				if (chunk[k] == '\0')
					chunk[k] = '?';
			struct buf *b = i == 0 ? &r->out : &r->err;
			size_t room = s->output_cap > r->out.len + r->err.len
			                      ? s->output_cap - r->out.len - r->err.len
			                      : 0;
			buf_add(b, chunk, (size_t)got < room ? (size_t)got : room);
			if ((size_t)got > room && !killed) {
				forced = END_OUTPUT_CAP;
				kill_all(pid, contained);
				killed = true;
			}
			if (i == 0 && s->on_line && feed_lines(s, &r->out, &fed, false) &&
			    !stop_at && !killed)
				stop_at = now_seconds() + s->grace;
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	if (s->on_line && !killed)
		feed_lines(s, &r->out, &fed, true);

	int status = 0, inner;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			close(st[0]);
			run_ended(now_seconds());
			return err_sys("sandbox: waitpid");
		}
	if (!contained)
		kill_all(pid, false);
	r->seconds = now_seconds() - t0;
	run_ended(t0 + r->seconds);
	bool reported = read(st[0], &inner, sizeof(inner)) == sizeof(inner);
	close(st[0]);
	if (killed && forced != END_EXITED) {
		r->end = forced;
	} else if (!reported) {
		r->end = END_SIGNALED;
		r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : SIGKILL;
	} else if (WIFSIGNALED(inner)) {
		r->end = END_SIGNALED;
		r->signal = WTERMSIG(inner);
	} else {
		r->end = END_EXITED;
		r->status = WEXITSTATUS(inner);
	}
	/* A command that finished on its own during the grace period stopped cleanly. */
	if (r->end == END_STOPPED && reported && WIFEXITED(inner)) {
		r->end = END_EXITED;
		r->status = WEXITSTATUS(inner);
	}
	return 0;
}

void sandbox_result_free(struct sandbox_result *r)
{
	free(r->out.p);
	free(r->err.p);
	*r = (struct sandbox_result){ 0 };
}

char *sandbox_describe(const struct sandbox_spec *s, const struct sandbox_result *r)
{
	switch (r->end) {
	case END_EXITED:
		return xasprintf("exited with status %d", r->status);
	case END_SIGNALED:
		if (r->signal == SIGXCPU)
			return xasprintf("killed: CPU time limit (%.0f s) exceeded", s->timeout);
		if (r->signal == SIGXFSZ)
			return xasprintf("killed: file size limit (%ld MiB) exceeded", s->fsize_mb);
		return xasprintf("killed by signal %d (%s)", r->signal, strsignal(r->signal));
	case END_TIMEOUT:
		return xasprintf("timed out after %g s (an infinite loop, or waiting for something "
		                 "that never comes?)",
		                 s->timeout);
	case END_OUTPUT_CAP:
		return xasprintf("killed: printed more than %zu KiB (output limit)",
		                 s->output_cap >> 10);
	case END_STOPPED:
		return xstrdup("stopped after its last expected line");
	}
	return xstrdup("ended");
}
