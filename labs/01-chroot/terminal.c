/* The jail's terminal (terminal.h).  Two rules of the tty driver decide
 * what a jailed command can do to the terminal it was started from
 * (ioctl_tty(2), TIOCSTI; drivers/tty/tty_io.c):
 *
 *	a process may push input into its controlling terminal only;
 *	CAP_SYS_ADMIN in the initial user namespace may push into any
 *	terminal it has a descriptor of.
 *
 * A new session (setsid(2)) has no controlling terminal, which is enough
 * against the first rule; only a command without a descriptor of the
 * caller's terminal is safe from the second.  So the command gets a pty
 * of its own, and the caller's terminal stays with the launcher, outside
 * the jail. */
#define _GNU_SOURCE
#include "terminal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "err.h"
#include "files.h"

int terminal_open(struct terminal *t)
{
	t->master = t->slave = t->host_in = t->host_out = -1;
	t->raw = false;
	for (int fd = 0; fd < 3; fd++)
		t->tty[fd] = isatty(fd);
	if (t->tty[0])
		t->host_in = 0;
	t->host_out = t->tty[1] ? 1 : t->tty[2] ? 2 : -1;
	/* TODO(part E): when none of descriptors 0, 1, 2 is a terminal,
	 * return 0 with no pty.  Otherwise open one (pty(7)):
	 * posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC), grantpt(3),
	 * unlockpt(3), then open ptsname(3) with O_RDWR | O_NOCTTY | O_CLOEXEC.
	 * Give the slave the caller's terminal mode (tcgetattr(3) and
	 * tcsetattr(3) on the first descriptor that is a terminal) and window
	 * size (ioctl_tty(2): TIOCGWINSZ, TIOCSWINSZ).  Tested by
	 * terminal-pty and terminal-real-root. */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	int tty = t->tty[0] ? 0 : t->tty[1] ? 1 : t->tty[2] ? 2 : -1;
	if (tty < 0)
		return 0;
	t->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->master < 0)
		return sys_fail("posix_openpt", "O_RDWR|O_NOCTTY",
		                "is devpts mounted on /dev/pts?");
	if (grantpt(t->master) < 0 || unlockpt(t->master) < 0)
		return sys_fail("grantpt/unlockpt", "/dev/ptmx", NULL);
	const char *name = ptsname(t->master);
	if (!name)
		return sys_fail("ptsname", "/dev/ptmx", NULL);
	t->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (t->slave < 0)
		return sys_fail("open", name, NULL);
	struct termios mode;
	struct winsize size;
	if (tcgetattr(tty, &mode) < 0)
		return sys_fail("tcgetattr", "the caller's terminal", NULL);
	if (tcsetattr(t->slave, TCSANOW, &mode) < 0)
		return sys_fail("tcsetattr", name, NULL);
	if (ioctl(tty, TIOCGWINSZ, &size) < 0)
		return sys_fail("ioctl(TIOCGWINSZ)", "the caller's terminal", NULL);
	if (ioctl(t->slave, TIOCSWINSZ, &size) < 0)
		return sys_fail("ioctl(TIOCSWINSZ)", name, NULL);
	return 0;
	/* END SOLUTION */
}

int terminal_attach(const struct terminal *t)
{
	/* TODO(part E): setsid(2): the command leaves the caller's session,
	 * so the caller's terminal is no longer its controlling terminal.
	 * Then, when t has a pty: make the slave the controlling terminal of
	 * the new session (ioctl_tty(2): TIOCSCTTY) and dup2(2) it over each
	 * of descriptors 0, 1, 2 that t->tty says was a terminal: the command
	 * must hold no descriptor of the caller's terminal.  Tested by
	 * terminal-session, terminal-pty and terminal-real-root. */
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	if (setsid() < 0)
		return sys_fail("setsid", "the command", NULL);
	if (t->slave < 0)
		return 0;
	if (ioctl(t->slave, TIOCSCTTY, 0) < 0)
		return sys_fail("ioctl(TIOCSCTTY)", "the jail's pty", NULL);
	for (int fd = 0; fd < 3; fd++)
		if (t->tty[fd] && dup2(t->slave, fd) < 0)
			return sys_fail("dup2", "the jail's pty", NULL);
	return 0;
	/* END SOLUTION */
}

void terminal_close(struct terminal *t, bool master_too)
{
	if (t->slave >= 0)
		close(t->slave);
	t->slave = -1;
	if (master_too && t->master >= 0) {
		close(t->master);
		t->master = -1;
	}
}

int terminal_leave(struct terminal *t)
{
	for (int fd = 0; fd < 3; fd++)
		if (t->slave >= 0 && t->tty[fd] && dup2(t->slave, fd) < 0)
			return sys_fail("dup2", "the jail's pty", NULL);
	terminal_close(t, true);
	return 0;
}

static int raw_mode(struct terminal *t)
{
	if (tcgetattr(t->host_in, &t->saved) < 0)
		return sys_fail("tcgetattr", "the caller's terminal", NULL);
	struct termios raw = t->saved;
	cfmakeraw(&raw);
	if (tcsetattr(t->host_in, TCSANOW, &raw) < 0)
		return sys_fail("tcsetattr", "the caller's terminal", NULL);
	t->raw = true;
	return 0;
}

/* The caller's window changed size: so does the jail's pty, whose
 * foreground process group gets its own SIGWINCH from the kernel. */
static int copy_size(const struct terminal *t)
{
	struct winsize size;
	int from = t->host_in >= 0 ? t->host_in : t->host_out;
	if (ioctl(from, TIOCGWINSZ, &size) < 0)
		return sys_fail("ioctl(TIOCGWINSZ)", "the caller's terminal", NULL);
	if (ioctl(t->master, TIOCSWINSZ, &size) < 0)
		return sys_fail("ioctl(TIOCSWINSZ)", "the jail's pty", NULL);
	return 0;
}

/* One step of the relay: copy what fd has to to (or drop it when to is
 * -1).  Returns 1 while fd stays open, 0 at its end, -1 on an error. */
static int pass(int fd, int to, const char *what)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	/* EIO: the master's end once no process holds the slave; the
	 * caller's terminal after a hangup. */
	if (n == 0 || (n < 0 && errno == EIO))
		return 0;
	if (n < 0)
		return sys_fail("read", what, NULL);
	if (to >= 0 && write_all(to, buf, (size_t)n, what) < 0)
		return -1;
	return 1;
}

int terminal_relay(struct terminal *t, pid_t init)
{
	if (t->master < 0)
		return 0;
	/* Taken as events, not as deaths: a resize, and the signals that
	 * would end the launcher with the caller's terminal left raw. */
	sigset_t events;
	sigemptyset(&events);
	sigaddset(&events, SIGWINCH);
	sigaddset(&events, SIGTERM);
	sigaddset(&events, SIGHUP);
	sigaddset(&events, SIGINT);
	if (sigprocmask(SIG_BLOCK, &events, NULL) < 0)
		return sys_fail("sigprocmask", "SIGWINCH|SIGTERM|SIGHUP|SIGINT", NULL);
	int sig = signalfd(-1, &events, SFD_CLOEXEC);
	if (sig < 0)
		return sys_fail("signalfd", "SIGWINCH|SIGTERM|SIGHUP|SIGINT", NULL);
	int rc = t->host_in >= 0 ? raw_mode(t) : 0;
	struct pollfd fds[] = {
		{ .fd = t->master, .events = POLLIN },
		{ .fd = t->host_in, .events = POLLIN },
		{ .fd = sig, .events = POLLIN },
	};
	while (rc == 0) {
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			rc = sys_fail("poll", "the jail's pty", NULL);
			break;
		}
		if (fds[0].revents) {
			int open = pass(t->master, t->host_out, "the jail's output");
			if (open <= 0) {
				rc = open;
				break;
			}
		}
		if (fds[1].revents) {
			int open = pass(t->host_in, t->master, "the caller's keys");
			if (open < 0)
				rc = -1;
			else if (open == 0)
				fds[1].fd = -1; /* no more keys; the jail's output still counts */
		}
		if (fds[2].revents) {
			struct signalfd_siginfo info;
			if (read(sig, &info, sizeof(info)) != sizeof(info))
				rc = sys_fail("read", "signalfd", NULL);
			else if (info.ssi_signo == SIGWINCH)
				rc = copy_size(t);
			/* The init passes it to the command; when the
			 * command ends, so does the jail, and the master's end
			 * follows. */
			else if (kill(init, (int)info.ssi_signo) < 0)
				rc = sys_fail("kill", "jail init", NULL);
		}
	}
	if (t->raw && tcsetattr(t->host_in, TCSANOW, &t->saved) < 0)
		rc = sys_fail("tcsetattr", "the caller's terminal (restoring it)", NULL);
	close(sig);
	terminal_close(t, true);
	return rc;
}
