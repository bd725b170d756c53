/*
 * Part B: VMLAUNCH and VMRESUME with the guest's registers (SDM Vol. 3C,
 * 31.3; 27.3.2 for what an entry loads, 28.5 for what an exit loads).
 *
 * A VM entry loads the guest's RSP, RIP and RFLAGS from the VMCS but no
 * other general register, and an exit loads only the host's RSP and RIP:
 * every other register is the software's to save and restore, here.
 *
 *   int vmx_run(struct vcpu *v, int launched)
 *
 * returns 0 after a VM exit, the guest's registers stored in *v; or 1
 * (VMfailInvalid, CF) or 2 (VMfailValid, ZF) when the instruction failed
 * and the guest never ran.  Offsets: struct vcpu (kernel/vmm/vcpu.h),
 * checked by vmcs.c.
 */
#define HOST_RSP 0x6c14

	.text
	.globl vmx_run
	.type vmx_run, @function
vmx_run:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	push %rdi		/* *v, found again at the exit */
	/* BEGIN SOLUTION */ /* STUB: mov $1, %eax; jmp 3f; */
	/* The exit comes back on this stack as it is now: HOST_RSP must be
	 * this call's, written at every entry. */
	mov $HOST_RSP, %eax
	vmwrite %rsp, %rax
	cmp $0, %esi		/* the flags survive the MOVs below */
	mov 0(%rdi), %rax
	mov 8(%rdi), %rbx
	mov 16(%rdi), %rcx
	mov 24(%rdi), %rdx
	mov 32(%rdi), %rsi
	mov 48(%rdi), %rbp
	mov 64(%rdi), %r8
	mov 72(%rdi), %r9
	mov 80(%rdi), %r10
	mov 88(%rdi), %r11
	mov 96(%rdi), %r12
	mov 104(%rdi), %r13
	mov 112(%rdi), %r14
	mov 120(%rdi), %r15
	mov 40(%rdi), %rdi
	jne 1f
	vmlaunch
	jmp 2f
1:	vmresume
	/* Here only if the instruction failed: CF or ZF says how. */
2:	mov $1, %eax
	jc 3f
	mov $2, %eax
	/* END SOLUTION */
3:	add $8, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size vmx_run, . - vmx_run

/* HOST_RIP: RSP is HOST_RSP, *v on top. */
	.globl vmx_exit_point
	.type vmx_exit_point, @function
vmx_exit_point:
	/* BEGIN SOLUTION */ /* STUB: ud2; */
	push %rdi
	mov 8(%rsp), %rdi
	mov %rax, 0(%rdi)
	mov %rbx, 8(%rdi)
	mov %rcx, 16(%rdi)
	mov %rdx, 24(%rdi)
	mov %rsi, 32(%rdi)
	popq 40(%rdi)
	mov %rbp, 48(%rdi)
	mov %r8, 64(%rdi)
	mov %r9, 72(%rdi)
	mov %r10, 80(%rdi)
	mov %r11, 88(%rdi)
	mov %r12, 96(%rdi)
	mov %r13, 104(%rdi)
	mov %r14, 112(%rdi)
	mov %r15, 120(%rdi)
	xor %eax, %eax
	/* END SOLUTION */
	add $8, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret
	.size vmx_exit_point, . - vmx_exit_point
