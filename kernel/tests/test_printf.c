/* The kernel's printf against the C library's, conversion by conversion. */
#include <CUnit/CUnit.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "printf.h"
#include "tests.h"

/* Odd formats are the point here: let the compiler not judge them. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"

/* Format with both; the text and the returned length must agree. */
#define SAME(...)                                                                                  \
	do {                                                                                       \
		char mine[256], libc[256];                                                         \
		int n_mine = ksnprintf(mine, sizeof(mine), __VA_ARGS__);                           \
		int n_libc = snprintf(libc, sizeof(libc), __VA_ARGS__);                            \
		CU_ASSERT_STRING_EQUAL(mine, libc);                                                \
		CU_ASSERT_EQUAL(n_mine, n_libc);                                                   \
	} while (0)

static void test_integers(void)
{
	SAME("%d %d %d", 0, 42, -42);
	SAME("%i|%u", INT_MIN, UINT_MAX);
	SAME("%ld %lu", LONG_MIN, ULONG_MAX);
	SAME("%lld|%llu", LLONG_MIN, (unsigned long long)ULLONG_MAX);
	SAME("%hd %hu %hhd %hhu", (short)-3, (unsigned short)65535, (signed char)-128, 255);
	SAME("%zu %zd", (size_t)123456789, (ssize_t)-5);
}

static void test_hex_octal(void)
{
	SAME("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0755u);
	SAME("%lx %016lx %#lx %#x", 0xffffffff80000000ul, 0x1234ul, 0xabcul, 0u);
	SAME("%#o %#o %#X", 8u, 0u, 255u);
}

static void test_width_and_flags(void)
{
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%8.3d] [%-8.3d] [%08.3d] [%.0d] [%.0x]", 7, 7, 7, 0, 0u);
	SAME("[%*d] [%-*d] [%.*d]", 6, 1, 6, 1, 4, 1);
	SAME("[%*d]", -6, 1);
	SAME("[%04x] [%-4x] [%#06x]", 0xau, 0xau, 0xau);
}

static void test_strings_and_chars(void)
{
	SAME("%s|%10s|%-10s|%.3s|%5.1s", "kernel", "vm", "vm", "virtual", "abc");
	SAME("%c%c%c [%3c] [%-3c]", 'v', 'm', '!', 'x', 'y');
	SAME("100%% sure");
	char buf[32];
	ksnprintf(buf, sizeof(buf), "%s", (char *)NULL);
	CU_ASSERT_STRING_EQUAL(buf, "(null)");
}

static void test_pointer(void)
{
	char buf[64];
	ksnprintf(buf, sizeof(buf), "%p", (void *)0xffffffff80100000ul);
	CU_ASSERT_STRING_EQUAL(buf, "0xffffffff80100000");
}

static void test_truncation(void)
{
	char buf[8];
	memset(buf, 'x', sizeof(buf));
	int n = ksnprintf(buf, sizeof(buf), "selftest: %d", 12345);
	CU_ASSERT_EQUAL(n, 15);
	CU_ASSERT_STRING_EQUAL(buf, "selftes");
	CU_ASSERT_EQUAL(ksnprintf(buf, 0, "abc"), 3); /* size 0 writes nothing */
	CU_ASSERT_EQUAL(buf[0], 's');
}

static void test_unknown_conversion(void)
{
	char buf[32];
	ksnprintf(buf, sizeof(buf), "a%yb");
	CU_ASSERT_STRING_EQUAL(buf, "a%yb");
}

void add_printf_tests(void)
{
	CU_pSuite s = CU_add_suite("printf", NULL, NULL);
	CU_add_test(s, "integers", test_integers);
	CU_add_test(s, "hex_octal", test_hex_octal);
	CU_add_test(s, "width_and_flags", test_width_and_flags);
	CU_add_test(s, "strings_and_chars", test_strings_and_chars);
	CU_add_test(s, "pointer", test_pointer);
	CU_add_test(s, "truncation", test_truncation);
	CU_add_test(s, "unknown_conversion", test_unknown_conversion);
}
