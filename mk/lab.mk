# Included at the end of every lab's Makefile (after ROOT is set): the
# commands a student types inside the lab's folder are done by the tree's
# root, for this lab.
#   make grade                  grade this lab, as the autograder will
#   make grade TEST=path        one test (names or globs: TEST='path jail-*')
#   make grade PART=A           one part; both give a partial score
#   make qemu, qemu-gdb, bochs, bochs-debug, gdb
#                               boot this lab's image (a hypervisor lab's),
#                               or say why there is none
# TEST, PART and ARGS reach the root's make on its command line (MAKEFLAGS).
LAB_FOLDER := $(notdir $(CURDIR))

.PHONY: grade qemu qemu-gdb bochs bochs-debug gdb
grade:
	@$(MAKE) -s -C $(ROOT) grade LAB=$(LAB_FOLDER)
# The root knows a lab by its number: 02 for 02-trap-and-emulate.
qemu qemu-gdb bochs bochs-debug gdb:
	@$(MAKE) -s -C $(ROOT) $@ LAB=$(firstword $(subst -, ,$(LAB_FOLDER)))
