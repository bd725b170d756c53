/*
 * The monitor's run loop (monitor.h): load the vCPU into a trap frame, run
 * the guest in ring 3 until it traps, and sort the trap.  Given: the parts
 * you write are called from here.
 *
 * What comes back from user_run() (kernel/include/trap.h), and why:
 *   IRQ 0..15    the host's own interrupt (its timer): time passes for the
 *                guest too; an exit of VT-x's EXTERNAL_INTERRUPT kind
 *   #GP, IDT bit INT n or INT3 of the guest: the host's gates are DPL 0, so
 *                ring 3 cannot call them (SDM Vol. 3A, 6.12.1.1)
 *   #GP          a privileged instruction (decode it, emulate it), or the
 *                guest's own general-protection fault
 *   #PF          a page the shadow does not map yet, or the guest's own
 *   #UD          at a VMCALL: a paravirtual guest's hypercall (lab 04;
 *                kernel/include/hypercall.h), if this image offers any
 *   other        the guest's own exception, given back to it
 */
#include "console.h"
#include "kstring.h"
#include "monitor.h"
#include "pic.h"
#include "trap.h"

/* struct vcpu's registers by their encoding (decode.h, enum gpr). */
uint64_t *mon_gpr(struct mon *mon, int gpr)
{
	struct vcpu *v = &mon->vm.vcpu;
	uint64_t *const regs[16] = { &v->rax, &v->rcx, &v->rdx, &v->rbx, &v->rsp, &v->rbp,
		                     &v->rsi, &v->rdi, &v->r8,  &v->r9,  &v->r10, &v->r11,
		                     &v->r12, &v->r13, &v->r14, &v->r15 };
	if (gpr < 0 || gpr > 15)
		vm_fail(&mon->vm, "register %d: the decoder gave no register", gpr);
	return regs[gpr];
}

/* base + index * scale + disp (RIP-relative: from the next instruction),
 * in the address size, plus FS's or GS's base when overridden: in 64-bit
 * mode the other segments' bases are zero (SDM Vol. 3A, 3.2.4). */
uint64_t mon_address(struct mon *mon, const struct insn *in)
{
	const struct operand *o = &in->rm;
	uint64_t a = (uint64_t)(int64_t)o->disp;
	if (o->rip_relative)
		a += mon->vm.vcpu.rip + in->len;
	if (o->base != GPR_NONE)
		a += *mon_gpr(mon, o->base);
	if (o->index != GPR_NONE)
		a += *mon_gpr(mon, o->index) * o->scale;
	if (in->addr_size == 4)
		a = (uint32_t)a;
	if (in->seg == SEG_FS)
		a += mon->vm.vcpu.fs.base;
	if (in->seg == SEG_GS)
		a += mon->vm.vcpu.gs.base;
	return a;
}

/* A 4-byte register write clears the upper half, as the CPU does; a 1-
 * or 2-byte one keeps the rest. */
bool mon_rm_read(struct mon *mon, const struct insn *in, unsigned size, uint64_t *value)
{
	uint64_t v = 0;
	if (in->rm.kind == OPND_REG)
		v = *mon_gpr(mon, in->rm.reg);
	else if (!gva_read(mon, mon_address(mon, in), &v, size))
		return false;
	*value = size == 8 ? v : v & ((1ull << (8 * size)) - 1);
	return true;
}

bool mon_rm_write(struct mon *mon, const struct insn *in, unsigned size, uint64_t value)
{
	if (in->rm.kind != OPND_REG)
		return gva_write(mon, mon_address(mon, in), &value, size);
	uint64_t *r = mon_gpr(mon, in->rm.reg);
	if (size >= 4)
		*r = size == 4 ? (uint32_t)value : value;
	else {
		uint64_t mask = (1ull << (8 * size)) - 1;
		*r = (*r & ~mask) | (value & mask);
	}
	return true;
}

static void vcpu_to_frame(const struct vcpu *v, bool step, struct trapframe *tf)
{
	*tf = (struct trapframe){
		.r15 = v->r15,
		.r14 = v->r14,
		.r13 = v->r13,
		.r12 = v->r12,
		.r11 = v->r11,
		.r10 = v->r10,
		.r9 = v->r9,
		.r8 = v->r8,
		.rbp = v->rbp,
		.rdi = v->rdi,
		.rsi = v->rsi,
		.rdx = v->rdx,
		.rcx = v->rcx,
		.rbx = v->rbx,
		.rax = v->rax,
		.rip = v->rip,
		.rsp = v->rsp,
		/* The real IF and IOPL are the host's (user_run forces them);
		 * alignment checks would fault in ring 3 only: never on. */
		.rflags = (v->rflags & ~(RFLAGS_IF | RFLAGS_IOPL | RFLAGS_AC)) |
		          (step ? RFLAGS_TF : 0),
	};
}

/* The guest's arithmetic flags come from the CPU; IF, IOPL and AC are the
 * virtual CPU's, kept by the monitor. */
static void frame_to_vcpu(const struct trapframe *tf, struct vcpu *v)
{
	const uint64_t virtual_flags = RFLAGS_IF | RFLAGS_IOPL | RFLAGS_AC;
	v->r15 = tf->r15, v->r14 = tf->r14, v->r13 = tf->r13, v->r12 = tf->r12;
	v->r11 = tf->r11, v->r10 = tf->r10, v->r9 = tf->r9, v->r8 = tf->r8;
	v->rbp = tf->rbp, v->rdi = tf->rdi, v->rsi = tf->rsi, v->rdx = tf->rdx;
	v->rcx = tf->rcx, v->rbx = tf->rbx, v->rax = tf->rax;
	v->rip = tf->rip, v->rsp = tf->rsp;
	v->rflags = (tf->rflags & ~virtual_flags) | (v->rflags & virtual_flags);
}

/* The single step that ended an STI shadow: the monitor's, not the guest's. */
static bool window_stepped(struct mon *mon, uint64_t vector)
{
	if (!mon->step_window)
		return false;
	mon->step_window = false;
	mon->vm.vcpu.rflags &= ~RFLAGS_TF;
	return vector == T_DB;
}

/* The guest's FS and GS bases are the CPU's while it runs: an access
 * through %fs or %gs in ring 3 does not trap.  The host kernel uses
 * neither, so the monitor leaves them loaded between runs. */
static void load_segment_bases(struct mon *mon)
{
	const struct vcpu *v = &mon->vm.vcpu;
	if (v->fs.base != mon->loaded_fs_base)
		x86_wrmsr(MSR_IA32_FS_BASE, mon->loaded_fs_base = v->fs.base);
	if (v->gs.base != mon->loaded_gs_base)
		x86_wrmsr(MSR_IA32_GS_BASE, mon->loaded_gs_base = v->gs.base);
}

/* Each host timer tick since the last look is a tick of the guest's time. */
static void catch_up_time(struct mon *mon)
{
	for (uint64_t now = timer_ticks(); mon->ticks_seen < now; mon->ticks_seen++)
		vm_host_tick(&mon->vm);
}

/* INT n and INT3 (CD ib, CC): a trap, so the return RIP is the next
 * instruction's (SDM Vol. 3A, 6.5). */
static void software_interrupt(struct mon *mon)
{
	uint8_t code[2];
	unsigned n = gva_fetch(mon, mon->vm.vcpu.rip, code, sizeof(code));
	vm_exit(&mon->vm, EXIT_REASON_EXCEPTION_NMI, "int", n ? code[0] : 0);
	if (n >= 1 && code[0] == 0xcc)
		virq_software(mon, T_BP, 1);
	else if (n == 2 && code[0] == 0xcd)
		virq_software(mon, code[1], 2);
	else
		vm_fail(&mon->vm,
		        "a #GP through the IDT at an instruction that is not INT n or INT3");
}

/* A #GP at RIP: one of our patches, a privileged instruction, or the
 * guest's own fault (an instruction the decoder does not know is no
 * privileged instruction: the #GP is the guest's, e.g. a non-canonical
 * address). */
static void privileged_instruction(struct mon *mon, uint64_t error)
{
	if (patch_emulate(mon))
		return;
	uint8_t code[INSN_MAX_LEN];
	unsigned n = gva_fetch(mon, mon->vm.vcpu.rip, code, sizeof(code));
	struct insn in;
	char why[120];
	if (decode(code, n, &in, why, sizeof(why)) < 0) {
		vm_exit(&mon->vm, EXIT_REASON_EXCEPTION_NMI, "#GP", error);
		virq_raise(mon, T_GP, error);
		return;
	}
	emulate(mon, &in);
}

/* VMCALL outside VMX operation is #UD (SDM Vol. 2B, VMCALL): in ring 3
 * here, the hypercall of a guest that knows its monitor (paravirt.h). */
static bool hypercall(struct mon *mon)
{
	static const uint8_t vmcall[HC_VMCALL_LEN] = { 0x0f, 0x01, 0xc1 };
	uint8_t code[HC_VMCALL_LEN];
	if (gva_fetch(mon, mon->vm.vcpu.rip, code, sizeof(code)) != sizeof(code) ||
	    memcmp(code, vmcall, sizeof(code)) != 0 || !vm_hypercall(&mon->vm))
		return false;
	mon->vm.vcpu.rip += HC_VMCALL_LEN;
	return true;
}

/* The vectors for which the CPU pushes an error code (SDM Vol. 3A, Table 6-1). */
static bool has_error_code(uint64_t vector)
{
	return vector == T_DF || (vector >= T_TS && vector <= T_PF) || vector == T_AC ||
	       vector == T_CP;
}

static void handle_trap(struct mon *mon, uint64_t vector, uint64_t error, uint64_t cr2)
{
	uint64_t shadow = mon->sti_shadow;
	mon->sti_shadow = NO_SHADOW;
	if (window_stepped(mon, vector))
		return;
	if (vector >= IRQ_BASE && vector < IRQ_BASE + 16) {
		vm_exit(&mon->vm, EXIT_REASON_EXTERNAL_INTERRUPT, "irq", vector);
		if (mon->vm.vcpu.rip == shadow)
			mon->sti_shadow = shadow; /* the instruction after STI has not run yet */
		return;
	}
	if (vector == T_NMI || vector == T_MC)
		vm_fail(&mon->vm, "%s while the guest ran: the host machine is unwell",
		        trap_name(vector));
	if (vector == T_PF) {
		shadow_page_fault(mon, cr2, error);
		return;
	}
	if (vector == T_GP && (error & 2)) { /* the IDT bit: a gate ring 3 may not use */
		software_interrupt(mon);
		return;
	}
	if (vector == T_GP) {
		privileged_instruction(mon, error);
		return;
	}
	if (vector == T_UD && hypercall(mon))
		return;
	vm_exit(&mon->vm, EXIT_REASON_EXCEPTION_NMI, "exception", vector);
	virq_raise(mon, (uint8_t)vector, has_error_code(vector) ? error : MON_NO_ERR);
}

/* A paravirtual guest changed mappings by hypercall (vm.h): the shadow is
 * the guest's TLB, as for its INVLPG; and since the guest said which
 * addresses it maps, the shadow takes them now rather than at the first
 * touch of each, a hidden fault. */
static void mappings_changed(struct vm *vm, const uint64_t *va, unsigned n)
{
	struct mon *mon = (struct mon *)vm; /* struct mon begins with its struct vm */
	for (unsigned i = 0; i < n; i++)
		shadow_invlpg(mon, va[i]);
	for (unsigned i = 0; i < n; i++)
		shadow_prefetch(mon, va[i]);
}

/* A paravirtual guest switched its tables by hypercall (vm.h). */
static void switch_base(struct vm *vm, uint64_t cr3)
{
	struct mon *mon = (struct mon *)vm;
	mon->vm.vcpu.cr3 = cr3;
	shadow_rebase(mon);
}

int role_main(void)
{
	static struct mon mon;
	vm_create(&mon.vm);
	mon.vm.mappings_changed = mappings_changed;
	mon.vm.switch_base = switch_base;
	mon.sti_shadow = NO_SHADOW;
	mon.ticks_seen = timer_ticks();
	shadow_init(&mon);
	holes_init(&mon);
	kprintf("monitor: guest '%s' in ring 3, %lu MiB, %u PUSHF/POPF patched, UMIP %s\n",
	        mon.vm.guest, mon.vm.mem.size >> 20, mon.npatches, mon.umip ? "on" : "off");
	while (!mon.vm.power.off) {
		catch_up_time(&mon);
		virq_inject_pending(&mon);
		load_segment_bases(&mon);
		struct trapframe tf;
		vcpu_to_frame(&mon.vm.vcpu, mon.step_window, &tf);
		uint64_t vector = user_run(&tf);
		uint64_t cr2 = x86_read_cr2(); /* before anything else can fault */
		frame_to_vcpu(&tf, &mon.vm.vcpu);
		handle_trap(&mon, vector, tf.error, cr2);
	}
	kprintf("monitor: %lu hidden page faults\n", mon.hidden_faults);
	return vm_poweroff(&mon.vm);
}
