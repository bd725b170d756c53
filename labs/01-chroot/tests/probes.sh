# Sourced by escapes.sh, terminal.sh and real-root.sh: the run's seed
# ($VLAB_SEED, set by the grader; random otherwise), ./rootfs with the
# probes and the seed in /seed, ./marker outside it, jail() with an empty
# environment and descriptor 7 open on this folder (the leak),
# flag(), the option of each jail by name, and tty_probes(), the tty
# probe on a pty of its own, bare then in every jail (terminal.sh).
build=$(cd "$(dirname "$0")/../build" && pwd)
seed=${VLAB_SEED:-$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')}

"$build/mkrootfs" rootfs || exit 1
cp "$build/probe_chroot" "$build/probe_fd" "$build/probe_proc" "$build/probe_tty" \
	"$build/probe_door" rootfs/bin/ || exit 1
echo "$seed" >rootfs/seed || exit 1
echo "marker-$seed" >marker || exit 1

jail() { env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin "$build/jail" "$@" 2>&1 7<"$PWD"; }

flag() {
	case $1 in
	naive) ;;
	hardened) echo -H ;;
	namespace) echo -N ;;
	esac
}

tty_probes() {
	for j in bare naive hardened namespace; do
		if [ $j = bare ]; then
			"$build/pty-run" rootfs/bin/probe_tty "$seed"
		else
			"$build/pty-run" env -i PATH=/bin:/sbin:/usr/bin:/usr/sbin \
				"$build/jail" $(flag $j) rootfs /bin/probe_tty "$seed"
		fi 2>&1 | sed "s/^/$j: /"
	done
}
