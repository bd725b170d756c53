/*
 * The VMX instructions and the VMCS's field encodings (SDM Vol. 3C,
 * Appendix B "Field Encoding in VMCS"), the vocabulary of every file of
 * this lab.  A VMX instruction reports its outcome in RFLAGS (SDM Vol. 3C,
 * 31.2 "Conventions"): CF set is VMfailInvalid (no current VMCS to hold an
 * error number), ZF set is VMfailValid (the number is in the VMCS's
 * VM-instruction error field, 31.4).
 */
#ifndef LAB03_VMX_H
#define LAB03_VMX_H

#include <stdint.h>

enum vmx_result { VMX_OK = 0, VMX_FAIL_INVALID = 1, VMX_FAIL_VALID = 2 };

/* The capability MSRs (SDM Vol. 3D, Appendix A). */
#define MSR_IA32_FEATURE_CONTROL      0x3a
#define MSR_IA32_VMX_BASIC            0x480
#define MSR_IA32_VMX_PINBASED_CTLS    0x481
#define MSR_IA32_VMX_PROCBASED_CTLS   0x482
#define MSR_IA32_VMX_EXIT_CTLS        0x483
#define MSR_IA32_VMX_ENTRY_CTLS       0x484
#define MSR_IA32_VMX_CR0_FIXED0       0x486
#define MSR_IA32_VMX_CR0_FIXED1       0x487
#define MSR_IA32_VMX_CR4_FIXED0       0x488
#define MSR_IA32_VMX_CR4_FIXED1       0x489
#define MSR_IA32_VMX_PROCBASED_CTLS2  0x48b
#define MSR_IA32_VMX_EPT_VPID_CAP     0x48c
#define MSR_IA32_VMX_TRUE_PINBASED    0x48d
#define MSR_IA32_VMX_TRUE_PROCBASED   0x48e
#define MSR_IA32_VMX_TRUE_EXIT        0x48f
#define MSR_IA32_VMX_TRUE_ENTRY       0x490
#define VMX_BASIC_TRUE_CTLS           (1ull << 55) /* the TRUE_* MSRs exist (A.1) */
#define VMX_BASIC_INS_OUTS_INFO       (1ull << 54) /* INS/OUTS exits give the instruction info */
#define FEATURE_CONTROL_LOCKED        (1ull << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE (1ull << 2)
#define EPT_CAP_WALK4                 (1ull << 6)  /* A.10: a 4-level walk */
#define EPT_CAP_WB                    (1ull << 14) /* write-back EPT structures */
#define EPT_CAP_2M                    (1ull << 16) /* 2 MiB pages */
#define CPUID1_ECX_VMX                (1u << 5)
#define CPUID1_ECX_HYPERVISOR         (1u << 31)

/* Execution, exit and entry controls (SDM Vol. 3C, 25.6, 25.7, 25.8). */
#define PIN_EXTERNAL_INTERRUPT_EXITING (1u << 0)
#define PROC_INTERRUPT_WINDOW_EXITING  (1u << 2)
#define PROC_HLT_EXITING               (1u << 7)
#define PROC_CR3_LOAD_EXITING          (1u << 15)
#define PROC_CR3_STORE_EXITING         (1u << 16)
#define PROC_UNCONDITIONAL_IO_EXITING  (1u << 24)
#define PROC_USE_MSR_BITMAPS           (1u << 28)
#define PROC_SECONDARY_CONTROLS        (1u << 31)
#define PROC2_ENABLE_EPT               (1u << 1)
#define EXIT_HOST_ADDR_SPACE_SIZE      (1u << 9)
#define EXIT_SAVE_IA32_EFER            (1u << 20)
#define EXIT_LOAD_IA32_EFER            (1u << 21)
#define ENTRY_IA32E_MODE_GUEST         (1u << 9)
#define ENTRY_LOAD_IA32_EFER           (1u << 15)

/* Event injection and vectoring information (SDM Vol. 3C, 25.8.3, 28.2.4). */
#define INTR_INFO_VALID              (1u << 31)
#define INTR_INFO_DELIVER_ERROR      (1u << 11)
#define INTR_INFO_NMI_UNBLOCKING     (1u << 12)
#define INTR_TYPE_EXTERNAL           (0u << 8)
#define INTR_TYPE_HARDWARE_EXCEPTION (3u << 8)
#define INTR_TYPE_SOFTWARE_INTERRUPT (4u << 8)
#define INTR_TYPE_SOFTWARE_EXCEPTION (6u << 8)
#define INTERRUPTIBILITY_STI         (1u << 0)
#define INTERRUPTIBILITY_MOV_SS      (1u << 1)
#define EXIT_REASON_FAILED_ENTRY     (1u << 31)

/* 16-bit fields. */
#define GUEST_ES_SELECTOR 0x0800 /* ES, CS, SS, DS, FS, GS, LDTR, TR: + 2 each */
#define HOST_ES_SELECTOR  0x0c00
#define HOST_CS_SELECTOR  0x0c02
#define HOST_SS_SELECTOR  0x0c04
#define HOST_DS_SELECTOR  0x0c06
#define HOST_FS_SELECTOR  0x0c08
#define HOST_GS_SELECTOR  0x0c0a
#define HOST_TR_SELECTOR  0x0c0c
/* 64-bit fields. */
#define EPT_POINTER            0x201a
#define GUEST_PHYSICAL_ADDRESS 0x2400
#define VMCS_LINK_POINTER      0x2800
#define GUEST_IA32_DEBUGCTL    0x2802
#define GUEST_IA32_EFER        0x2806
#define HOST_IA32_EFER         0x2c02
/* 32-bit fields. */
#define PIN_BASED_CONTROLS     0x4000
#define PROC_BASED_CONTROLS    0x4002
#define EXCEPTION_BITMAP       0x4004
#define CR3_TARGET_COUNT       0x400a
#define EXIT_CONTROLS          0x400c
#define EXIT_MSR_STORE_COUNT   0x400e
#define EXIT_MSR_LOAD_COUNT    0x4010
#define ENTRY_CONTROLS         0x4012
#define ENTRY_MSR_LOAD_COUNT   0x4014
#define ENTRY_INTR_INFO        0x4016
#define ENTRY_EXCEPTION_ERROR  0x4018
#define ENTRY_INSTRUCTION_LEN  0x401a
#define PROC_BASED_CONTROLS2   0x401e
#define VM_INSTRUCTION_ERROR   0x4400
#define EXIT_REASON            0x4402
#define EXIT_INTR_INFO         0x4404
#define IDT_VECTORING_INFO     0x4408
#define IDT_VECTORING_ERROR    0x440a
#define EXIT_INSTRUCTION_LEN   0x440c
#define EXIT_INSTRUCTION_INFO  0x440e
#define GUEST_ES_LIMIT         0x4800
#define GUEST_GDTR_LIMIT       0x4810
#define GUEST_IDTR_LIMIT       0x4812
#define GUEST_ES_AR            0x4814
#define GUEST_INTERRUPTIBILITY 0x4824
#define GUEST_ACTIVITY_STATE   0x4826
#define GUEST_SYSENTER_CS      0x482a
#define HOST_SYSENTER_CS       0x4c00
/* Natural-width fields. */
#define CR0_GUEST_HOST_MASK  0x6000
#define CR4_GUEST_HOST_MASK  0x6002
#define CR0_READ_SHADOW      0x6004
#define CR4_READ_SHADOW      0x6006
#define EXIT_QUALIFICATION   0x6400
#define GUEST_LINEAR_ADDRESS 0x640a
#define GUEST_CR0            0x6800
#define GUEST_CR3            0x6802
#define GUEST_CR4            0x6804
#define GUEST_ES_BASE        0x6806
#define GUEST_GDTR_BASE      0x6816
#define GUEST_IDTR_BASE      0x6818
#define GUEST_DR7            0x681a
#define GUEST_RSP            0x681c
#define GUEST_RIP            0x681e
#define GUEST_RFLAGS         0x6820
#define GUEST_PENDING_DEBUG  0x6822
#define GUEST_SYSENTER_ESP   0x6824
#define GUEST_SYSENTER_EIP   0x6826
#define HOST_CR0             0x6c00
#define HOST_CR3             0x6c02
#define HOST_CR4             0x6c04
#define HOST_FS_BASE         0x6c06
#define HOST_GS_BASE         0x6c08
#define HOST_TR_BASE         0x6c0a
#define HOST_GDTR_BASE       0x6c0c
#define HOST_IDTR_BASE       0x6c0e
#define HOST_SYSENTER_ESP    0x6c10
#define HOST_SYSENTER_EIP    0x6c12
#define HOST_RSP             0x6c14 /* written by vmx_run (vmentry.S) */
#define HOST_RIP             0x6c16

/* CF and ZF after a VMX instruction. */
#define VMX_RESULT(cf, zf) ((cf) ? VMX_FAIL_INVALID : (zf) ? VMX_FAIL_VALID : VMX_OK)

static inline enum vmx_result vmxon(uint64_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmxon %2; setc %0; setz %1"
	                 : "=rm"(cf), "=rm"(zf)
	                 : "m"(pa)
	                 : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

static inline enum vmx_result vmclear(uint64_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmclear %2; setc %0; setz %1"
	                 : "=rm"(cf), "=rm"(zf)
	                 : "m"(pa)
	                 : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

static inline enum vmx_result vmptrld(uint64_t pa)
{
	uint8_t cf, zf;
	__asm__ volatile("vmptrld %2; setc %0; setz %1"
	                 : "=rm"(cf), "=rm"(zf)
	                 : "m"(pa)
	                 : "cc", "memory");
	return VMX_RESULT(cf, zf);
}

/* VMREAD and VMWRITE of a field this lab names can only fail through a
 * bug of the lab: vmcs.c panics with the field. */
void vmcs_bad_access(const char *what, uint32_t field) __attribute__((noreturn));

static inline uint64_t vmread(uint32_t field)
{
	uint64_t value;
	uint8_t failed; /* CF or ZF: the slow path finds out which */
	__asm__ volatile("vmread %2, %0; setna %1"
	                 : "=r"(value), "=rm"(failed)
	                 : "r"((uint64_t)field)
	                 : "cc");
	if (failed)
		vmcs_bad_access("VMREAD", field);
	return value;
}

static inline void vmwrite(uint32_t field, uint64_t value)
{
	uint8_t failed;
	__asm__ volatile("vmwrite %1, %2; setna %0"
	                 : "=rm"(failed)
	                 : "rm"(value), "r"((uint64_t)field)
	                 : "cc");
	if (failed)
		vmcs_bad_access("VMWRITE", field);
}

#endif
