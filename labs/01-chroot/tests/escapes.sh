#!/bin/sh
# Every jail from inside, then every escape probe against every jail:
#
#	JAIL inside: seed S USER chroot=B admin=B mknod=B ptrace=B nnp=B
#	JAIL PROBE: ESCAPED <marker> | contained (<why>)
#
# where each B is one bit of the command's bounding set (1: the capability
# can still be had) or its no_new_privs flag.  Run in an empty writable
# folder, as root or as root of a user namespace (unshare -r).  The seed
# ($VLAB_SEED, set by the grader; random otherwise) is in the rootfs while
# the inside lines are printed, to show they come from inside, and in the
# marker, which lives outside the rootfs in this folder.  The probes run
# with the seed gone from the rootfs and an empty environment, so a probe
# learns it only by reading the marker.  Descriptor 7, open on
# this folder, is the leak.
set -u
. "$(dirname "$0")/probes.sh"

# Capability numbers: <linux/capability.h>.
inspect='b=0x$(awk "/^CapBnd:/ { print \$2 }" /proc/self/status)
nnp=$(awk "/^NoNewPrivs:/ { print \$2 }" /proc/self/status)
echo "seed $(cat /seed) $(id -un) chroot=$((b >> 18 & 1)) admin=$((b >> 21 & 1))" \
	"mknod=$((b >> 27 & 1)) ptrace=$((b >> 19 & 1)) nnp=$nnp"'
for j in naive hardened namespace; do
	echo "$j inside: $(jail $(flag $j) rootfs /bin/sh -c "$inspect")"
done
# From here on the seed is only outside the rootfs, in the marker.
rm rootfs/seed || exit 1

for j in naive hardened namespace; do
	for probe in chroot fd proc; do
		echo "$j $probe: $(jail $(flag $j) rootfs "/bin/probe_$probe" "$PWD/marker")"
	done
done
