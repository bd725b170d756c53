/* probe_tty: type into every terminal the probe holds, as a command that
 * wants its caller's shell to run something once it has exited.
 *
 *	probe_tty SEED
 *
 * prints what its terminal situation is, then one line per terminal
 * descriptor:
 *
 *	probe: seed SEED session own|inherited terminal own|inherited|none
 *	fd N: TIOCSTI accepted|refused (<why>), TIOCLINUX accepted|refused (<why>)
 *
 * "session own": the probe leads its session (setsid(2) made it); the
 * terminal is its own when descriptor 0 is the controlling terminal of
 * that session.  TIOCSTI pushes "echo injected-SEED" and a newline into
 * the terminal's input, byte by byte; TIOCLINUX asks a virtual console to
 * paste its selection there (TIOCL_PASTESEL), which a pty refuses. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define TIOCL_PASTESEL 3 /* <linux/tiocl.h> */

static void report(const char *what, int rc)
{
	if (rc == 0)
		printf("%s accepted", what);
	else
		printf("%s refused (%s)", what, strerror(errno));
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: probe_tty SEED\n");
		return 2;
	}
	char text[64];
	snprintf(text, sizeof(text), "echo injected-%s\n", argv[1]);
	pid_t sid = getsid(0);
	pid_t tty_sid = tcgetsid(0);
	printf("probe: seed %s session %s terminal %s\n", argv[1],
	       sid == getpid() ? "own" : "inherited",
	       tty_sid < 0                         ? "none"
	       : tty_sid == sid && sid == getpid() ? "own"
	                                           : "inherited");
	fflush(stdout);
	for (int fd = 0; fd < 1024; fd++) {
		if (!isatty(fd))
			continue;
		int rc = 0;
		for (const char *c = text; *c && rc == 0; c++)
			rc = ioctl(fd, TIOCSTI, c);
		printf("fd %d: ", fd);
		report("TIOCSTI", rc);
		char paste = TIOCL_PASTESEL;
		printf(", ");
		report("TIOCLINUX", ioctl(fd, TIOCLINUX, &paste));
		printf("\n");
		fflush(stdout);
	}
	return 0;
}
