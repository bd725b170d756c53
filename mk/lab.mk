# Included at the end of every lab's Makefile (after ROOT is set): the
# commands a student types inside the lab's folder are done by the tree's
# root, for this lab.
#   make grade                  grade this lab, as the autograder will
#   make grade TEST=path        one test (names or globs: TEST='path jail-*')
#   make grade PART=A           one part; both give a partial score
# TEST and PART reach the root's make on its command line (MAKEFLAGS).
LAB_FOLDER := $(notdir $(CURDIR))

.PHONY: grade
grade:
	@$(MAKE) -s -C $(ROOT) grade LAB=$(LAB_FOLDER)
