/*
 * Part B: emulate each privileged instruction against the virtual CPU
 * (monitor.h).  The instruction is decoded; what it reads and writes is
 * the vCPU's (mon->vm.vcpu and mon->msr), guest memory through gva_read
 * and gva_write, and the devices through vm_in and vm_out.  Each handler
 * counts its exit (vm_exit, the reason VT-x would give: SDM Vol. 3D,
 * Appendix C) and moves RIP past the instruction, or, when the
 * instruction faults, leaves RIP on it and raises the fault in the guest.
 */
#include "monitor.h"
#include "mm.h"

/* TODO(part B): the handlers, one per class of instruction (decode.h),
 * and emulate() that calls them.  In order of need: CLI, STI (then no
 * interrupt until the next instruction: mon->sti_shadow), OUT and IN with
 * the toolkit's devices, then OUTS/INS with REP, MOV to and from CR0, CR2,
 * CR3, CR4, CR8, RDMSR and WRMSR (an MSR the vCPU lacks: #GP), LGDT,
 * LIDT, LTR (it sets the busy bit in the guest's GDT), SGDT, SIDT, SLDT,
 * STR, SMSW, INVLPG, WBINVD, SWAPGS, MOV to a segment register, the far
 * return, PUSHF and POPF.  HLT and IRETQ belong to part C (virq.c).
 * Graded by micro-io, micro-crmsr, micro-desc and the self-test suite. */
/* BEGIN SOLUTION */
#define REP_BATCH 4096 /* REP INS/OUTS iterations per trap: the rest after a re-entry */

static struct vcpu *vcpu(struct mon *mon)
{
	return &mon->vm.vcpu;
}

static void next(struct mon *mon, const struct insn *in)
{
	vcpu(mon)->rip += in->len;
}

static uint64_t mask(unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static void exit_as(struct mon *mon, uint32_t reason, const struct insn *in, uint64_t qual)
{
	vm_exit(&mon->vm, reason, insn_name(in->cls), qual);
}

/* IN and OUT: AL, AX or EAX with the port in the immediate or DX (SDM
 * Vol. 2, IN, OUT).  IN to EAX clears RAX's upper half, as any 32-bit
 * register write does. */
static void port_io(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	uint16_t port = in->port_in_dx ? (uint16_t)v->rdx : in->port;
	exit_as(mon, EXIT_REASON_IO_INSTRUCTION, in, port);
	if (in->cls == INSN_OUT) {
		vm_out(&mon->vm, port, in->op_size, (uint32_t)(v->rax & mask(in->op_size)));
	} else {
		uint32_t value = vm_in(&mon->vm, port, in->op_size);
		v->rax = in->op_size == 4 ? value : (v->rax & ~mask(in->op_size)) | value;
	}
	next(mon, in);
}

/* INS and OUTS, with REP: RDI (ES, no override) or RSI (DS or the
 * override) moves by the size, back when DF is set; RCX counts down.
 * A long REP is done in batches, RIP left on the instruction, so the
 * host's interrupts are not held off (a CPU, too, takes interrupts
 * between iterations: SDM Vol. 2, REP). */
static void string_io(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	uint16_t port = (uint16_t)v->rdx;
	uint64_t amask = mask(in->addr_size);
	int64_t step = v->rflags & RFLAGS_DF ? -(int64_t)in->op_size : in->op_size;
	uint64_t seg_base = in->cls == INSN_OUTS && in->seg == SEG_FS   ? v->fs.base
	                    : in->cls == INSN_OUTS && in->seg == SEG_GS ? v->gs.base
	                                                                : 0;
	exit_as(mon, EXIT_REASON_IO_INSTRUCTION, in, port);
	for (unsigned i = 0; i < REP_BATCH; i++) {
		if (in->rep && (v->rcx & amask) == 0)
			break;
		uint32_t value = 0;
		if (in->cls == INSN_INS) {
			value = vm_in(&mon->vm, port, in->op_size);
			if (!gva_write(mon, v->rdi & amask, &value, in->op_size))
				return;
			v->rdi = (v->rdi + step) & amask; /* a 32-bit write zero-extends */
		} else {
			if (!gva_read(mon, seg_base + (v->rsi & amask), &value, in->op_size))
				return;
			vm_out(&mon->vm, port, in->op_size, value);
			v->rsi = (v->rsi + step) & amask;
		}
		if (!in->rep) {
			next(mon, in);
			return;
		}
		v->rcx = (v->rcx - 1) & amask;
	}
	if ((v->rcx & amask) == 0)
		next(mon, in);
}

/* Paging bits: a change makes every shadow entry stale. */
#define CR0_PAGING (CR0_PG | CR0_WP)
#define CR4_PAGING (CR4_PAE | CR4_PGE | (1ull << 4) /* PSE */ | (1ull << 20) /* SMEP */)

static void mov_to_cr(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	uint64_t value = *mon_gpr(mon, in->rm.reg);
	exit_as(mon, EXIT_REASON_CR_ACCESS, in, in->cr);
	switch (in->cr) {
	case 0:
		/* Long mode needs paging and protection: turning either off
		 * from 64-bit code is a #GP (SDM Vol. 3A, 9.8.5.4). */
		if (!(value & CR0_PG) || !(value & CR0_PE) || value >> 32) {
			virq_raise(mon, T_GP, 0);
			return;
		}
		if ((value ^ v->cr0) & CR0_PAGING)
			shadow_flush(mon);
		v->cr0 = value | CR0_ET;
		break;
	case 2:
		v->cr2 = value;
		break;
	case 3:
		v->cr3 = value;
		shadow_flush(mon);
		break;
	case 4:
		if (!(value & CR4_PAE) || value >> 32) {
			virq_raise(mon, T_GP, 0);
			return;
		}
		if ((value ^ v->cr4) & CR4_PAGING)
			shadow_flush(mon);
		v->cr4 = value;
		break;
	case 8:
		if (value >> 4) {
			virq_raise(mon, T_GP, 0);
			return;
		}
		mon->cr8 = value;
		break;
	}
	next(mon, in);
}

static void mov_from_cr(struct mon *mon, const struct insn *in)
{
	const struct vcpu *v = vcpu(mon);
	const uint64_t values[9] = {
		[0] = v->cr0, [2] = v->cr2, [3] = v->cr3, [4] = v->cr4, [8] = mon->cr8
	};
	exit_as(mon, EXIT_REASON_CR_ACCESS, in, in->cr);
	*mon_gpr(mon, in->rm.reg) = values[in->cr];
	next(mon, in);
}

/* The MSRs a 64-bit kernel uses (SDM Vol. 4, Table 2-2), each a field of
 * the vCPU; the rest do not exist for it: #GP(0), as on a CPU without them. */
static uint64_t *msr_field(struct mon *mon, uint32_t index)
{
	struct vcpu *v = vcpu(mon);
	switch (index) {
	case MSR_IA32_EFER:
		return &v->efer;
	case MSR_IA32_FS_BASE:
		return &v->fs.base;
	case MSR_IA32_GS_BASE:
		return &v->gs.base;
	case MSR_IA32_KERNEL_GS_BASE:
		return &mon->msr.kernel_gs_base;
	case MSR_IA32_STAR:
		return &mon->msr.star;
	case MSR_IA32_LSTAR:
		return &mon->msr.lstar;
	case MSR_IA32_CSTAR:
		return &mon->msr.cstar;
	case MSR_IA32_FMASK:
		return &mon->msr.sfmask;
	case MSR_IA32_PAT:
		return &mon->msr.pat;
	}
	return 0;
}

static void msr_access(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	uint32_t index = (uint32_t)v->rcx;
	uint64_t *field = msr_field(mon, index);
	exit_as(mon, in->cls == INSN_RDMSR ? EXIT_REASON_RDMSR : EXIT_REASON_WRMSR, in, index);
	if (in->cls == INSN_RDMSR) {
		uint64_t value;
		if (index == MSR_IA32_TSC)
			value = x86_rdtsc();
		else if (field)
			value = *field;
		else {
			virq_raise(mon, T_GP, 0);
			return;
		}
		v->rax = (uint32_t)value;
		v->rdx = value >> 32;
	} else {
		uint64_t value = (uint32_t)v->rax | v->rdx << 32;
		bool base = index == MSR_IA32_FS_BASE || index == MSR_IA32_GS_BASE ||
		            index == MSR_IA32_KERNEL_GS_BASE || index == MSR_IA32_LSTAR ||
		            index == MSR_IA32_CSTAR;
		if (!field || (base && !x86_canonical(value))) {
			virq_raise(mon, T_GP, 0);
			return;
		}
		if (index == MSR_IA32_EFER) {
			/* LMA is the CPU's to say; LME cannot change with paging
			 * on (SDM Vol. 3A, 9.8.5). */
			if ((value ^ v->efer) & EFER_LME) {
				virq_raise(mon, T_GP, 0);
				return;
			}
			value = (value & ~EFER_LMA) | (v->efer & EFER_LMA);
			if ((value ^ v->efer) & EFER_NXE)
				shadow_flush(mon);
		}
		*field = value;
	}
	next(mon, in);
}

/* LGDT, LIDT: a 2-byte limit and an 8-byte base in memory; SGDT, SIDT
 * store them (SDM Vol. 2, LGDT/LIDT, SGDT, SIDT). */
static void table_register(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	struct vcpu_table *t = in->cls == INSN_LGDT || in->cls == INSN_SGDT ? &v->gdtr : &v->idtr;
	struct desc_ptr d;
	uint64_t at = mon_address(mon, in);
	exit_as(mon, EXIT_REASON_GDTR_IDTR, in, at);
	if (in->cls == INSN_LGDT || in->cls == INSN_LIDT) {
		if (!gva_read(mon, at, &d, sizeof(d)))
			return;
		if (!x86_canonical(d.base)) {
			virq_raise(mon, T_GP, 0);
			return;
		}
		*t = (struct vcpu_table){ d.base, d.limit };
	} else {
		d = (struct desc_ptr){ t->limit, t->base };
		if (!gva_write(mon, at, &d, sizeof(d)))
			return;
	}
	next(mon, in);
}

/* A system descriptor in the guest's GDT: 16 bytes in 64-bit mode (SDM
 * Vol. 3A, 7.2.3, Figure 7-4). */
struct sys_desc {
	uint64_t low, high;
};

#define DESC_TYPE(d)  ((d) >> 40 & 0xf)
#define DESC_S        (1ull << 44)
#define DESC_P        (1ull << 47)
#define DESC_BUSY     (1ull << 41)
#define TSS_AVAILABLE 0x9
#define SELECTOR_TI   4 /* the selector points into the LDT */

/* LTR: an available 64-bit TSS of the guest's GDT becomes its task
 * register, and is marked busy in the GDT, as the CPU does (SDM Vol. 2,
 * LTR).  Anything else: #GP(selector), or #NP for a TSS not present. */
static void load_task_register(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	uint64_t sel;
	if (!mon_rm_read(mon, in, 2, &sel))
		return;
	exit_as(mon, EXIT_REASON_LDTR_TR, in, sel);
	uint64_t at = v->gdtr.base + (sel & ~7u);
	struct sys_desc d;
	if ((sel & ~3u) == 0 || (sel & SELECTOR_TI) || (sel & ~7u) + 15 > v->gdtr.limit) {
		virq_raise(mon, T_GP, sel & ~3u);
		return;
	}
	if (!gva_read(mon, at, &d, sizeof(d)))
		return;
	if ((d.low & DESC_S) || DESC_TYPE(d.low) != TSS_AVAILABLE) {
		virq_raise(mon, T_GP, sel & ~3u);
		return;
	}
	if (!(d.low & DESC_P)) {
		virq_raise(mon, T_NP, sel & ~3u);
		return;
	}
	d.low |= DESC_BUSY;
	if (!gva_write(mon, at, &d.low, sizeof(d.low)))
		return;
	v->tr = (struct vcpu_segment){
		.selector = (uint16_t)sel,
		.base = (d.low >> 16 & 0xffffff) | (d.low >> 56 & 0xff) << 24 | d.high << 32,
		.limit = (uint32_t)((d.low & 0xffff) | (d.low >> 32 & 0xf0000)),
		.ar = SEG_AR_TYPE_TSS_BUSY | SEG_AR_P,
	};
	next(mon, in);
}

/* SLDT, STR, SMSW: to memory 2 bytes, to a register its operand size. */
static void store_system(struct mon *mon, const struct insn *in)
{
	const struct vcpu *v = vcpu(mon);
	uint64_t value = in->cls == INSN_SLDT  ? v->ldtr.selector
	                 : in->cls == INSN_STR ? v->tr.selector
	                                       : v->cr0;
	exit_as(mon, in->cls == INSN_SMSW ? EXIT_REASON_CR_ACCESS : EXIT_REASON_LDTR_TR, in, 0);
	if (mon_rm_write(mon, in, in->rm.kind == OPND_REG ? in->op_size : 2, value))
		next(mon, in);
}

/* MOV to DS, ES, SS, FS, GS: the monitor's GDT is the one in force, so
 * the guest's selectors (ring 0) fault in ring 3.  The vCPU keeps the
 * selector; in 64-bit mode only FS and GS have a base, and a selector load
 * sets it from the descriptor (SDM Vol. 3A, 3.4.4). */
static void load_segment(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	struct vcpu_segment *const segs[6] = { &v->es, 0, &v->ss, &v->ds, &v->fs, &v->gs };
	uint64_t sel;
	if (!mon_rm_read(mon, in, 2, &sel))
		return;
	exit_as(mon, EXIT_REASON_TRAPPED, in, sel);
	uint64_t base = 0;
	if (sel & ~3u) {
		uint64_t d;
		if ((sel & SELECTOR_TI) || (sel | 7u) > v->gdtr.limit) {
			virq_raise(mon, T_GP, sel & ~3u);
			return;
		}
		if (!gva_read(mon, v->gdtr.base + (sel & ~7u), &d, sizeof(d)))
			return;
		if (!(d & DESC_P)) {
			virq_raise(mon, in->sreg == SEG_SS ? T_SS : T_NP, sel & ~3u);
			return;
		}
		base = (d >> 16 & 0xffffff) | (d >> 56 & 0xff) << 24;
	} /* a null selector: allowed at CPL 0 in 64-bit mode, SS included */
	struct vcpu_segment *s = segs[in->sreg];
	s->selector = (uint16_t)sel;
	if (in->sreg == SEG_FS || in->sreg == SEG_GS)
		s->base = base;
	next(mon, in);
}

/* The far return: pops RIP, then CS, each in the operand size (SDM Vol. 2,
 * RET, far return to the same privilege level). */
static void far_return(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	uint64_t slots[2] = { 0, 0 };
	exit_as(mon, EXIT_REASON_TRAPPED, in, 0);
	if (in->op_size != 8)
		vm_fail(&mon->vm, "a %u-bit far return: only 64-bit code is emulated",
		        in->op_size * 8);
	if (!gva_read(mon, v->rsp, slots, sizeof(slots)))
		return;
	if ((slots[1] & 3) != 0)
		vm_fail(&mon->vm, "a far return to ring %lu: the guest runs in its ring 0 only",
		        slots[1] & 3);
	v->rip = slots[0];
	v->cs.selector = (uint16_t)slots[1];
	v->rsp += sizeof(slots);
}

static void swapgs(struct mon *mon, const struct insn *in)
{
	struct vcpu *v = vcpu(mon);
	exit_as(mon, EXIT_REASON_TRAPPED, in, 0);
	uint64_t gs = v->gs.base;
	v->gs.base = mon->msr.kernel_gs_base;
	mon->msr.kernel_gs_base = gs;
	next(mon, in);
}
/* END SOLUTION */

bool emulate_pushf(struct mon *mon, unsigned op_size)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "emulate_pushf: not written (part B)"); */
	struct vcpu *v = vcpu(mon);
	/* VM and RF read as 0 in the image PUSHF stores (SDM Vol. 2, PUSHF). */
	uint64_t flags = v->rflags & ~(RFLAGS_RF | (1ull << 17));
	if (!gva_write(mon, v->rsp - op_size, &flags, op_size))
		return false;
	v->rsp -= op_size;
	return true;
	/* END SOLUTION */
}

bool emulate_popf(struct mon *mon, unsigned op_size)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "emulate_popf: not written (part B)"); */
	struct vcpu *v = vcpu(mon);
	uint64_t flags = 0;
	if (!gva_read(mon, v->rsp, &flags, op_size))
		return false;
	v->rsp += op_size;
	uint64_t writable = RFLAGS_WRITABLE & mask(op_size);
	v->rflags = (v->rflags & ~writable) | (flags & writable) | RFLAGS_RESERVED;
	return true;
	/* END SOLUTION */
}

void emulate(struct mon *mon, const struct insn *in)
{
	/* BEGIN SOLUTION */ /* STUB: vm_fail(&mon->vm, "emulate: not written (part B)"); */
	struct vcpu *v = vcpu(mon);
	uint64_t rip = v->rip;
	switch (in->cls) {
	case INSN_CLI:
	case INSN_STI:
		exit_as(mon, EXIT_REASON_TRAPPED, in, 0);
		if (in->cls == INSN_CLI)
			v->rflags &= ~RFLAGS_IF;
		else {
			v->rflags |= RFLAGS_IF;
			mon->sti_shadow = rip + in->len;
		}
		next(mon, in);
		break;
	case INSN_HLT:
		virq_halt(mon, in);
		break;
	case INSN_IRET:
		virq_iret(mon, in);
		break;
	case INSN_PUSHF:
	case INSN_POPF:
		exit_as(mon, EXIT_REASON_TRAPPED, in, 0);
		if (in->cls == INSN_PUSHF ? emulate_pushf(mon, in->op_size)
		                          : emulate_popf(mon, in->op_size))
			next(mon, in);
		break;
	case INSN_IN:
	case INSN_OUT:
		port_io(mon, in);
		break;
	case INSN_INS:
	case INSN_OUTS:
		string_io(mon, in);
		break;
	case INSN_LGDT:
	case INSN_LIDT:
	case INSN_SGDT:
	case INSN_SIDT:
		table_register(mon, in);
		break;
	case INSN_LTR:
		load_task_register(mon, in);
		break;
	case INSN_SLDT:
	case INSN_STR:
	case INSN_SMSW:
		store_system(mon, in);
		break;
	case INSN_MOV_TO_CR:
		mov_to_cr(mon, in);
		break;
	case INSN_MOV_FROM_CR:
		mov_from_cr(mon, in);
		break;
	case INSN_RDMSR:
	case INSN_WRMSR:
		msr_access(mon, in);
		break;
	case INSN_INVLPG:
		exit_as(mon, EXIT_REASON_INVLPG, in, mon_address(mon, in));
		shadow_invlpg(mon, mon_address(mon, in));
		next(mon, in);
		break;
	case INSN_WBINVD:
		exit_as(mon, EXIT_REASON_WBINVD, in, 0);
		next(mon, in);
		break;
	case INSN_SWAPGS:
		swapgs(mon, in);
		break;
	case INSN_MOV_TO_SREG:
		load_segment(mon, in);
		break;
	case INSN_LRET:
		far_return(mon, in);
		break;
	default:
		vm_fail(&mon->vm, "%s: decoded but not emulated", insn_name(in->cls));
	}
	/* END SOLUTION */
}
