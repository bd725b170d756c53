/*
 * Boot sector: the BIOS loads it at 0x7c00 in 16-bit real mode with the boot
 * drive in DL.  It reads the parameter sector and the loader (disk sectors
 * PARAMS_LBA .. PARAMS_LBA + LOADER_SECTORS) to 0x7e00 with the BIOS "extended
 * read" (INT 13h, AH=42h, LBA addressing) and jumps to the loader.
 * On failure it prints why on COM1 and on port 0xe9, then powers off.
 */
#include "bootinfo.h"

	.code16
	.section .text
	.globl _start
_start:
	cli
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$0x7c00, %sp
	ljmp	$0, $normalized		/* some BIOSes enter at 07c0:0000 */
normalized:
	sti
	mov	%dl, boot_drive

	/* INT 13h AH=41h: are the LBA extensions there? */
	mov	$0x41, %ah
	mov	$0x55aa, %bx
	int	$0x13
	jc	no_lba
	cmp	$0xaa55, %bx
	jne	no_lba

	mov	$dap, %si
	mov	$0x42, %ah
	mov	boot_drive, %dl
	int	$0x13
	jc	read_failed

	mov	boot_drive, %dl
	ljmp	$0, $LOADER_ADDR

no_lba:
	mov	$msg_no_lba, %si
	jmp	fail
read_failed:
	mov	$msg_read, %si
#include "fail16.inc"

msg_no_lba:	.asciz "boot: the BIOS has no INT 13h extensions\npoweroff: status 1\n"
msg_read:	.asciz "boot: reading the loader from disk failed\npoweroff: status 1\n"
boot_drive:	.byte 0

	.balign 4
dap:	/* disk address packet for INT 13h AH=42h */
	.byte	16, 0
	.word	1 + LOADER_SECTORS	/* sectors */
	.word	BOOT_PARAMS_ADDR, 0	/* offset, segment */
	.quad	PARAMS_LBA

	.org	510
	.word	0xaa55
