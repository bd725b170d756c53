/* Capability sets (capabilities(7)): root's privilege cut into ~40 bits,
 * each checked by the kernel for one kind of operation. */
#ifndef LAB01_CAPS_H
#define LAB01_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The five sets of a thread; bit N is capability N of
 * <linux/capability.h> (CAP_SYS_CHROOT is 18). */
struct capsets {
	uint64_t effective, permitted, inheritable, bounding, ambient;
};

#define CAP_BIT(cap) (1ULL << (cap))

/* A capability the hardened jail takes away, and the escape it opens. */
struct dropped_cap {
	int cap;
	const char *name;
	const char *why;
};

extern const struct dropped_cap dropped_caps[];
extern const size_t ndropped_caps;

/* The bits of dropped_caps[]. */
uint64_t dropped_mask(void);

/* The sets a thread holds after execve() of a program that has no file
 * capabilities and no set-user-ID bit (busybox, the probes).  root: the
 * thread's real or effective uid is 0 in its user namespace, which makes
 * the kernel treat the program as if it had every file capability. */
struct capsets caps_after_exec(struct capsets before, bool root);

/* The calling thread's sets (capget(2), PR_CAPBSET_READ, PR_CAP_AMBIENT).
 * Returns 0, or -1 after reporting the failing call. */
int caps_read(struct capsets *c);

/* Take caps out of the calling thread's inheritable set (capset(2)).
 * Returns 0, or -1 after reporting the failing call. */
int caps_clear_inheritable(uint64_t caps);

#endif
