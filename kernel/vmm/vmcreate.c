/*
 * vm_create (vm.h): the VM this boot asks for, from the payloads this lab
 * image carries.  Host build only: it reads the boot arguments and the
 * image the loader brought in.
 */
#include "console.h"
#include "kernel.h"
#include "kstring.h"
#include "mm.h"
#include "payload.h"
#include "vm.h"

extern char __image_start[];

/* The payload table behind the monitor (bootinfo.h), and how many bytes
 * of it the loader brought in. */
static const struct payload_table *payloads(uint64_t *avail)
{
	const struct image_header *h = (const struct image_header *)__image_start;
	*avail = h->file_size > h->mem_size ? h->file_size - h->mem_size : 0;
	return pa_to_va(KERNEL_PHYS + h->mem_size);
}

const char *vm_payload(const char *name, const void **data, uint32_t *size)
{
	uint64_t avail;
	const struct payload_table *t = payloads(&avail);
	return payload_find(t, avail, name, data, size);
}

static void stop(const char *why)
{
	kprintf("vm: %s\n", why);
	poweroff(VM_FAIL_STATUS);
}

static uint64_t mem_size(void)
{
	char arg[16];
	if (!boot_arg("guest_mem", arg, sizeof(arg)))
		return (uint64_t)GMEM_DEFAULT_MIB << 20;
	uint64_t mib = 0;
	for (const char *p = arg; *p; p++) {
		if (*p < '0' || *p > '9' || mib > 1024) {
			kprintf("vm: guest_mem=%s: want a number of MiB, even, at most 1024 (e.g. "
			        "guest_mem=%d)\n",
			        arg, GMEM_DEFAULT_MIB);
			poweroff(VM_FAIL_STATUS);
		}
		mib = mib * 10 + (uint64_t)(*p - '0');
	}
	return mib << 20;
}

/* What the exit statistics print while the guest runs (exitstat.h). */
static unsigned exits_shown(void)
{
	char arg[16];
	unsigned show = 0;
	if (boot_arg("trace", arg, sizeof(arg)) && strcmp(arg, "1") == 0)
		show |= EXITSTAT_TRACE;
	if (boot_arg("exits", arg, sizeof(arg))) {
		if (strcmp(arg, "lines") != 0) {
			kprintf("vm: exits=%s: the one choice is exits=lines (after each guest "
			        "line, the exits since the line before)\n",
			        arg);
			poweroff(VM_FAIL_STATUS);
		}
		show |= EXITSTAT_PER_LINE;
	}
	return show;
}

void vm_create(struct vm *vm)
{
	char name[PAYLOAD_NAME_MAX + 1];
	if (!boot_arg("guest", name, sizeof(name)))
		memcpy(name, "selftest", sizeof("selftest"));
	unsigned show = exits_shown();
	const char *why = vm_init(vm, mem_size(), show);
	if (why)
		stop(why);
	uint64_t avail;
	const struct payload_table *t = payloads(&avail);
	const struct bootinfo *bi = boot_info();
	bool params = memcmp(bi->params.magic, PARAMS_MAGIC, sizeof(bi->params.magic)) == 0;
	why = vm_load(vm, t, avail, name, boot_seed(), params ? bi->params.args : "");
	if (why)
		stop(why);
	paravirt_attach(vm);
	kprintf("vm: guest '%s': %lu MiB, entry %#lx, seed %lu%s%s%s\n", vm->guest,
	        vm->mem.size >> 20, vm->vcpu.rip, boot_seed(), vm->pv ? ", hypercalls" : "",
	        show & EXITSTAT_TRACE ? ", tracing every exit" : "",
	        show & EXITSTAT_PER_LINE ? ", exits after each guest line" : "");
}
