/*
 * Part A, the hypervisor's half of the hypercall ABI: the table that both
 * monitors dispatch through (the toolkit's vm_hypercall() reads the number
 * and the arguments, and answers -HC_ENOSYS to a number that has no entry),
 * and the check every guest address gets before the hypervisor touches it.
 */
#include "console.h"
#include "hv.h"

void *hv_guest_range(struct vm *vm, uint64_t gpa, uint64_t len)
{
	/* BEGIN SOLUTION */ /* STUB: return 0; */
	/* gmem_ptr refuses a range that leaves guest memory or wraps around;
	 * an empty range at a valid address is a valid empty buffer. */
	return gmem_ptr(&vm->mem, gpa, len);
	/* END SOLUTION */
}

static int64_t hv_version(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	return PV_VERSION;
}

/* The bytes go onto the console as if through the UART, so that they
 * join the lines the guest printed before it switched to hypercalls. */
static int64_t hv_console_write(struct vm *vm, const uint64_t arg[HC_ARGS])
{
	/* BEGIN SOLUTION */ /* STUB: return -HC_ENOSYS; */
	uint64_t gpa = arg[0], len = arg[1];
	if (len > PV_CONSOLE_MAX)
		return -HC_E2BIG;
	const uint8_t *bytes = hv_guest_range(vm, gpa, len);
	if (!bytes)
		return -HC_EFAULT;
	for (uint64_t i = 0; i < len; i++)
		vuart_transmit(&vm->uart, bytes[i]);
	return (int64_t)len;
	/* END SOLUTION */
}

static const struct hypercall hypercalls[HC_COUNT] = {
	[HC_VERSION] = { "hc_version", hv_version },
	[HC_CONSOLE_WRITE] = { "hc_console_write", hv_console_write },
	[HC_VCPU_INFO] = { "hc_vcpu_info", hv_vcpu_info },
	[HC_IRQ_UNMASK] = { "hc_irq_unmask", hv_irq_unmask },
	[HC_HALT] = { "hc_halt", hv_halt },
	[HC_YIELD] = { "hc_yield", hv_yield },
	[HC_TIMER_ONESHOT] = { "hc_timer_oneshot", hv_timer_oneshot },
	[HC_MMU_UPDATE] = { "hc_mmu_update", hv_mmu_update },
	[HC_MULTICALL] = { "hc_multicall", hv_multicall },
	[HC_RING_SETUP] = { "hc_ring_setup", hv_ring_setup },
	[HC_RING_NOTIFY] = { "hc_ring_notify", hv_ring_notify },
	[HC_MMU_NEW_BASE] = { "hc_mmu_new_base", hv_mmu_new_base },
};

static const struct paravirt paravirt = {
	.calls = hypercalls,
	.ncalls = HC_COUNT,
	.sync = hv_sync,
	.irq_masked = hv_irq_masked,
	.irq_delivered = hv_irq_delivered,
	.advance = hv_advance,
};

/* vm_create's hook (paravirt.h): this image offers hypercalls. */
void paravirt_attach(struct vm *vm)
{
	static struct hv hv;
	hv = (struct hv){ .lazy_irq = -1 };
	const void *disk;
	uint32_t size;
	const char *why = vm_payload("disk", &disk, &size);
	if (why)
		kprintf("hv: no block device: %s\n", why);
	else
		hv.disk = disk, hv.disk_size = size;
	vm->pv = &paravirt;
	vm->pv_state = &hv;
}
