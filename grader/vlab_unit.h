/* The main of every lab's CUnit test binary.  The grader runs each test
 * in its own process, so a crash or a hang costs one test:
 *
 *	binary --list          print "suite:test", one per line
 *	binary --run S:T       run that one test; exit 0 if it passed
 *	binary                 run every test (for a person at a terminal)
 *
 * A lab's test file registers its suites with plain CUnit and hands over:
 *
 *	static void add_tests(void)
 *	{
 *		CU_pSuite s = CU_add_suite("decode", NULL, NULL);
 *		CU_add_test(s, "cli", test_decode_cli);
 *	}
 *	int main(int argc, char **argv) { return vlab_unit_main(argc, argv, add_tests); }
 *
 * Link with grader/vlab_unit.c and -lcunit. */
#ifndef VLAB_UNIT_H
#define VLAB_UNIT_H

#include <CUnit/CUnit.h>
#include <stdint.h>

int vlab_unit_main(int argc, char **argv, void (*add_tests)(void));

/* The run's random seed ($VLAB_SEED, set by the grader; 1 otherwise): a
 * test feeds it through the student's code so remembered answers fail. */
uint64_t vlab_unit_seed(void);

#endif
