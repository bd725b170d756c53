# The grader: build it, test it, and run it over the labs.
#   make grade [LAB=02]        grade the labs (exit non-zero when points are lost)
#     TEST='name glob*'        only these tests, PART=A only this part: a partial score
#   make deps-grade [LAB=02]   install what grading needs: the grader's packages, the labs'
#   make handout [LABS=01,02]  the student tree, in $(BUILD)/handout (OUT=DIR elsewhere)
#   make autograder LAB=02     the Gradescope bundle, in $(BUILD)/autograder/
#   make self-check [LAB=02]   reference full marks, handout zero
#   make test-grader           the grader's own tests
GRADER := $(BUILD)/grader/vlab-grade
GRADER_SRCS := main.c util.c fsutil.c manifest.c check.c sandbox.c runner.c run_unit.c run_vm.c \
	run_exec.c grade.c report.c results_json.c junit.c tap.c term.c handout.c selfcheck.c batch.c
GRADER_OBJS := $(GRADER_SRCS:%.c=$(BUILD)/grader/%.o)
GRADER_LIBS := -linih -ljson-c -pthread

.PHONY: grader vlab-grade test-grader test-self-check grade handout autograder self-check
grader: $(GRADER) $(BUILD)/grader/vlab_unit.o
# The grader alone, without the labs' CUnit helper (which needs libcunit1-dev).
vlab-grade: $(GRADER)

$(GRADER): $(GRADER_OBJS)
	$(HOSTCC) $(HOSTCFLAGS) -o $@ $(GRADER_OBJS) $(GRADER_LIBS)

$(BUILD)/grader/%.o: grader/%.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOSTCFLAGS) -MMD -MP -c -o $@ $<

-include $(GRADER_OBJS:.o=.d)

TEST_SUITES += grader
test-grader: grader
	@BUILD=$(BUILD) GRADER=$(GRADER) grader/tests/run.sh

# Every lab: its reference earns full marks, its handout nothing, and the
# results files of both are valid.
test-self-check: grader
	@BUILD=$(BUILD) GRADER=$(GRADER) grader/tests/self-check.sh

grade: deps-grade
	@$(GRADER) --out $(BUILD)/grade $(if $(TEST),--test '$(TEST)') $(if $(PART),--part '$(PART)') $(LAB)

# What the grader itself needs to build; each lab's manifest names the rest
# ([lab] packages), which vlab-grade packages prints.  The Gradescope
# setup.sh installs through this target too.
GRADER_PACKAGES := gcc libc6-dev libinih-dev libjson-c-dev
.PHONY: deps-grade
deps-grade:
	@tools/deps $(GRADER_PACKAGES)
	@$(MAKE) -s vlab-grade
	@tools/deps $$($(GRADER) packages $(LAB))

self-check: grader
	@$(GRADER) self-check --out $(BUILD)/self-check $(LAB)

handout: grader
	@$(GRADER) handout --out $(or $(OUT),$(BUILD)/handout) $(if $(LABS),--labs $(LABS)) $(if $(REFERENCE),--reference $(REFERENCE))

autograder: grader
	@test -n "$(LAB)" || { echo "usage: make autograder LAB=NN" >&2; exit 2; }
	@grader/autograder/bundle $(GRADER) $(LAB) $(BUILD)/autograder
