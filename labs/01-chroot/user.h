/* The unprivileged user the hardened jail runs its command as, looked up
 * in the jail's own /etc/passwd (the host's user names mean nothing in
 * there). */
#ifndef LAB01_USER_H
#define LAB01_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The user mkrootfs creates and the hardened jail becomes. */
#define JAIL_USER "user"

/* Find the line of NAME in the text of a passwd(5) file
 * ("name:password:uid:gid:gecos:home:shell") and store its uid and gid.
 * Returns 0, or -1 when no well-formed line has that name. */
int passwd_find(const char *text, const char *name, uid_t *uid, gid_t *gid);

/* Whether the text of a /proc/PID/uid_map or gid_map (lines "inside
 * outside count", user_namespaces(7)) maps id: only a mapped id can be
 * taken with setuid() in this user namespace. */
bool idmap_has(const char *map, unsigned long id);

/* NAME's uid and gid from the passwd file open at descriptor passwd
 * (named file in messages), which is closed.  Returns 0, or -1 after
 * reporting what failed. */
int user_lookup(int passwd, const char *file, const char *name, uid_t *uid, gid_t *gid);

/* Whether this user namespace maps uid and gid (reads /proc/self/uid_map
 * and gid_map).  Returns 1, 0, or -1 after reporting what failed. */
int user_mapped(uid_t uid, gid_t gid);

/* Read the small /proc file path whole into buf, NUL-terminated.
 * Returns 0, or -1 after reporting the failure. */
int read_proc(const char *path, char *buf, size_t size);

/* Write text to a user namespace's /proc file (uid_map, gid_map,
 * setgroups) in one write(2): the kernel takes a map only whole.
 * Returns 0, or -1 after reporting the failure. */
int write_proc(const char *file, const char *text);

#endif
