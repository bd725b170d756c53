#!/bin/sh
# Gradescope runs this once, as root, when it builds the autograder image on
# the Ubuntu (or Debian) base the instructor picked: install make, then only
# what grading this lab needs (the grader's packages and the [lab] packages
# of its grade.ini: make deps-grade), and build the grader.
# (VLAB_SETUP_NO_DEPS skips the installs, for the grader's own test on a
# machine that has them.)
set -eu
cd "$(dirname "$0")/tree"
lab=$(cat ../lab)
if [ -z "${VLAB_SETUP_NO_DEPS:-}" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends make
	make -s deps-grade LAB="$lab"
fi
make -s vlab-grade
# What the lab's build stands on (the mini-kernel and the toolkit, [lab]
# prebuild =), made once here: a submission's grade then builds only the lab.
build/grader/vlab-grade prebuild "$lab"
