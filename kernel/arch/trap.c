/* The IDT, the dispatch of every trap and interrupt, and the register dump. */
#include "console.h"
#include "pic.h"
#include "pvops.h"
#include "trap.h"
#include "x86.h"

void gdt_init(void);

static struct idt_gate idt[NUM_VECTORS];
static trap_handler_t trap_handlers[NUM_VECTORS];
static irq_handler_t irq_handlers[16];

void trap_init(void)
{
	gdt_init();
	for (int v = 0; v < NUM_VECTORS; v++) {
		uint64_t a = trap_vectors[v];
		idt[v] = (struct idt_gate){
			.offset_low = a & 0xffff,
			.selector = SEL_KCODE,
			.ist = v == T_DF ? 1 : 0, /* the double fault runs on its own stack */
			.type = 0x8e,             /* P=1, DPL=0, interrupt gate (clears IF) */
			.offset_mid = (a >> 16) & 0xffff,
			.offset_high = a >> 32,
		};
	}
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };
	pv.load_idt(&p);
}

void trap_register(int vector, trap_handler_t handler)
{
	trap_handlers[vector] = handler;
}

void irq_register(int irq, irq_handler_t handler)
{
	irq_handlers[irq] = handler;
}

static bool from_user(const struct trapframe *tf)
{
	return (tf->cs & 3) == 3;
}

void trap_dispatch(struct trapframe *tf)
{
	if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16) {
		int irq = tf->vector - IRQ_BASE;
		if (pic_spurious(irq))
			return;
		if (irq_handlers[irq])
			irq_handlers[irq](tf);
		pv.irq_eoi(irq);
		if (from_user(tf))
			user_leave(tf);
		return;
	}
	if (from_user(tf))
		user_leave(tf);
	trap_handler_t h = trap_handlers[tf->vector];
	if (h && h(tf))
		return;
	trap_fatal(tf);
}

static const char *const exception_names[32] = {
	[T_DE] = "#DE divide error",
	[T_DB] = "#DB debug",
	[T_NMI] = "NMI",
	[T_BP] = "#BP breakpoint",
	[T_OF] = "#OF overflow",
	[T_BR] = "#BR bound range",
	[T_UD] = "#UD invalid opcode",
	[T_NM] = "#NM device not available",
	[T_DF] = "#DF double fault",
	[T_TS] = "#TS invalid TSS",
	[T_NP] = "#NP segment not present",
	[T_SS] = "#SS stack-segment fault",
	[T_GP] = "#GP general protection",
	[T_PF] = "#PF page fault",
	[T_MF] = "#MF x87 floating-point error",
	[T_AC] = "#AC alignment check",
	[T_MC] = "#MC machine check",
	[T_XM] = "#XM SIMD floating-point",
	[T_VE] = "#VE virtualization exception",
	[T_CP] = "#CP control protection",
};

const char *trap_name(uint64_t vector)
{
	static const char *const irq_names[16] = {
		"IRQ 0 (timer)", "IRQ 1",  "IRQ 2",  "IRQ 3",  "IRQ 4 (COM1)", "IRQ 5",
		"IRQ 6",         "IRQ 7",  "IRQ 8",  "IRQ 9",  "IRQ 10",       "IRQ 11",
		"IRQ 12",        "IRQ 13", "IRQ 14", "IRQ 15",
	};
	if (vector < 32)
		return exception_names[vector] ? exception_names[vector] : "reserved exception";
	if (vector < IRQ_BASE + 16)
		return irq_names[vector - IRQ_BASE];
	return "software interrupt";
}

void trap_dump(const struct trapframe *tf)
{
	kprintf("trap: %s (vector %lu) in ring %lu, error %#lx", trap_name(tf->vector), tf->vector,
	        tf->cs & 3, tf->error);
	if (tf->vector == T_PF)
		kprintf(" (%s, %s, %s%s)", tf->error & PF_P ? "protection" : "not present",
		        tf->error & PF_W ? "write" : "read", tf->error & PF_U ? "user" : "kernel",
		        tf->error & PF_I ? ", instruction fetch" : "");
	kprintf("\n");
	kprintf("  rip %016lx  cs  %04lx              rflags %016lx\n", tf->rip, tf->cs,
	        tf->rflags);
	kprintf("  rsp %016lx  ss  %04lx\n", tf->rsp, tf->ss);
	kprintf("  rax %016lx  rbx %016lx  rcx %016lx\n", tf->rax, tf->rbx, tf->rcx);
	kprintf("  rdx %016lx  rsi %016lx  rdi %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	kprintf("  rbp %016lx  r8  %016lx  r9  %016lx\n", tf->rbp, tf->r8, tf->r9);
	kprintf("  r10 %016lx  r11 %016lx  r12 %016lx\n", tf->r10, tf->r11, tf->r12);
	kprintf("  r13 %016lx  r14 %016lx  r15 %016lx\n", tf->r13, tf->r14, tf->r15);
	kprintf("  cr0 %016lx  cr2 %016lx  cr3 %016lx  cr4 %016lx\n", pv.read_cr0(), pv.read_cr2(),
	        pv.read_cr3(), pv.read_cr4());
}

void trap_fatal(const struct trapframe *tf)
{
	kprintf("panic: unhandled %s in ring %lu at rip %#lx\n", trap_name(tf->vector), tf->cs & 3,
	        tf->rip);
	trap_dump(tf);
	backtrace(tf->rbp);
	poweroff(1);
}
