/* add() prints bytes no report format can hold as they are (invalid
 * UTF-8, escape sequences, XML and JSON specials, a NUL before a line the
 * checks must still see) and is wrong: its failure output reaches every
 * report, which must stay valid. */
#include <stdio.h>
#include <unistd.h>

#include "arith.h"

int add(int a, int b)
{
	static const char junk[] =
		"\xff\xfe\x01\x1b[31m<tag attr=\"x\">&amp; ]]> \\u0000 \x00panic: after a NUL\n";
	if (write(1, junk, sizeof(junk) - 1) < 0)
		return 0;
	return a - b;
}

uint64_t carry(uint64_t x)
{
	return x;
}
