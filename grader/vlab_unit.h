/* The unit tests of every lab: their main, and the checks they make.
 *
 * A lab's test file is built twice, and the two run side by side:
 *
 *   the judge    the test file with -DVLAB_JUDGE and this harness, and
 *                no student code at all: test_NAME
 *   the witness  the same test file linked with the student's objects:
 *                test_NAME.witness, beside the judge
 *
 * The grader runs the judge, one process per test:
 *
 *	test_NAME --list          print "suite:test", one per line
 *	test_NAME --run S:T       run that one test; exit 0 if it passed
 *	test_NAME                 run every test (for a person at a terminal)
 *
 * For each test the judge starts the witness, and both walk through the same
 * test function.  Student code runs in the witness only: inside WITNESS(...),
 * and as the first argument of a check.  At each check the witness sends the
 * value it got; the judge compares it with the value it expects, which it
 * computes itself, prints what differs, and tells the witness to go on or to
 * stop.  The verdict is the judge's exit status.  So code linked into the
 * witness can print anything, exit, crash or read its own memory, but it
 * cannot make a test pass without producing the right values: the judge, a
 * process it cannot reach, never runs it (grader/README.md, "Unit tests").
 *
 * Writing a test:
 *
 *	static void test_add(void)
 *	{
 *		int a = seeded_int(1), sum = 0;
 *		WITNESS(sum = add(a, 3));
 *		EXPECT_INT(sum, a + 3, "add(%d, 3)", a);
 *		REQUIRE_INT(add(a, -a), 0, "add(%d, %d)", a, -a);  // stops the test if wrong
 *	}
 *	static void add_tests(void)
 *	{
 *		CU_pSuite s = CU_add_suite("arith", NULL, NULL);
 *		CU_add_test(s, "add", test_add);
 *	}
 *	int main(int argc, char **argv) { return vlab_unit_main(argc, argv, add_tests); }
 *
 * A failed check prints "FILE:LINE: add(7, 3) = 11, want 10".  The rules
 * that keep judge and witness in step:
 *   - every call of student code, and whatever only it needs, goes in
 *     WITNESS(...) or in a check's first argument (the judge would not link
 *     otherwise);
 *   - the test's path from check to check may depend on the seed and on
 *     constants, never on what student code returned (the judge never sees
 *     those values outside a check), and no check is made inside WITNESS;
 *   - the expected value (second argument) is computed in the judge only:
 *     compute it there, inside the check, not into a variable beforehand
 *     (a hidden test's answers are then nowhere in the witness's memory).
 *     The description's arguments are for the judge's message and are
 *     evaluated in the judge only.
 * A test that breaks a rule fails against the reference too ("out of step"),
 * so the lab's self-check finds it.
 *
 * Link the judge with grader/vlab_unit.c (-DVLAB_JUDGE) and -lcunit, the
 * witness with grader/vlab_unit.c, the student's objects and -lcunit.
 *
 * Tests of the project's own code, where no student code is linked (the
 * kernel's), need no witness: built with -DVLAB_UNIT_SELF, the binary checks
 * in one process and CUnit's own assertions may be used beside these. */
#ifndef VLAB_UNIT_H
#define VLAB_UNIT_H

#include <CUnit/CUnit.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h> /* the witness type-checks descriptions with printf */

int vlab_unit_main(int argc, char **argv, void (*add_tests)(void));

/* The run's random seed ($VLAB_SEED, set by the grader; 1 otherwise): a
 * test feeds it through the student's code so remembered answers fail. */
uint64_t vlab_unit_seed(void);

/* A 64-bit value drawn from the seed, a different one for each salt: the
 * inputs of a test that no table of remembered answers can cover. */
uint64_t vlab_unit_seeded(uint64_t salt);

/* A formatted string, for an expected value computed inside its check:
 * EXPECT_STR(buf, vlab_str("jail/%s", name), ...).  Eight buffers of 512
 * bytes are used in turn. */
const char *vlab_str(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A folder of the test's own, the same path in judge and witness, made
 * before the test and removed after it; the witness starts there. */
const char *vlab_unit_dir(void);

/* Values sent and compared.  Each check's first argument is the value
 * student code produced (evaluated in the witness only), the second the
 * value wanted (evaluated in the judge only), then a printf description of
 * what was called, with its inputs. */
enum vlab_kind { VLAB_INT, VLAB_UINT, VLAB_HEX, VLAB_BOOL, VLAB_STR, VLAB_DOUBLE };

struct vlab_check {
	const char *file;
	unsigned line;
	enum vlab_kind kind;
	bool fatal;
};

#if defined(VLAB_UNIT_SELF)
#define VLAB_GOT(x, zero)  (x)
#define VLAB_WANT(x, zero) (x)
#define VLAB_WHY(...)      __VA_ARGS__
#define WITNESS(...)       ((void)(__VA_ARGS__))
#elif defined(VLAB_JUDGE)
#define VLAB_GOT(x, zero)  ((void)sizeof(x), zero)
#define VLAB_WANT(x, zero) (x)
#define VLAB_WHY(...)      __VA_ARGS__
#define WITNESS(...)       ((void)sizeof((__VA_ARGS__), 0))
#else
#define VLAB_GOT(x, zero)  (x)
#define VLAB_WANT(x, zero) ((void)sizeof(x), zero)
#define VLAB_WHY(...)      ((void)sizeof(printf(__VA_ARGS__)), "")
#define WITNESS(...)       ((void)(__VA_ARGS__))
#endif

#if defined(VLAB_JUDGE) || defined(VLAB_UNIT_SELF)
#define VLAB_FORMAT(n) __attribute__((format(printf, n, n + 1)))
#else
#define VLAB_FORMAT(n)
#endif
void vlab_check_int(struct vlab_check c, int64_t got, int64_t want, const char *why, ...)
	VLAB_FORMAT(4);
void vlab_check_str(struct vlab_check c, const char *got, const char *want, const char *why, ...)
	VLAB_FORMAT(4);
void vlab_check_double(struct vlab_check c, double got, double want, double tolerance,
                       const char *why, ...) VLAB_FORMAT(5);

#define VLAB_NUM(kind, fatal, type, got, want, ...)                                                \
	vlab_check_int((struct vlab_check){ __FILE__, __LINE__, kind, fatal },                     \
	               (int64_t)VLAB_GOT((type)(got), (type)0),                                    \
	               (int64_t)VLAB_WANT((type)(want), (type)0), VLAB_WHY(__VA_ARGS__))
#define VLAB_STRING(fatal, got, want, ...)                                                         \
	vlab_check_str((struct vlab_check){ __FILE__, __LINE__, VLAB_STR, fatal },                 \
	               VLAB_GOT((const char *)(got), (const char *)0),                             \
	               VLAB_WANT((const char *)(want), (const char *)0), VLAB_WHY(__VA_ARGS__))
#define VLAB_REAL(fatal, got, want, tolerance, ...)                                                \
	vlab_check_double((struct vlab_check){ __FILE__, __LINE__, VLAB_DOUBLE, fatal },           \
	                  VLAB_GOT((double)(got), 0.0), VLAB_WANT((double)(want), 0.0), tolerance, \
	                  VLAB_WHY(__VA_ARGS__))

/* EXPECT_* records a failure and goes on; REQUIRE_* also ends the test. */
#define EXPECT_INT(got, want, ...)               VLAB_NUM(VLAB_INT, false, int64_t, got, want, __VA_ARGS__)
#define REQUIRE_INT(got, want, ...)              VLAB_NUM(VLAB_INT, true, int64_t, got, want, __VA_ARGS__)
#define EXPECT_UINT(got, want, ...)              VLAB_NUM(VLAB_UINT, false, uint64_t, got, want, __VA_ARGS__)
#define REQUIRE_UINT(got, want, ...)             VLAB_NUM(VLAB_UINT, true, uint64_t, got, want, __VA_ARGS__)
#define EXPECT_HEX(got, want, ...)               VLAB_NUM(VLAB_HEX, false, uint64_t, got, want, __VA_ARGS__)
#define EXPECT_BOOL(got, want, ...)              VLAB_NUM(VLAB_BOOL, false, bool, got, want, __VA_ARGS__)
#define REQUIRE_BOOL(got, want, ...)             VLAB_NUM(VLAB_BOOL, true, bool, got, want, __VA_ARGS__)
#define EXPECT_STR(got, want, ...)               VLAB_STRING(false, got, want, __VA_ARGS__)
#define REQUIRE_STR(got, want, ...)              VLAB_STRING(true, got, want, __VA_ARGS__)
#define EXPECT_DOUBLE(got, want, tolerance, ...) VLAB_REAL(false, got, want, tolerance, __VA_ARGS__)

#ifndef VLAB_UNIT_SELF
/* CUnit's own assertions would judge inside the witness, where student
 * code could forge them: the checks above replace them. */
#undef CU_ASSERT
#undef CU_ASSERT_FATAL
#undef CU_TEST
#undef CU_TEST_FATAL
#undef CU_PASS
#undef CU_FAIL
#undef CU_FAIL_FATAL
#undef CU_ASSERT_TRUE
#undef CU_ASSERT_FALSE
#undef CU_ASSERT_EQUAL
#undef CU_ASSERT_NOT_EQUAL
#undef CU_ASSERT_TRUE_FATAL
#undef CU_ASSERT_FALSE_FATAL
#undef CU_ASSERT_EQUAL_FATAL
#undef CU_ASSERT_STRING_EQUAL
#undef CU_ASSERT_STRING_EQUAL_FATAL
#undef CU_ASSERT_PTR_NULL
#undef CU_ASSERT_PTR_NULL_FATAL
#undef CU_ASSERT_PTR_NOT_NULL
#undef CU_ASSERT_PTR_NOT_NULL_FATAL
#undef CU_ASSERT_PTR_EQUAL
#undef CU_ASSERT_DOUBLE_EQUAL
#pragma GCC poison CU_ASSERT CU_ASSERT_FATAL CU_TEST CU_TEST_FATAL CU_PASS CU_FAIL
#pragma GCC poison CU_FAIL_FATAL CU_ASSERT_TRUE CU_ASSERT_FALSE CU_ASSERT_EQUAL
#pragma GCC poison CU_ASSERT_NOT_EQUAL CU_ASSERT_TRUE_FATAL CU_ASSERT_FALSE_FATAL
#pragma GCC poison CU_ASSERT_EQUAL_FATAL CU_ASSERT_STRING_EQUAL
#pragma GCC poison CU_ASSERT_STRING_EQUAL_FATAL CU_ASSERT_PTR_NULL
#pragma GCC poison CU_ASSERT_PTR_NULL_FATAL CU_ASSERT_PTR_NOT_NULL
#pragma GCC poison CU_ASSERT_PTR_NOT_NULL_FATAL CU_ASSERT_PTR_EQUAL CU_ASSERT_DOUBLE_EQUAL
#endif

#endif
