/* ptyrun COMMAND [ARG...]: run COMMAND as a shell would from a terminal,
 * and show what the terminal holds for the shell once COMMAND is done.
 *
 * A new pseudo-terminal plays the user's terminal.  The child plays the
 * interactive shell: the leader of the terminal's session, with the
 * terminal as its controlling terminal and its stdin, stdout and stderr.
 * It runs COMMAND (vlab-ctr, in the tests) in the foreground, waits, then
 * reads what is waiting in the terminal's input: input a container typed
 * there with TIOCSTI would be the shell's next command.  It prints
 *
 *	host read: nothing                  or   host read: TEXT
 *	status N                            COMMAND's exit status
 *
 * The parent copies everything written to the terminal to its own stdout.
 * The terminal is raw (no echo, no line editing, no "\r\n"): what is read
 * and printed is exactly what was typed or written. */
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

static void die(const char *what)
{
	fprintf(stderr, "ptyrun: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* The shell's part, in the terminal's session. */
static void shell(const char *slave_name, char **argv)
{
	if (setsid() < 0)
		die("setsid");
	int tty = open(slave_name, O_RDWR); /* the first terminal a leader opens: its own */
	if (tty < 0)
		die(slave_name);
	if (ioctl(tty, TIOCSCTTY, 0) < 0)
		die("ioctl(TIOCSCTTY)");
	struct termios raw;
	if (tcgetattr(tty, &raw) < 0)
		die("tcgetattr");
	cfmakeraw(&raw);
	if (tcsetattr(tty, TCSANOW, &raw) < 0)
		die("tcsetattr");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(tty, fd) < 0)
			die("dup2");
	if (tty > 2)
		close(tty);
	setvbuf(stdout, NULL, _IONBF, 0);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execvp(argv[0], argv);
		die(argv[0]);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	/* What a shell would read next: whatever is queued, without waiting. */
	char typed[256];
	int flags = fcntl(0, F_GETFL);
	if (flags < 0 || fcntl(0, F_SETFL, flags | O_NONBLOCK) < 0)
		die("fcntl");
	ssize_t n = read(0, typed, sizeof(typed) - 1);
	if (n > 0) {
		typed[n] = '\0';
		typed[strcspn(typed, "\n")] = '\0';
		printf("host read: %s\n", typed);
	} else {
		printf("host read: nothing\n");
	}
	printf("status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	exit(0);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: ptyrun COMMAND [ARG...]\n");
		return 2;
	}
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
		die("posix_openpt");
	const char *slave_name = ptsname(master);
	if (!slave_name)
		die("ptsname");
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0)
		shell(slave_name, argv + 1);
	/* EIO once the shell and everything it started have closed the
	 * terminal. */
	char buf[4096];
	ssize_t n;
	while ((n = read(master, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			die("write");
	int status;
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}
