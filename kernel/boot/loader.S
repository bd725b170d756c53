/*
 * Loader: entered at LOADER_ADDR in 16-bit real mode, boot drive in DL.
 *  1. A20 on, the BIOS memory map (INT 15h E820) into struct bootinfo;
 *  2. the kernel image read from disk in 32 KiB chunks through a bounce
 *     buffer below 1 MiB and copied to KERNEL_PHYS in "unreal mode";
 *  3. boot page tables mapping the first 1 GiB three times (bootinfo.h);
 *  4. protected mode, then long mode (SDM Vol. 3A, 9.8.5 "Initializing
 *     IA-32e Mode"), and a jump to the entry the image header names.
 */
#include "bootinfo.h"

#define BOUNCE_SEG    0x1000	/* bounce buffer at linear 0x10000 */
#define CHUNK_SECTORS 64	/* 32 KiB per BIOS read */

#define GDT_CODE32 0x08
#define GDT_DATA   0x10
#define GDT_CODE64 0x18

	.code16
	.section .text
	.globl _start
_start:
	mov	%dl, drive
	cld

	/* A20 through System Control Port A (0x92), which QEMU and Bochs have. */
	in	$0x92, %al
	or	$2, %al
	and	$0xfe, %al		/* bit 0 would reset the machine */
	out	%al, $0x92

	/* struct bootinfo: cleared, magic, then the E820 map. */
	mov	$BOOTINFO_ADDR, %di
	xor	%eax, %eax
	mov	$0x400, %cx
	rep stosl
	movl	$BOOTINFO_MAGIC, BOOTINFO_ADDR

	mov	$(BOOTINFO_ADDR + BOOTINFO_E820_OFFSET), %di
	xor	%ebx, %ebx
	xor	%bp, %bp
e820_next:
	mov	$0xe820, %eax
	mov	$E820_ENTRY_SIZE, %ecx
	mov	$0x534d4150, %edx	/* "SMAP" */
	movl	$1, 20(%di)		/* ACPI attributes: valid, unless the BIOS says otherwise */
	int	$0x15
	jc	e820_done
	cmp	$0x534d4150, %eax
	jne	e820_done
	mov	8(%di), %eax		/* skip empty ranges */
	or	12(%di), %eax
	jz	e820_skip
	add	$E820_ENTRY_SIZE, %di
	inc	%bp
	cmp	$BOOTINFO_E820_MAX, %bp
	jae	e820_done
e820_skip:
	test	%ebx, %ebx
	jnz	e820_next
e820_done:
	mov	%bp, BOOTINFO_ADDR + 4
	mov	$msg_e820, %si
	test	%bp, %bp
	jz	fail

	/* The parameter sector, read by the boot sector, goes into bootinfo. */
	mov	$BOOT_PARAMS_ADDR, %si
	mov	$(BOOTINFO_ADDR + BOOTINFO_PARAMS_OFFSET), %di
	mov	$128, %cx
	rep movsl

	/* The kernel's first sector holds its header: magic and size. */
	movl	$KERNEL_LBA, lba
	movw	$1, count
	call	read_chunk
	mov	$BOUNCE_SEG, %ax
	mov	%ax, %fs
	mov	$msg_magic, %si
	cmpl	$IMAGE_MAGIC, %fs:0
	jne	fail
	mov	%fs:4, %eax
	add	$511, %eax
	shr	$9, %eax
	mov	%eax, remaining
	movl	$KERNEL_PHYS, dest

load_next:
	mov	remaining, %eax
	cmp	$CHUNK_SECTORS, %eax
	jbe	1f
	mov	$CHUNK_SECTORS, %eax
1:	mov	%ax, count
	call	read_chunk
	movzwl	count, %ecx
	shl	$9, %ecx
	mov	$(BOUNCE_SEG << 4), %esi
	mov	dest, %edi
	add	%ecx, dest
	call	copy_high
	movzwl	count, %eax
	add	%eax, lba
	sub	%eax, remaining
	jnz	load_next

	/* Boot page tables: 2 MiB pages for the first 1 GiB, mapped at 0,
	 * PHYSMAP_BASE (PML4[256]) and KERNEL_BASE (PML4[511], PDPT[510]). */
	mov	$BOOT_PML4, %di
	xor	%eax, %eax
	mov	$(0x4000 / 4), %cx
	rep stosl
	movl	$(BOOT_PDPT_LOW | 3), BOOT_PML4
	movl	$(BOOT_PDPT_LOW | 3), BOOT_PML4 + 256 * 8
	movl	$(BOOT_PDPT_HIGH | 3), BOOT_PML4 + 511 * 8
	movl	$(BOOT_PD | 3), BOOT_PDPT_LOW
	movl	$(BOOT_PD | 3), BOOT_PDPT_HIGH + 510 * 8
	mov	$BOOT_PD, %di
	mov	$0x83, %eax		/* present, writable, 2 MiB page (PS) */
	mov	$512, %cx
2:	mov	%eax, (%di)
	add	$8, %di
	add	$0x200000, %eax
	loop	2b

	/* Protected mode with paging off (SDM Vol. 3A, 9.9.1). */
	cli
	lgdt	gdt_ptr
	mov	%cr0, %eax
	or	$1, %eax		/* PE */
	mov	%eax, %cr0
	ljmpl	$GDT_CODE32, $protected_mode

	.code32
protected_mode:
	mov	$GDT_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	/* IA-32e mode (SDM Vol. 3A, 9.8.5): PAE, CR3, EFER.LME, then CR0.PG. */
	mov	%cr4, %eax
	or	$(1 << 5), %eax		/* CR4.PAE */
	mov	%eax, %cr4
	mov	$BOOT_PML4, %eax
	mov	%eax, %cr3
	mov	$0xc0000080, %ecx	/* IA32_EFER */
	rdmsr
	or	$((1 << 8) | (1 << 11)), %eax	/* LME, NXE */
	wrmsr
	mov	%cr0, %eax
	or	$((1 << 31) | (1 << 16) | (1 << 5)), %eax	/* PG, WP, NE */
	mov	%eax, %cr0
	ljmp	$GDT_CODE64, $long_mode

	.code64
long_mode:
	mov	$0x7c00, %esp
	mov	$BOOTINFO_ADDR, %edi
	mov	(KERNEL_PHYS + 8), %rax	/* image_header.entry */
	jmp	*%rax

	.code16
/* read_chunk: read `count` sectors from `lba` to the bounce buffer. */
read_chunk:
	mov	count, %ax
	mov	%ax, dap_count
	mov	lba, %eax
	mov	%eax, dap_lba
	mov	$dap, %si
	mov	$0x42, %ah
	mov	drive, %dl
	int	$0x13
	mov	$msg_read, %si
	jc	fail
	ret

/*
 * copy_high: copy ECX bytes from linear ESI to linear EDI, which may lie
 * above 1 MiB.  A moment in protected mode loads DS and ES with a 4 GiB
 * segment; back in real mode the CPU keeps those limits ("unreal mode"), so
 * 32-bit addresses work until the next segment load in protected mode.
 */
copy_high:
	cli
	push	%ds
	push	%es
	lgdt	gdt_ptr
	mov	%cr0, %eax
	or	$1, %al
	mov	%eax, %cr0
	jmp	1f
1:	mov	$GDT_DATA, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%cr0, %eax
	and	$0xfe, %al
	mov	%eax, %cr0
	jmp	2f
2:	pop	%es
	pop	%ds
	addr32 rep movsb
	sti
	ret

#include "fail16.inc"

msg_e820:	.asciz "boot: the BIOS gave no E820 memory map\npoweroff: status 1\n"
msg_read:	.asciz "boot: reading the kernel from disk failed\npoweroff: status 1\n"
msg_magic:	.asciz "boot: no vlab kernel image after the loader\npoweroff: status 1\n"

	.balign 8
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* GDT_CODE32: 32-bit code, base 0, 4 GiB */
	.quad	0x00cf92000000ffff	/* GDT_DATA: data, base 0, 4 GiB */
	.quad	0x00af9a000000ffff	/* GDT_CODE64: 64-bit code (L=1) */
gdt_end:
gdt_ptr:
	.word	gdt_end - gdt - 1
	.long	gdt

	.balign 4
dap:	/* disk address packet for INT 13h AH=42h */
	.byte	16, 0
dap_count:
	.word	0
	.word	0, BOUNCE_SEG		/* offset, segment */
dap_lba:
	.quad	0

drive:		.byte 0
	.balign 4
count:		.word 0, 0
lba:		.long 0
remaining:	.long 0
dest:		.long 0
