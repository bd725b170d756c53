/* The virtual machine (vm.h): set-up, the devices' side of each exit, the end. */
#include <stdarg.h>
#include "console.h"
#include "guest.h"
#include "kstring.h"
#include "payload.h"
#include "pic.h"
#include "refuse.h"
#include "vm.h"

/* The guest's console: whole lines, behind a prefix, so the monitor's own
 * lines never cut into them; with ARGS=exits=lines, each followed by the
 * exits since the line before. */
static void guest_line(void *arg, const char *line)
{
	struct vm *vm = arg;
	kprintf("guest: %s\n", line);
	exitstat_line_done(&vm->stats);
}

static const char *add_devices(struct vm *vm)
{
	const struct port_range ports[] = {
		{ COM1, UART_PORTS, "16550 UART (COM1)", &vm->uart, vuart_read, vuart_write },
		{ PIC1_CMD, 2, "8259A master", &vm->pic, vpic_master_read, vpic_master_write },
		{ PIC2_CMD, 2, "8259A slave", &vm->pic, vpic_slave_read, vpic_slave_write },
		{ PIT_CH0, 4, "8254 PIT", &vm->pit, vpit_read, vpit_write },
		{ QEMU_DEBUG_EXIT, QEMU_DEBUG_EXIT_PORTS, "isa-debug-exit", &vm->power, 0,
		  vpower_write_qemu },
		{ BOCHS_SHUTDOWN, 1, "Bochs shutdown port", &vm->power, 0, vpower_write_bochs },
	};
	const struct mmio_range ioapic = { IOAPIC_BASE, IOAPIC_SIZE,  "I/O APIC",
		                           &vm->ioapic, vioapic_read, vioapic_write };
	iobus_init(&vm->io);
	vuart_init(&vm->uart, guest_line, vm);
	vpic_init(&vm->pic);
	vpit_init(&vm->pit);
	vioapic_init(&vm->ioapic);
	vpower_init(&vm->power);
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		const char *why = iobus_add_ports(&vm->io, &ports[i]);
		if (why)
			return why;
	}
	return iobus_add_mmio(&vm->io, &ioapic);
}

const char *vm_init(struct vm *vm, uint64_t mem_size, unsigned show)
{
	*vm = (struct vm){ 0 };
	exitstat_init(&vm->stats, show);
	const char *why = gmem_init(&vm->mem, mem_size);
	return why ? why : add_devices(vm);
}

const char *vm_load(struct vm *vm, const struct payload_table *t, uint64_t avail, const char *name,
                    uint64_t seed, const char *args)
{
	const void *data;
	uint32_t size;
	const char *why = payload_find(t, avail, name, &data, &size);
	if (!why)
		why = guest_load(&vm->mem, &vm->vcpu, data, size, seed, args);
	if (why)
		return why;
	size_t n = strlen(name);
	memcpy(vm->guest, name, n < sizeof(vm->guest) ? n + 1 : sizeof(vm->guest));
	vm->guest[sizeof(vm->guest) - 1] = '\0';
	return 0;
}

void vm_exit(struct vm *vm, uint32_t reason, const char *insn, uint64_t qual)
{
	exitstat_record(&vm->stats, reason, vm->vcpu.rip, insn, qual);
}

/* The UART's interrupt line follows its state after every access. */
static void update_lines(struct vm *vm)
{
	vpic_set_irq(&vm->pic, COM1_IRQ, vuart_irq(&vm->uart));
}

static void pv_sync(struct vm *vm)
{
	if (vm->pv && vm->pv->sync)
		vm->pv->sync(vm);
}

uint32_t vm_in(struct vm *vm, uint16_t port, unsigned size)
{
	uint32_t value;
	pv_sync(vm);
	const char *why = iobus_in(&vm->io, port, size, &value);
	if (why)
		vm_fail(vm, "IN from port %#x: %s", port, why);
	update_lines(vm);
	return value;
}

void vm_out(struct vm *vm, uint16_t port, unsigned size, uint32_t value)
{
	pv_sync(vm);
	const char *why = iobus_out(&vm->io, port, size, value);
	if (why)
		vm_fail(vm, "OUT %#x to port %#x: %s", value, port, why);
	update_lines(vm);
}

uint64_t vm_mmio_read(struct vm *vm, uint64_t gpa, unsigned size)
{
	uint64_t value;
	const char *why = iobus_mmio_read(&vm->io, gpa, size, &value);
	if (why)
		vm_fail(vm, "MMIO read at %#lx: %s", gpa, why);
	return value;
}

void vm_mmio_write(struct vm *vm, uint64_t gpa, unsigned size, uint64_t value)
{
	const char *why = iobus_mmio_write(&vm->io, gpa, size, value);
	if (why)
		vm_fail(vm, "MMIO write of %#lx at %#lx: %s", value, gpa, why);
}

void vm_advance(struct vm *vm, uint64_t pit_clocks)
{
	if (vpit_advance(&vm->pit, pit_clocks))
		vpic_pulse(&vm->pic, PIT_IRQ); /* edges between two looks merge, as in the IRR */
	if (vm->pv && vm->pv->advance)
		vm->pv->advance(vm, pit_clocks);
}

void vm_host_tick(struct vm *vm)
{
	uint64_t t = vm->host_ticks++;
	vm_advance(vm, (t + 1) * PIT_HZ / TIMER_HZ - t * PIT_HZ / TIMER_HZ);
}

bool vm_interrupt_pending(struct vm *vm)
{
	pv_sync(vm);
	if (!vpic_pending(&vm->pic))
		return false;
	return !(vm->pv && vm->pv->irq_masked && vm->pv->irq_masked(vm));
}

uint8_t vm_interrupt_ack(struct vm *vm)
{
	uint8_t vector = vpic_ack(&vm->pic);
	int irq = vpic_line(&vm->pic, vector);
	if (vm->pv && vm->pv->irq_delivered && irq >= 0)
		vm->pv->irq_delivered(vm, irq);
	return vector;
}

int vm_poweroff(struct vm *vm)
{
	vuart_flush(&vm->uart);
	exitstat_print(&vm->stats);
	if (vm->io.unknown_reads + vm->io.unknown_writes)
		kprintf("exit: unknown-port %lu\n", vm->io.unknown_reads + vm->io.unknown_writes);
	kprintf("vm: guest '%s' powered off with status %d\n", vm->guest, vm->power.status);
	return vm->power.status;
}

void vm_fail(struct vm *vm, const char *fmt, ...)
{
	va_list ap;
	vuart_flush(&vm->uart);
	kprintf("vm: failed: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	kprintf("vm: guest '%s', its vCPU:\n", vm->guest);
	vcpu_dump(&vm->vcpu);
	kprintf("vm: its last %lu exits of %lu, oldest first:\n",
	        vm->stats.total < EXITSTAT_RING ? vm->stats.total : (uint64_t)EXITSTAT_RING,
	        vm->stats.total);
	exitstat_print_last(&vm->stats);
	poweroff(VM_FAIL_STATUS);
}
