# vlab: build every component into build/, grade the labs, test the tree.
# Each component keeps its rules in its own fragment (*.mk); this file only
# ties them together.  `make help` lists the targets.

.DEFAULT_GOAL := all
include mk/config.mk
include mk/deps.mk
include kernel/kernel.mk
include mk/vm.mk

# The two commands of the README install what they need first: make test
# every package of mk/packages.txt, make grade those of the labs it grades.
test: deps
include grader/grader.mk
include book/book.mk

.PHONY: all labs test clean help
all: kernel grader labs

# Each lab builds in its own folder (labs/NN-*/build/), as a student's
# handout does on its own.
LAB_DIRS := $(patsubst %/Makefile,%,$(wildcard labs/*/Makefile))
labs:
	$(Q)for d in $(LAB_DIRS); do $(MAKE) -s -C $$d || exit 1; done

# Every suite of the tree; each target test-NAME ends with "N passed, M failed".
test: deps
	@tools/run-tests $(TEST_SUITES)

# Every lab: its reference scores full marks, its handout zero (grader/).
TEST_SUITES += self-check

# Lab 02's decoder under its fuzzer, for 10 seconds (bench/fuzz-decode: longer).
TEST_SUITES += fuzz
.PHONY: test-fuzz
test-fuzz:
	@labs/02-trap-and-emulate/tests/fuzz-check 10

# Lab 02's reference monitor end to end: the README's GDB demo, the guest
# suite natively and under the monitor.
TEST_SUITES += lab02
.PHONY: test-lab02
test-lab02:
	@labs/02-trap-and-emulate/tests/monitor-check

# Lab 03's reference hypervisor end to end on Bochs: the README's debugger
# demo, the guest suite natively and under the hypervisor.
TEST_SUITES += lab03
.PHONY: test-lab03
test-lab03:
	@labs/03-vtx/tests/hypervisor-check

# Lab 04 handed out with the reference monitors compiled (REFERENCE=objects):
# no source of labs 02 and 03 in it, and the suite runs on both monitors.
TEST_SUITES += lab04
.PHONY: test-lab04
test-lab04:
	@labs/04-paravirt/tests/handout-check

# Lab 02's instruction-length decoder (the monitor's PUSHF/POPF scanner):
# unit tests, the kernel's code swept against objdump, its fuzzer for 5 s.
TEST_SUITES += insnlen
.PHONY: test-insnlen
test-insnlen: kernel
	@$(MAKE) --no-print-directory -s -C labs/02-trap-and-emulate test-insnlen

# The build tooling: make deps, the sum of make test, make doctor.
TEST_SUITES += tools
.PHONY: test-tools
test-tools:
	@tools/tests/run

# One formatter configuration (.clang-format) for every C file of the tree.
TEST_SUITES += format
.PHONY: test-format
test-format:
	@tools/check-format

clean:
	rm -rf $(BUILD)
	$(Q)for d in $(LAB_DIRS); do $(MAKE) -s -C $$d clean; done

help:
	@echo "make               build everything into $(BUILD)/"
	@echo "make test          run every test of the tree"
	@echo "make grade         build every lab and grade it (LAB=NN for one;"
	@echo "                   TEST='name glob*' or PART=A for some of its tests)"
	@echo "make handout       the student tree (LABS=01,02 for some labs)"
	@echo "make autograder LAB=NN   the Gradescope bundle of a lab"
	@echo "make book          the course book, in $(BUILD)/book/"
	@echo "make deps          install the Debian packages vlab needs"
	@echo "make doctor        what works on this machine, and how to fix what does not"
	@echo "make qemu|bochs    boot the mini-kernel natively and run its self-tests"
	@echo "make qemu-gdb      the same, stopped for GDB (see README)"
	@echo "make bochs-debug   Bochs with its internal debugger"
