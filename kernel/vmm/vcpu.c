/* The vCPU's register table, for vm_fail (vcpu.h). */
#include "console.h"
#include "vcpu.h"

static void segment(const char *name, const struct vcpu_segment *s)
{
	kprintf("  %-4s %04x  base %016lx  limit %08x  ar %05x\n", name, s->selector, s->base,
	        s->limit, s->ar);
}

void vcpu_dump(const struct vcpu *v)
{
	kprintf("  rip  %016lx  rflags %016lx\n", v->rip, v->rflags);
	kprintf("  rax  %016lx  rbx  %016lx  rcx  %016lx\n", v->rax, v->rbx, v->rcx);
	kprintf("  rdx  %016lx  rsi  %016lx  rdi  %016lx\n", v->rdx, v->rsi, v->rdi);
	kprintf("  rbp  %016lx  rsp  %016lx  r8   %016lx\n", v->rbp, v->rsp, v->r8);
	kprintf("  r9   %016lx  r10  %016lx  r11  %016lx\n", v->r9, v->r10, v->r11);
	kprintf("  r12  %016lx  r13  %016lx  r14  %016lx\n", v->r12, v->r13, v->r14);
	kprintf("  r15  %016lx\n", v->r15);
	kprintf("  cr0  %016lx  cr2  %016lx  cr3  %016lx\n", v->cr0, v->cr2, v->cr3);
	kprintf("  cr4  %016lx  efer %016lx\n", v->cr4, v->efer);
	segment("cs", &v->cs);
	segment("ss", &v->ss);
	segment("ds", &v->ds);
	segment("es", &v->es);
	segment("fs", &v->fs);
	segment("gs", &v->gs);
	segment("tr", &v->tr);
	segment("ldtr", &v->ldtr);
	kprintf("  gdtr base %016lx  limit %04x\n", v->gdtr.base, v->gdtr.limit);
	kprintf("  idtr base %016lx  limit %04x\n", v->idtr.base, v->idtr.limit);
}
