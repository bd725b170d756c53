/* Exit statistics (vmm/exitstat.c): the "exit: KEY COUNT" lines a script
 * reads, their order, the overflow, the trace, the exits of each guest
 * line, the ring of the last exits. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>
#include "exitstat.h"
#include "sim.h"
#include "tests.h"

static struct exitstat st;

static void test_reason_names_from_the_sdm(void)
{
	CU_ASSERT_STRING_EQUAL(exit_reason_name(EXIT_REASON_IO_INSTRUCTION), "IO_INSTRUCTION");
	CU_ASSERT_STRING_EQUAL(exit_reason_name(EXIT_REASON_EPT_VIOLATION), "EPT_VIOLATION");
	CU_ASSERT_STRING_EQUAL(exit_reason_name(EXIT_REASON_HLT), "HLT");
	CU_ASSERT_STRING_EQUAL(exit_reason_name(EXIT_REASON_TRAPPED), "TRAPPED");
	CU_ASSERT_STRING_EQUAL(exit_reason_name(35), "reason-35"); /* unused by the SDM */
	CU_ASSERT_STRING_EQUAL(exit_reason_name(1000), "reason-1000");
}

/* Every line is "exit: KEY COUNT", KEY without spaces; counts sum up. */
static void test_print_format(void)
{
	sim_reset();
	exitstat_init(&st, 0);
	for (int i = 0; i < 5; i++)
		exitstat_record(&st, EXIT_REASON_IO_INSTRUCTION, 0x100000 + i, "out", 0x3f8);
	exitstat_record(&st, EXIT_REASON_IO_INSTRUCTION, 0x100010, "in", 0x3fd);
	exitstat_record(&st, EXIT_REASON_HLT, 0x100020, "hlt", 0);
	exitstat_record(&st, EXIT_REASON_TRAPPED, 0x100030, "cli", 0);
	exitstat_record(&st, EXIT_REASON_TRAPPED, 0x100031, "sti", 0);
	exitstat_record(&st, 999, 0x100040, 0, 0);
	exitstat_print(&st);
	CU_ASSERT_STRING_EQUAL(sim_console, "exit: total 10\n"
	                                    "exit: IO_INSTRUCTION 6\n"
	                                    "exit: TRAPPED 2\n"
	                                    "exit: HLT 1\n"
	                                    "exit: other 1\n"
	                                    "exit: insn:out 5\n"
	                                    "exit: insn:in 1\n"
	                                    "exit: insn:hlt 1\n"
	                                    "exit: insn:cli 1\n"
	                                    "exit: insn:sti 1\n"
	                                    "exit: port:0x3f8 5\n"
	                                    "exit: port:0x3fd 1\n");
	/* Parsed as a script would: every line two words after "exit:". */
	unsigned long sum = 0, total = 0, n;
	char key[64];
	for (char *line = strtok(sim_console, "\n"); line; line = strtok(0, "\n")) {
		CU_ASSERT_EQUAL_FATAL(sscanf(line, "exit: %63s %lu", key, &n), 2);
		if (strcmp(key, "total") == 0)
			total = n;
		else if (!strchr(key, ':'))
			sum += n;
	}
	CU_ASSERT_EQUAL(sum, total);
}

static void test_tables_overflow_into_other(void)
{
	sim_reset();
	exitstat_init(&st, 0);
	static char names[EXITSTAT_INSNS + 3][8];
	for (int i = 0; i < EXITSTAT_INSNS + 3; i++) {
		snprintf(names[i], sizeof(names[i]), "i%d", i);
		exitstat_record(&st, EXIT_REASON_TRAPPED, 0, names[i], 0);
	}
	for (int port = 0; port < EXITSTAT_PORTS + 5; port++)
		exitstat_record(&st, EXIT_REASON_IO_INSTRUCTION, 0, 0, 0x1000 + port);
	exitstat_print(&st);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "exit: insn:i31 1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "exit: insn:other 3\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "exit: port:0x103f 1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "exit: port:other 5\n"));
}

static void test_trace_one_line_per_exit(void)
{
	sim_reset();
	exitstat_init(&st, EXITSTAT_TRACE);
	exitstat_record(&st, EXIT_REASON_IO_INSTRUCTION, 0x1000a3, "out", 0x3f8);
	exitstat_record(&st, EXIT_REASON_CR_ACCESS, 0x1000b0, "mov-to-cr3", 3);
	CU_ASSERT_STRING_EQUAL(sim_console,
	                       "trace: 0 rip=0x1000a3 IO_INSTRUCTION out qual=0x3f8\n"
	                       "trace: 1 rip=0x1000b0 CR_ACCESS mov-to-cr3 qual=0x3\n");
	sim_reset();
	exitstat_init(&st, 0);
	exitstat_record(&st, EXIT_REASON_HLT, 0, "hlt", 0);
	CU_ASSERT_STRING_EQUAL(sim_console, "");
}

/* With EXITSTAT_PER_LINE, each line counts the exits since the one before,
 * most frequent first, and every exit is in one line: their totals add up
 * to the power-off total.  Without it, nothing. */
static void test_exits_of_each_line(void)
{
	sim_reset();
	exitstat_init(&st, EXITSTAT_PER_LINE);
	exitstat_record(&st, EXIT_REASON_EXTERNAL_INTERRUPT, 0, "irq", 0);
	for (int i = 0; i < 3; i++)
		exitstat_record(&st, EXIT_REASON_IO_INSTRUCTION, 0, "out", 0x3f8);
	exitstat_record(&st, 999, 0, 0, 0);
	exitstat_line_done(&st);
	exitstat_line_done(&st);
	exitstat_record(&st, EXIT_REASON_TRAPPED, 0, "cli", 0);
	exitstat_record(&st, EXIT_REASON_HLT, 0, "hlt", 0);
	exitstat_record(&st, EXIT_REASON_HLT, 0, "hlt", 0);
	exitstat_line_done(&st);
	CU_ASSERT_STRING_EQUAL(sim_console,
	                       "exits: 5 IO_INSTRUCTION=3 EXTERNAL_INTERRUPT=1 other=1\n"
	                       "exits: 0\n"
	                       "exits: 3 HLT=2 TRAPPED=1\n");
	unsigned long sum = 0, n;
	for (char *line = strtok(sim_console, "\n"); line; line = strtok(0, "\n")) {
		CU_ASSERT_EQUAL_FATAL(sscanf(line, "exits: %lu", &n), 1);
		sum += n;
	}
	CU_ASSERT_EQUAL(sum, st.total);

	sim_reset();
	exitstat_init(&st, EXITSTAT_TRACE);
	exitstat_record(&st, EXIT_REASON_HLT, 0, "hlt", 0);
	exitstat_line_done(&st);
	CU_ASSERT_PTR_NULL(strstr(sim_console, "exits:"));
}

/* The ring keeps the last 32, printed oldest first. */
static void test_ring_of_last_exits(void)
{
	sim_reset();
	exitstat_init(&st, 0);
	for (uint64_t i = 0; i < 40; i++)
		exitstat_record(&st, EXIT_REASON_HLT, 0x100000 + i, "hlt", i);
	exitstat_print_last(&st);
	CU_ASSERT_PTR_NULL(strstr(sim_console, "rip 0000000000100007"));
	const char *first = strstr(sim_console, "rip 0000000000100008");
	const char *last = strstr(sim_console, "rip 0000000000100027");
	CU_ASSERT_PTR_NOT_NULL_FATAL(first);
	CU_ASSERT_PTR_NOT_NULL_FATAL(last);
	CU_ASSERT_TRUE(first < last);
	int lines = 0;
	for (const char *p = sim_console; *p; p++)
		lines += *p == '\n';
	CU_ASSERT_EQUAL(lines, EXITSTAT_RING);
}

void add_exitstat_tests(void)
{
	CU_pSuite s = CU_add_suite("exitstat", NULL, NULL);
	CU_add_test(s, "reason_names_from_the_sdm", test_reason_names_from_the_sdm);
	CU_add_test(s, "print_format", test_print_format);
	CU_add_test(s, "tables_overflow_into_other", test_tables_overflow_into_other);
	CU_add_test(s, "trace_one_line_per_exit", test_trace_one_line_per_exit);
	CU_add_test(s, "exits_of_each_line", test_exits_of_each_line);
	CU_add_test(s, "ring_of_last_exits", test_ring_of_last_exits);
}
