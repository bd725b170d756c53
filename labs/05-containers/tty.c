/* A terminal of the container's own (--tty), as `docker run -t` and runc's
 * process.terminal give one.  Without it the container shares the
 * terminal it was started from, in a session of its own (init.c): it can
 * read and write the terminal, and nothing more.  With it, the container
 * gets a new pseudo-terminal (pty(7)): the command is the leader of a
 * session whose controlling terminal is the pty's slave end, so job
 * control, line editing and window sizes work inside, and whatever it
 * types into its terminal (TIOCSTI) stays in its own.  The runtime keeps
 * the master end and relays: the user's keystrokes to the master, the
 * master's output to the user, the window size on SIGWINCH.  The user's
 * terminal is raw meanwhile, so every key reaches the container as it is
 * (Ctrl-C too: the pty's line discipline turns it into the container's
 * SIGINT). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "ctr.h"

static struct termios saved; /* the user's terminal, while it is raw */
static bool raw;

/* The user's window size on the container's terminal. */
static void copy_size(int master)
{
	struct winsize ws;
	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

int tty_open(struct container *c)
{
	c->tty_master = c->tty_slave = -1;
	if (!c->tty)
		return 0;
	char name[64];
	c->tty_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->tty_master < 0 || grantpt(c->tty_master) < 0 || unlockpt(c->tty_master) < 0 ||
	    ptsname_r(c->tty_master, name, sizeof(name)) != 0)
		return fail("is /dev/pts mounted?", "posix_openpt");
	c->tty_slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (c->tty_slave < 0)
		return fail(NULL, "open(%s)", name);
	copy_size(c->tty_master);
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		struct termios t = saved;
		cfmakeraw(&t);
		raw = tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0;
	}
	return 0;
}

/* In the container: the slave end as stdin, stdout and stderr.  The
 * command (session leader in its own session) also takes it as its
 * controlling terminal; init only stops holding the user's terminal. */
int tty_attach(const struct container *c, bool controlling)
{
	if (!c->tty)
		return 0;
	if (controlling && (setsid() < 0 || ioctl(c->tty_slave, TIOCSCTTY, 0) < 0))
		return fail(NULL, "setsid, ioctl(TIOCSCTTY)");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(c->tty_slave, fd) < 0)
			return fail(NULL, "dup2(terminal, %d)", fd);
	return 0;
}

/* Copy what is there from one descriptor to another: what read(2)
 * returned (0 at the end, -1 with errno). */
static ssize_t pass(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));
	for (ssize_t done = 0, w; n > 0 && done < n; done += w)
		if ((w = write(to, buf + done, (size_t)(n - done))) < 0)
			return -1;
	return n;
}

/* Whether pass() found its source at its end, or failed for good: errno
 * says something only when it returned -1. */
static bool ended(ssize_t passed)
{
	return passed == 0 || (passed < 0 && errno != EINTR);
}

/* The end of the user's input, as the container's terminal knows it: its
 * end-of-file character (Ctrl-D) ends a read in canonical mode. */
static void pass_eof(int master)
{
	struct termios t;
	if (tcgetattr(master, &t) == 0 && write(master, &t.c_cc[VEOF], 1) < 0)
		return; /* the container is leaving */
}

/* The runtime's wait for the container's first process, relaying the
 * terminal meanwhile; the signals it gets (blocked, read from a signalfd)
 * are passed on as in wait_container(), SIGWINCH as the new size. */
int tty_relay(struct container *c, pid_t pid, const sigset_t *forward)
{
	close(c->tty_slave); /* the container's copies are what keep it open */
	c->tty_slave = -1;
	int sig_fd = signalfd(-1, forward, SFD_CLOEXEC);
	if (sig_fd < 0)
		return fail(NULL, "signalfd");
	struct pollfd p[3] = { { sig_fd, POLLIN, 0 },
		               { c->tty_master, POLLIN, 0 },
		               { STDIN_FILENO, POLLIN, 0 } };
	int status = -1;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0) {
			status = fail(NULL, "waitpid(%d)", (int)pid);
			break;
		}
		if (poll(p, 3, -1) < 0 && errno != EINTR) {
			status = fail(NULL, "poll");
			break;
		}
		struct signalfd_siginfo si;
		if ((p[0].revents & POLLIN) && read(sig_fd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGWINCH)
				copy_size(c->tty_master);
			else if (si.ssi_signo != SIGCHLD)
				kill(pid, (int)si.ssi_signo);
		}
		/* EIO: no process holds the slave end any more. */
		if (p[1].revents && ended(pass(c->tty_master, STDOUT_FILENO)))
			p[1].fd = -1;
		if (p[2].revents && ended(pass(STDIN_FILENO, c->tty_master))) {
			p[2].fd = -1;
			pass_eof(c->tty_master);
		}
	}
	/* What the container wrote last, still in the pty. */
	if (fcntl(c->tty_master, F_SETFL, O_NONBLOCK) == 0)
		while (pass(c->tty_master, STDOUT_FILENO) > 0)
			;
	close(sig_fd);
	return status;
}

void tty_close(struct container *c)
{
	if (raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	raw = false;
	if (c->tty_slave >= 0)
		close(c->tty_slave);
	if (c->tty_master >= 0)
		close(c->tty_master);
	c->tty_master = c->tty_slave = -1;
}
