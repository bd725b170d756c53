/*
 * The micro-guests' runtime (rt.c), linked into each with the kernel's
 * console, printf and power-off (guest build): kmain reads the seed and the
 * arguments the loader (or the monitor) left, masks both PICs, runs the
 * guest and prints its line.  The guests that take interrupts or faults
 * load an IDT of their own with micro_idt_load().
 */
#ifndef VLAB_MICRO_RT_H
#define VLAB_MICRO_RT_H

#include "micro.h"
#include "trap.h"

/* Load an IDT whose every gate (64-bit interrupt gate, the loader's code
 * selector BOOT_GDT_CODE64) enters handler with the trap frame; the guest's
 * code resumes at tf->rip when it returns. */
void micro_idt_load(void (*handler)(struct trapframe *tf));

/* Is word (e.g. "pv=1") one of the arguments the monitor (or tools/vm
 * --args) left in the parameter sector? */
bool micro_has_arg(const char *word);

/* Where guest RAM ends: the top of the E820 map's usable ranges. */
uint64_t micro_ram_end(void);

#endif
