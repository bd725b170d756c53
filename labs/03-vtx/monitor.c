/*
 * The hypervisor's run loop (monitor.h): discover VMX, enter VMX
 * operation, build the EPT and the VMCS, then enter the guest and handle
 * each exit until the guest powers off.  Given: the parts you write are
 * called from here.
 *
 * The host's interrupts: with "external-interrupt exiting" on, the host's
 * timer interrupt ends the guest's turn with an exit (EXTERNAL_INTERRUPT)
 * and stays pending at the CPU; a VM exit clears RFLAGS.IF (SDM Vol. 3C,
 * 28.5.3), so the loop opens interrupts for a moment after each exit, and
 * the host's own handler counts the tick.  Each tick is a tick of the
 * guest's time too (vm_host_tick).
 */
#include "console.h"
#include "monitor.h"
#include "pic.h"

uint64_t *mon_gpr(struct mon *mon, unsigned n)
{
	struct vcpu *v = &mon->vm.vcpu;
	uint64_t *const regs[16] = { &v->rax, &v->rcx, &v->rdx, &v->rbx, &v->rsp, &v->rbp,
		                     &v->rsi, &v->rdi, &v->r8,  &v->r9,  &v->r10, &v->r11,
		                     &v->r12, &v->r13, &v->r14, &v->r15 };
	return regs[n & 15];
}

static void catch_up_time(struct mon *mon)
{
	for (uint64_t now = timer_ticks(); mon->ticks_seen < now; mon->ticks_seen++)
		vm_host_tick(&mon->vm);
}

int role_main(void)
{
	static struct mon mon;
	vmx_discover(&mon);
	vm_create(&mon.vm);
	vmx_enable(&mon);
	ept_build(&mon);
	vmcs_create(&mon);
	kprintf("monitor: guest '%s' in VMX non-root mode, %lu MiB through EPT (2 MiB pages), "
	        "VMCS revision %#x\n",
	        mon.vm.guest, mon.vm.mem.size >> 20, (uint32_t)mon.caps.basic & 0x7fffffff);
	mon.ticks_seen = timer_ticks();
	while (!mon.vm.power.off) {
		catch_up_time(&mon);
		inject_pending(&mon);
		x86_cli();
		vmcs_run(&mon);
		x86_sti();
		__asm__ volatile("nop"); /* the host's pending interrupt, after STI's shadow */
		inject_reinject(&mon);
		exit_dispatch(&mon);
	}
	return vm_poweroff(&mon.vm);
}
