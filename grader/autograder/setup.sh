#!/bin/sh
# Gradescope runs this once, as root, when it builds the autograder image:
# install vlab's Debian packages and build the grader.  (VLAB_SETUP_NO_DEPS
# skips the install, for the grader's own test on a machine that has them.)
set -eu
cd "$(dirname "$0")/tree"
[ -n "${VLAB_SETUP_NO_DEPS:-}" ] || make -s deps
make -s grader
