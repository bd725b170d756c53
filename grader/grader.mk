# The grader: build it, test it, and run it over the labs.
#   make grade [LAB=02]        grade the labs (exit non-zero when points are lost)
#   make handout [LABS=01,02]  the student tree, in $(BUILD)/handout (OUT=DIR elsewhere)
#   make autograder LAB=02     the Gradescope bundle, in $(BUILD)/autograder/
#   make self-check [LAB=02]   reference full marks, handout zero
#   make test-grader           the grader's own tests
GRADER := $(BUILD)/grader/vlab-grade
GRADER_SRCS := main.c util.c fsutil.c manifest.c check.c sandbox.c runner.c run_unit.c run_vm.c \
	run_exec.c grade.c report.c results_json.c junit.c tap.c term.c handout.c selfcheck.c batch.c
GRADER_OBJS := $(GRADER_SRCS:%.c=$(BUILD)/grader/%.o)
GRADER_LIBS := -linih -ljson-c

.PHONY: grader test-grader test-self-check grade handout autograder self-check
grader: $(GRADER) $(BUILD)/grader/vlab_unit.o

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

grade: grader
	@$(GRADER) --out $(BUILD)/grade $(LAB)

self-check: grader
	@$(GRADER) self-check --out $(BUILD)/self-check $(LAB)

handout: grader
	@$(GRADER) handout --out $(or $(OUT),$(BUILD)/handout) $(if $(LABS),--labs $(LABS))

autograder: grader
	@test -n "$(LAB)" || { echo "usage: make autograder LAB=NN" >&2; exit 2; }
	@grader/autograder/bundle $(GRADER) $(LAB) $(BUILD)/autograder
