#!/bin/sh
# Terminal injection: the tty probe run on a terminal of its own
# (pty-run), first with no jail, then in every jail:
#
#	JAIL: probe: seed S session own|inherited terminal own|inherited|none
#	JAIL: fd N: TIOCSTI accepted|refused (<why>), TIOCLINUX ...
#	JAIL: status N
#	JAIL: host input: none | "<what the probe typed into it>"
#
# where JAIL is bare (no jail), naive, hardened or namespace.  The last
# line is what the shell that started the jail would read next: a jail
# that holds leaves it empty.  Without a jail the probe's text is there,
# unless the kernel refuses TIOCSTI to everyone
# (dev.tty.legacy_tiocsti = 0, Linux 6.2 and later).  Run in an empty
# writable folder, as root or as root of a user namespace (unshare -r).
set -u
. "$(dirname "$0")/probes.sh"

tty_probes
