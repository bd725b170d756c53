/* The jail: the steps each kind of jail takes between fork() and
 * execve(), one file per kind (jail.c, harden.c, pivot.c). */
#ifndef LAB01_JAIL_H
#define LAB01_JAIL_H

/* Each returns 0 with the calling process inside ROOTFS, its working
 * directory at its root, and a /proc mounted for it; or -1 after
 * reporting what failed. */
int enter_chroot(const char *rootfs);   /* jail.c: part A */
int enter_hardened(const char *rootfs); /* harden.c: part C */
int enter_pivot(const char *rootfs);    /* pivot.c: part D */

/* Mount a fresh proc file system (proc(5)) on target. */
int mount_proc(const char *target);

/* Close every descriptor but standard input, output and error. */
int close_inherited(void);

#endif
