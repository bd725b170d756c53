# Sourced by the tree's shell test scripts: count checks, print one line per
# check, end with "N passed, M failed" (the line tools/run-tests sums).
pass=0
fail=0

ok() {
	echo "ok   $1"
	pass=$((pass + 1))
}

not_ok() {
	echo "FAIL $1: $2"
	fail=$((fail + 1))
}

# expect NAME CONDITION-COMMAND... : ok if the command succeeds.
expect() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name" "'$*' is false"; fi
}

summary() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
