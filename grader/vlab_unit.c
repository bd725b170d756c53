/* The main of every lab's CUnit test binary: list, run one, run all. */
#define _POSIX_C_SOURCE 200809L /* unsetenv, under -std=c11 too */
#include "vlab_unit.h"

#include <CUnit/Basic.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The grader's proof-of-completion token: a test counts as passed only if
 * this line ends the output, so student code that calls exit(0) or
 * _exit(0) halfway through a test does not pass it.  The token is moved
 * out of the environment (and /proc/self/environ) before any test runs. */
static char nonce[64];

static void take_nonce(void)
{
	char *s = getenv("VLAB_UNIT_NONCE");
	if (!s)
		return;
	snprintf(nonce, sizeof(nonce), "%s", s);
	memset(s, 0, strlen(s));
	unsetenv("VLAB_UNIT_NONCE");
}

uint64_t vlab_unit_seed(void)
{
	const char *s = getenv("VLAB_SEED");
	return s && *s ? strtoull(s, NULL, 10) : 1;
}

static int list(void)
{
	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext)
		for (CU_pTest t = s->pTest; t; t = t->pNext)
			printf("%s:%s\n", s->pName, t->pName);
	return 0;
}

/* Run "suite:test"; print each failed assertion as file:line: condition. */
static int run_one(const char *name)
{
	const char *colon = strchr(name, ':');
	CU_pSuite suite = NULL;
	CU_pTest test = NULL;
	if (colon) {
		for (CU_pSuite s = CU_get_registry()->pSuite; s && !suite; s = s->pNext)
			if (strlen(s->pName) == (size_t)(colon - name) &&
			    !strncmp(s->pName, name, colon - name))
				suite = s;
		for (CU_pTest t = suite ? suite->pTest : NULL; t && !test; t = t->pNext)
			if (!strcmp(t->pName, colon + 1))
				test = t;
	}
	if (!test) {
		fprintf(stderr, "no test '%s' (--list shows them as suite:test)\n", name);
		return 2;
	}
	if (CU_run_test(suite, test) != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	for (CU_pFailureRecord f = CU_get_failure_list(); f; f = f->pNext)
		printf("%s:%u: assertion failed: %s\n", f->strFileName, f->uiLineNumber,
		       f->strCondition);
	if (CU_get_number_of_suites_failed())
		printf("the suite's set-up or clean-up failed\n");
	unsigned failures = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	printf("%s: %s\n", name, failures ? "FAIL" : "ok");
	if (!failures && nonce[0])
		printf("vlab-unit: passed %s\n", nonce);
	return failures ? 1 : 0;
}

int vlab_unit_main(int argc, char **argv, void (*add_tests)(void))
{
	take_nonce();
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	add_tests();
	if (CU_get_error() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: registering the tests: %s\n", CU_get_error_msg());
		return 2;
	}
	int rc;
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		rc = list();
	} else if (argc == 3 && !strcmp(argv[1], "--run")) {
		rc = run_one(argv[2]);
	} else if (argc == 1) {
		CU_basic_set_mode(CU_BRM_VERBOSE);
		CU_basic_run_tests();
		rc = CU_get_number_of_failures() || CU_get_number_of_suites_failed() ? 1 : 0;
	} else {
		fprintf(stderr, "usage: %s [--list | --run SUITE:TEST]\n", argv[0]);
		rc = 2;
	}
	CU_cleanup_registry();
	return rc;
}
