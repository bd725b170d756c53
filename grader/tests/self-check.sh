#!/bin/bash
# make test's self-check suite, over every lab of the tree: the reference
# earns full marks and the handout nothing on the solution tests
# (vlab-grade self-check), and what the grader wrote for both is what
# Gradescope, a JUnit reader and a TAP harness accept: results.json with
# Gradescope's fields, JUnit XML that parses (and is valid against
# junit-10.xsd where this machine has it), TAP that the stock prove reads.
set -u
cd "$(dirname "$0")/../.."
. tools/testlib.sh
BUILD=${BUILD:-build}
G=${GRADER:-$BUILD/grader/vlab-grade}
out=$BUILD/self-check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$G" self-check --quiet --out "$out" | tee "$tmp/log"
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/log" | tail -n 1)
if [ -z "$line" ]; then
	not_ok "vlab-grade self-check" "ended without its 'N passed, M failed' line"
else
	pass=$((pass + ${line%% passed*}))
	f=${line#*passed, }
	fail=$((fail + ${f%% failed*}))
fi

gcc -O2 -Wall -Wextra -Werror -std=gnu11 -o "$tmp/results_check" grader/tests/results_check.c \
	-ljson-c || exit 1
. grader/tests/junit-check.sh

# TAP 13: the version line, a plan 1..N, N test lines, and prove (Debian's
# stock TAP harness) reading it without a parse error.
tap_ok() {
	local n
	n=$(sed -n 2p "$1" | sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p')
	[ "$(head -n 1 "$1")" = "TAP version 13" ] && [ -n "$n" ] &&
		[ "$(grep -cE '^(not )?ok [0-9]+ ' "$1")" = "$n" ] &&
		prove -e cat "$1" 2>&1 | grep -q "Files=1, Tests=$n," &&
		! prove -e cat "$1" 2>&1 | grep -q 'Parse errors'
}

echo "-- what the grader wrote"
for lab in labs/*/tests/grade.ini; do
	name=$(basename "$(dirname "$(dirname "$lab")")")
	for tree in reference handout; do
		d=$out/$name/$tree
		if why=$("$tmp/results_check" "$d/results.json"); then
			ok "$name $tree: results.json has Gradescope's fields"
		else
			not_ok "$name $tree: results.json has Gradescope's fields" "$why"
		fi
		if why=$(junit_check "$d/junit.xml"); then
			ok "$name $tree: junit.xml $JUNIT_CHECK"
		else
			not_ok "$name $tree: junit.xml $JUNIT_CHECK" "$(echo "$why" | head -n 3 | tr '\n' ' ')"
		fi
		expect "$name $tree: results.tap is TAP 13 that prove reads, with a plan that matches" tap_ok "$d/results.tap"
	done
done
summary
