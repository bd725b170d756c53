/* The reason of the last refusal (refuse.h). */
#include <stdarg.h>
#include "printf.h"
#include "refuse.h"

const char *refuse(const char *fmt, ...)
{
	/* Room for the longest: "no guest named ..." with a full payload table's names. */
	static char reason[640];
	va_list ap;
	va_start(ap, fmt);
	kvsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return reason;
}
