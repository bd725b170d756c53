/*
 * The PC's legacy devices, as their datasheets name them: the ports and the
 * register bits of the 16550 UART, the 8259A interrupt controllers, the 8254
 * timer and the emulators' power-off ports.  One header for the kernel's
 * drivers (arch/), the monitors' device models (vmm/vdev/) and the
 * micro-guests (vmm/guests/), so driver and model cannot disagree.
 */
#ifndef VLAB_PCDEV_H
#define VLAB_PCDEV_H

/* 16550 UART (TI PC16550D datasheet, Table II "Register Summary"):
 * registers as offsets from the base port; DLL/DLM replace RBR/THR and IER
 * while LCR.DLAB is set. */
#define COM1       0x3f8
#define COM1_IRQ   4
#define UART_PORTS 8
#define UART_RBR   0    /* receiver buffer (read) */
#define UART_THR   0    /* transmitter holding register (write) */
#define UART_DLL   0    /* divisor latch, low byte (DLAB) */
#define UART_IER   1    /* interrupt enable */
#define UART_DLM   1    /* divisor latch, high byte (DLAB) */
#define UART_IIR   2    /* interrupt identification (read) */
#define UART_FCR   2    /* FIFO control (write) */
#define UART_LCR   3    /* line control */
#define UART_MCR   4    /* modem control */
#define UART_LSR   5    /* line status */
#define UART_MSR   6    /* modem status */
#define UART_SCR   7    /* scratch */
#define IER_ERBFI  0x01 /* received data available */
#define IER_ETBEI  0x02 /* transmitter holding register empty */
#define IER_ELSI   0x04 /* receiver line status */
#define IER_EDSSI  0x08 /* modem status */
#define IIR_NO_INT 0x01 /* bit 0 set: no interrupt pending */
#define IIR_THRE   0x02 /* priority 3: THR empty */
#define IIR_RDA    0x04 /* priority 2: received data available */
#define IIR_RLS    0x06 /* priority 1: receiver line status */
#define IIR_FIFOS  0xc0 /* FIFOs enabled (FCR bit 0) */
#define FCR_ENABLE 0x01
#define LCR_8N1    0x03
#define LCR_DLAB   0x80
#define MCR_DTR    0x01
#define MCR_RTS    0x02
#define MCR_OUT2   0x08 /* on a PC, gates the UART's interrupt onto the IRQ line */
#define MCR_LOOP   0x10
#define LSR_DR     0x01 /* data ready */
#define LSR_THRE   0x20 /* transmit holding register empty: room for a byte */
#define LSR_TEMT   0x40 /* transmitter empty: the last byte is on the wire */

/* 8259A programmable interrupt controllers (Intel 8259A datasheet,
 * "Initialization Command Words" and "Operation Command Words"): the
 * master on 0x20, the slave on 0xa0, cascaded through the master's IR2. */
#define PIC1_CMD      0x20
#define PIC1_DATA     0x21 /* the interrupt mask register (IMR) when read or written */
#define PIC2_CMD      0xa0
#define PIC2_DATA     0xa1
#define PIC_CASCADE   2    /* the master's input the slave hangs on */
#define ICW1_INIT     0x10 /* a command-port write with bit 4 set is ICW1 */
#define ICW1_IC4      0x01 /* ICW4 follows */
#define ICW1_SNGL     0x02 /* single PIC, no ICW3 */
#define ICW1_LTIM     0x08 /* level triggered */
#define ICW4_UPM      0x01 /* 8086 mode */
#define ICW4_AEOI     0x02 /* automatic EOI */
#define ICW4_SFNM     0x10 /* special fully nested mode */
#define OCW3_SELECT   0x08 /* a command-port write with bits 4:3 = 01 is OCW3 */
#define OCW3_RR       0x02 /* read register command ... */
#define OCW3_RIS      0x01 /* ... of the ISR (else the IRR) */
#define OCW3_POLL     0x04
#define OCW3_SMM      0x60 /* ESMM and SMM: set special mask mode */
#define PIC_EOI       0x20 /* OCW2: non-specific EOI */
#define PIC_SEOI      0x60 /* OCW2: specific EOI, IR level in bits 2:0 */
#define PIC_READ_IRR  (OCW3_SELECT | OCW3_RR)
#define PIC_READ_ISR  (OCW3_SELECT | OCW3_RR | OCW3_RIS)
#define PIC_ICW1_8086 (ICW1_INIT | ICW1_IC4) /* edge triggered, cascade, ICW4 follows */

/* 8254 programmable interval timer (Intel 8254 datasheet, "Control Word
 * Format", "Counter Latch Command", "Mode 2", "Mode 3"). */
#define PIT_HZ               1193182 /* the input clock of every counter */
#define PIT_CH0              0x40
#define PIT_CH1              0x41
#define PIT_CH2              0x42
#define PIT_MODE             0x43 /* the control word register */
#define PIT_IRQ              0
#define PIT_SC(cw)           ((cw) >> 6 & 3) /* select counter; 3 = read-back command */
#define PIT_RW(cw)           ((cw) >> 4 & 3) /* 0 latch, 1 LSB, 2 MSB, 3 LSB then MSB */
#define PIT_M(cw)            ((cw) >> 1 & 7) /* mode; 6 and 7 are 2 and 3 */
#define PIT_BCD              0x01
#define PIT_RW_LATCH         0
#define PIT_RW_LSB           1
#define PIT_RW_MSB           2
#define PIT_RW_LSB_MSB       3
#define PIT_RATE_GEN         2 /* mode 2: one pulse every N clocks */
#define PIT_SQUARE_WAVE      3 /* mode 3: high N/2, low N/2 */
#define PIT_CW(sc, rw, mode) ((sc) << 6 | (rw) << 4 | (mode) << 1)

/* I/O APIC (Intel 82093AA datasheet, 3.0 "Register Description"): two
 * memory-mapped registers, an index and a window onto 32-bit registers. */
#define IOAPIC_BASE        0xfec00000ull
#define IOAPIC_SIZE        0x1000
#define IOAPIC_IOREGSEL    0x00 /* the index */
#define IOAPIC_IOWIN       0x10 /* the register it selects */
#define IOAPIC_ID          0x00 /* bits 27:24 */
#define IOAPIC_VER         0x01 /* version 7:0, the last redirection entry 23:16 */
#define IOAPIC_ARB         0x02
#define IOAPIC_REDTBL      0x10 /* entry n: 0x10 + 2n (low), 0x11 + 2n (high) */
#define IOAPIC_PINS        24
#define IOAPIC_ID_MASK     0x0f000000u
#define IOAPIC_RTE_MASKED  (1u << 16)
#define IOAPIC_RTE_RO      ((1u << 12) | (1u << 14)) /* delivery status, remote IRR */
#define IOAPIC_RTE_LOW_RW  0x0001afffu               /* vector .. trigger mode, mask */
#define IOAPIC_RTE_HIGH_RW 0xff000000u               /* destination */

/* The emulators' power-off ports (see arch/power.c and tools/vm).
 *   QEMU's isa-debug-exit (iobase=0xf4, iosize=4): QEMU exits with status
 *   (V << 1) | 1 for a write of V; the kernel writes POWEROFF_BASE + its
 *   status, so that every status is told from QEMU's own exits.
 *   Bochs' port 0x8900: the bytes of "Shutdown" end the emulation; "D"
 *   breaks into its debugger (then `quit` from the command file). */
#define QEMU_DEBUG_EXIT       0xf4
#define QEMU_DEBUG_EXIT_PORTS 4
#define POWEROFF_BASE         0x10
#define BOCHS_SHUTDOWN        0x8900

#endif
