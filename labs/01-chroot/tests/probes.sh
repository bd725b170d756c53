# Sourced by escapes.sh and real-root.sh: the run's seed ($VLAB_SEED, set
# by the grader; random otherwise), ./rootfs with the three probes and
# the seed in /seed, ./marker outside it, and jail() with an empty
# environment and descriptor 7 open on this folder (the leak).
build=$(cd "$(dirname "$0")/../build" && pwd)
seed=${VLAB_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}

"$build/mkrootfs" rootfs || exit 1
cp "$build/probe_chroot" "$build/probe_fd" "$build/probe_proc" rootfs/bin/ || exit 1
echo "$seed" >rootfs/seed || exit 1
echo "marker-$seed" >marker || exit 1

jail() { env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin "$build/jail" "$@" 2>&1 7<"$PWD"; }
