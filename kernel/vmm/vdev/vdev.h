/*
 * The virtual devices of a vlab guest, and the two tables that route the
 * guest's accesses to them: one for I/O ports (port range -> device), one
 * for memory-mapped I/O (guest-physical range -> device, outside guest
 * memory: the I/O APIC).
 *
 * The models are plain C with no tie to the kernel: the same files build
 * into libvmm.a and into the host unit tests (kernel/tests/), which check
 * each against its datasheet.  Ports, registers and bits: pcdev.h.
 *
 * Every access function returns NULL, or the reason (refuse.h) the model
 * does not do what the guest asked, e.g. an 8254 mode other than 2 and 3:
 * the monitor then stops the guest with vm_fail() instead of running it on
 * a device that behaves differently from the datasheet.
 */
#ifndef VLAB_VMM_VDEV_H
#define VLAB_VMM_VDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pcdev.h"

/* ---- 16550 UART: the guest's console (uart.c) ----
 * Transmission is instantaneous: THR and the transmitter are always empty.
 * There is no receiver input: LSR.DR stays clear and RBR reads 0.  The
 * bytes the guest sends are cut into lines; each whole line goes to
 * emit(), so a guest's line is never interleaved with the monitor's. */
#define VUART_LINE_MAX 200

struct vuart {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	bool thre_pending; /* the THR-empty interrupt, until IIR is read or THR written */
	char line[VUART_LINE_MAX + 1];
	size_t len;
	void (*emit)(void *arg, const char *line);
	void *arg;
};

void vuart_init(struct vuart *u, void (*emit)(void *arg, const char *line), void *arg);
const char *vuart_read(void *u, uint16_t offset, uint8_t *value);
const char *vuart_write(void *u, uint16_t offset, uint8_t value);
bool vuart_irq(const struct vuart *u); /* the level of its IRQ line (gated by MCR.OUT2) */
void vuart_flush(struct vuart *u);     /* emit an unfinished line */
/* A byte on the wire, as if the guest had written it to the THR: a
 * paravirtual console (lab 04) writes whole buffers this way. */
void vuart_transmit(struct vuart *u, uint8_t c);

/* ---- the 8259A pair (pic.c) ----
 * Edge-triggered, fully nested with fixed priority (IR0 highest), normal or
 * automatic EOI, specific and non-specific EOI, the IRR or ISR read through
 * OCW3.  Rotation, special mask mode, polling, level triggering, single mode
 * and 8080 mode are refused.  At power-on both chips are programmed as a PC
 * BIOS leaves them (vectors 0x08 and 0x70, cascade on IR2), every line
 * masked. */
struct i8259 {
	uint8_t irr, isr, imr;
	uint8_t vector_base; /* ICW2 */
	uint8_t icw3;
	uint8_t lines;  /* the input levels, for edge detection */
	uint8_t expect; /* the next data-port write: 0 (OCW1), else ICW 2, 3 or 4 */
	bool icw4;      /* ICW1.IC4: ICW4 follows */
	bool auto_eoi;  /* ICW4.AEOI */
	bool read_isr;  /* OCW3: the command port reads the ISR, else the IRR */
};

struct vpic {
	struct i8259 chip[2]; /* master, slave */
};

void vpic_init(struct vpic *p);
/* An access to port PIC1_CMD, PIC1_DATA, PIC2_CMD or PIC2_DATA. */
const char *vpic_read(struct vpic *p, uint16_t port, uint8_t *value);
const char *vpic_write(struct vpic *p, uint16_t port, uint8_t value);
/* The same, for the port table: offset 0 or 1 from each chip's first port. */
const char *vpic_master_read(void *p, uint16_t offset, uint8_t *value);
const char *vpic_master_write(void *p, uint16_t offset, uint8_t value);
const char *vpic_slave_read(void *p, uint16_t offset, uint8_t *value);
const char *vpic_slave_write(void *p, uint16_t offset, uint8_t value);
/* The level of input irq (0-15); a rising edge requests an interrupt. */
void vpic_set_irq(struct vpic *p, int irq, bool level);
void vpic_pulse(struct vpic *p, int irq); /* a rising then a falling edge */
/* The master's INT output: an unmasked request outranks everything in service. */
bool vpic_pending(const struct vpic *p);
/* The CPU's interrupt acknowledge: the vector to deliver, the request moved
 * from IRR to ISR (unless auto-EOI).  A request that vanished gives the
 * chip's spurious vector (its IR7). */
uint8_t vpic_ack(struct vpic *p);
/* The input line (0-15) whose interrupt the vector is, or -1 when it is
 * neither chip's. */
int vpic_line(const struct vpic *p, uint8_t vector);

/* ---- the 8254's counter 0 (pit.c) ----
 * Modes 2 (rate generator) and 3 (square wave), binary counting, the four
 * read/write modes and the counter latch command; counters 1 and 2, the
 * read-back command, BCD and the other modes are refused.  Time is the
 * host's: vpit_advance() moves the counter by a number of input clocks
 * (PIT_HZ per second) and says how many times OUT rose, i.e. how many
 * IRQ 0 edges the PIC sees. */
struct vpit {
	uint64_t now;       /* input clocks since power-on */
	uint64_t loaded_at; /* when the counter got its initial count */
	uint32_t count;     /* the initial count N (0 stands for 65536) */
	uint8_t mode, rw;
	bool running;   /* a whole initial count has been written */
	bool write_msb; /* RW = LSB then MSB: the next write is the MSB */
	bool read_msb;  /* ... and the next read */
	bool latched;
	uint16_t latch;
	uint8_t lsb; /* the LSB written, waiting for its MSB */
};

void vpit_init(struct vpit *t);
const char *vpit_read(void *t, uint16_t port, uint8_t *value);
const char *vpit_write(void *t, uint16_t port, uint8_t value);
unsigned vpit_advance(struct vpit *t, uint64_t clocks);
uint16_t vpit_count(const struct vpit *t); /* what a latch would read now */
uint32_t vpit_hz(const struct vpit *t);    /* interrupts per second; 0 when stopped */
/* Input clocks until OUT next rises (an IRQ 0 edge); 0 when stopped. */
uint64_t vpit_to_next_edge(const struct vpit *t);

/* ---- the I/O APIC (ioapic.c): a memory-mapped device at IOAPIC_BASE ----
 * Its registers as the 82093AA datasheet has them (version 0x11, 24
 * redirection entries, every one masked at reset).  Interrupts reach the
 * guest through the 8259A pair: unmasking an entry is refused, as are
 * registers and accesses the datasheet does not define. */
struct vioapic {
	uint8_t index; /* IOREGSEL */
	uint32_t id;
	uint32_t rte_low[IOAPIC_PINS], rte_high[IOAPIC_PINS];
};

void vioapic_init(struct vioapic *a);
const char *vioapic_read(void *a, uint64_t offset, unsigned size, uint64_t *value);
const char *vioapic_write(void *a, uint64_t offset, unsigned size, uint64_t value);

/* ---- the power-off ports (power.c): QEMU's isa-debug-exit and Bochs' 0x8900 ----
 * A write of V to QEMU_DEBUG_EXIT ends the guest with status
 * V - POWEROFF_BASE (the convention of arch/power.c; a smaller V: status 1);
 * "Shutdown" on BOCHS_SHUTDOWN ends it with status 1, a lone "D" with 0. */
struct vpower {
	bool off;
	int status;
	uint8_t matched; /* how much of "Shutdown" has arrived */
};

void vpower_init(struct vpower *p);
const char *vpower_write_qemu(void *p, uint16_t port, uint8_t value);
const char *vpower_write_bochs(void *p, uint16_t port, uint8_t value);

/* ---- the tables (iobus.c) ---- */
#define IOBUS_MAX_PORTS 16
#define IOBUS_MAX_MMIO  8

/* Ports first .. first + count - 1, each one byte wide: a wider IN or OUT
 * is split into byte accesses to consecutive ports, as the ISA bus does.
 * read or write may be NULL: that direction then behaves as an unknown port. */
struct port_range {
	uint16_t first, count;
	const char *name;
	void *dev;
	const char *(*read)(void *dev, uint16_t offset, uint8_t *value);
	const char *(*write)(void *dev, uint16_t offset, uint8_t value);
};

/* Guest-physical [base, base + size); accesses of 1, 2, 4 or 8 bytes that
 * lie wholly inside, passed to the device as they are. */
struct mmio_range {
	uint64_t base, size;
	const char *name;
	void *dev;
	const char *(*read)(void *dev, uint64_t offset, unsigned size, uint64_t *value);
	const char *(*write)(void *dev, uint64_t offset, unsigned size, uint64_t value);
};

/* An unknown port reads all ones and ignores writes, as an empty ISA bus
 * does; each such access (of one byte port: an IN of 4 bytes is four) is
 * counted.  Past IOBUS_UNKNOWN_MAX of them the access is refused: a guest
 * that keeps polling ports nobody answers would otherwise run until the
 * time limit, and a monitor could not tell it from a slow one.  The guests
 * of this toolkit touch a handful. */
#define IOBUS_UNKNOWN_MAX 65536

struct iobus {
	struct port_range ports[IOBUS_MAX_PORTS];
	struct mmio_range mmio[IOBUS_MAX_MMIO];
	int nports, nmmio;
	uint64_t unknown_reads, unknown_writes;
	uint16_t last_unknown; /* the port of the last unknown access */
};

void iobus_init(struct iobus *b);
const char *iobus_add_ports(struct iobus *b, const struct port_range *r); /* refuses overlaps */
const char *iobus_add_mmio(struct iobus *b, const struct mmio_range *r);
const struct port_range *iobus_port(const struct iobus *b, uint16_t port);
const struct mmio_range *iobus_mmio(const struct iobus *b, uint64_t gpa);
/* size is 1, 2 or 4 bytes. */
const char *iobus_in(struct iobus *b, uint16_t port, unsigned size, uint32_t *value);
const char *iobus_out(struct iobus *b, uint16_t port, unsigned size, uint32_t value);
/* An address outside every MMIO range is refused: it is the monitor's
 * business (guest memory, or a fault), not a device's. */
const char *iobus_mmio_read(struct iobus *b, uint64_t gpa, unsigned size, uint64_t *value);
const char *iobus_mmio_write(struct iobus *b, uint64_t gpa, unsigned size, uint64_t value);

#endif
