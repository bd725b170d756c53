/* The jail's terminal.  A command that shares the caller's terminal can
 * type into it: ioctl(TIOCSTI) pushes bytes into a terminal's input
 * queue, and the caller's shell reads them as if the user had typed them
 * once the jail has exited.  So the command runs in a session of its own,
 * and, when the jail was started from a terminal, on a pseudo-terminal
 * of its own whose other side the launcher relays (pty(7)). */
#ifndef LAB01_TERMINAL_H
#define LAB01_TERMINAL_H

#include <stdbool.h>
#include <sys/types.h>
#include <termios.h>

struct terminal {
	int master, slave; /* the jail's pty, or -1 when it has none */
	bool tty[3];       /* which of descriptors 0, 1, 2 are a terminal */
	int host_in;       /* the caller's terminal to read keys from, or -1 */
	int host_out;      /* the caller's terminal to show output on, or -1 */
	bool raw;          /* host_in was put in raw mode; saved is its old mode */
	struct termios saved;
};

/* In the launcher, before the jail's processes exist: when any of
 * descriptors 0, 1, 2 is a terminal, open a pty for the jail (master and
 * slave, both close-on-exec) with the caller's window size and mode.
 * Sets t->master = t->slave = -1 when there is no terminal.  Returns 0,
 * or -1 after reporting what failed. */
int terminal_open(struct terminal *t);

/* In the command's process, before it enters the jail: a new session,
 * and, when t has a pty, the pty as its controlling terminal in place of
 * each of descriptors 0, 1, 2 that was a terminal.  Returns 0, or -1
 * after reporting what failed. */
int terminal_attach(const struct terminal *t);

/* In the launcher, once the jail runs: the caller's terminal in raw mode
 * (the jail's pty does the line editing and turns ^C into SIGINT), keys
 * copied to the master and output back, until every process of the jail
 * has closed the slave; SIGTERM, SIGHUP and SIGINT sent to the launcher
 * are passed to the jail's init.  The caller's mode is restored before it
 * returns.  Returns 0, or -1 after reporting what failed. */
int terminal_relay(struct terminal *t, pid_t init);

/* In the jail's init, once the command is forked: the init's own
 * descriptors of the caller's terminal replaced by the pty's slave, so
 * that no process of the jail holds the caller's terminal (a command that
 * may open /proc/1/fd/0 would find it there), then the pty's descriptors
 * closed.  Returns 0, or -1 after reporting what failed. */
int terminal_leave(struct terminal *t);

/* Close the launcher's copies of the pty's descriptors. */
void terminal_close(struct terminal *t, bool master_too);

#endif
