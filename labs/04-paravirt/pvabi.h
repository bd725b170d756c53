/*
 * Lab 04's paravirtual interface: the hypercalls' numbers and arguments,
 * and the memory a guest shares with its hypervisor.  Both sides include
 * it: the guest's backend (guest/) and the hypervisor's (hv/), which runs
 * in lab 02's monitor and in lab 03's.  How a hypercall is made (VMCALL,
 * the registers, the errors): kernel/include/hypercall.h.
 *
 * Addresses are guest-physical.  A hypercall checks every range it is
 * given against guest memory before it touches a byte: -HC_EFAULT.
 */
#ifndef LAB04_PVABI_H
#define LAB04_PVABI_H

#include <stdint.h>
#include "hypercall.h"

#define PV_VERSION 1

/* The hypercalls, by number.  Arguments, then what RAX returns. */
enum pv_hypercall {
	HC_VERSION,       /* ()         PV_VERSION                                  part A */
	HC_CONSOLE_WRITE, /* (gpa, len) len: the bytes onto the console            part A */
	HC_VCPU_INFO,     /* (gpa)      0: the shared page is at gpa (page-aligned) part B */
	HC_IRQ_UNMASK,    /* ()         0: an interrupt waited while masked: now    part B */
	HC_HALT,          /* ()         0: unmask, and wait for the next interrupt  part B */
	HC_YIELD,         /* ()         0: the guest polls: a millisecond passes   part B */
	HC_TIMER_ONESHOT, /* (usecs)    0: one PV_TIMER_IRQ after usecs; 0 cancels part B */
	HC_MMU_UPDATE,    /* (gpa, count) count: page-table entries written      part C */
	HC_MULTICALL,     /* (gpa, count) count: hypercalls run, results stored part C */
	HC_RING_SETUP,    /* (device, size, desc, avail, used) 0: a ring is there   part D */
	HC_RING_NOTIFY,   /* (device)   chains used: the device takes what is new    part D */
	HC_MMU_NEW_BASE,  /* (cr3)      0: the guest's tables are now those at cr3 part C */
	HC_COUNT
};

/* Bytes HC_CONSOLE_WRITE takes at once: a longer write is -HC_E2BIG,
 * wherever it points. */
#define PV_CONSOLE_MAX 4096

/* HC_TIMER_ONESHOT's interrupt: a PIC line no device of the machine uses
 * (COM2's).  usecs is of the guest's time, at most PV_TIMER_MAX_US (one
 * minute; more is -HC_EINVAL); a new call replaces the one pending. */
#define PV_TIMER_IRQ    3
#define PV_TIMER_MAX_US 60000000ull

/*
 * The shared per-vCPU page (Xen's vcpu_info): the guest masks and unmasks
 * interrupts by writing irq_masked, which costs no exit.  While it is set,
 * the hypervisor delivers nothing and sets irq_pending instead; the guest,
 * when it unmasks, sees irq_pending and asks for the interrupt with
 * HC_IRQ_UNMASK.  The hypervisor clears irq_pending when it delivers.
 *
 * The end of an interrupt (KVM's PV EOI): when the hypervisor delivers an
 * interrupt of the master PIC it may set eoi_lazy.  The guest's handler
 * then ends the interrupt by clearing the byte, not by writing the PIC's
 * command port, an exit; at its next exit the hypervisor sees the byte
 * clear and sends the PIC the EOI itself.  With eoi_lazy clear, the guest
 * writes the PIC as it always does.
 */
struct pv_vcpu_info {
	volatile uint8_t irq_masked;  /* written by the guest */
	volatile uint8_t irq_pending; /* written by the hypervisor */
	volatile uint8_t eoi_lazy;    /* both: below */
};

/*
 * Batches (part C), Xen's mmu_update and multicall: an array of at most
 * PV_BATCH_MAX entries in guest memory, one hypercall for all.
 *
 * HC_MMU_UPDATE writes each entry's value at its guest-physical address
 * (8-aligned), as the guest would have, and forgets what the hypervisor
 * keeps of the translation of each va (lab 02's shadow), as the guest's
 * INVLPG would have; lab 02's monitor fills them anew at once.  Every entry is checked before any
 * is written: an entry outside guest memory is -HC_EFAULT, a misaligned one -HC_EINVAL, and a
 * present entry whose frame lies outside guest memory -HC_EPERM (Xen
 * validates the guest's page tables the same way).
 *
 * HC_MULTICALL runs each entry's hypercall in order and stores its result
 * in the entry; a multicall inside a multicall is -HC_EINVAL.
 */
#define PV_BATCH_MAX 512 /* a page table's entries */

/*
 * HC_MMU_NEW_BASE (part C, Xen's MMUEXT_NEW_BASEPTR): a switch to other
 * page tables.  A MOV to CR3 says only "forget every translation", and a
 * hypervisor that shadows the guest's tables (lab 02's) must rebuild its
 * shadow one hidden page fault at a time; this call says "these tables
 * now", and the hypervisor keeps what they translate as the old ones did.
 * cr3 is the top table's guest-physical address, page-aligned, with no
 * other bit set but PWT and PCD (-HC_EINVAL), in guest memory
 * (-HC_EFAULT).  A hypervisor that keeps no translations, where a MOV to
 * CR3 costs the guest nothing (lab 03's, under EPT), answers -HC_ENODEV
 * and changes nothing: the guest loads CR3 itself.
 */
#define PV_CR3_FLAGS 0x18ull /* PWT and PCD (SDM Vol. 3A, 4.5: the use of CR3) */

struct pv_mmu_update {
	uint64_t pte;   /* guest-physical address of the entry */
	uint64_t value; /* written there */
	uint64_t va;    /* the address it maps */
};

struct pv_multicall {
	uint64_t nr;
	uint64_t arg[HC_ARGS];
	int64_t result; /* written by the hypervisor */
};

/*
 * A ring (part D): a split virtqueue, as virtio 1.x lays it out
 * ("Virtqueues", "The Split Virtqueue"), in guest memory the guest gives
 * with HC_RING_SETUP: a table of `size` descriptors (a power of two, at
 * most PV_RING_MAX), the available ring the guest fills and the used ring
 * the device fills.  A buffer is a chain of descriptors linked by `next`
 * while PV_DESC_NEXT is set; the device writes only descriptors marked
 * PV_DESC_WRITE.  The guest puts a chain's head in avail.ring[idx % size],
 * then increments avail.idx and calls HC_RING_NOTIFY; the device puts
 * {head, bytes written} in used.ring[used.idx % size], increments
 * used.idx, and raises PV_RING_IRQ unless avail.flags has
 * PV_AVAIL_NO_INTERRUPT.  Indices are free-running 16-bit counters.
 *
 * Nothing in a ring is trusted: a descriptor index beyond the table, a
 * chain longer than the table (a loop), a buffer outside guest memory or
 * whose end wraps around, avail.idx more than `size` ahead of what the
 * device took: each stops the device with a reason, and every later
 * HC_RING_NOTIFY returns -HC_EIO.  The hypervisor goes on.
 */
#define PV_RING_MAX           256
#define PV_RING_IRQ           5 /* the PIC line of the completion interrupt */
#define PV_DESC_NEXT          1
#define PV_DESC_WRITE         2
#define PV_AVAIL_NO_INTERRUPT 1

enum pv_device {
	PV_DEV_CONSOLE, /* each chain: bytes for the console (driver-readable) */
	PV_DEV_BLOCK,   /* each chain: struct pv_blk_req, data, a status byte */
	PV_DEVICES
};

struct pv_desc {
	uint64_t addr; /* guest-physical */
	uint32_t len;
	uint16_t flags; /* PV_DESC_* */
	uint16_t next;
};

struct pv_avail {
	uint16_t flags; /* PV_AVAIL_* */
	uint16_t idx;
	uint16_t ring[]; /* size entries */
};

struct pv_used_elem {
	uint32_t id;  /* the chain's head */
	uint32_t len; /* bytes the device wrote into it */
};

struct pv_used {
	uint16_t flags;
	uint16_t idx;
	struct pv_used_elem ring[]; /* size entries */
};

/* A block request (virtio-blk's): this header, driver-readable; then the
 * data, PV_BLK_SECTOR bytes a sector, device-writable for a read; then one
 * status byte, device-writable. */
#define PV_BLK_SECTOR 512
#define PV_BLK_READ   0
#define PV_BLK_WRITE  1
#define PV_BLK_OK     0
#define PV_BLK_IOERR  1 /* a sector beyond the disk */
#define PV_BLK_UNSUPP 2 /* a type the device does not do */

struct pv_blk_req {
	uint32_t type; /* PV_BLK_READ or PV_BLK_WRITE */
	uint32_t reserved;
	uint64_t sector;
};

#endif
