/* Error reports.  Every failing system call is reported once, where it
 * failed, with the call, its argument and what to check next:
 *
 *	jail: chroot(/srv/rootfs): No such file or directory (build it with mkrootfs)
 *
 * and the caller returns -1 up to main, which chooses the exit status. */
#ifndef LAB01_ERR_H
#define LAB01_ERR_H

/* Print "PROG: CALL(ARG): strerror(errno)", then " (HINT)" unless hint is
 * NULL; errno is preserved.  Returns -1. */
int sys_fail(const char *call, const char *arg, const char *hint);

/* Print "PROG: " and the formatted message.  Returns -1. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
