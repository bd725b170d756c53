/* The namespace jail's user namespace (part D).  A mount namespace hides
 * the host's files, not the host's kernel: root of the initial user
 * namespace still holds every capability over the whole machine (file
 * handles, cgroup release agents, core_pattern, device nodes, modules).
 * So the namespace jail's command runs as root of a user namespace of its
 * own, whose root is an unprivileged uid outside and whose capabilities
 * reach only the namespaces it owns.
 *
 * The command makes the namespace; its uid_map can only be written from
 * the parent namespace with CAP_SETUID there (user_namespaces(7)), so the
 * jail's init writes it.  They talk over a socket pair made by the init. */
#ifndef LAB01_USERNS_H
#define LAB01_USERNS_H

#include <sys/types.h>

/* The uid and gid outside that the jail's root becomes, when the caller's
 * user namespace has it (as real root: the first subordinate id that
 * useradd(8) hands out, subuid(5)); otherwise the caller's own, the only
 * one an unprivileged user namespace maps (unshare -r). */
#define USERNS_OUTSIDE_ID 100000

/* In the init, before it forks the command: a connected pair, sync[0]
 * for the init, sync[1] for the command.  Returns 0, or -1 after
 * reporting what failed. */
int userns_sync_open(int sync[2]);

/* In the command, after the last mount: a user namespace of its own, with
 * uid and gid 0 mapped by the init.  Returns 0, or -1 after reporting
 * what failed. */
int userns_enter(int sync);

/* In the init: wait for the command's request on sync and write its maps
 * (/proc/CHILD/uid_map, gid_map); a command that execs without asking
 * closes its end, and nothing is written.  Returns 0, or -1 after
 * reporting what failed. */
int userns_map(int sync, pid_t child);

#endif
