/*
 * Part E: the x86 holes.  Popek and Goldberg's condition wants every
 * sensitive instruction to be privileged, so that it traps; x86 has
 * sensitive instructions that run in ring 3 without a trap:
 *   - SGDT, SIDT, SLDT, STR, SMSW show the monitor's tables and CR0.  Since
 *     CR4.UMIP (SDM Vol. 3A, 2.5) they raise #GP in ring 3, and part B
 *     emulates them.
 *   - PUSHF shows the real IF (always 1 in ring 3) and POPF keeps the real
 *     IF without a fault (SDM Vol. 2, POPF: "the IF flag is not affected"
 *     when CPL > IOPL).  No bit makes them trap, so the monitor rewrites
 *     them: before the guest runs, a linear sweep over its code (the image
 *     header's text_size, insnlen.c stepping) replaces the opcode byte of
 *     each with HLT (f4), which traps in ring 3; a table of the patched
 *     sites tells the monitor's HLT from the guest's.  Binary translation,
 *     as VMware did it in 1999, in miniature.
 * What still leaks: the selector in CS (and SS, DS, ES) that MOV reads
 * without a trap shows RPL 3, and the patched bytes themselves, to a guest
 * that reads its own code.  What the sweep cannot see: code written at run
 * time, and a 9d the code reaches by jumping into the middle of another
 * instruction; a real binary translator follows the guest's control flow
 * page by page instead.
 */
#include "bootinfo.h"
#include "console.h"
#include "insnlen.h"
#include "monitor.h"

#define TRAPPING_BYTE 0xf4 /* HLT: #GP in ring 3, one byte */

/* TODO(part E): holes_init turns CR4.UMIP on when the CPU has it
 * (CPUID.(EAX=7,ECX=0):ECX bit 2), then sweeps the guest's code and
 * patches each PUSHF and POPF (decode() says which, and its operand size);
 * patch_emulate finds RIP among the patched sites and emulates the
 * instruction that was there (emulate_pushf, emulate_popf).  Graded by
 * micro-irqflags, the detect: lines and the self-test suite. */
/* BEGIN SOLUTION */
static void umip_on(struct mon *mon)
{
	struct cpuid_regs r;
	x86_cpuid(7, 0, &r);
	if (!(r.ecx & (1u << 2))) {
		kprintf("monitor: this CPU has no UMIP: SGDT, SIDT, SLDT, STR and SMSW show the "
		        "monitor's values (QEMU: -cpu max)\n");
		return;
	}
	x86_write_cr4(x86_read_cr4() | CR4_UMIP);
	mon->umip = true;
}

static void add_site(struct mon *mon, uint64_t rip, const struct insn *in)
{
	if (mon->npatches == PATCH_MAX)
		vm_fail(&mon->vm, "more than %d PUSHF and POPF in the guest's code", PATCH_MAX);
	mon->patches[mon->npatches++] =
		(struct patch_site){ rip, in->len, in->op_size, in->cls == INSN_POPF };
}

/* The guest's code, in guest memory before its first instruction runs: a
 * flat image at KERNEL_PHYS, identity-mapped by the loader's tables, so a
 * site's guest-physical address is its RIP. */
static void patch_code(struct mon *mon)
{
	const struct image_header *h = gmem_ptr(&mon->vm.mem, KERNEL_PHYS, sizeof(*h));
	if (!h || h->text_size < sizeof(*h) || h->text_size > h->file_size)
		vm_fail(&mon->vm,
		        "the guest's image header gives %u bytes of code: nothing to scan",
		        h ? h->text_size : 0);
	uint8_t *code = gmem_ptr(&mon->vm.mem, KERNEL_PHYS, h->text_size);
	for (uint32_t at = sizeof(*h); at < h->text_size;) {
		uint8_t opcode;
		int len = insn_length(code + at, h->text_size - at, &opcode);
		if (len < 0)
			vm_fail(&mon->vm,
			        "patch: an instruction of unknown length at %#x (first byte %02x)",
			        KERNEL_PHYS + at, code[at]);
		if (opcode == 0x9c || opcode == 0x9d) {
			struct insn in;
			char why[80];
			if (decode(code + at, (size_t)len, &in, why, sizeof(why)) != len ||
			    (in.cls != INSN_PUSHF && in.cls != INSN_POPF))
				vm_fail(&mon->vm,
				        "patch: %02x at %#x is no PUSHF or POPF to decode(): %s",
				        opcode, KERNEL_PHYS + at, why);
			add_site(mon, KERNEL_PHYS + at, &in);
			code[at + len - 1] = TRAPPING_BYTE; /* the opcode is the last byte */
		}
		at += (uint32_t)len;
	}
}

/* The sites are in the order of the sweep: by address. */
static const struct patch_site *find_site(const struct mon *mon, uint64_t rip)
{
	unsigned lo = 0, hi = mon->npatches;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (mon->patches[mid].rip == rip)
			return &mon->patches[mid];
		if (mon->patches[mid].rip < rip)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
/* END SOLUTION */

void holes_init(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: (void)mon; */
	umip_on(mon);
	patch_code(mon);
	/* END SOLUTION */
}

bool patch_emulate(struct mon *mon)
{
	/* BEGIN SOLUTION */ /* STUB: (void)mon; return false; */
	const struct patch_site *s = find_site(mon, mon->vm.vcpu.rip);
	if (!s)
		return false;
	vm_exit(&mon->vm, EXIT_REASON_TRAPPED, s->popf ? "popf" : "pushf", mon->vm.vcpu.rip);
	if (s->popf ? emulate_popf(mon, s->op_size) : emulate_pushf(mon, s->op_size))
		mon->vm.vcpu.rip += s->len;
	return true;
	/* END SOLUTION */
}
