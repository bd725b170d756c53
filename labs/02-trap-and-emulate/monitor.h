/*
 * The trap-and-emulate monitor: the guest kernel runs in ring 3 of the
 * host through user_run(); every privileged instruction it executes comes
 * back as a trap, and the monitor does to a virtual CPU what the
 * instruction would have done to the real one.
 *
 * What the monitor stands on is kernel/vmm/ (struct vm: guest memory, the
 * vCPU, the devices, the exit statistics, vm_fail).  What it adds, one
 * concept per file, is the lesson:
 *
 *	monitor.c  the run loop: enter the guest, sort each trap (given)
 *	decode.c   part A: the bytes at RIP to an instruction
 *	emulate.c  part B: each privileged instruction against the vCPU
 *	virq.c     part C: interrupts and exceptions delivered through the
 *	           guest's IDT, IRETQ, HLT
 *	shadow.c   part D: the guest's page tables shadowed in the host's
 *	patch.c    part E: the x86 holes, SGDT & co. by UMIP, PUSHF/POPF by
 *	           patching the guest's code
 */
#ifndef LAB02_MONITOR_H
#define LAB02_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include "decode.h"
#include "vm.h"

#define PATCH_MAX  512 /* patched PUSHF and POPF sites */
#define NO_SHADOW  (~0ull)
#define MON_NO_ERR (~0ull) /* an exception without an error code */

/* A PUSHF or POPF the monitor replaced with a trapping byte (patch.c). */
struct patch_site {
	uint64_t rip;
	uint8_t len;
	uint8_t op_size;
	bool popf;
};

/* The virtual MSRs that struct vcpu has no field for. */
struct mon_msrs {
	uint64_t star, lstar, cstar, sfmask, kernel_gs_base, pat;
};

struct mon {
	struct vm vm;           /* guest memory, vCPU, devices, statistics */
	struct mon_msrs msr;    /* part B */
	uint64_t cr8;           /* part B: the task priority, 4 bits */
	uint64_t sti_shadow;    /* part C: no interrupt before this RIP has run (after STI) */
	bool step_window;       /* part C: one instruction single-stepped to end the shadow */
	uint64_t shadow_root;   /* part D: the host PML4 the guest runs on */
	uint64_t hidden_faults; /* part D: #PF the guest never sees */
	uint64_t maxphy_mask;   /* part D: the physical-address bits of a PTE */
	struct patch_site patches[PATCH_MAX]; /* part E, by RIP */
	unsigned npatches;
	bool umip;                               /* part E: SGDT, SIDT, SLDT, STR, SMSW trap */
	uint64_t ticks_seen;                     /* host timer ticks already given to the guest */
	uint64_t loaded_fs_base, loaded_gs_base; /* what the CPU's FS_BASE and GS_BASE hold now */
};

/* monitor.c: what every part uses. */
uint64_t *mon_gpr(struct mon *mon, int gpr);                  /* the vCPU's register by encoding */
uint64_t mon_address(struct mon *mon, const struct insn *in); /* a memory operand's address */
/* The ModR/M operand, read or written in size bytes; false when the
 * memory access faulted (the guest has its #PF: stop the instruction). */
bool mon_rm_read(struct mon *mon, const struct insn *in, unsigned size, uint64_t *value);
bool mon_rm_write(struct mon *mon, const struct insn *in, unsigned size, uint64_t value);

/* Part B, emulate.c: the instruction at RIP, decoded, done; RIP past it. */
void emulate(struct mon *mon, const struct insn *in);
/* PUSHF and POPF on the vCPU's RSP and RFLAGS; false when the stack
 * access faulted. */
bool emulate_pushf(struct mon *mon, unsigned op_size);
bool emulate_popf(struct mon *mon, unsigned op_size);

/* Part C, virq.c. */
/* Deliver an exception or interrupt through the guest's IDT (SDM Vol. 3A,
 * 6.12 and 6.14): a frame on the guest's stack, RIP at the handler.  error
 * is MON_NO_ERR for a vector without an error code.  What cannot be
 * delivered raises its fault, or a double fault; a double fault that
 * cannot be delivered is a triple fault (vm_fail). */
void virq_raise(struct mon *mon, uint8_t vector, uint64_t error);
/* INT n (or INT3, len 1) at RIP, len bytes long: its frame returns past it;
 * a gate it may not use raises #GP or #NP on the INT itself. */
void virq_software(struct mon *mon, uint8_t vector, unsigned len);
/* The virtual PIC's interrupt, if the guest can take one now; if only the
 * STI shadow holds it back, mon->step_window asks for one instruction to
 * be single-stepped (RFLAGS.TF) so that it goes in right after. */
void virq_inject_pending(struct mon *mon);
void virq_iret(struct mon *mon, const struct insn *in);
void virq_halt(struct mon *mon, const struct insn *in);

/* Part D, shadow.c. */
void shadow_init(struct mon *mon);
/* A #PF in ring 3 at va: fill the shadow from the guest's tables (a
 * hidden fault), or give the guest its own #PF. */
void shadow_page_fault(struct mon *mon, uint64_t va, uint64_t error);
void shadow_flush(struct mon *mon);               /* CR3 written, paging bits changed */
void shadow_invlpg(struct mon *mon, uint64_t va); /* INVLPG */
/* Fill the shadow for va now if the guest's tables map it; nothing, and no
 * fault, if they do not (lab 04: a paravirtual guest announced va). */
void shadow_prefetch(struct mon *mon, uint64_t va);
/* The guest's CR3 changed by a switch of tables (lab 04's hypercall):
 * every page the shadow holds filled again from the new tables, or
 * dropped where they do not map it. */
void shadow_rebase(struct mon *mon);
/* Copy between guest-virtual memory and the monitor, as the guest's own
 * access would (write: needs write permission; fetch: executable).  On a
 * page fault the guest gets its #PF and the function returns false. */
bool gva_read(struct mon *mon, uint64_t va, void *dst, uint64_t len);
bool gva_write(struct mon *mon, uint64_t va, const void *src, uint64_t len);
/* The same without the #PF, for event delivery: a fault there is a
 * double fault, not a page fault. */
bool gva_peek(struct mon *mon, uint64_t va, void *dst, uint64_t len);
bool gva_poke(struct mon *mon, uint64_t va, const void *src, uint64_t len);
/* Up to max instruction bytes at va, stopping before a page the guest
 * cannot execute: how many. */
unsigned gva_fetch(struct mon *mon, uint64_t va, uint8_t *dst, unsigned max);

/* Part E, patch.c. */
void holes_init(struct mon *mon); /* UMIP on; PUSHF and POPF patched */
/* Emulate the patched instruction at RIP, if it is one. */
bool patch_emulate(struct mon *mon);

#endif
