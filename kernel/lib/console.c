/* kprintf onto the serial console, and panic. */
#include <stdint.h>
#include "console.h"
#include "pvops.h"

static void put_console(char c, void *arg)
{
	(void)arg;
	pv.console_putc(c);
}

int kvprintf(const char *fmt, va_list ap)
{
	return kformat(put_console, 0, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* Walk the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer): each frame holds the caller's RBP, then the
 * return address.  `addr2line -e build/kernel/host/kernel.elf ADDR` names them. */
void backtrace(uint64_t frame_pointer)
{
	uint64_t *rbp = (uint64_t *)frame_pointer;
	kprintf("backtrace:");
	for (int depth = 0; rbp && depth < 16; depth++) {
		uint64_t ret = rbp[1];
		if (!ret)
			break;
		kprintf(" %lx", ret);
		uint64_t *next = (uint64_t *)rbp[0];
		if (next <= rbp) /* frames grow upwards: anything else is corrupt */
			break;
		rbp = next;
	}
	kprintf("\n");
}

void panic(const char *fmt, ...)
{
	irq_disable();
	va_list ap;
	va_start(ap, fmt);
	kprintf("panic: ");
	kvprintf(fmt, ap);
	kprintf("\n");
	va_end(ap);
	backtrace((uint64_t)__builtin_frame_address(0));
	poweroff(1);
}
