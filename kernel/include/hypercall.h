/*
 * The hypercall convention of vlab's hypervisors: how a guest that knows it
 * is virtualized asks its hypervisor for something (lab 04), the same on
 * both monitors.
 *
 *	VMCALL (0f 01 c1)
 *	RAX          the hypercall's number
 *	RDI RSI RDX  the first three arguments, then R10 and R8 (the
 *	R10 R8       registers of a Linux system call, as Xen and KVM use)
 *	RAX          the result: 0 or more, or a negative errno (HC_E*)
 *	             every other register is preserved
 *
 * Under lab 03's hypervisor, VMCALL in VMX non-root operation always exits
 * (SDM Vol. 3C, 26.1.2; exit reason 18).  Under lab 02's monitor the guest
 * runs in ring 3 of a host that is not in VMX operation, where VMCALL raises
 * #UD (SDM Vol. 2B, VMCALL, "Protected Mode Exceptions"): the monitor takes
 * that #UD at a VMCALL as the hypercall.  On a machine without a hypervisor,
 * or under a monitor that offers no hypercalls, the guest gets the #UD.
 *
 * Guest-physical addresses, not pointers, cross the interface: the
 * hypervisor sees guest memory, not the guest's page tables.
 */
#ifndef VLAB_HYPERCALL_H
#define VLAB_HYPERCALL_H

#define HC_ARGS       5 /* RDI, RSI, RDX, R10, R8 */
#define HC_VMCALL_LEN 3 /* 0f 01 c1 */

/* The errors, negated in RAX; the numbers are Linux's. */
#define HC_EPERM  1
#define HC_EIO    5
#define HC_E2BIG  7
#define HC_EFAULT 14 /* an address or a length outside guest memory */
#define HC_EBUSY  16
#define HC_ENODEV 19
#define HC_EINVAL 22
#define HC_ENOSYS 38 /* no hypercall with that number */

#endif
