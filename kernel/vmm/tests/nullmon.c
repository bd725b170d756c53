/*
 * The null monitor: a lab image's monitor that runs nothing.  It creates
 * the VM the boot arguments ask for (vm_create: the payload table, guest
 * boot) and reports what guest memory and the vCPU hold, so the tests can
 * check the lab image end to end without a lab.  Not a monitor to learn
 * from: a lab's monitor runs the guest from here on.
 */
#include "console.h"
#include "vm.h"

int role_main(void)
{
	static struct vm vm;
	vm_create(&vm);
	const struct image_header *h = gmem_ptr(&vm.mem, KERNEL_PHYS, sizeof(*h));
	const struct bootinfo *bi = gmem_ptr(&vm.mem, BOOTINFO_ADDR, sizeof(*bi));
	const struct vcpu *v = &vm.vcpu;
	kprintf("nullmon: payload magic %#x, %u bytes at %#x, entry %#lx\n", h->magic, h->file_size,
	        KERNEL_PHYS, h->entry);
	kprintf("nullmon: bootinfo magic %#x, e820", bi->magic);
	for (uint32_t i = 0; i < bi->e820_count; i++)
		kprintf(" %#lx-%#lx", bi->e820[i].base, bi->e820[i].base + bi->e820[i].length);
	kprintf(", seed %lu, args '%s'\n", bi->params.seed, bi->params.args);
	kprintf("nullmon: vcpu rip %#lx rsp %#lx rdi %#lx cr0 %#lx cr3 %#lx cr4 %#lx efer %#lx\n",
	        v->rip, v->rsp, v->rdi, v->cr0, v->cr3, v->cr4, v->efer);
	return 0;
}
