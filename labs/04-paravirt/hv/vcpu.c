/*
 * Part B, the hypervisor's side of the paravirtual CPU: the page the guest
 * shares (pvabi.h, struct pv_vcpu_info), the interrupt mask in it, and
 * halt.  The toolkit asks hv_irq_masked() each time the virtual PIC holds
 * an interrupt (vm_interrupt_pending): while the guest masks, the
 * interrupt waits in the PIC and the page says so.
 */
#include "hv.h"
#include "mm.h"
#include "pcdev.h"
#include "pic.h"

static struct pv_vcpu_info *shared_page(struct vm *vm)
{
	struct hv *hv = hv_of(vm);
	return hv->vcpu_info_gpa ? hv_guest_range(vm, hv->vcpu_info_gpa, PAGE_SIZE) : 0;
}

int64_t hv_vcpu_info(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	uint64_t gpa = arg[0];
	if (gpa % PAGE_SIZE)
		return -HC_EINVAL;
	if (!hv_guest_range(vm, gpa, PAGE_SIZE))
		return -HC_EFAULT;
	hv_of(vm)->vcpu_info_gpa = gpa;
	return 0;
	/* END SOLUTION */
}

bool hv_irq_masked(struct vm *vm)
{
	/* BEGIN SOLUTION */ /* STUB: return false; */
	struct pv_vcpu_info *info = shared_page(vm);
	if (!info)
		return false;
	info->irq_pending = info->irq_masked ? 1 : 0;
	return info->irq_masked;
	/* END SOLUTION */
}

/* Nothing to do: the exit itself is the point.  The monitor's loop looks
 * for an interrupt to deliver before it resumes the guest. */
int64_t hv_irq_unmask(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	return 0;
}

/* Unmask and wait: the guest's time moves on to its next interrupt at
 * once, as the monitors' HLT does. */
int64_t hv_halt(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	struct pv_vcpu_info *info = shared_page(vm);
	if (info)
		info->irq_masked = 0;
	for (unsigned ms = 0; !vm_interrupt_pending(vm); ms++) {
		if (ms == VM_HALT_LIMIT_MS)
			vm_fail(vm,
			        "HC_HALT: no interrupt in %u ms of the guest's time (PIC masks "
			        "%#x/%#x): nothing can wake the guest",
			        VM_HALT_LIMIT_MS, vm->pic.chip[0].imr, vm->pic.chip[1].imr);
		vm_advance(vm, PIT_HZ / TIMER_HZ);
	}
	return 0;
	/* END SOLUTION */
}

/* The guest polls for what only time brings (a timer tick, a request in
 * the PIC, a counter that moves): rather than spin through the exits of
 * its polls, it gives its time up, and a millisecond of it passes, as one
 * tick of the host's timer would bring.  Lab 03's CPU could spot such
 * loops itself (PAUSE-loop exiting, SDM Vol. 3C, 26.1.3); the hypercall
 * says so outright. */
int64_t hv_yield(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	vm_host_tick(vm);
	return 0;
	/* END SOLUTION */
}

/* An interrupt of the master PIC goes in: let the guest end it in the
 * shared page, one at a time. */
void hv_irq_delivered(struct vm *vm, int irq)
{
	/* BEGIN SOLUTION */ /* STUB: return; */
	struct hv *hv = hv_of(vm);
	struct pv_vcpu_info *info = shared_page(vm);
	if (!info || irq >= 8 || hv->lazy_irq >= 0 || !(vm->pic.chip[0].isr & 1u << irq))
		return;
	info->eoi_lazy = 1;
	hv->lazy_irq = irq;
	/* END SOLUTION */
}

/* The guest cleared eoi_lazy since the last look: the PIC gets the EOI
 * now, specific to the line, as the guest's own write would have ended
 * the interrupt the handler served. */
void hv_sync(struct vm *vm)
{
	/* BEGIN SOLUTION */ /* STUB: return; */
	struct hv *hv = hv_of(vm);
	struct pv_vcpu_info *info = shared_page(vm);
	if (hv->lazy_irq < 0 || !info || info->eoi_lazy)
		return;
	const char *why = vpic_write(&vm->pic, PIC1_CMD, PIC_SEOI | (uint8_t)hv->lazy_irq);
	hv->lazy_irq = -1;
	if (why)
		vm_fail(vm, "the EOI the guest left in its shared page: %s", why);
	/* END SOLUTION */
}

/* A one-shot timer of the guest's time: a tickless guest's way to wait, the
 * PIT left alone.  Counted in the PIT's clocks, at least one, as the
 * toolkit moves the guest's time on (vm_advance). */
int64_t hv_timer_oneshot(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	uint64_t usecs = arg[0];
	if (usecs > PV_TIMER_MAX_US)
		return -HC_EINVAL;
	uint64_t clocks = usecs * PIT_HZ / 1000000;
	hv_of(vm)->timer_left = usecs ? (clocks ? clocks : 1) : 0;
	return 0;
	/* END SOLUTION */
}

void hv_advance(struct vm *vm, uint64_t pit_clocks)
{
	/* BEGIN SOLUTION */ /* STUB: return; */
	struct hv *hv = hv_of(vm);
	if (!hv->timer_left)
		return;
	if (pit_clocks < hv->timer_left) {
		hv->timer_left -= pit_clocks;
		return;
	}
	hv->timer_left = 0;
	vpic_pulse(&vm->pic, PV_TIMER_IRQ);
	/* END SOLUTION */
}
