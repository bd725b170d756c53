#!/bin/sh
# The jails as real root.  First the hardened jail, where become_user() is
# what takes root away: no user namespace in between, so the command must
# come out with the real uid and gid 1000 of the rootfs's `user`, nothing
# in its permitted or effective capability sets, and the host's own id map.
#
#	hardened ids: seed S uid U gid G groups L prm P eff E map M
#	naive proc: ESCAPED <marker> | contained (<why>)
#	hardened PROBE: ESCAPED <marker> | contained (<why>)
#
# As uid 0 without CAP_SYS_PTRACE, a probe may still open /proc/1/root of
# the jail's init, another uid-0 process: only a real change of uid stops
# the proc probe here.  The naive line shows the probe works in this run.
#
# Then the doors that root of the initial user namespace opens from any
# mount namespace (tests/probe_door.c), in the naive jail (to show each
# door is there) and in the namespace jail:
#
#	namespace ids: uid U map M
#	JAIL DOOR: ESCAPED <marker> | OPEN (<what>) | contained (<why>)
#
# And the terminal (terminal.sh), where root may push input into any
# terminal it holds (CAP_SYS_ADMIN), even without being in its session:
#
#	JAIL: probe: ... | JAIL: host input: ...
#
# Run in an empty writable folder, as real root (sudo); the seed, the
# rootfs and the marker are made by probes.sh.  The door probes write
# nothing the host keeps, but the values of the sysctls they write back
# are checked before and after all the same.
set -u
. "$(dirname "$0")/probes.sh"

ids='echo "seed $(cat /seed) uid $(id -u) gid $(id -g) groups $(id -G)" \
	"prm $(awk "/^CapPrm:/ { print \$2 }" /proc/self/status)" \
	"eff $(awk "/^CapEff:/ { print \$2 }" /proc/self/status)" \
	"map $(awk "{ print \$1, \$2, \$3; exit }" /proc/self/uid_map)"'
echo "hardened ids: $(jail -H rootfs /bin/sh -c "$ids")"
echo "namespace ids: $(jail -N rootfs /bin/sh -c 'echo "uid $(id -u) map $(cat /proc/self/uid_map)"' |
	tr -s ' ')"
rm rootfs/seed || exit 1

echo "naive proc: $(jail rootfs /bin/probe_proc "$PWD/marker")"
for probe in chroot fd proc; do
	echo "hardened $probe: $(jail -H rootfs "/bin/probe_$probe" "$PWD/marker")"
done

sysctls() { cat /proc/sys/kernel/core_pattern /proc/sys/kernel/poweroff_cmd; }
before=$(sysctls)
handle=$("$build/probe_door" handle-of "$PWD/marker") || exit 1
for j in naive namespace; do
	echo "$j handle: $(jail $(flag $j) rootfs /bin/probe_door handle "$PWD/marker" "$handle")"
	echo "$j release_agent: $(jail $(flag $j) rootfs /bin/probe_door release_agent)"
	echo "$j core_pattern: $(jail $(flag $j) rootfs /bin/probe_door sysctl core_pattern)"
	echo "$j poweroff_cmd: $(jail $(flag $j) rootfs /bin/probe_door sysctl poweroff_cmd)"
	echo "$j mknod: $(jail $(flag $j) rootfs /bin/probe_door mknod)"
done
[ "$(sysctls)" = "$before" ] && echo "host sysctls: unchanged" || echo "host sysctls: CHANGED"

tty_probes
