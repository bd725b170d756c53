#!/bin/sh
# The hardened jail as real root, where become_user() is what takes root
# away: no user namespace in between, so the command must come out with
# the real uid and gid 1000 of the rootfs's `user`, nothing in its
# permitted or effective capability sets, and the host's own id map.
#
#	hardened ids: seed S uid U gid G groups L prm P eff E map M
#	naive proc: ESCAPED <marker> | contained (<why>)
#	hardened PROBE: ESCAPED <marker> | contained (<why>)
#
# As uid 0 without CAP_SYS_PTRACE, a probe may still open /proc/1/root of
# the jail's init, another uid-0 process: only a real change of uid stops
# the proc probe here.  The naive line shows the probe works in this run.
# Run in an empty writable folder, as real root (sudo); the seed, the
# rootfs and the marker are made by probes.sh.
set -u
. "$(dirname "$0")/probes.sh"

ids='echo "seed $(cat /seed) uid $(id -u) gid $(id -g) groups $(id -G)" \
	"prm $(awk "/^CapPrm:/ { print \$2 }" /proc/self/status)" \
	"eff $(awk "/^CapEff:/ { print \$2 }" /proc/self/status)" \
	"map $(awk "{ print \$1, \$2, \$3; exit }" /proc/self/uid_map)"'
echo "hardened ids: $(jail -H rootfs /bin/sh -c "$ids")"
rm rootfs/seed || exit 1

echo "naive proc: $(jail rootfs /bin/probe_proc "$PWD/marker")"
for probe in chroot fd proc; do
	echo "hardened $probe: $(jail -H rootfs "/bin/probe_$probe" "$PWD/marker")"
done
