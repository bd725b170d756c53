#!/bin/bash
# The grader's own tests.  Each check is one behaviour a lab author, a
# student or an instructor would notice; the last line is "N passed, M failed".
#   BUILD=build GRADER=build/grader/vlab-grade grader/tests/run.sh
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
G=$(realpath "${GRADER:-$BUILD/grader/vlab-grade}")
HERE=$PWD/grader/tests
FAKE_VM=$HERE/fake-vm
. grader/tests/junit-check.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/grader-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
started=$(date +%s)

ok() { echo "ok: $1"; pass=$((pass + 1)); }
no() { echo "FAIL: $1"; [ $# -gt 1 ] && echo "$2" | sed 's/^/    /' | head -n 40; fail=$((fail + 1)); }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() { local d=$1; shift; if out=$("$@" 2>&1); then ok "$d"; else no "$d" "$out"; fi; }

echo "== building the test helpers"
gcc -O2 -Wall -Wextra -Werror -std=gnu11 -o "$T/results_check" "$HERE/results_check.c" -ljson-c || exit 1

# A miniature tree as the instructor has it: the grader's helper, the sample
# lab as labs/01-sample, the emulator-runner cases as labs/02-vmcases.  The
# Gradescope and real-emulator tests further down use a handout of this
# repository instead, with the fixtures as labs 91 and 93.
ROOT=$T/root
mkdir -p "$ROOT/grader" "$ROOT/labs"
cp grader/vlab_unit.c grader/vlab_unit.h "$ROOT/grader/"
cp -r "$HERE/sample-lab" "$ROOT/labs/01-sample"
cp -r "$HERE/vm-lab" "$ROOT/labs/02-vmcases"
export VLAB_VM=$FAKE_VM
# Sandbox uids of our own (batch slot k adds k): other test runs on this
# machine may be grading at the same time.
SB_UID=$((64100 + $$ % 800 * 2))
export VLAB_SANDBOX_UID=$SB_UID

echo "== manifests"
for f in "$HERE"/manifests/*.ini; do
	want=$(head -n 1 "$f" | sed 's/^; expect: //')
	got=$("$G" check "$f" 2>&1)
	rc=$?
	case $got in
	*"$f:$want"*) [ $rc -eq 2 ] && ok "manifest $(basename "$f") rejected: line $want" ||
		no "manifest $(basename "$f"): exit $rc, not 2" ;;
	*) no "manifest $(basename "$f"): want '$f:$want'" "$got" ;;
	esac
done
check "the sample manifest is accepted" "$G" check "$ROOT/labs/01-sample/tests/grade.ini"

echo "== solution markers"
for f in nested unmatched-end unclosed wrapped-stub; do
	want=$(cat "$HERE/markers/$f.expect")
	got=$(cd "$HERE/markers" && "$G" strip "$f.broken" "$T/stripped.c" 2>&1)
	case $got in *"$want"*) ok "markers $f: $want" ;; *) no "markers $f: want '$want'" "$got" ;; esac
done
"$G" strip "$HERE/markers/stubs.S" "$T/stubs.S" 2>&1
check "a solution block becomes its STUB, TODO lines stay" diff -u "$HERE/markers/stubs.S.handout" "$T/stubs.S"

echo "== grading the reference"
"$G" --root "$ROOT" --out "$T/ref" 01 >"$T/ref.txt" 2>&1
rc=$?
R=$T/ref/01-sample/results.json
check "reference: exit status 0 with full marks" test $rc -eq 0
check "reference: terminal says Score: 15/15" grep -qx "Score: 15/15" "$T/ref.txt"
check "reference: terminal ends with '7 passed, 0 failed'" test "$(tail -n 1 "$T/ref.txt")" = "7 passed, 0 failed"
check "reference: results.json has the Gradescope fields" "$T/results_check" "$R"
check "reference: results.json score is 15" grep -q '"score":15' "$R"
check "reference: hidden test visible only after publishing" grep -q '"visibility":"after_published"' "$R"
check "reference: each test records its seed" test "$(grep -c '"seed"' "$R")" -eq 7
check "reference: JUnit XML $JUNIT_CHECK" junit_check "$T/ref/01-sample/junit.xml"
check "reference: TAP 13 with a plan of 7 and 7 ok" \
	sh -c "head -n 2 '$T/ref/01-sample/results.tap' | tr '\n' ' ' | grep -qx 'TAP version 13 1..7 ' &&
	       test \$(grep -c '^ok ' '$T/ref/01-sample/results.tap') -eq 7"
prove -e cat "$T/ref/01-sample/results.tap" >"$T/prove-ref.txt" 2>&1
check "reference: prove reads the TAP file: all 7 pass" sh -c "
	grep -q '^All tests successful' '$T/prove-ref.txt' && grep -q 'Tests=7' '$T/prove-ref.txt'"
check "reference: no colour when stdout is not a terminal" sh -c "! grep -q \$(printf '\033') '$T/ref.txt'"
check "seeds differ from run to run" bash -c "
	'$G' --root '$ROOT' --out '$T/ref2' --quiet 01 >/dev/null 2>&1
	! diff -q <(grep '\"seed\"' '$R') <(grep '\"seed\"' '$T/ref2/01-sample/results.json') >/dev/null" 
check "LAB may be given as a folder" "$G" --root "$ROOT" --out "$T/ref3" --quiet labs/01-sample
check "an unknown LAB is an error (exit 2)" sh -c "'$G' --root '$ROOT' 07 2>&1; test \$? -eq 2"

check "a closed terminal pipe does not stop the grading" sh -c "
	'$G' --root '$ROOT' --out '$T/piped' 01 | head -n 1 >/dev/null
	xmllint --noout '$T/piped/01-sample/junit.xml' && grep -q '\"tests_done\":7' '$T/piped/01-sample/results.json'"

echo "== terminal colours"
if command -v script >/dev/null; then
	script -qec "'$G' --root '$ROOT' --out '$T/tty' 01" /dev/null >"$T/tty.txt" 2>&1
	check "colours on a terminal" grep -q "$(printf '\033')\[32mPASS" "$T/tty.txt"
	NO_COLOR=1 script -qec "'$G' --root '$ROOT' --out '$T/tty' 01" /dev/null >"$T/notty.txt" 2>&1
	check "no colours with NO_COLOR on a terminal" sh -c "! grep -q '$(printf '\033')\[32m' '$T/notty.txt'"
	check "progress shows test n/m on a terminal" grep -q "\[ 1/7" "$T/notty.txt"
fi

echo "== not root (a student's laptop): user namespaces instead of a uid switch"
mkdir -p "$T/user"
cp "$G" "$T/user/vlab-grade"
cp "$FAKE_VM" "$T/user/fake-vm" # this tree may lie where nobody can read it (/root)
cp -r "$ROOT" "$T/user/root"
cp -r "$HERE/cheats/replace-judge" "$T/user/"
chmod -R a+rX "$T" && chown -R 65534:65534 "$T/user"
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T/user" VLAB_VM="$T/user/fake-vm" \
	"$T/user/vlab-grade" --root "$T/user/root" --out "$T/user/out" 01 >"$T/user.txt" 2>&1
check "not root: the reference still earns 15/15" grep -qx "Score: 15/15" "$T/user.txt"
# Not root, the tree copy is the grader's own uid's, as every run is.
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$T/user" VLAB_VM="$T/user/fake-vm" \
	"$T/user/vlab-grade" --root "$T/user/root" --submission "$T/user/replace-judge" \
	--out "$T/user/cheat" 01 >"$T/user-cheat.txt" 2>&1
check "not root: tests cannot replace the tree's binaries (1/15, as a stub)" grep -qx "Score: 1/15" "$T/user-cheat.txt"

echo "== expected lines the grader computes (expect_from)"
EX=$T/expect
mkdir -p "$EX/root/labs"
cp -r "$HERE/expect-lab" "$EX/root/labs/04-expect"
"$G" --root "$EX/root" --out "$EX/out" 04 >"$EX/out.txt" 2>&1
check "expect_from: the lines computed for the seed are found" sh -c "grep -q 'PASS  computed' '$EX/out.txt' && grep -q 'PASS  literal' '$EX/out.txt'"
check "expect_from: a line matches whole and literally, or not at all" sh -c "grep -q 'FAIL  near-miss' '$EX/out.txt' && grep -q 'FAIL  wrong-line' '$EX/out.txt' && grep -qx 'Score: 3/7' '$EX/out.txt'"
check "expect_from: a command that fails fails the test, saying so" grep -q "the expected lines could not be computed (exit 3: exited with status 3)" "$EX/out.txt"
check "requires: a test counts only when the tests it requires pass" sh -c "grep -q 'PASS  printed-with-proof' '$EX/out.txt' && grep -q 'FAIL  printed-without-proof' '$EX/out.txt' && grep -q 'counts only once test wrong-line passes' '$EX/out.txt'"
check "requires: a test that is not before it is refused" sh -c "printf '[lab]\ntitle = x\nstudent_files = a.c\nbuild = true\n[test a]\npoints = 1\nkind = exec\ncommand = true\nrequires = b\n[test b]\npoints = 1\nkind = exec\ncommand = true\n' >'$EX/req.ini'; '$G' check '$EX/req.ini' 2>&1 | grep -q \"test 'a' requires 'b', which is no test before it\""
check "questions: listed with their points, outside the score" sh -c "printf '[lab]\\ntitle = q\\nstudent_files = a.md\\nanswers = a.md\\nbuild = true\\n[test t]\\npoints = 2\\nkind = exec\\ncommand = true\\nstatus = 0\\n[question why]\\npoints = 5\\nask = Why?\\n' >'$EX/q.ini'; mkdir -p '$EX/qroot/labs/05-q/tests' && cp '$EX/q.ini' '$EX/qroot/labs/05-q/tests/grade.ini' && '$G' --root '$EX/qroot' --out '$EX/qout' 05 >'$EX/q.txt' 2>&1; grep -q 'Written questions, graded by hand (5 points, not in this score; answers in labs/05-q/a.md)' '$EX/q.txt' && grep -q '^  why  *5 points  Why?' '$EX/q.txt' && grep -qx 'Score: 2/2' '$EX/q.txt'"
check "questions: an answers file that is no student file is refused" sh -c "sed 's/^answers = a.md/answers = b.md/' '$EX/q.ini' >'$EX/q2.ini'; '$G' check '$EX/q2.ini' 2>&1 | grep -q 'answers = b.md is not one of the student files'"
check "expect_from: refused on a unit test" sh -c "printf '[lab]\ntitle = x\nstudent_files = a.c\nbuild = true\n[test u]\npoints = 1\nkind = unit\nbinary = b\ncase = s:t\nexpect_from = true\n' >'$EX/unit.ini'; '$G' check '$EX/unit.ini' 2>&1 | grep -q 'expect_from = is for exec, qemu and bochs tests'"

echo "== prebuild: what the lab stands on, made once in the pristine tree"
PB=$T/prebuild
mkdir -p "$PB/root/labs"
cp -r "$HERE/prebuild-lab" "$PB/root/labs/06-prebuild"
"$G" --root "$PB/root" --out "$PB/out" 06 >"$PB/1.txt" 2>&1
"$G" --root "$PB/root" --out "$PB/out" 06 >"$PB/2.txt" 2>&1
check "prebuilt: each grade's build finds it up to date (made once, in the pristine tree)" sh -c "
	grep -qx 'Score: 1/1' '$PB/1.txt' && grep -qx 'Score: 1/1' '$PB/2.txt' &&
	test \$(wc -l <'$PB/root/build/tool/log') -eq 1"
mkdir -p "$PB/broken/labs"
cp -r "$HERE/prebuild-lab" "$PB/broken/labs/06-prebuild"
sed -i 's/^prebuild = .*/prebuild = echo broken; exit 1/' "$PB/broken/labs/06-prebuild/tests/grade.ini"
"$G" --root "$PB/broken" --out "$PB/out" 06 >"$PB/3.txt" 2>&1
check "prebuild: a failure is noted, and the build makes the output instead" sh -c "
	grep -qx 'Score: 1/1' '$PB/3.txt' && grep -q 'the prebuild failed' '$PB/3.txt' &&
	grep -q 'the build makes what prebuild would have made' '$PB/3.txt'" "$(cat "$PB/3.txt")"

echo "== who an exec run is: as = user, userns, root"
AS=$T/as
mkdir -p "$AS/root/labs"
cp -r "$HERE/as-lab" "$AS/root/labs/03-as"
"$G" --root "$AS/root" --out "$AS/out" 03 >"$AS/root.txt" 2>&1
check "as: the grader as root runs each as it says" grep -qx "Score: 3/3" "$AS/root.txt"
cp "$G" "$AS/vlab-grade"
chmod -R a+rX "$AS" && chown -R 65534:65534 "$AS"
setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$AS" \
	"$AS/vlab-grade" --root "$AS/root" --out "$AS/out-user" 03 >"$AS/user.txt" 2>&1
check "as: not root, user and userns still run" grep -qx "Score: 2/3" "$AS/user.txt"
check "as: not root, as = root fails saying it needs root" grep -q "run as-root needs real root" "$AS/user.txt"

echo "== the README's example manifest"
sed -n '/^```ini$/,/^```$/p' grader/README.md | sed '1d;$d' >"$T/readme.ini"
check "the README's manifest is accepted" "$G" check "$T/readme.ini"

echo "== handout"
printf '| lab | you build |\n| --- | --- |\n| `labs/01-sample` | sums |\n| `labs/02-vmcases` | boots |\n| `labs/07-later` | later |\n' >"$ROOT/README.md"
"$G" handout --root "$ROOT" --out "$T/handout" >/dev/null 2>"$T/handout.err"
check "handout: the top README's table keeps only the labs it holds" sh -c "
	grep -q 'labs/01-sample' '$T/handout/README.md' && ! grep -q 'labs/07-later' '$T/handout/README.md'"
H=$T/handout/labs/01-sample
check "handout: written" test -f "$H/arith.c"
check "handout: solution gone, stub in place" sh -c "grep -q 'return 0;' '$H/arith.c' && ! grep -q 'return a + b' '$H/arith.c'"
check "handout: TODO lines kept" grep -q "TODO(part A)" "$H/arith.c"
check "handout: hidden test file left out" test ! -e "$H/tests/hidden_test.c"
check "handout: hidden test section left out of grade.ini" sh -c "! grep -q 'hidden-negative' '$H/tests/grade.ini'"
check "handout: its grade.ini is still valid" "$G" check "$H/tests/grade.ini"
check "handout: the secret of the hidden test is nowhere" sh -c "! grep -rq SECRET-HIDDEN '$T/handout'"
check "handout: the grader's own tests are not handed out" test ! -e "$T/handout/grader/tests"
"$G" handout --root "$ROOT" --labs 02 --out "$T/handout02" >/dev/null 2>&1
check "handout LABS=02: only that lab" sh -c "test -d '$T/handout02/labs/02-vmcases' && test ! -e '$T/handout02/labs/01-sample'"
check "handout LABS=02: its README's table names lab 02 alone" sh -c "
	grep -q 'labs/02-vmcases' '$T/handout02/README.md' && ! grep -q 'labs/01-sample' '$T/handout02/README.md'"
# A lab built on another (lab 04 on 02 and 03): the handout carries the
# other's reference solution, markers gone, in the lab's reference/.
cp -r "$ROOT" "$T/reftree"
sed -i 's/^\[lab\]$/[lab]\nreference_labs = 01-sample/' "$T/reftree/labs/02-vmcases/tests/grade.ini"
"$G" handout --root "$T/reftree" --labs 02 --out "$T/handoutref" >/dev/null 2>&1
R=$T/handoutref/labs/02-vmcases/reference/01-sample
check "reference_labs: the handout carries the other lab's solution" grep -q 'return a + b' "$R/arith.c"
check "reference_labs: without its markers" sh -c "! grep -q 'SOLUTION' '$R/arith.c'"
check "reference_labs: the other lab itself is not handed out" test ! -e "$T/handoutref/labs/01-sample"
"$G" handout --root "$T/reftree" --out "$T/handoutboth" >/dev/null 2>"$T/handoutboth.err"
check "reference_labs: handing out both labs at once warns that a solution goes with them" \
	grep -q "warning: labs/02-vmcases carries the solution of labs/01-sample" "$T/handoutboth.err"
# Or compiled, when the instructor says so (--reference objects): the
# lab's reference_objects command writes them, and no source may be left.
cp -r "$T/reftree" "$T/objtree"
M=$T/objtree/labs/02-vmcases/tests/grade.ini
cp "$M" "$M.orig"
sed -i '/^reference_labs = 01-sample$/a reference_objects = mkdir -p "$REFERENCE_OUT/01-sample" \&\& cc -c -o "$REFERENCE_OUT/01-sample/arith.o" labs/01-sample/arith.c' "$M"
"$G" handout --root "$T/objtree" --labs 02 --reference objects --out "$T/handoutobj" >/dev/null 2>&1
R=$T/handoutobj/labs/02-vmcases/reference/01-sample
check "reference_objects: the handout carries the other lab compiled" test -f "$R/arith.o"
check "reference_objects: and not its source" test ! -e "$R/arith.c"
check "reference_objects: the object holds the solution's function" sh -c "nm '$R/arith.o' | grep -q ' T add$'"
got=$("$G" handout --root "$T/reftree" --labs 02 --reference objects --out "$T/handoutnoobj" 2>&1)
case $got in *"no reference_objects command"*"source only"*) ok "reference_objects: a lab without the command cannot hand out objects, and says so" ;;
*) no "reference_objects: a lab without the command cannot hand out objects, and says so" "$got" ;; esac
sed 's|^reference_labs = 01-sample$|reference_labs = 01-sample\nreference_objects = mkdir -p "$REFERENCE_OUT/01-sample" \&\& cp labs/01-sample/arith.c "$REFERENCE_OUT/01-sample/"|' "$M.orig" >"$M"
got=$("$G" handout --root "$T/objtree" --labs 02 --reference objects --out "$T/handoutobj2" 2>&1)
case $got in *"left the source arith.c in reference/01-sample"*) ok "reference_objects: a command that leaves a source is refused" ;;
*) no "reference_objects: a command that leaves a source is refused" "$got" ;; esac
sed 's|^reference_labs = 01-sample$|reference_labs = 01-sample\nreference_objects = false|' "$M.orig" >"$M"
got=$("$G" handout --root "$T/objtree" --labs 02 --reference objects --out "$T/handoutobj3" 2>&1)
case $got in *"reference_objects failed (false)"*) ok "reference_objects: a command that fails is an error" ;;
*) no "reference_objects: a command that fails is an error" "$got" ;; esac
check "handout --reference: anything but objects or source is an error" sh -c "! '$G' handout --root '$ROOT' --reference binary --out '$T/hb' 2>/dev/null"
check "handout LABS=09: an error" sh -c "! '$G' handout --root '$ROOT' --labs 09 --out '$T/h9' 2>/dev/null"
cp -r "$ROOT" "$T/badroot"
cp "$HERE/markers/nested.broken" "$T/badroot/labs/01-sample/arith.c"
got=$("$G" handout --root "$T/badroot" --out "$T/badhandout" 2>&1)
case $got in *"labs/01-sample/arith.c:5: BEGIN SOLUTION inside"*) ok "handout: nested markers name file and line" ;;
*) no "handout: nested markers name file and line" "$got" ;; esac
cp "$HERE/markers/unclosed.broken" "$T/badroot/labs/01-sample/guest.c"
cp "$HERE/sample-lab/arith.c" "$T/badroot/labs/01-sample/arith.c"
got=$("$G" handout --root "$T/badroot" --out "$T/badhandout" 2>&1)
case $got in *"guest.c: solution markers in a file that is not in student_files"*) ok "handout: markers outside student files refused" ;;
*) no "handout: markers outside student files refused" "$got" ;; esac

echo "== grading the handout (what a student starts from)"
"$G" --root "$T/handout" --out "$T/hand" 01 >"$T/hand.txt" 2>&1
rc=$?
check "handout: exit status 1 when points are lost" test $rc -eq 1
check "handout: Score: 1/13 (only the baseline; no hidden test)" grep -qx "Score: 1/13" "$T/hand.txt"
check "handout: diagnostics mark GOOD lines" grep -q "GOOD | boot: seed" "$T/hand.txt"
check "handout: diagnostics name the MISSING regex" grep -q "MISSING '^selftest: add: ok\$'" "$T/hand.txt"
check "handout: a failed unit case shows its input, what came back and what was wanted" grep -q "tests/test_arith.c:8: add(2, 3) = 0, want 5" "$T/hand.txt"
prove -e cat "$T/hand/01-sample/results.tap" >"$T/prove.txt" 2>&1
check "handout: prove reads the TAP file as it is: 6 tests, 5 failed, no parse error" sh -c "
	grep -q 'Tests: 6 Failed: 5' '$T/prove.txt' && ! grep -q 'Parse errors' '$T/prove.txt'"
check "handout: a failed exec check shows the program's own last lines" grep -q "^ *| hello 0$" "$T/hand.txt"
check "handout: Gradescope's output holds that excerpt, not a transcript path" sh -c "
	'$T/results_check' '$T/hand/01-sample/results.json' greet >/dev/null &&
	grep -o '\"output\":\"[^\"]*| hello 0[^\"]*\"' '$T/hand/01-sample/results.json' | grep -v transcript | grep -q ."
check "handout: the terminal names the transcript" grep -q "transcript: $T/hand/01-sample/transcripts/greet.log" "$T/hand.txt"
check "handout: a transcript per failed run" test -s "$T/hand/01-sample/transcripts/boot.log"
echo stale >"$T/hand/01-sample/transcripts/stale.log"
"$G" --root "$T/handout" --out "$T/hand" --test 'greet' 01 >"$T/greet.txt" 2>&1
check "every run starts with an empty transcripts folder" sh -c "
	test ! -e '$T/hand/01-sample/transcripts/stale.log' && test ! -e '$T/hand/01-sample/transcripts/boot.log'"

echo "== narrow grading: some tests, one part"
"$G" --root "$ROOT" --out "$T/narrow" --test 'add selftest-*' 01 >"$T/narrow.txt" 2>&1
check "TEST='add selftest-*': three tests, a score that says it is partial" sh -c "
	grep -qx 'Score: 7/7 (partial: 3 of 7 tests, TEST=add selftest-\*)' '$T/narrow.txt' &&
	test \"\$(tail -n 1 '$T/narrow.txt')\" = '3 passed, 0 failed' &&
	grep -q '\"partial\":\"partial: 3 of 7' '$T/narrow/01-sample/results.json'"
"$G" --root "$ROOT" --out "$T/narrow" --part B 01 >"$T/narrow-b.txt" 2>&1
check "PART=B: the four tests of part B, part A not shown" sh -c "
	grep -qx 'Score: 8/8 (partial: 4 of 7 tests, PART=B)' '$T/narrow-b.txt' && ! grep -q '^Part A' '$T/narrow-b.txt'"
check "TEST=nothing: an error naming the tests there are" sh -c "
	'$G' --root '$ROOT' --out '$T/narrow' --test nothing 01 2>&1 | grep -q 'no test matches TEST=nothing (tests: add carry'"
# A lab's Makefile ends with include $(ROOT)/mk/lab.mk: make grade there is
# the root's make grade for that lab, TEST and PART passed on.
mkdir -p "$T/fromlab/mk" "$T/fromlab/labs/07-x"
cp mk/lab.mk "$T/fromlab/mk/"
printf 'grade:\n\t@echo root: grade LAB=$(LAB) TEST=$(TEST) PART=$(PART)\n' >"$T/fromlab/Makefile"
printf 'ROOT := ../..\nall:\ninclude $(ROOT)/mk/lab.mk\n' >"$T/fromlab/labs/07-x/Makefile"
check "make grade inside a lab folder grades that lab at the root, with TEST and PART" sh -c "
	make -s -C '$T/fromlab/labs/07-x' grade TEST='a b*' PART=A | grep -qx 'root: grade LAB=07-x TEST=a b\* PART=A'"

echo "== a build that fails"
mkdir -p "$T/unused"
sed 's/return a + b;/int unused;\n\treturn a + b;/' "$HERE/hostile/good/arith.c" >"$T/unused/arith.c"
"$G" --root "$ROOT" --submission "$T/unused" --out "$T/unused-out" 01 >"$T/unused.txt" 2>&1
check "an unused variable: a hint with the first error and -Werror" sh -c "
	grep -q \"^hint: arith.c:.*error: unused variable 'unused' \\[-Werror=unused-variable\\]\" '$T/unused.txt' &&
	grep -q '^hint: warnings are errors here (-Werror)' '$T/unused.txt'"

echo "== self-check"
"$G" self-check --root "$ROOT" --out "$T/sc" 01 >"$T/sc.txt" 2>&1
rc=$?
check "self-check of the sample lab: 15 claims, all hold" sh -c "test $rc -eq 0 && tail -n 1 '$T/sc.txt' | grep -qx '15 passed, 0 failed'"
cp -r "$ROOT" "$T/leakyroot"
sed -i 's|/\* STUB: (void)x; return 0; \*/|/* STUB: return x; */|' "$T/leakyroot/labs/01-sample/arith.c"
"$G" self-check --root "$T/leakyroot" --out "$T/sc2" 01 >"$T/sc2.txt" 2>&1
check "self-check catches a stub that passes its tests" grep -q "self-check: FAIL: 01-sample: handout fails carry" "$T/sc2.txt"

echo "== emulator runner"
"$G" --root "$ROOT" --out "$T/vm" 02 >"$T/vm.txt" 2>&1
V=$T/vm/02-vmcases/results.json
check "vm: results.json valid" "$T/results_check" "$V"
check "vm: seed, --args and order checked on one run" sh -c "'$T/results_check' '$V' seed-and-order | grep -q '^passed 1'" 
check "vm: must lines out of order fail" sh -c "'$T/results_check' '$V' wrong-order | grep -q '^failed 0'"
check "vm: a must_not line fails the test and is marked BAD" sh -c "'$T/results_check' '$V' no-failures | grep -q '^failed 0' && grep -q 'BAD  | selftest: gamma: FAIL' '$T/vm.txt'"
check "vm: status = 1 matches tools/vm's exit 1 (powered off, status 1)" sh -c "'$T/results_check' '$V' powered-off-1 | grep -q '^passed 1'"
check "vm: kind bochs boots bochs" sh -c "'$T/results_check' '$V' bochs | grep -q '^passed 1'"
check "vm: stops early after the summary line" sh -c "'$T/results_check' '$V' stops-early | awk '\$1==\"passed\" && \$3 < 5 {ok=1} END {exit !ok}'"
check "vm: stops early on a panic, keeps the dump" sh -c "'$T/results_check' '$V' panic | awk '\$1==\"crashed\" && \$3 < 5 {ok=1} END {exit !ok}' && grep -q 'rip=ffffffff80001234' '$T/vm/02-vmcases/transcripts/panic.log'"
check "vm: a triple fault (exit 2) is reported with tools/vm's words" sh -c "'$T/results_check' '$V' triple | grep -q '^crashed 0' && grep -q 'vm: qemu: triple fault' '$T/vm.txt'"
check "vm: a hang is killed at its timeout" sh -c "'$T/results_check' '$V' hang | awk '\$1==\"timeout\" && \$3 < 6 {ok=1} END {exit !ok}'"
check "vm: a flood is cut at the output cap" sh -c "'$T/results_check' '$V' flood | grep -q '^output-limit 0'"
check "vm: terminal ends with '6 passed, 6 failed'" test "$(tail -n 1 "$T/vm.txt")" = "6 passed, 6 failed"
check "exec: runs as the sandbox uid, cannot write the tree, leaves its file" sh -c "'$T/results_check' '$V' exec-user | grep -q '^passed 1'"
check "exec: as = userns is root of its own user namespace" sh -c "'$T/results_check' '$V' exec-userns | grep -q '^passed 1'"
check "vm: a failed run's transcript holds its whole output" grep -q "selftest: 2 passed, 1 failed" "$T/vm/02-vmcases/transcripts/selftests.log"

echo "== results survive a killed grader"
"$G" --root "$ROOT" --out "$T/killed" --quiet 02 >/dev/null 2>&1 &
gpid=$!
sleep 1
kill -9 $gpid
wait $gpid 2>/dev/null
check "killed mid-run: results.json still valid" "$T/results_check" "$T/killed/02-vmcases/results.json"
check "killed mid-run: unfinished tests say not-run" grep -q '"outcome":"not-run"' "$T/killed/02-vmcases/results.json"
sleep 0.5
check "killed mid-run: no sandboxed process left behind" sh -c "! pgrep -u $SB_UID >/dev/null"

echo "== hostile submissions (batch mode, -j 2)"
"$G" batch -j 2 --submissions "$HERE/hostile" --root "$ROOT" --out "$T/hostile" 01 >"$T/batch.txt" 2>&1
check "batch: exits 0 when every submission was graded" test $? -eq 0
check "batch: gradebook.csv has a row per submission" test "$(($(wc -l <"$T/hostile/gradebook.csv") - 1))" -eq "$(grep -vc '^#' "$HERE/hostile/expected")"
check "batch: gradebook.json written" grep -q '"submission":"good"' <(tr -d ' \n' <"$T/hostile/gradebook.json")
while read -r name want why; do
	case $name in '#'* | '') continue ;; esac
	got=$(awk -F, -v n="$name" '$1 == n {print $2}' "$T/hostile/gradebook.csv")
	[ "$got" = "$want" ] && ok "hostile $name: $got/15 ($why)" || no "hostile $name: $got/15, expected $want ($why)" "$(cat "$T/hostile/$name.log" 2>/dev/null)"
done <"$HERE/hostile/expected"
check "hostile: every results.json still valid" sh -c "for f in '$T'/hostile/*/01-sample/results.json; do '$T/results_check' \"\$f\" || exit 1; done"
check "hostile: the hidden test's text reached no report" sh -c "! grep -rq SECRET-HIDDEN '$T/hostile'"
# The pristine tree outside /tmp (which every run sees fresh and empty),
# readable by everyone as an instructor's checkout is: only the sandbox's
# cover over --root keeps it out of reach.
HUNT=$(mktemp -d "$PWD/$BUILD/grader-hunt.XXXXXX")
trap 'rm -rf "$T" "$HUNT"' EXIT
cp -r "$ROOT" "$HUNT/root"
mkdir -p "$T/hunt"
chmod -R a+rX "$HUNT"
sed "s|@ROOT@|$HUNT/root|g" "$HERE/templates/hunt-root.c" >"$T/hunt/arith.c"
"$G" --root "$HUNT/root" --submission "$T/hunt" --out "$T/hunt-out" --quiet 01 >"$T/hunt.txt" 2>&1
check "hostile: code that knows the pristine tree's path cannot read it" sh -c "
	grep -q 'hunt: $HUNT/root/labs/01-sample/tests/hidden_test.c: cannot open' '$T/hunt-out/01-sample/results.json' &&
	! grep -rq SECRET-HIDDEN '$T/hunt-out'"
check "hostile: unprintable output leaves JUnit XML $JUNIT_CHECK" junit_check "$T/hostile/garbage/01-sample/junit.xml"
check "hostile: a NUL does not hide the rest of its line" grep -q "?panic: after a NUL" "$T/hostile/garbage/01-sample/results.json"
check "hostile: loop is scored as a timeout" sh -c "'$T/results_check' '$T/hostile/loop/01-sample/results.json' add | grep -q '^timeout'"
check "hostile: membomb is scored as a crash" sh -c "'$T/results_check' '$T/hostile/membomb/01-sample/results.json' add | grep -q '^crashed'"
check "hostile: flood is scored as output-limit" sh -c "'$T/results_check' '$T/hostile/flood/01-sample/results.json' add | grep -q '^output-limit'"
check "hostile: exit(0) is caught" grep -q "the tested code ended the test before this check: it exited with status 0" "$T/hostile/exit-zero/01-sample/results.json"
check "hostile: no process of the sandbox uids survives" sh -c "! pgrep -u $SB_UID,$((SB_UID + 1)) >/dev/null"
check "hostile: /tmp is private to each run" test ! -e /tmp/results.json

echo "== cheats: passing without the work (batch mode, -j 2)"
"$G" batch -j 2 --submissions "$HERE/cheats" --root "$ROOT" --out "$T/cheats" 01 >"$T/cheats.txt" 2>&1
while read -r name want why; do
	case $name in '#'* | '') continue ;; esac
	got=$(awk -F, -v n="$name" '$1 == n {print $2}' "$T/cheats/gradebook.csv")
	[ "$got" = "$want" ] && ok "cheat $name: $got/15 ($why)" || no "cheat $name: $got/15, expected $want ($why)" "$(cat "$T/cheats/$name.log" 2>/dev/null)"
done <"$HERE/cheats/expected"
check "cheats: the judge was neither traced nor written" sh -c "cd '$T/cheats/attack-judge/01-sample/transcripts' && ls add.* carry.* >/dev/null && ! grep -q 'attack: attached\\|is open for writing' add.* carry.* hidden-negative.*"
check "cheats: a forged channel is reported out of step" grep -rq "out of step" "$T/cheats/forge-channel/01-sample/results.json"

echo "== batch: one failure never stops the others"
mkdir -p "$T/subs/smith, jo \"jj\"" "$T/subs/broken" "$T/subs/zz-last" "$T/batch2"
cp "$HERE/hostile/good/arith.c" "$T/subs/smith, jo \"jj\"/"
cp "$HERE/hostile/good/arith.c" "$T/subs/broken/"
cp "$HERE/hostile/good/arith.c" "$T/subs/zz-last/"
: >"$T/batch2/broken" # its output folder cannot be made: that grading fails
"$G" batch -j 2 --submissions "$T/subs" --root "$ROOT" --out "$T/batch2" 01 >"$T/batch2.txt" 2>&1
check "batch: exit status 2 when a submission could not be graded" test $? -eq 2
check "batch: the failed submission is an error row" grep -qx 'broken,0,15,error,0,0,0,0,0,0,0,0,0' "$T/batch2/gradebook.csv"
check "batch: the others are graded, the name with a comma quoted" sh -c "
	grep -qx '\"smith, jo \"\"jj\"\"\",15,15,graded,7,8,2,3,2,1,2,3,2' '$T/batch2/gradebook.csv' &&
	grep -q '^zz-last,15,15,graded' '$T/batch2/gradebook.csv'"

echo "== gradebook: per-part columns, and what happened to each submission"
mkdir -p "$T/book/1-reference" "$T/book/2-empty" "$T/book/3-half" "$T/book/4-broken"
cp "$HERE/hostile/good/arith.c" "$T/book/1-reference/"
sed 's/return x;/(void)x;\n\treturn 0;/' "$HERE/hostile/good/arith.c" >"$T/book/3-half/arith.c"
cp "$T/unused/arith.c" "$T/book/4-broken/"
"$G" batch -j 2 --submissions "$T/book" --root "$ROOT" --out "$T/book-out" 01 >"$T/book.txt" 2>&1
check "gradebook: a column per part after the status" \
	grep -qx 'submission,score,max_score,status,part A,part B,add,carry,hidden-negative,boots,selftest-add,selftest-carry,greet' "$T/book-out/gradebook.csv"
check "gradebook: the reference is graded, 15/15" grep -qx '1-reference,15,15,graded,7,8,2,3,2,1,2,3,2' "$T/book-out/gradebook.csv"
check "gradebook: an empty submission is not submitted, baseline only" grep -qx '2-empty,1,15,not submitted,0,1,0,0,0,1,0,0,0' "$T/book-out/gradebook.csv"
check "gradebook: a half-done submission is graded, its parts apart" grep -q '^3-half,[0-9]*,15,graded,' "$T/book-out/gradebook.csv"
check "gradebook: a submission that does not compile is build failed" grep -qx '4-broken,0,15,build failed,0,0,0,0,0,0,0,0,0' "$T/book-out/gradebook.csv"
check "gradebook.json: parts and status" sh -c "tr -d ' \n' <'$T/book-out/gradebook.json' | grep -q '\"status\":\"buildfailed\",\"parts\":{\"A\":0[.0]*,\"B\":0[.0]*}'"

echo "== grading inside a chroot whose / is not a mount point"
# A root made of the host's /usr, /etc and /dev, with this test's folder at
# its own path; each case in a mount namespace of its own.
C=$T/chroot
mkdir -p "$C/usr" "$C/etc" "$C/proc" "$C/dev" "$C/tmp" "$C/var/tmp" "$C$T"
chmod 1777 "$C/tmp" "$C/var/tmp"
for d in bin lib lib64 sbin; do ln -s usr/$d "$C/$d"; done
cp "$FAKE_VM" "$T/fake-vm"
cp "$G" "$T/vlab-grade-chroot"
in_chroot() { # SHARED(0|1) OUT [ROOT LAB]: grade a lab (the sample) in the chroot
	unshare -m --propagation private sh -c "
		if [ $1 = 1 ]; then mount --bind '$T' '$T' && mount --make-shared '$T'; fi
		mount --rbind /usr '$C/usr' && mount --bind /etc '$C/etc' && mount --rbind /dev '$C/dev' &&
		mount -t proc proc '$C/proc' && mount --bind '$T' '$C$T' &&
		chroot '$C' /usr/bin/env VLAB_VM='$T/fake-vm' VLAB_SANDBOX_UID=$SB_UID '$T/vlab-grade-chroot' --root '${3:-$ROOT}' --out '$T/$2' ${4:-01}
		echo \"mounts left at the chroot's root: \$(awk '\$5 == \"$C\"' /proc/self/mountinfo | wc -l)\""
}
in_chroot 0 in-chroot >"$T/chroot.txt" 2>&1
check "chroot: the reference earns 15/15 (the root bound onto itself, made private)" grep -qx "Score: 15/15" "$T/chroot.txt"
check "chroot: no mount of the sandbox's reaches the namespace around it" grep -qx "mounts left at the chroot's root: 0" "$T/chroot.txt"
in_chroot 0 in-chroot-as "$AS/root" 03 >"$T/chroot-as.txt" 2>&1
check "chroot: as = userns fails saying the kernel refuses user namespaces in a chroot" \
	grep -q "the kernel refuses a user namespace in a chroot" "$T/chroot-as.txt"
in_chroot 1 in-chroot-shared >"$T/chroot-shared.txt" 2>&1
check "chroot in a shared mount: refused, saying what is needed, and nothing left behind" sh -c "
	grep -q 'the mount holding it is shared with the host.*unshare -m' '$T/chroot-shared.txt' &&
	grep -qx \"mounts left at the chroot's root: 0\" '$T/chroot-shared.txt'"

echo "== without namespaces (a host that refuses them): process groups, timeouts"
VLAB_SANDBOX_NO_NAMESPACES=1 "$G" --root "$ROOT" --submission "$HERE/hostile/forkbomb" --out "$T/nons" --quiet 01 >"$T/nons.txt" 2>&1
check "no namespaces: the fork bomb still scores 6/15" grep -qx "Score: 6/15" "$T/nons.txt"
check "no namespaces: results.json says containment is off" grep -q '"sandbox_warning":"sandbox: no namespaces' "$T/nons/01-sample/results.json"
check "no namespaces: no fork bomb process survives" sh -c "sleep 0.5; ! pgrep -u $SB_UID >/dev/null"

echo "== Gradescope bundle"
# This repository without its labs (their own suites test them), plus the
# fixtures: the real Makefile, mk/, kernel/, tools/ and grader/.
mkdir -p "$T/repo/labs"
tar --exclude=./.git --exclude=./build --exclude=./labs -cf - . | tar -xf - -C "$T/repo"
cp -r "$HERE/sample-lab" "$T/repo/labs/91-sample"
sed -i 's|labs/01-sample|labs/91-sample|g' "$T/repo/labs/91-sample/tests/grade.ini"
if grader/autograder/bundle "$G" 91 "$T/ag-out" "$T/repo" >"$T/bundle.txt" 2>&1; then
	ok "bundle: zip written"
	mkdir -p "$T/ag/source" "$T/ag/submission"
	unzip -q "$T/ag-out/91-sample.zip" -d "$T/ag/source"
	check "bundle: setup.sh and run_autograder at the zip's root" test -x "$T/ag/source/setup.sh" -a -x "$T/ag/source/run_autograder"
	check "bundle: the hidden test is in the autograder" test -f "$T/ag/source/tree/labs/91-sample/tests/hidden_test.c"
	check "bundle: no reference solution inside" sh -c "! grep -rq 'r |= x & (1ULL << i)' '$T/ag/source'"
	check "bundle: setup.sh builds the grader" env VLAB_SETUP_NO_DEPS=1 "$T/ag/source/setup.sh"
	cp "$HERE/hostile/good/arith.c" "$T/ag/submission/"
	AUTOGRADER_ROOT=$T/ag "$T/ag/source/run_autograder" >"$T/ag.txt" 2>&1
	check "run_autograder: a correct submission earns 15/15" sh -c "'$T/results_check' '$T/ag/results/results.json' && grep -q '\"score\":15' '$T/ag/results/results.json'"
	rm "$T/ag/submission/arith.c"
	AUTOGRADER_ROOT=$T/ag "$T/ag/source/run_autograder" >"$T/ag2.txt" 2>&1
	check "run_autograder: an empty submission earns the baseline only (1/15)" grep -q '"score":1.0,' "$T/ag/results/results.json"
	check "run_autograder: it says which file was not submitted" grep -q "not submitted: arith.c" "$T/ag/results/results.json"
	rm -f "$T/ag/source/tree/build/grader/vlab-grade" "$T/ag/results/results.json"
	AUTOGRADER_ROOT=$T/ag "$T/ag/source/run_autograder" >"$T/ag3.txt" 2>&1
	check "run_autograder: a valid results.json even when the grader is missing" "$T/results_check" "$T/ag/results/results.json"
else
	no "bundle: zip written" "$(cat "$T/bundle.txt")"
fi

echo "== the real emulators: tools/vm, the mini-kernel, QEMU and Bochs"
if [ -d "$T/repo/labs" ]; then
	cp -r "$HERE/kernel-lab" "$T/repo/labs/93-kernel"
	VLAB_VM= "$G" --root "$T/repo" --out "$T/kernel" 93 >"$T/kernel.txt" 2>&1
	K=$T/kernel/93-kernel/results.json
	check "kernel: results.json valid" "$T/results_check" "$K"
	check "kernel: QEMU boots, seed carried through, self-tests pass" sh -c "'$T/results_check' '$K' qemu-selftests | grep -q '^passed 1'"
	check "kernel: Bochs boots, seed carried through, self-tests pass" sh -c "'$T/results_check' '$K' bochs-selftests | grep -q '^passed 1'"
	check "kernel: a panic is a crash, stopped early" sh -c "'$T/results_check' '$K' panic | awk '\$1==\"crashed\" && \$3 < 10 {ok=1} END {exit !ok}'"
	# The target is 5% (bench/grade-time measures it on a quiet machine);
	# the test allows 10% so that a loaded machine does not fail it.
	check "kernel: the grader's own overhead is under 10% of the grading time" sh -c "
		e=\$(grep '\"elapsed_seconds\"' '$K' | tr -dc '0-9.'); o=\$(grep '\"overhead_seconds\"' '$K' | tr -dc '0-9.')
		echo \"overhead \$o s of \$e s\"; awk -v o=\$o -v e=\$e 'BEGIN {exit !(o * 100 < 10 * e)}'"
	check "kernel: a triple fault is a crash, with tools/vm's words" sh -c "'$T/results_check' '$K' triple-fault | grep -q '^crashed' && grep -q 'vm: the guest triple-faulted' '$T/kernel.txt'"
else
	no "kernel: no repository handout to build the mini-kernel in"
fi

echo "== lab 02: a monitor that prints the guest's lines without running it"
MC=$T/monitor-cheat
mkdir -p "$MC/sub"
if "$G" handout --root "$PWD" --labs 02 --out "$MC/handout" >"$MC/handout.txt" 2>&1; then
	cp "$MC/handout/labs/02-trap-and-emulate/"{decode,emulate,virq,shadow}.c "$MC/sub/"
	cp "$HERE/monitor-cheat/patch.c" "$MC/sub/"
	VLAB_VM= "$G" --root "$PWD" --submission "$MC/sub" --out "$MC/out" 02 >"$MC/grade.txt" 2>&1
	check "lab 02 cheat: printing every line the manifest wants scores 0/100" grep -qx "Score: 0/100" "$MC/grade.txt"
	check "lab 02 cheat: its ok lines are refused for want of a micro-guest's line" sh -c "grep -q 'counts only once test micro-timer passes' '$MC/grade.txt' || { grep -A4 'guest-exceptions' '$MC/grade.txt'; false; }"
else
	no "lab 02 cheat: the handout of lab 02" "$(cat "$MC/handout.txt")"
fi

echo "== no labs yet"
mkdir -p "$T/empty"
check "no labs: says so and exits 0" sh -c "'$G' --root '$T/empty' | grep -q 'no labs yet'"

echo "grader tests took $(($(date +%s) - started)) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
