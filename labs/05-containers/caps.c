/* Capabilities (capabilities(7)): root's power cut into pieces.  The
 * container keeps a small set, Docker's default, enough for a root that
 * installs packages and binds low ports, and not the pieces that reach
 * the host's kernel (CAP_SYS_ADMIN: mount, CAP_SYS_MODULE, CAP_SYS_PTRACE,
 * CAP_NET_ADMIN, ...).  Three sets must shrink:
 *   bounding  the ceiling over every later exec (PR_CAPBSET_DROP);
 *   ambient   what an exec hands to a non-root program (cleared);
 *   effective, permitted, inheritable: capset(2).
 * Then no_new_privs (prctl(2)): no exec, setuid or file capabilities may
 * give anything back. */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ctr.h"

#define CAP_BIT(c) (1ULL << (c))

/* Names as in capabilities(7), without "CAP_", lower case. */
static const char *const cap_names[] = {
	[CAP_CHOWN] = "chown",
	[CAP_DAC_OVERRIDE] = "dac_override",
	[CAP_DAC_READ_SEARCH] = "dac_read_search",
	[CAP_FOWNER] = "fowner",
	[CAP_FSETID] = "fsetid",
	[CAP_KILL] = "kill",
	[CAP_SETGID] = "setgid",
	[CAP_SETUID] = "setuid",
	[CAP_SETPCAP] = "setpcap",
	[CAP_LINUX_IMMUTABLE] = "linux_immutable",
	[CAP_NET_BIND_SERVICE] = "net_bind_service",
	[CAP_NET_BROADCAST] = "net_broadcast",
	[CAP_NET_ADMIN] = "net_admin",
	[CAP_NET_RAW] = "net_raw",
	[CAP_IPC_LOCK] = "ipc_lock",
	[CAP_IPC_OWNER] = "ipc_owner",
	[CAP_SYS_MODULE] = "sys_module",
	[CAP_SYS_RAWIO] = "sys_rawio",
	[CAP_SYS_CHROOT] = "sys_chroot",
	[CAP_SYS_PTRACE] = "sys_ptrace",
	[CAP_SYS_PACCT] = "sys_pacct",
	[CAP_SYS_ADMIN] = "sys_admin",
	[CAP_SYS_BOOT] = "sys_boot",
	[CAP_SYS_NICE] = "sys_nice",
	[CAP_SYS_RESOURCE] = "sys_resource",
	[CAP_SYS_TIME] = "sys_time",
	[CAP_SYS_TTY_CONFIG] = "sys_tty_config",
	[CAP_MKNOD] = "mknod",
	[CAP_LEASE] = "lease",
	[CAP_AUDIT_WRITE] = "audit_write",
	[CAP_AUDIT_CONTROL] = "audit_control",
	[CAP_SETFCAP] = "setfcap",
	[CAP_MAC_OVERRIDE] = "mac_override",
	[CAP_MAC_ADMIN] = "mac_admin",
	[CAP_SYSLOG] = "syslog",
	[CAP_WAKE_ALARM] = "wake_alarm",
	[CAP_BLOCK_SUSPEND] = "block_suspend",
	[CAP_AUDIT_READ] = "audit_read",
	[CAP_PERFMON] = "perfmon",
	[CAP_BPF] = "bpf",
	[CAP_CHECKPOINT_RESTORE] = "checkpoint_restore",
};
#define NCAPS ((int)(sizeof(cap_names) / sizeof(*cap_names)))

/* Docker's default set (moby, oci/caps/defaults.go). */
uint64_t caps_default(void)
{
	return CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) | CAP_BIT(CAP_FSETID) |
	       CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_NET_RAW) |
	       CAP_BIT(CAP_SETGID) | CAP_BIT(CAP_SETUID) | CAP_BIT(CAP_SETFCAP) |
	       CAP_BIT(CAP_SETPCAP) | CAP_BIT(CAP_NET_BIND_SERVICE) | CAP_BIT(CAP_SYS_CHROOT) |
	       CAP_BIT(CAP_KILL) | CAP_BIT(CAP_AUDIT_WRITE);
}

/* "default", "none", "all", or names: "chown,net_raw" (CAP_CHOWN also). */
int caps_parse(const char *list, uint64_t *caps)
{
	*caps = 0;
	char *copy = strdupa(list), *save = NULL;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "default")) {
			*caps |= caps_default();
			continue;
		}
		if (!strcmp(w, "all")) {
			*caps = ~0ULL;
			continue;
		}
		if (!strcmp(w, "none"))
			continue;
		const char *name = strncasecmp(w, "CAP_", 4) ? w : w + 4;
		int i = 0;
		while (i < NCAPS && strcasecmp(cap_names[i], name))
			i++;
		if (i == NCAPS)
			return fail_msg("unknown capability '%s' (see capabilities(7))", w);
		*caps |= CAP_BIT(i);
	}
	return 0;
}

/* The highest capability this kernel knows. */
static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = CAP_LAST_CAP;
	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = CAP_LAST_CAP;
		fclose(f);
	}
	return last;
}

int caps_apply(const struct container *c)
{
	/* TODO(S6): for every capability up to last_cap() that c->caps does
	 * not keep, prctl(PR_CAPBSET_DROP, cap); prctl(PR_CAP_AMBIENT,
	 * PR_CAP_AMBIENT_CLEAR_ALL); capset(2) (syscall(SYS_capset, ...),
	 * _LINUX_CAPABILITY_VERSION_3: two 32-bit words) with effective,
	 * permitted and inheritable = c->caps; last
	 * prctl(PR_SET_NO_NEW_PRIVS, 1).  The bounding set first: dropping
	 * from it needs CAP_SETPCAP, which capset may take away (man 7
	 * capabilities, man 2 prctl; tested by s6-caps, s6-caps-rootless). */
	/* BEGIN SOLUTION */ /* STUB: (void)c; (void)last_cap; return 0; */
	int last = last_cap();
	for (int cap = 0; cap <= last; cap++)
		if (!(c->caps & CAP_BIT(cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
			return fail("dropping needs CAP_SETPCAP", "prctl(PR_CAPBSET_DROP, %s)",
			            cap < NCAPS ? cap_names[cap] : "?");
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
		return fail(NULL, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	for (int i = 0; i < 2; i++) {
		uint32_t word = (uint32_t)(c->caps >> (32 * i));
		data[i] = (struct __user_cap_data_struct){ word, word, word };
	}
	if (syscall(SYS_capset, &hdr, data) < 0) {
		/* A set may keep only what we have: keep what we have of it. */
		struct __user_cap_data_struct have[2];
		if (syscall(SYS_capget, &hdr, have) < 0)
			return fail(NULL, "capget");
		for (int i = 0; i < 2; i++) {
			data[i].permitted &= have[i].permitted;
			data[i].effective = data[i].inheritable = data[i].permitted;
		}
		if (syscall(SYS_capset, &hdr, data) < 0)
			return fail(NULL, "capset");
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(NULL, "prctl(PR_SET_NO_NEW_PRIVS)");
	return 0;
	/* END SOLUTION */
}
