/* The jail: the steps each kind of jail takes between fork() and
 * execve(), one file per kind (jail.c, harden.c, pivot.c). */
#ifndef LAB01_JAIL_H
#define LAB01_JAIL_H

/* Each returns 0 with the calling process inside ROOTFS, its working
 * directory at its root, and a /proc mounted for it; or -1 after
 * reporting what failed. */
int enter_chroot(const char *rootfs);   /* jail.c: part A */
int enter_hardened(const char *rootfs); /* harden.c: part C */
/* pivot.c: part D; userns_sync: the command's end of userns.h's pair */
int enter_pivot(const char *rootfs, int userns_sync);

/* Mount a fresh proc file system (proc(5)) on ROOTFS's proc directory,
 * resolved inside ROOTFS (rootfs.h: BENEATH). */
int mount_proc(const char *rootfs);

/* Close every descriptor but standard input, output and error. */
int close_inherited(void);

#endif
