/* What every escape probe prints, on one line of standard output:
 *
 *	ESCAPED <the marker's first line>   it read the marker outside the jail
 *	contained (<why not>)               it could not
 *
 * A probe is run inside a jail as PROBE MARKER, where MARKER is the
 * absolute path of the marker file as the host names it. */
#ifndef LAB01_PROBE_H
#define LAB01_PROBE_H

/* Read the marker at path, relative to the working directory unless it
 * starts with '/'.  Prints ESCAPED and its first line and returns 1 when
 * it could; returns 0 and leaves errno set when it could not. */
int try_marker(const char *path);

/* Print "contained (<formatted reason>)".  Returns 0, the probe's exit
 * status: a probe that ran has done its job either way. */
int contained(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The probe's MARKER argument, or exit with a usage message. */
const char *probe_marker(int argc, char **argv);

#endif
