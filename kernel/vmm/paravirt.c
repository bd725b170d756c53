/* Hypercall dispatch (paravirt.h): one table for both monitors. */
#include "paravirt.h"
#include "vm.h"

/* Weak: an image whose lab has a paravirtual side links its own. */
__attribute__((weak)) void paravirt_attach(struct vm *vm)
{
	(void)vm;
}

bool vm_hypercall(struct vm *vm)
{
	const struct paravirt *pv = vm->pv;
	if (!pv)
		return false;
	struct vcpu *v = &vm->vcpu;
	const uint64_t nr = v->rax, arg[HC_ARGS] = { v->rdi, v->rsi, v->rdx, v->r10, v->r8 };
	const struct hypercall *h = nr < pv->ncalls && pv->calls[nr].run ? &pv->calls[nr] : 0;
	vm_exit(vm, EXIT_REASON_VMCALL, h ? h->name : "vmcall", nr);
	v->rax = h ? (uint64_t)h->run(vm, arg) : (uint64_t)-HC_ENOSYS;
	return true;
}
