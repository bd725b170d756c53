/* Hypercall dispatch (paravirt.h): one table for both monitors. */
#include "paravirt.h"
#include "vm.h"

/* Weak: an image whose lab has a paravirtual side links its own. */
__attribute__((weak)) void paravirt_attach(struct vm *vm)
{
	(void)vm;
}

static const struct hypercall *entry(const struct paravirt *pv, uint64_t nr)
{
	return pv && nr < pv->ncalls && pv->calls[nr].run ? &pv->calls[nr] : 0;
}

int64_t vm_hypercall_run(struct vm *vm, uint64_t nr, const uint64_t arg[HC_ARGS])
{
	const struct hypercall *h = entry(vm->pv, nr);
	return h ? h->run(vm, arg) : -HC_ENOSYS;
}

bool vm_hypercall(struct vm *vm)
{
	if (!vm->pv)
		return false;
	struct vcpu *v = &vm->vcpu;
	const uint64_t nr = v->rax, arg[HC_ARGS] = { v->rdi, v->rsi, v->rdx, v->r10, v->r8 };
	const struct hypercall *h = entry(vm->pv, nr);
	vm_exit(vm, EXIT_REASON_VMCALL, h ? h->name : "vmcall", nr);
	v->rax = (uint64_t)vm_hypercall_run(vm, nr, arg);
	return true;
}
