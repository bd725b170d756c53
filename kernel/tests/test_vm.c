/* The VM (vmm/vm.c): a guest's port I/O through the devices, its console
 * lines behind "guest: ", the timer from host ticks, power-off, vm_fail,
 * the cap on ports no device answers. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "sim.h"
#include "tests.h"
#include "vm.h"

#define MIB (1ul << 20)

static struct vm vm;

static void fresh_showing(unsigned show)
{
	sim_reset();
	CU_ASSERT_PTR_NULL_FATAL(vm_init(&vm, 2 * MIB, show));
	strcpy(vm.guest, "test");
}

static void fresh(void)
{
	fresh_showing(0);
}

static void guest_prints(const char *s)
{
	for (; *s; s++) {
		while (!(vm_in(&vm, COM1 + UART_LSR, 1) & LSR_THRE))
			;
		vm_out(&vm, COM1 + UART_THR, 1, (uint8_t)*s);
	}
}

static void test_console_lines_behind_prefix(void)
{
	fresh();
	guest_prints("selftest: 26 passed, 0 failed\nhalf");
	CU_ASSERT_STRING_EQUAL(sim_console, "guest: selftest: 26 passed, 0 failed\n");
	vm_out(&vm, QEMU_DEBUG_EXIT, 4, POWEROFF_BASE + 0);
	CU_ASSERT_TRUE(vm.power.off);
	CU_ASSERT_EQUAL(vm_poweroff(&vm), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "guest: half\nexit: total 0\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "vm: guest 'test' powered off with status 0\n"));
}

/* A guest that counts its exits as a monitor does: one for each IN and
 * OUT, before the device answers. */
static void guest_prints_exiting(const char *s)
{
	for (; *s; s++) {
		uint32_t lsr;
		do {
			vm_exit(&vm, EXIT_REASON_IO_INSTRUCTION, "in", COM1 + UART_LSR);
			lsr = vm_in(&vm, COM1 + UART_LSR, 1);
		} while (!(lsr & LSR_THRE));
		vm_exit(&vm, EXIT_REASON_IO_INSTRUCTION, "out", COM1 + UART_THR);
		vm_out(&vm, COM1 + UART_THR, 1, (uint8_t)*s);
	}
}

/* ARGS=exits=lines: each guest line is followed by its exits, the line's
 * own printing included (an IN and an OUT a character), and what came
 * between the lines; the unfinished line gets its count at power-off. */
static void test_exits_after_each_guest_line(void)
{
	fresh_showing(EXITSTAT_PER_LINE);
	vm_exit(&vm, EXIT_REASON_HLT, "hlt", 0);
	guest_prints_exiting("ok\n");
	guest_prints_exiting("fine\nhalf");
	vm_exit(&vm, EXIT_REASON_IO_INSTRUCTION, "out", QEMU_DEBUG_EXIT);
	vm_out(&vm, QEMU_DEBUG_EXIT, 4, POWEROFF_BASE + 0);
	CU_ASSERT_EQUAL(vm_poweroff(&vm), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "guest: ok\n"
	                                           "exits: 7 IO_INSTRUCTION=6 HLT=1\n"
	                                           "guest: fine\n"
	                                           "exits: 10 IO_INSTRUCTION=10\n"
	                                           "guest: half\n"
	                                           "exits: 9 IO_INSTRUCTION=9\n"
	                                           "exit: total 26\n"));

	fresh();
	guest_prints_exiting("ok\n");
	CU_ASSERT_STRING_EQUAL(sim_console, "guest: ok\n");
}

static void test_status_and_unknown_ports_reported(void)
{
	fresh();
	CU_ASSERT_EQUAL(vm_in(&vm, 0x2f8, 1), 0xff);
	vm_out(&vm, 0x80, 1, 0);
	vm_out(&vm, QEMU_DEBUG_EXIT, 4, POWEROFF_BASE + 1);
	CU_ASSERT_EQUAL(vm_poweroff(&vm), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "exit: unknown-port 2\n"));
}

/* Host ticks drive the PIT; its edges reach the guest's IRQ 0 vector. */
static void test_timer_from_host_ticks(void)
{
	fresh();
	vm_out(&vm, PIC1_CMD, 1, PIC_ICW1_8086);
	vm_out(&vm, PIC1_DATA, 1, 0x20);
	vm_out(&vm, PIC1_DATA, 1, 1 << PIC_CASCADE);
	vm_out(&vm, PIC1_DATA, 1, ICW4_UPM);
	vm_out(&vm, PIC1_DATA, 1, 0xfe);
	vm_out(&vm, PIT_MODE, 1, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	vm_out(&vm, PIT_CH0, 1, 11931 & 0xff); /* 100.007 Hz */
	vm_out(&vm, PIT_CH0, 1, 11931 >> 8);
	CU_ASSERT_EQUAL(vpit_hz(&vm.pit), 100);
	int interrupts = 0;
	for (int tick = 0; tick < 1000; tick++) { /* one second of host ticks */
		vm_host_tick(&vm);
		if (vm_interrupt_pending(&vm)) {
			CU_ASSERT_EQUAL(vm_interrupt_ack(&vm), 0x20);
			vm_out(&vm, PIC1_CMD, 1, PIC_EOI);
			interrupts++;
		}
	}
	CU_ASSERT_EQUAL(vm.pit.now, PIT_HZ); /* exactly, the fractions carried */
	CU_ASSERT_EQUAL(interrupts, 100);
}

/* Each device answers at its own ports, as the self-tests of the guest
 * build use them (selftest/io.c). */
static void test_devices_at_their_ports(void)
{
	fresh();
	vm_out(&vm, PIC2_DATA, 1, 0x5a);
	CU_ASSERT_EQUAL(vm_in(&vm, PIC2_DATA, 1), 0x5a); /* the slave's mask */
	CU_ASSERT_EQUAL(vm_in(&vm, PIC1_DATA, 1), 0xff); /* not the master's */
	vm_out(&vm, PIC2_CMD, 1, PIC_READ_ISR);
	CU_ASSERT_EQUAL(vm_in(&vm, PIC2_CMD, 1), 0x00);
	vm_out(&vm, COM1 + UART_SCR, 1, 0xc3);
	CU_ASSERT_EQUAL(vm_in(&vm, COM1 + UART_SCR, 1), 0xc3);
	vm_out(&vm, PIT_MODE, 1, PIT_CW(0, PIT_RW_LSB_MSB, PIT_RATE_GEN));
	vm_out(&vm, PIT_CH0, 1, 1193 & 0xff);
	vm_out(&vm, PIT_CH0, 1, 1193 >> 8);
	vm_advance(&vm, 193);
	vm_out(&vm, PIT_MODE, 1, PIT_CW(0, PIT_RW_LATCH, 0));
	CU_ASSERT_EQUAL(vm_in(&vm, PIT_CH0, 1) | vm_in(&vm, PIT_CH0, 1) << 8, 1000);
	for (const char *c = "Shutdown"; *c; c++)
		vm_out(&vm, BOCHS_SHUTDOWN, 1, (uint8_t)*c);
	CU_ASSERT_TRUE(vm.power.off);
	CU_ASSERT_EQUAL(vm.power.status, 1);
	CU_ASSERT_EQUAL(vm.io.unknown_reads + vm.io.unknown_writes, 0);
}

static void fail_on_refused_port(uint64_t arg)
{
	(void)arg;
	vm.vcpu.rip = 0x100abc;
	vm.vcpu.rax = 0x1234;
	vm_exit(&vm, EXIT_REASON_IO_INSTRUCTION, "out", PIT_MODE);
	vm_out(&vm, PIT_MODE, 1, PIT_CW(0, PIT_RW_LSB_MSB, 0));
}

/* A refused device access ends the guest: reason, registers, last exits,
 * the status of vm_fail. */
static void test_refusal_ends_in_vm_fail(void)
{
	fresh();
	guest_prints("unfinished");
	CU_ASSERT_TRUE_FATAL(sim_panics(fail_on_refused_port, 0));
	CU_ASSERT_EQUAL(sim_poweroff_status, VM_FAIL_STATUS);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console,
	                              "guest: unfinished\nvm: failed: OUT 0x30 to port "
	                              "0x43: 8254: control word 0x30 selects mode 0"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "  rip  0000000000100abc  rflags"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "  rax  0000000000001234  rbx"));
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console,
	                              "vm: its last 1 exits of 1, oldest first:\n"
	                              "       0  rip 0000000000100abc  IO_INSTRUCTION"));
}

static void flood_unknown_ports(uint64_t arg)
{
	(void)arg;
	for (;;) {
		vm.vcpu.rip += 1;
		vm_exit(&vm, EXIT_REASON_IO_INSTRUCTION, "in", 0x2e8);
		vm_in(&vm, 0x2e8, 2);
	}
}

/* A guest that never stops polling ports nobody answers is ended by
 * vm_fail at the cap, not left to spin. */
static void test_port_flood_ends_in_vm_fail(void)
{
	fresh();
	vm.vcpu.rip = 0x100000;
	CU_ASSERT_TRUE_FATAL(sim_panics(flood_unknown_ports, 0));
	CU_ASSERT_EQUAL(sim_poweroff_status, VM_FAIL_STATUS);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console,
	                              "vm: failed: IN from port 0x2e8: the guest touched "
	                              "ports no device answers 65536 times "
	                              "(IOBUS_UNKNOWN_MAX)"));
	CU_ASSERT_EQUAL(vm.stats.total, IOBUS_UNKNOWN_MAX / 2 + 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(sim_console, "  rip  0000000000108001  rflags"));
}

void add_vm_tests(void)
{
	CU_pSuite s = CU_add_suite("vm", NULL, NULL);
	CU_add_test(s, "console_lines_behind_prefix", test_console_lines_behind_prefix);
	CU_add_test(s, "exits_after_each_guest_line", test_exits_after_each_guest_line);
	CU_add_test(s, "status_and_unknown_ports_reported", test_status_and_unknown_ports_reported);
	CU_add_test(s, "timer_from_host_ticks", test_timer_from_host_ticks);
	CU_add_test(s, "devices_at_their_ports", test_devices_at_their_ports);
	CU_add_test(s, "refusal_ends_in_vm_fail", test_refusal_ends_in_vm_fail);
	CU_add_test(s, "port_flood_ends_in_vm_fail", test_port_flood_ends_in_vm_fail);
}
