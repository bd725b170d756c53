/*
 * The VT-x hypervisor: the guest kernel runs unmodified in VMX non-root
 * mode, and the CPU itself stops it (a VM exit) at exactly the events the
 * VMCS asks for.  What lab 02 had to find by trapping, decoding and
 * patching, the CPU now reports with a reason and a qualification.
 *
 * What the hypervisor stands on is kernel/vmm/ (struct vm: guest memory,
 * the vCPU, the devices, the exit statistics, vm_fail).  What it adds, one
 * concept per file, is the lesson:
 *
 *	monitor.c   the run loop: enter the guest, dispatch each exit (given)
 *	vmx.c       part A: discover VMX, enter VMX operation (VMXON)
 *	controls.c  part B: the controls against the capability MSRs (pure)
 *	vmcs.c      part B: the VMCS: controls, host state, guest state, entry
 *	vmentry.S   part B: VMLAUNCH/VMRESUME with the guest's registers
 *	exit.c      part C: the handler of each exit reason
 *	gwalk.c     part C: guest-virtual to guest-physical, as the guest's MMU
 *	eptmap.c    part D: the EPT's tables (pure)
 *	ept.c       part D: the EPT over guest memory; EPT violations as MMIO
 *	mmio.c      part D: the MOV that touched an MMIO page, decoded (pure)
 *	inject.c    part E: the virtual PIC's interrupts, HLT, event re-injection
 *
 * The manual: Intel SDM Vol. 3C, chapters 24 (VMX operation), 25 (the
 * VMCS), 26 (VMX non-root operation), 27 (VM entries), 28 (VM exits), 29
 * (EPT, as part of 29, "VMX support for address translation") and 31 (VMX
 * instruction reference); Vol. 3D, Appendices A to C.
 */
#ifndef LAB03_MONITOR_H
#define LAB03_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include "controls.h"
#include "vm.h"
#include "vmx.h"

/* What the CPU offers, read once by vmx_discover (SDM Vol. 3D, App. A). */
struct vmx_caps {
	uint64_t basic;
	uint64_t pin, proc, proc2, exit, entry; /* allowed-0 low, allowed-1 high */
	struct cr_fixed cr0, cr4;
	uint64_t ept;
};

/* The exit being handled, read from the VMCS once (SDM Vol. 3C, 28.2). */
struct vmexit {
	uint32_t reason; /* basic exit reason, bits 15:0 */
	uint64_t qual, gpa, linear;
	uint32_t len, info;
};

/* The MSRs the guest has and struct vcpu has no field for. */
struct mon_msrs {
	uint64_t pat;
};

struct mon {
	struct vm vm; /* guest memory, vCPU, devices, statistics */
	struct vmx_caps caps;
	uint64_t vmxon_pa, vmcs_pa; /* part A, part B */
	uint32_t proc;              /* the primary controls now (interrupt window) */
	bool launched;              /* VMLAUNCH done: VMRESUME from now on */
	bool full;                  /* the vCPU holds all of the guest state (vmcs.c) */
	struct vmexit exit;         /* part C */
	struct mon_msrs msr;
	uint64_t cr8;        /* part C: the task priority, 4 bits */
	uint64_t ept_root;   /* part D: the EPT PML4's host-physical address */
	uint64_t ticks_seen; /* host timer ticks already given to the guest */
};

/* monitor.c: the vCPU's general register by its encoding (RAX 0 ... R15 15). */
uint64_t *mon_gpr(struct mon *mon, unsigned n);

/* Part A, vmx.c: what the CPU offers, then VMXON; a CPU without VMX or EPT
 * is refused with one line and a clean power-off. */
void vmx_discover(struct mon *mon);
void vmx_enable(struct mon *mon);
/* One line, "vmx: refused: REASON", and power-off with VM_FAIL_STATUS. */
void vmx_refuse(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Part B, vmcs.c. */
void vmcs_create(struct mon *mon); /* controls, host state, EPT pointer */
void vmcs_load_guest(struct mon *mon);
void vmcs_save_guest(struct mon *mon); /* RIP, RSP, RFLAGS, CR2 */
/* The rest of the guest state into the vCPU: control registers, EFER,
 * segments, descriptor tables (written back at the next entry). */
void vmcs_save_full(struct mon *mon);
/* VMLAUNCH or VMRESUME; back at the next VM exit, with mon->exit read.  A
 * VMfail or a failed entry ends the guest through vm_fail. */
void vmcs_run(struct mon *mon);
void vmcs_set_proc(struct mon *mon, uint32_t bits, bool on);
/* vmentry.S: load the guest's registers, enter; 0 at the next exit (the
 * registers saved), or the vmx_result of a VMfail. */
int vmx_run(struct vcpu *v, int launched);
void vmx_exit_point(void);

/* Part C, exit.c. */
void exit_dispatch(struct mon *mon);
/* The instruction that exited is done: RIP past it, and the STI or MOV SS
 * shadow it may have sat in is over (SDM Vol. 3C, 26.3.1.5). */
void exit_skip_instruction(struct mon *mon);

/* Part C, gwalk.c: the guest's own 4-level paging (SDM Vol. 3A, 4.5). */
enum gwalk_access { GW_READ, GW_WRITE, GW_FETCH };
/* va to gpa as the guest's access would go; false with *pf_error set when
 * the guest would take a #PF.  A table outside guest memory: vm_fail. */
bool gwalk(struct mon *mon, uint64_t va, enum gwalk_access how, uint64_t *gpa, uint32_t *pf_error);
/* Copy to or from guest-virtual memory; on a fault, the guest gets its #PF
 * (CR2 and error code) and the function returns false. */
bool gva_read(struct mon *mon, uint64_t va, void *dst, uint64_t len, enum gwalk_access how);
bool gva_write(struct mon *mon, uint64_t va, const void *src, uint64_t len);

/* Part D, ept.c. */
void ept_build(struct mon *mon); /* guest memory, 2 MiB pages; sets mon->ept_root */
uint64_t ept_pointer(const struct mon *mon);
void ept_violation(struct mon *mon);

/* Part E, inject.c. */
void inject_reinject(struct mon *mon); /* an event the exit interrupted */
void inject_pending(struct mon *mon);  /* the virtual PIC's interrupt, or a window */
void inject_exception(struct mon *mon, uint8_t vector, uint32_t error, bool has_error);
void inject_halt(struct mon *mon);

#endif
