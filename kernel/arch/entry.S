/*
 * The kernel image starts with its header (bootinfo.h), which the loader
 * reads, then the 64-bit entry point, entered with paging on, interrupts off
 * and RDI = physical address of struct bootinfo.
 */
#include "bootinfo.h"

	.section .boothdr, "a"
	.long	IMAGE_MAGIC
	.long	__image_size
	.quad	_start
	.long	__image_mem_size
	.long	__text_size

	.section .text
	.globl _start
_start:
	lea	boot_stack_top(%rip), %rsp
	mov	%rdi, %r12
	lea	__bss_start(%rip), %rdi		/* the loader copied the file, not the BSS */
	lea	__bss_end(%rip), %rcx
	sub	%rdi, %rcx
	xor	%eax, %eax
	cld
	rep stosb
	mov	%r12, %rdi
	xor	%ebp, %ebp			/* the end of every backtrace */
	call	kmain
1:	cli
	hlt
	jmp	1b

	.section .bss
	.balign 16
boot_stack:
	.space	16384
boot_stack_top:
