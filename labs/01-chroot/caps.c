/* Capability sets: which ones the hardened jail drops, and what a
 * program holds after execve().  The second is the reason the first is
 * done through the bounding set: a process running as root gets its
 * permitted set refilled from the bounding set at every execve(), so
 * clearing only the effective set lasts until the next exec. */
#define _GNU_SOURCE
#include "caps.h"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "err.h"

const struct dropped_cap dropped_caps[] = {
	{ CAP_SYS_CHROOT, "CAP_SYS_CHROOT", "chroot() again: the double-chroot escape" },
	{ CAP_SYS_ADMIN, "CAP_SYS_ADMIN", "mount, pivot_root, namespaces: a new view of the host" },
	{ CAP_MKNOD, "CAP_MKNOD", "device nodes: open the host's disk from inside" },
	{ CAP_SYS_PTRACE, "CAP_SYS_PTRACE", "/proc/PID/root and ptrace of processes outside" },
};
const size_t ndropped_caps = sizeof(dropped_caps) / sizeof(dropped_caps[0]);

uint64_t dropped_mask(void)
{
	uint64_t mask = 0;
	for (size_t i = 0; i < ndropped_caps; i++)
		mask |= CAP_BIT(dropped_caps[i].cap);
	return mask;
}

struct capsets caps_after_exec(struct capsets before, bool root)
{
	/* TODO(part C): apply the rules of capabilities(7), "Transformation of
	 * capabilities during execve()", for a file without capabilities:
	 * inheritable, bounding and ambient are kept; permitted becomes
	 * ambient, plus (bounding | inheritable) for root; effective becomes
	 * the new permitted.  Tested by the unit tests caps:* and, through
	 * the jail's own check, by the hardened-* tests. */
	/* BEGIN SOLUTION */ /* STUB: (void)root; return before; */
	struct capsets after = before;
	after.permitted = before.ambient;
	if (root)
		after.permitted |= before.bounding | before.inheritable;
	after.effective = after.permitted;
	return after;
	/* END SOLUTION */
}

int caps_read(struct capsets *c)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	if (syscall(SYS_capget, &head, data) < 0)
		return sys_fail("capget", "0", NULL);
	*c = (struct capsets){
		.effective = data[0].effective | (uint64_t)data[1].effective << 32,
		.permitted = data[0].permitted | (uint64_t)data[1].permitted << 32,
		.inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32,
	};
	/* The kernel answers EINVAL past its last capability. */
	for (int cap = 0; cap < 64; cap++) {
		int in_bounding = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (in_bounding < 0)
			break;
		if (in_bounding)
			c->bounding |= CAP_BIT(cap);
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) == 1)
			c->ambient |= CAP_BIT(cap);
	}
	return 0;
}

int caps_clear_inheritable(uint64_t caps)
{
	struct __user_cap_header_struct head = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	if (syscall(SYS_capget, &head, data) < 0)
		return sys_fail("capget", "0", NULL);
	data[0].inheritable &= ~(uint32_t)caps;
	data[1].inheritable &= ~(uint32_t)(caps >> 32);
	if (syscall(SYS_capset, &head, data) < 0)
		return sys_fail("capset", "inheritable", NULL);
	return 0;
}
