/*
 * Traps, interrupts, and running code in ring 3.
 *
 * Every vector enters through one assembly path (arch/trapentry.S) that saves
 * the registers into a struct trapframe and calls trap_dispatch():
 *   - a trap from ring 3 ends user_run() and hands the frame to its caller
 *     (after the kernel's own IRQ bookkeeping, such as the PIC's EOI);
 *   - a hardware IRQ goes to the handler registered with irq_register();
 *   - an exception in ring 0 goes to the handler registered with
 *     trap_register(); with none, or if it declines, the kernel prints a
 *     register dump and stops the machine.
 */
#ifndef VLAB_TRAP_H
#define VLAB_TRAP_H

#include <stdbool.h>
#include <stdint.h>

/* Segment selectors of the kernel's GDT (gdt.c). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA (0x18 | 3)
#define SEL_UCODE (0x20 | 3)
#define SEL_TSS   0x28

#define IRQ_BASE    32 /* the PIC's 16 lines are remapped to vectors 32..47 */
#define IRQ_TIMER   0
#define NUM_VECTORS 256

/* The order is fixed by trapentry.S: general registers as pushed, then the
 * vector and error code, then what the CPU pushes (SDM Vol. 3A, 6.14.2
 * "64-Bit Mode Stack Frame"). */
struct trapframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error; /* 0 for vectors without an error code */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Returns true when it handled the trap and execution may resume at
 * tf->rip (which the handler may have changed). */
typedef bool (*trap_handler_t)(struct trapframe *tf);
typedef void (*irq_handler_t)(struct trapframe *tf);

void trap_init(void); /* GDT, TSS, IDT: call once, interrupts off */
void trap_register(int vector, trap_handler_t handler);
void irq_register(int irq, irq_handler_t handler);
void trap_dispatch(struct trapframe *tf);
const char *trap_name(uint64_t vector); /* "#PF page fault", "IRQ 0", ... */
void trap_dump(const struct trapframe *tf);
void trap_fatal(const struct trapframe *tf) __attribute__((noreturn));

/*
 * Run ring-3 code with the registers in *tf until the next trap or interrupt,
 * then return its vector, with *tf updated to the ring-3 state at that moment.
 * The selectors are forced to the user segments and RFLAGS to IF=1, IOPL=0:
 * ring 3 can neither mask the host's interrupts nor touch I/O ports, so every
 * such attempt traps to the caller.  This is the run loop of a trap-and-emulate
 * monitor:  for (;;) { vector = user_run(&tf); handle(vector, &tf); }
 */
uint64_t user_run(struct trapframe *tf);

/* trapentry.S */
extern uint64_t trap_vectors[NUM_VECTORS];
uint64_t user_enter(struct trapframe *tf);
void user_leave(const struct trapframe *tf) __attribute__((noreturn));

#endif
