/*
 * The entry of every trap and interrupt, and the crossings into and out of
 * ring 3.  Each vector has a stub that makes the stack look the same for all
 * (a zero error code where the CPU pushes none, then the vector number), then
 * saves the general registers so the stack holds a struct trapframe.
 */
	.section .text
	.altmacro
	/* Vectors with an error code from the CPU: SDM Vol. 3A, Table 6-1. */
	.macro vector_stub v
	.balign 16
vector_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq	$0
	.endif
	pushq	$\v
	jmp	trap_common
	.endm

	.set i, 0
	.rept 256
	vector_stub %i
	.set i, i + 1
	.endr

	.macro push_regs
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	.endm

	.macro pop_regs
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	.endm

trap_common:
	push_regs
	cld
	mov	%rsp, %rdi
	call	trap_dispatch
	pop_regs
	add	$16, %rsp		/* vector and error code */
	iretq

/*
 * uint64_t user_enter(struct trapframe *tf): save the kernel's callee-saved
 * registers and stack, then "return" into ring 3 by using *tf itself as the
 * stack that IRETQ pops.  Interrupts stay off until IRETQ loads RFLAGS.
 */
	.globl user_enter
user_enter:
	pushfq
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cli
	mov	%rsp, user_kernel_rsp(%rip)
	mov	%rdi, user_frame(%rip)
	mov	%rdi, %rsp
	pop_regs
	add	$16, %rsp
	iretq

/*
 * void user_leave(const struct trapframe *tf): called by trap_dispatch on a
 * trap from ring 3.  Copy the frame to the caller of user_enter, drop the
 * trap stack, and return from user_enter with the vector.
 */
	.globl user_leave
user_leave:
	mov	%rdi, %rsi
	mov	user_frame(%rip), %rdi
	mov	$22, %ecx		/* sizeof(struct trapframe) / 8 */
	rep movsq
	mov	user_kernel_rsp(%rip), %rsp
	mov	user_frame(%rip), %rax
	mov	15 * 8(%rax), %rax	/* tf->vector */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popfq
	ret

	.section .data
	.balign 8
	/* The vector stubs, for the IDT. */
	.globl trap_vectors
trap_vectors:
	.macro vector_address v
	.quad	vector_\v
	.endm
	.set i, 0
	.rept 256
	vector_address %i
	.set i, i + 1
	.endr

	.section .bss
	.balign 8
user_kernel_rsp:	.quad 0
user_frame:		.quad 0
