#!/bin/sh
# Gradescope runs this once, as root, when it builds the autograder image:
# install vlab's Debian packages and build the grader.
set -eu
cd "$(dirname "$0")/tree"
make -s deps
make -s grader
