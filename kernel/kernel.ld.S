/* Link script of both builds; KERNEL_VIRT_OFFSET is KERNEL_BASE (host) or 0
 * (guest).  The image is loaded at physical KERNEL_PHYS. */
#include "bootinfo.h"

OUTPUT_FORMAT("elf64-x86-64")
ENTRY(_start)
SECTIONS
{
	. = KERNEL_VIRT_OFFSET + KERNEL_PHYS;
	__image_start = .;
	.text : AT(KERNEL_PHYS) {
		KEEP(*(.boothdr))
		*(.text .text.*)
		__text_end = .;
	}
	.rodata : {
		*(.rodata .rodata.*)
		/* A micro-guest's descriptor (vmm/guests/micro.h), or a
		 * hostile guest's (vmm/guests/hostile.h). */
		. = ALIGN(8);
		__start_micro_guests = .;
		KEEP(*(micro_guests))
		__stop_micro_guests = .;
		__start_hostile_guests = .;
		KEEP(*(hostile_guests))
		__stop_hostile_guests = .;
	}
	.data : { *(.data .data.*) }
	__image_end = .;
	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(16);
		__bss_end = .;
	}
	. = ALIGN(4096);
	__kernel_end = .;
	/DISCARD/ : { *(.eh_frame*) *(.note*) *(.comment) }
}
__image_size = __image_end - __image_start;
__text_size = __text_end - __image_start;
__image_mem_size = __kernel_end - __image_start;
