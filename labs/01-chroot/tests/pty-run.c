/* pty-run: run a command on a terminal of its own, as a shell would, and
 * show what the command left in that terminal's input.
 *
 *	pty-run CMD [ARG...]
 *
 * It makes a pty (pty(7)) and a session whose controlling terminal is
 * the pty, in raw mode (no echo, no line editing: every byte waits in the
 * input queue as it came), runs CMD there in the foreground and waits for
 * it, then reads what is waiting in the input, where the next command of
 * an interactive shell would be read from:
 *
 *	<CMD's output>
 *	status N
 *	host input: none | host input: "<bytes, C-escaped>"
 *
 * Anything a command pushes into its caller's terminal (ioctl TIOCSTI)
 * shows up on the last line. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void die(const char *call, const char *arg)
{
	fprintf(stderr, "pty-run: %s(%s): %s\n", call, arg, strerror(errno));
	exit(125);
}

/* Print the bytes pending in the terminal at fd, without waiting. */
static void show_pending(int fd)
{
	char buf[512];
	if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0)
		die("fcntl", "O_NONBLOCK");
	ssize_t n = read(fd, buf, sizeof(buf));
	if (n < 0 && errno != EAGAIN)
		die("read", "the terminal's input");
	if (n <= 0) {
		printf("host input: none\n");
		return;
	}
	printf("host input: \"");
	for (ssize_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n' || c == '\r')
			printf(c == '\n' ? "\\n" : "\\r");
		else if (c < ' ' || c > '~' || c == '"' || c == '\\')
			printf("\\%03o", c);
		else
			putchar(c);
	}
	printf("\"\n");
}

/* The session leader: the terminal's own shell. */
static int session(const char *slave_name, char **cmd)
{
	if (setsid() < 0)
		die("setsid", "");
	int slave =
		open(slave_name, O_RDWR); /* a session leader's first terminal becomes its own */
	if (slave < 0)
		die("open", slave_name);
	struct termios raw;
	if (tcgetattr(slave, &raw) < 0)
		die("tcgetattr", slave_name);
	cfmakeraw(&raw);
	if (tcsetattr(slave, TCSANOW, &raw) < 0)
		die("tcsetattr", slave_name);
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			die("dup2", slave_name);
	close(slave);
	pid_t child = fork();
	if (child < 0)
		die("fork", cmd[0]);
	if (child == 0) {
		execvp(cmd[0], cmd);
		die("execvp", cmd[0]);
	}
	int status;
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid", cmd[0]);
	fflush(stdout);
	printf("status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	show_pending(0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pty-run CMD [ARG...]\n");
		return 125;
	}
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("posix_openpt", "/dev/ptmx");
	const char *slave_name = ptsname(master);
	if (!slave_name)
		die("ptsname", "/dev/ptmx");
	fflush(stdout);
	pid_t leader = fork();
	if (leader < 0)
		die("fork", "session");
	if (leader == 0)
		exit(session(slave_name, argv + 1));
	/* Everything the session writes, until its last process closes the
	 * terminal (EIO). */
	char buf[4096];
	ssize_t n;
	while ((n = read(master, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EIO)
			break;
		if (n < 0)
			die("read", "the terminal's output");
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			die("fwrite", "standard output");
	}
	int status;
	while (waitpid(leader, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid", "session");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}
