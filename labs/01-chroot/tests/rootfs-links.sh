#!/bin/sh
# Hostile root file systems: symbolic links that lead out of the rootfs,
# tried on every jail.
#
#	rootfs-links.sh LAYOUT...      LAYOUT: NAME:PATH=TARGET[,PATH=TARGET...]
#
# For the layout "plain" (a rootfs as mkrootfs makes it), then for each
# LAYOUT, a copy of the rootfs (its files hard links, its folders new) in
# which each PATH is replaced by a symbolic link to TARGET (in order: a later link may go through an
# earlier one), and every jail run in it:
#
#	NAME JAIL: <the jail's messages>
#	NAME JAIL: ran uid=U             the command ran, as uid U
#	NAME JAIL: status N              the jail's exit status
#
# The command also tries to read the marker, which lives in this folder,
# outside the rootfs, through "/.." (where a /proc mounted over the host's
# root would show it) and by its own path; a line with the marker's value
# means a link led out.  The rootfs has /etc/passwd.real, a copy of its
# passwd, for layouts whose links stay inside; ./outside-passwd beside
# the marker names the jail's user with another uid, for layouts whose
# links do not.  Run in an empty writable folder, as root or as root of a
# user namespace (unshare -r).
set -u
build=$(cd "$(dirname "$0")/../build" && pwd)
seed=${VLAB_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}
jail() { env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin "$build/jail" "$@" 2>&1; }

"$build/mkrootfs" base || exit 1
cp base/etc/passwd base/etc/passwd.real || exit 1
echo "marker-$seed" >marker || exit 1
echo "user:x:4242:4242::/:/bin/sh" >outside-passwd || exit 1

# The command: the marker through "/..", then by its path; who ran it.
look='for f in "/../../../../../..$1" "$1"; do [ -r "$f" ] && cat "$f"; done; echo "ran uid=$(id -u)"'

for layout in plain: "$@"; do
	name=${layout%%:*}
	links=${layout#*:}
	cp -al base "rootfs-$name" || exit 1
	IFS=,
	for link in $links; do
		path=rootfs-$name/${link%%=*}
		rm -rf "$path" && ln -s "${link#*=}" "$path" || exit 1
	done
	unset IFS
	for j in naive hardened namespace; do
		case $j in
		naive) out=$(jail "rootfs-$name" /bin/sh -c "$look" sh "$PWD/marker") ;;
		hardened) out=$(jail -H "rootfs-$name" /bin/sh -c "$look" sh "$PWD/marker") ;;
		namespace) out=$(jail -N "rootfs-$name" /bin/sh -c "$look" sh "$PWD/marker") ;;
		esac
		status=$?
		echo "$out" | sed "s/^/$name $j: /"
		echo "$name $j: status $status"
	done
done
