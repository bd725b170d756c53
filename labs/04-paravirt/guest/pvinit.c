/*
 * pv_init (pvops.h), called by kmain before the kernel's first line: the
 * paravirtual backend when the command line says pv=1 (tools/vm --args
 * pv=1) and a hypervisor answers; the native one otherwise, with a line
 * saying why.
 */
#include "console.h"
#include "kernel.h"
#include "kstring.h"
#include "pv.h"
#include "trap.h"

/* On a machine without a hypervisor, or under a monitor that offers no
 * hypercalls, VMCALL raises #UD: step over it with -HC_ENOSYS in RAX. */
static bool vmcall_undefined(struct trapframe *tf)
{
	const uint8_t *code = (const uint8_t *)tf->rip;
	if (code[0] != 0x0f || code[1] != 0x01 || code[2] != 0xc1)
		return false;
	tf->rax = (uint64_t)-HC_ENOSYS;
	tf->rip += HC_VMCALL_LEN;
	return true;
}

void pv_init(void)
{
	char arg[8];
	if (!boot_arg("pv", arg, sizeof(arg)) || strcmp(arg, "1") != 0)
		return;
	trap_register(T_UD, vmcall_undefined);
	int64_t version = hypercall(HC_VERSION, 0, 0, 0, 0, 0);
	trap_register(T_UD, 0);
	if (version != PV_VERSION) {
		kprintf("pv: HC_VERSION gave %ld, not %d: the native backend\n", version,
		        PV_VERSION);
		return;
	}
	int64_t r = pv_install();
	if (r < 0)
		kprintf("pv: HC_VCPU_INFO refused the shared page at %p (%ld): the native "
		        "backend\n",
		        (void *)&pv_vcpu, r);
}
