#!/bin/sh
# Part A from the outside: build a rootfs, run commands in the naive jail,
# feed it bad input.  One labelled line per fact, checked by grade.ini.
# Run in an empty writable folder, as root or as root of a user namespace
# (unshare -r).  The seed ($VLAB_SEED, or random) is written into the
# rootfs: only a command that runs inside it can print it back.
set -u
build=$(cd "$(dirname "$0")/../build" && pwd)
seed=${VLAB_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}
jail() { env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin "$build/jail" "$@"; }

"$build/mkrootfs" rootfs || exit 1
echo "rootfs: $(ls rootfs | tr '\n' ' ')"
echo "seed $seed" >rootfs/seed

jail rootfs /bin/sh -c '
	echo "inside: $(cat /seed)"
	echo "cwd: $(pwd)"
	echo "root: $(ls / | tr "\n" " ")"
	echo "pid: $$"
	echo "proc: $(ls -d /proc/[0-9]* | tr "\n" " ")"
	echo "user: $(id user)"
	echo "tmp: $(stat -c %a /tmp)"'
echo "mounts left: $(grep -c " $PWD/rootfs/proc " /proc/self/mountinfo)"

jail rootfs /bin/sh -c 'exit 42'
echo "exit: $?"
jail rootfs /bin/sh -c 'kill -TERM $$'
echo "signal: $?"
jail "$PWD/missing-$seed" /bin/sh -c true
echo "bad rootfs: $?"
jail rootfs "/bin/missing-$seed"
echo "missing command: $?"
