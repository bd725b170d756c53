/* The unit tests' harness: the judge, which runs no student code and gives
 * the verdict, and the witness, which runs the student's code and reports
 * what it produced (vlab_unit.h says how a test is written for both).
 *
 * The channel: the witness writes one record per check on fd 4 (the check's
 * line, its kind, the value) and reads one byte of answer on fd 3 (go on or
 * stop); after the test it writes an end record. */
#define _GNU_SOURCE
#include "vlab_unit.h"

#include <CUnit/Basic.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define WITNESS_READS  3
#define WITNESS_WRITES 4
#define KIND_END       100
#define NULL_STRING    UINT64_MAX
#define MAX_STRING     (64 * 1024)
#define ANSWER_GO      'g'
#define ANSWER_STOP    's'

/* The judge's exit status for one test, which the grader reads (run_unit.c). */
enum { CASE_PASSED = 0, CASE_FAILED = 1, CASE_USAGE = 2, CASE_CRASHED = 3, CASE_TIMEOUT = 4 };

struct record {
	uint32_t line;
	uint32_t kind;
	uint64_t size; /* bytes of value that follow; NULL_STRING for a NULL string */
};

static char dir[4096];

uint64_t vlab_unit_seed(void)
{
	const char *s = getenv("VLAB_SEED");
	return s && *s ? strtoull(s, NULL, 10) : 1;
}

/* splitmix64's finaliser over the seed mixed with the salt. */
uint64_t vlab_unit_seeded(uint64_t salt)
{
	uint64_t x = vlab_unit_seed() ^ (salt * 0x9e3779b97f4a7c15ULL);
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

const char *vlab_str(const char *fmt, ...)
{
	static char bufs[8][512];
	static unsigned next;
	char *b = bufs[next++ % 8];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof(bufs[0]), fmt, ap);
	va_end(ap);
	return b;
}

const char *vlab_unit_dir(void)
{
	return dir;
}

#ifndef VLAB_UNIT_SELF
static bool write_all(int fd, const void *p, size_t n)
{
	for (const char *c = p; n;) {
		ssize_t put = write(fd, c, n);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return false;
		c += put;
		n -= (size_t)put;
	}
	return true;
}
#endif

static CU_pTest find_test(const char *name, CU_pSuite *suite)
{
	const char *colon = strchr(name, ':');
	if (!colon)
		return NULL;
	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext) {
		if (strlen(s->pName) != (size_t)(colon - name) ||
		    strncmp(s->pName, name, (size_t)(colon - name)))
			continue;
		for (CU_pTest t = s->pTest; t; t = t->pNext)
			if (!strcmp(t->pName, colon + 1)) {
				*suite = s;
				return t;
			}
	}
	return NULL;
}

#ifdef VLAB_JUDGE
/* ---------------------------------------- the judge's side of the channel */

static struct {
	int rd, wr; /* records from the witness, answers to it */
	pid_t pid;  /* the witness */
} peer = { -1, -1, -1 };

static char witness_path[4096];
static double deadline; /* of the case running, on CLOCK_MONOTONIC; 0: none */
#endif

#if defined(VLAB_JUDGE) || defined(VLAB_UNIT_SELF)
/* ---------------------------------------------------------- the verdict */

static double case_timeout; /* --timeout: seconds a case may take; 0: no limit */
static bool broken;         /* out of step, or the witness gone: the test has failed */
static bool crashed;        /* the witness was killed by a signal */
static bool timed_out;      /* the witness missed the case's deadline */

#ifdef VLAB_JUDGE
static void fail_now(struct vlab_check c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
static void fail_now(struct vlab_check c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	broken = true;
	CU_assertImplementation(CU_FALSE, c.line, msg, c.file, "", CU_TRUE);
	abort(); /* a fatal failure inside a test never comes back */
}

static const char *kind_name(uint32_t kind)
{
	static const char *const names[] = { "integer", "unsigned", "hex",
		                             "bool",    "string",   "double" };
	return kind == KIND_END                        ? "end of test"
	       : kind < sizeof(names) / sizeof(*names) ? names[kind]
	                                               : "unknown";
}

/* Why the witness's records stopped: how it ended, in words. */
static void witness_end(char *out, size_t size)
{
	int status;
	pid_t w;
	while ((w = waitpid(peer.pid, &status, 0)) < 0 && errno == EINTR)
		;
	peer.pid = -1;
	if (w < 0)
		snprintf(out, size, "its process is gone");
	else if (WIFEXITED(status))
		snprintf(out, size, "it exited with status %d (exit() in the tested code?)",
		         WEXITSTATUS(status));
	else {
		crashed = true;
		snprintf(out, size, "it was killed by signal %d (%s)", WTERMSIG(status),
		         strsignal(WTERMSIG(status)));
	}
}

/* The witness's record for check c, or a fatal failure that ends the test. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* n bytes from the witness, before the case's deadline.  False when it
 * ended or failed, or when time ran out: then it is killed and timed_out
 * says so. */
static bool from_witness(void *p, size_t n)
{
	for (char *c = p; n;) {
		struct pollfd pf = { peer.rd, POLLIN, 0 };
		double left = deadline ? deadline - now() : -1;
		int ready = left < 0 && deadline
		                    ? 0
		                    : poll(&pf, 1, deadline ? (int)(left * 1000) + 1 : -1);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0) {
			timed_out = broken = true;
			kill(peer.pid, SIGKILL);
			return false;
		}
		ssize_t got = read(peer.rd, c, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		c += got;
		n -= (size_t)got;
	}
	return true;
}

/* Why the witness's records stopped, in words, for a failure message. */
static void stopped(char *why, size_t size)
{
	if (timed_out)
		snprintf(why, size,
		         "it timed out after %g s (an infinite loop, or waiting for something "
		         "that never comes?)",
		         case_timeout);
	else
		witness_end(why, size);
}

static void receive(struct vlab_check c, struct record *r)
{
	if (broken)
		fail_now(c, "not checked: the test is already out of step");
	if (!from_witness(r, sizeof(*r))) {
		char why[256];
		stopped(why, sizeof(why));
		fail_now(c, "the tested code ended the test before this check: %s", why);
	}
	if (r->line != c.line || r->kind != c.kind)
		fail_now(c,
		         "out of step: the witness sent a %s check of line %u, the test is at a %s "
		         "check of line %u (the tested code wrote to the test's channel?)",
		         kind_name(r->kind), r->line, kind_name(c.kind), c.line);
}

/* The witness's value for check c, into value (size bytes). */
static void value_in(struct vlab_check c, void *value, size_t size)
{
	struct record r;
	receive(c, &r);
	if (r.size != size || !from_witness(value, size))
		fail_now(c, "the witness sent a malformed value");
}

/* The witness's string for check c: a copy to free, or NULL. */
static char *string_in(struct vlab_check c, const char *got)
{
	(void)got;
	struct record r;
	receive(c, &r);
	if (r.size == NULL_STRING)
		return NULL;
	char *text = r.size > MAX_STRING ? NULL : malloc(r.size + 1);
	if (!text || !from_witness(text, r.size)) {
		free(text);
		fail_now(c, "the witness sent a string of %" PRIu64 " bytes: more than %d", r.size,
		         MAX_STRING);
	}
	text[r.size] = '\0';
	return text;
}

/* Ready the judge: the witness's path beside ours, and out of its reach
 * (undumpable: not traceable, /proc/PID/mem closed, to the same uid). */
static void channel_open(const char *argv0)
{
	prctl(PR_SET_DUMPABLE, 0);
	signal(SIGPIPE, SIG_IGN); /* a witness gone is a failed check, not our death */
	ssize_t n = readlink("/proc/self/exe", witness_path, sizeof(witness_path) - 16);
	if (n > 0)
		witness_path[n] = '\0';
	else
		snprintf(witness_path, sizeof(witness_path) - 16, "%s", argv0);
	strcat(witness_path, ".witness");
}

static void answer(bool stop)
{
	char a = stop ? ANSWER_STOP : ANSWER_GO;
	if (!write_all(peer.wr, &a, 1))
		broken = true;
}

/* Move a pipe above fds 3 and 4, so that the witness's dup2() onto them
 * always makes a new descriptor (one without close-on-exec). */
static int above_witness_fds(int fds[2])
{
	for (int i = 0; i < 2; i++) {
		int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 10);
		if (moved < 0)
			return -1;
		close(fds[i]);
		fds[i] = moved;
	}
	return 0;
}

/* Start the witness on test NAME, in the test's own folder. */
static int start_witness(const char *name)
{
	int records[2], answers[2];
	if (pipe2(records, O_CLOEXEC) < 0 || pipe2(answers, O_CLOEXEC) < 0 ||
	    above_witness_fds(records) < 0 || above_witness_fds(answers) < 0) {
		perror("vlab-unit: pipe");
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("vlab-unit: fork");
		return -1;
	}
	if (pid == 0) {
		if (dup2(answers[0], WITNESS_READS) < 0 || dup2(records[1], WITNESS_WRITES) < 0 ||
		    chdir(dir) < 0 || setenv("VLAB_UNIT_DIR", dir, 1) < 0) {
			perror("vlab-unit: starting the witness");
			_exit(126);
		}
		execl(witness_path, witness_path, "--witness", name, (char *)NULL);
		fprintf(stderr, "vlab-unit: cannot run the witness %s: %s\n", witness_path,
		        strerror(errno));
		_exit(127);
	}
	close(answers[0]);
	close(records[1]);
	peer.rd = records[0];
	peer.wr = answers[1];
	peer.pid = pid;
	broken = crashed = timed_out = false;
	deadline = case_timeout > 0 ? now() + case_timeout : 0;
	return 0;
}

/* After the test: the witness must say it ended too, at the same point. */
static void finish_witness(void)
{
	struct record r;
	if (!broken) {
		char why[256] = "";
		if (!from_witness(&r, sizeof(r)))
			stopped(why, sizeof(why));
		else if (r.kind != KIND_END)
			snprintf(why, sizeof(why),
			         "out of step: the witness sent a %s check of line %u after the "
			         "test's last check",
			         kind_name(r.kind), r.line);
		if (why[0]) {
			printf("the test's end: %s\n", why);
			broken = true;
		}
	}
	close(peer.rd);
	close(peer.wr);
	if (peer.pid > 0) {
		kill(peer.pid, SIGKILL); /* it has nothing left to say */
		while (waitpid(peer.pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	peer.pid = -1;
}

#else
/* One process (VLAB_UNIT_SELF): the value is the one in hand, and there is
 * no one to answer. */
static void value_in(struct vlab_check c, void *value, size_t size)
{
	(void)c;
	(void)value;
	(void)size;
}

static char *string_in(struct vlab_check c, const char *got)
{
	(void)c;
	return got ? strdup(got) : NULL;
}

static void channel_open(const char *argv0)
{
	(void)argv0;
}

static void answer(bool stop)
{
	(void)stop;
}

static int start_witness(const char *name)
{
	(void)name;
	broken = crashed = timed_out = false;
	return 0;
}

static void finish_witness(void)
{
}
#endif

/* Record the result of a check: its message is "WHY = GOT, want WANT". */
static void conclude(struct vlab_check c, bool passed, const char *why, const char *got,
                     const char *want)
{
	answer(!passed && c.fatal);
	if (passed) {
		CU_assertImplementation(CU_TRUE, c.line, "", c.file, "", CU_FALSE);
		return;
	}
	size_t size = strlen(why) + strlen(got) + strlen(want) + 16;
	char *msg = malloc(size);
	if (msg)
		snprintf(msg, size, "%s = %s, want %s", why, got, want);
	CU_assertImplementation(CU_FALSE, c.line, msg ? msg : why, c.file, "", c.fatal);
	free(msg);
}

static char *describe(const char *fmt, va_list ap)
{
	char *s;
	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

static void format_number(char *out, size_t size, enum vlab_kind kind, int64_t v)
{
	switch (kind) {
	case VLAB_UINT:
		snprintf(out, size, "%" PRIu64, (uint64_t)v);
		break;
	case VLAB_HEX:
		snprintf(out, size, "0x%" PRIx64, (uint64_t)v);
		break;
	case VLAB_BOOL:
		snprintf(out, size, "%s", v ? "true" : "false");
		break;
	default:
		snprintf(out, size, "%" PRId64, v);
	}
}

void vlab_check_int(struct vlab_check c, int64_t got, int64_t want, const char *why, ...)
{
	value_in(c, &got, sizeof(got));
	va_list ap;
	va_start(ap, why);
	char *what = describe(why, ap);
	va_end(ap);
	char g[32], w[32];
	format_number(g, sizeof(g), c.kind, got);
	format_number(w, sizeof(w), c.kind, want);
	conclude(c, c.kind == VLAB_BOOL ? !got == !want : got == want, what ? what : why, g, w);
	free(what);
}

void vlab_check_double(struct vlab_check c, double got, double want, double tolerance,
                       const char *why, ...)
{
	value_in(c, &got, sizeof(got));
	va_list ap;
	va_start(ap, why);
	char *what = describe(why, ap);
	va_end(ap);
	char g[64], w[96];
	snprintf(g, sizeof(g), "%.17g", got);
	snprintf(w, sizeof(w), "%.17g (within %g)", want, tolerance);
	double off = got > want ? got - want : want - got;
	conclude(c, off <= tolerance, what ? what : why, g, w);
	free(what);
}

/* A string as C would write it, quoted, at most about 300 characters. */
static char *quote(const char *s, size_t len)
{
	if (!s)
		return strdup("NULL");
	size_t shown = len < 300 ? len : 300;
	char *out = malloc(shown * 4 + 16), *o = out;
	if (!out)
		return NULL;
	*o++ = '"';
	for (size_t i = 0; i < shown; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			o += sprintf(o, "\\%c", ch);
		else if (ch == '\n')
			o += sprintf(o, "\\n");
		else if (ch == '\t')
			o += sprintf(o, "\\t");
		else if (ch < 32 || ch >= 127)
			o += sprintf(o, "\\x%02x", ch);
		else
			*o++ = (char)ch;
	}
	*o++ = '"';
	if (shown < len)
		o += sprintf(o, "...");
	*o = '\0';
	return out;
}

void vlab_check_str(struct vlab_check c, const char *got, const char *want, const char *why, ...)
{
	char *text = string_in(c, got);
	/* A string is what comes before its first NUL, as strcmp sees it. */
	size_t glen = text ? strlen(text) : 0;
	bool passed = text && want ? !strcmp(text, want) : text == want;
	va_list ap;
	va_start(ap, why);
	char *what = describe(why, ap);
	va_end(ap);
	char *g = quote(text, glen), *w = quote(want, want ? strlen(want) : 0);
	conclude(c, passed, what ? what : why, g ? g : "?", w ? w : "?");
	free(g);
	free(w);
	free(what);
	free(text);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* The test's own folder (vlab_unit_dir), made before it and removed after. */
static int make_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof(dir), "%s/vlab-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir))
		return 0;
	fprintf(stderr, "vlab-unit: mkdtemp %s: %s\n", dir, strerror(errno));
	return -1;
}

/* Run one test against its witness; print each failed check. */
static int run_case(CU_pSuite suite, CU_pTest test)
{
	char name[512];
	snprintf(name, sizeof(name), "%s:%s", suite->pName, test->pName);
	if (make_dir() < 0)
		return CASE_USAGE;
	if (start_witness(name) < 0) {
		rmdir(dir);
		return CASE_USAGE;
	}
	if (CU_run_test(suite, test) != CUE_SUCCESS)
		printf("%s: %s\n", name, CU_get_error_msg());
	finish_witness();
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	/* CUnit counts the failures of its last run only: this test's. */
	bool failed = CU_get_number_of_failures() || broken || CU_get_number_of_suites_failed();
	for (CU_pFailureRecord f = CU_get_failure_list(); f; f = f->pNext)
		printf("%s:%u: %s\n", f->strFileName, f->uiLineNumber, f->strCondition);
	if (CU_get_number_of_suites_failed())
		printf("the suite's set-up or clean-up failed\n");
	printf("%s: %s\n", name, failed ? "FAIL" : "ok");
	return !failed     ? CASE_PASSED
	       : timed_out ? CASE_TIMEOUT
	       : crashed   ? CASE_CRASHED
	                   : CASE_FAILED;
}

static int list(void)
{
	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext)
		for (CU_pTest t = s->pTest; t; t = t->pNext)
			printf("%s:%s\n", s->pName, t->pName);
	return 0;
}

static int run_all(void)
{
	int passed = 0, failed = 0;
	for (CU_pSuite s = CU_get_registry()->pSuite; s; s = s->pNext)
		for (CU_pTest t = s->pTest; t; t = t->pNext)
			run_case(s, t) == CASE_PASSED ? passed++ : failed++;
	printf("unit tests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

/* The cases of one graded test, each against a witness of its own: the
 * worst outcome is the exit status.  After a case that timed out, the
 * others are not run: each would likely hang the same way. */
static int run_cases(char **names, int n)
{
	int worst = CASE_PASSED;
	const char *hung = NULL;
	for (int i = 0; i < n; i++) {
		CU_pSuite suite;
		CU_pTest test = find_test(names[i], &suite);
		if (!test) {
			fprintf(stderr, "no test '%s' (--list shows them as suite:test)\n",
			        names[i]);
			return CASE_USAGE;
		}
		if (hung) {
			printf("%s: FAIL (not run: %s timed out)\n", names[i], hung);
			continue;
		}
		int rc = run_case(suite, test);
		if (rc == CASE_TIMEOUT)
			hung = names[i];
		/* A timeout outranks a crash, which outranks a failed check. */
		if (rc == CASE_TIMEOUT || (rc == CASE_CRASHED && worst != CASE_TIMEOUT) ||
		    (rc == CASE_FAILED && worst == CASE_PASSED))
			worst = rc;
	}
	return worst;
}

static int judge_main(int argc, char **argv)
{
	channel_open(argv[0]);
	if (argc == 2 && !strcmp(argv[1], "--list"))
		return list();
	if (argc == 1)
		return run_all();
	int first = 1;
	if (argc > 3 && !strcmp(argv[1], "--timeout")) {
		char *end;
		case_timeout = strtod(argv[2], &end);
		if (*end || !(case_timeout > 0)) {
			fprintf(stderr, "--timeout wants seconds, not '%s'\n", argv[2]);
			return CASE_USAGE;
		}
		first = 3;
	}
	if (argc > first + 1 && !strcmp(argv[first], "--run"))
		return run_cases(argv + first + 1, argc - first - 1);
	fprintf(stderr, "usage: %s [--list | [--timeout SECONDS] --run SUITE:TEST...]\n", argv[0]);
	return CASE_USAGE;
}

#else
/* ---------------------------------------------------------------- witness */

static bool read_all(int fd, void *p, size_t n)
{
	for (char *c = p; n;) {
		ssize_t got = read(fd, c, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		c += got;
		n -= (size_t)got;
	}
	return true;
}

static void send(struct vlab_check c, const void *value, uint64_t size)
{
	struct record r = { c.line, c.kind, size };
	char answer;
	fflush(NULL); /* the student's own output first, then the judge's */
	if (!write_all(WITNESS_WRITES, &r, sizeof(r)) ||
	    (size != NULL_STRING && !write_all(WITNESS_WRITES, value, size)) ||
	    !read_all(WITNESS_READS, &answer, 1))
		_exit(3); /* the judge is gone */
	if (answer == ANSWER_STOP)
		CU_assertImplementation(CU_FALSE, c.line, "stopped", c.file, "", CU_TRUE);
}

void vlab_check_int(struct vlab_check c, int64_t got, int64_t want, const char *why, ...)
{
	(void)want;
	(void)why;
	send(c, &got, sizeof(got));
}

void vlab_check_double(struct vlab_check c, double got, double want, double tolerance,
                       const char *why, ...)
{
	(void)want;
	(void)tolerance;
	(void)why;
	send(c, &got, sizeof(got));
}

void vlab_check_str(struct vlab_check c, const char *got, const char *want, const char *why, ...)
{
	(void)want;
	(void)why;
	send(c, got, got ? strlen(got) : NULL_STRING);
}

static int witness_main(int argc, char **argv)
{
	const char *d = getenv("VLAB_UNIT_DIR");
	if (argc != 3 || strcmp(argv[1], "--witness") || !d) {
		fprintf(stderr,
		        "%s holds the student's code and runs under its judge: run the test binary "
		        "without .witness (--list, --run SUITE:TEST)\n",
		        argv[0]);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s", d);
	CU_pSuite suite;
	CU_pTest test = find_test(argv[2], &suite);
	if (!test) {
		fprintf(stderr, "no test '%s'\n", argv[2]);
		return 2;
	}
	CU_run_test(suite, test);
	struct record end = { 0, KIND_END, 0 };
	fflush(NULL);
	return write_all(WITNESS_WRITES, &end, sizeof(end)) ? 0 : 3;
}
#endif

int vlab_unit_main(int argc, char **argv, void (*add_tests)(void))
{
	if (CU_initialize_registry() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
		return 2;
	}
	add_tests();
	if (CU_get_error() != CUE_SUCCESS) {
		fprintf(stderr, "CUnit: registering the tests: %s\n", CU_get_error_msg());
		return 2;
	}
#if defined(VLAB_JUDGE) || defined(VLAB_UNIT_SELF)
	int rc = judge_main(argc, argv);
#else
	int rc = witness_main(argc, argv);
#endif
	CU_cleanup_registry();
	return rc;
}
