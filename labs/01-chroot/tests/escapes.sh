#!/bin/sh
# Every escape probe against every jail, one line each:
#
#	JAIL PROBE: ESCAPED <marker> | contained (<why>)
#
# Run in an empty writable folder, as root or as root of a user namespace
# (unshare -r).  The marker holds the run's seed ($VLAB_SEED, set by the
# grader; random otherwise) and lives outside the rootfs, in this folder.
# The jails get an empty environment, so a probe learns the seed only by
# reading the marker.  Descriptor 7, open on this folder, is the leak.
set -u
build=$(cd "$(dirname "$0")/../build" && pwd)
seed=${VLAB_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}

"$build/mkrootfs" rootfs || exit 1
cp "$build/probe_chroot" "$build/probe_fd" "$build/probe_proc" rootfs/bin/ || exit 1
echo "marker-$seed" >marker || exit 1

for jail in naive hardened namespace; do
	case $jail in
	naive) flag= ;;
	hardened) flag=-H ;;
	namespace) flag=-N ;;
	esac
	for probe in chroot fd proc; do
		out=$(env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin \
			"$build/jail" $flag rootfs "/bin/probe_$probe" "$PWD/marker" 2>&1 7<"$PWD")
		echo "$jail $probe: $out"
	done
done
