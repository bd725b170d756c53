/*
 * Part D: shadow paging.  The guest believes its CR3 and its page tables
 * translate its addresses; the CPU, in ring 3, really uses the monitor's
 * shadow table: the host's own upper half (PML4 entries 256-511, the
 * monitor, never reachable from ring 3) and a lower half the monitor fills
 * page by page from the guest's tables.  A #PF where the shadow has
 * nothing yet but the guest's tables allow the access is a hidden fault:
 * fill the entry and go on.  One the guest's tables refuse is the guest's
 * own: it gets its #PF, with its CR2 and the error code its tables give
 * (SDM Vol. 3A, 4.5 "4-Level Paging", 4.6 "Access Rights", 4.7
 * "Page-Fault Exceptions", 4.8 "Accessed and Dirty Flags").  The shadow
 * behaves as a TLB: INVLPG and CR3 loads drop what it holds.
 */
#include "kstring.h"
#include "mm.h"
#include "monitor.h"

#define LOWER_HALF_SLOTS 256
#define LEVELS           4

/* What the guest's tables say of one address. */
struct walk {
	uint64_t gpa;   /* of va */
	uint64_t error; /* the #PF error code, when the walk faults */
	bool writable;  /* for the guest's ring 0: W at every level, or CR0.WP clear */
	bool dirty;     /* the leaf's D */
	bool nx;
	int level; /* of the leaf: 1 (4 KiB), 2 (2 MiB), 3 (1 GiB) */
};

/* The loader's tables map guest-virtual to the same guest-physical
 * address; the handout's stand-in for the walk until part D (unused once
 * the walk is written). */
__attribute__((unused)) static bool loader_walk(uint64_t va, struct walk *w)
{
	*w = (struct walk){ .gpa = va, .writable = true, .dirty = true, .level = 1 };
	return true;
}

/* TODO(part D): walk the guest's four levels from its CR3 for va and an
 * access of kind `access` (PF_W, PF_I): not present, a reserved bit (an
 * address bit beyond MAXPHYADDR, NX without EFER.NXE, PS in a PML4E, the
 * low bits of a large page's address), a write to a read-only page with
 * CR0.WP, a fetch from an NX page: each fills w->error as the CPU would
 * (SDM Vol. 3A, 4.7) and returns false.  On success: A at every level, D
 * in the leaf for a write (4.8), w->gpa, writable, dirty, nx, level.  A
 * table outside guest memory ends the guest (vm_fail). */
static bool guest_walk(struct mon *mon, uint64_t va, unsigned access, struct walk *w)
{
	/* BEGIN SOLUTION */ /* STUB: (void)mon, (void)access; return loader_walk(va, w); */
	struct vcpu *v = &mon->vm.vcpu;
	bool nxe = v->efer & EFER_NXE;
	uint64_t rsvd = ~mon->maxphy_mask & PTE_ADDR; /* address bits beyond MAXPHYADDR */
	uint64_t *entries[LEVELS];
	uint64_t table = v->cr3 & PTE_ADDR;
	unsigned fetch = nxe ? access & PF_I : 0; /* I is reported only with NX on */
	*w = (struct walk){ .writable = true };
	for (int level = LEVELS; level >= 1; level--) {
		uint64_t at = table + ((va >> (12 + 9 * (level - 1))) & 511) * 8;
		uint64_t *e = gmem_ptr(&mon->vm.mem, at, 8);
		if (!e)
			vm_fail(&mon->vm,
			        "the guest's level-%d page table for %#lx is at gpa %#lx, "
			        "outside its %lu MiB",
			        level, va, at & ~0xffful, mon->vm.mem.size >> 20);
		entries[LEVELS - level] = e;
		uint64_t ent = *e;
		if (!(ent & PTE_P)) {
			w->error = (access & PF_W) | fetch;
			return false;
		}
		bool leaf = level == 1 || (ent & PTE_PS);
		uint64_t bad = rsvd | (nxe ? 0 : PTE_NX);
		if (leaf &&
		    level > 1) /* below a large page's address: reserved, but PAT (bit 12) */
			bad |= ((1ull << (12 + 9 * (level - 1))) - 1) & PTE_ADDR & ~(1ull << 12);
		if ((ent & bad) || (level == 4 && (ent & PTE_PS))) {
			w->error = PF_P | PF_RSVD | (access & PF_W) | fetch;
			return false;
		}
		w->writable &= (ent & PTE_W) != 0;
		w->nx |= nxe && (ent & PTE_NX);
		if (leaf) {
			uint64_t size = 1ull << (12 + 9 * (level - 1));
			w->gpa = ((ent & PTE_ADDR) & ~(size - 1)) | (va & (size - 1));
			w->level = level;
			if (!(v->cr0 & CR0_WP))
				w->writable = true; /* ring 0 writes anything with WP clear */
			if (((access & PF_W) && !w->writable) || ((access & PF_I) && w->nx)) {
				w->error = PF_P | (access & PF_W) | fetch;
				return false;
			}
			for (int i = 0; i <= LEVELS - level; i++)
				*entries[i] |= PTE_A;
			if (access & PF_W)
				*e |= PTE_D;
			w->dirty = (*e & PTE_D) != 0;
			return true;
		}
		table = ent & PTE_ADDR;
	}
	/* Not reached: level 1 is always a leaf. */
	return false;
	/* END SOLUTION */
}

void shadow_init(struct mon *mon)
{
	struct cpuid_regs r;
	x86_cpuid(0x80000008, 0, &r); /* EAX[7:0]: MAXPHYADDR (SDM Vol. 2, CPUID) */
	mon->maxphy_mask = (1ull << (r.eax & 0xff)) - 1;
	mon->shadow_root = pt_create();
	if (!mon->shadow_root)
		vm_fail(&mon->vm, "no page for the shadow page table");
	uint64_t *root = pa_to_va(mon->shadow_root);
	const uint64_t *host = pa_to_va(x86_read_cr3() & PTE_ADDR);
	memcpy(root + LOWER_HALF_SLOTS, host + LOWER_HALF_SLOTS, LOWER_HALF_SLOTS * 8);
	x86_write_cr3(mon->shadow_root);
}

void shadow_flush(struct mon *mon)
{
	pt_destroy(mon->shadow_root, 0, LOWER_HALF_SLOTS - 1);
	x86_write_cr3(mon->shadow_root); /* and the host's TLB forgets the old entries */
}

/* The shadow entry for va's page from what the guest's tables say: ring 3
 * may use it (U), with the guest's NX, and writable only once the guest's
 * entry is dirty, so the first write comes back to set D. */
static uint64_t shadow_entry(struct mon *mon, uint64_t va, const struct walk *w)
{
	uint64_t gpa = w->gpa & ~(PAGE_SIZE - 1), hpa;
	if (va >> 47)
		vm_fail(&mon->vm,
		        "the guest uses %#lx, in the upper half that the monitor keeps for "
		        "itself",
		        va);
	if (!gmem_hpa(&mon->vm.mem, gpa, &hpa) || !gmem_contains(&mon->vm.mem, gpa, PAGE_SIZE))
		vm_fail(&mon->vm, "the guest maps %#lx to gpa %#lx, outside its %lu MiB", va, gpa,
		        mon->vm.mem.size >> 20);
	if (w->level == 3)
		vm_fail(&mon->vm,
		        "the guest maps %#lx with a 1 GiB page, which this monitor does not "
		        "shadow",
		        va);
	return hpa | PTE_P | PTE_U | (w->nx ? PTE_NX : 0) | (w->writable && w->dirty ? PTE_W : 0);
}

static void shadow_fill(struct mon *mon, uint64_t va, const struct walk *w)
{
	int level;
	uint64_t *e = pt_walk(mon->shadow_root, va, true, &level);
	if (!e || level != 1)
		vm_fail(&mon->vm, "no page left for the shadow table of %#lx", va);
	*e = shadow_entry(mon, va, w);
	x86_invlpg(va);
}

/* The guest's #PF, as its tables give it. */
static void guest_page_fault(struct mon *mon, uint64_t va, uint64_t error)
{
	vm_exit(&mon->vm, EXIT_REASON_EXCEPTION_NMI, "#PF", va);
	mon->vm.vcpu.cr2 = va;
	virq_raise(mon, T_PF, error);
}

/* TODO(part D): a #PF of the guest at va (the host's error code says
 * whether it was a write or a fetch): hidden, when the guest's tables
 * allow the access (count it in mon->hidden_faults, record the exit as
 * "#PF hidden", fill the shadow), or the guest's own (guest_page_fault). */
void shadow_page_fault(struct mon *mon, uint64_t va, uint64_t error)
{
	struct walk w;
	/* BEGIN SOLUTION */ /* STUB: loader_walk(va, &w), shadow_fill(mon, va, &w); */
	if (!guest_walk(mon, va, error & (PF_W | PF_I), &w)) {
		guest_page_fault(mon, va, w.error);
		return;
	}
	mon->hidden_faults++;
	vm_exit(&mon->vm, EXIT_REASON_EXCEPTION_NMI, "#PF hidden", va);
	shadow_fill(mon, va, &w);
	/* END SOLUTION */
}

/* TODO(part D): INVLPG va.  The shadow is the guest's TLB: drop what it
 * holds for va.  Mind a guest that mapped va with a 2 MiB page, which the
 * shadow holds as up to 512 small ones. */
void shadow_invlpg(struct mon *mon, uint64_t va)
{
	/* BEGIN SOLUTION */ /* STUB: (void)mon, (void)va; */
	int level;
	if (!x86_canonical(va) || va >> 47)
		return;
	uint64_t *e = pt_walk(mon->shadow_root, va, false, &level);
	if (!e || level != 1)
		return;
	uint64_t *pt = e - ((va >> 12) & 511), region = va & ~0x1fffffull;
	for (unsigned i = 0; i < 512; i++) {
		if (pt[i] & PTE_P) {
			pt[i] = 0;
			x86_invlpg(region + i * PAGE_SIZE);
		}
	}
	/* END SOLUTION */
}

void shadow_prefetch(struct mon *mon, uint64_t va)
{
	struct walk w;
	if (x86_canonical(va) && !(va >> 47) && guest_walk(mon, va, 0, &w))
		shadow_fill(mon, va, &w);
}

/* Every page the shadow holds in the table at `table` (of level `level`,
 * mapping from va `base`), walked again in the guest's tables: filled from
 * what they say now, or dropped. */
static void rebase_table(struct mon *mon, uint64_t *table, int level, uint64_t base)
{
	unsigned slots = level == LEVELS ? LOWER_HALF_SLOTS : 512;
	for (unsigned i = 0; i < slots; i++) {
		if (!(table[i] & PTE_P))
			continue;
		uint64_t va = base + ((uint64_t)i << (12 + 9 * (level - 1)));
		struct walk w;
		if (level > 1)
			rebase_table(mon, pa_to_va(table[i] & PTE_ADDR), level - 1, va);
		else
			table[i] = guest_walk(mon, va, 0, &w) ? shadow_entry(mon, va, &w) : 0;
	}
}

/* A TLB may hold any translation the current tables give (SDM Vol. 3A,
 * 4.10.2.3), and a CR3 load empties it of the old ones (4.10.4.1): so
 * after the guest's switch of tables the shadow may keep each page it
 * holds, filled anew from the new tables, which also set their A bits as
 * the CPU's caching would (4.8).  The pages the new tables do not map go. */
void shadow_rebase(struct mon *mon)
{
	rebase_table(mon, pa_to_va(mon->shadow_root), LEVELS, 0);
	x86_write_cr3(mon->shadow_root); /* the host's TLB drops the old entries */
}

/* Copy len bytes between the guest's va and buf, page by page, with the
 * access rights of kind `access`.  A fault is raised in the guest when
 * `raise` (a #GP for a non-canonical address, as the CPU gives). */
static bool gva_copy(struct mon *mon, uint64_t va, void *buf, uint64_t len, unsigned access,
                     bool raise)
{
	uint8_t *p = buf;
	while (len) {
		uint64_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		struct walk w;
		if (!x86_canonical(va) || !x86_canonical(va + chunk - 1)) {
			if (raise) {
				vm_exit(&mon->vm, EXIT_REASON_EXCEPTION_NMI, "#GP", va);
				virq_raise(mon, T_GP, 0);
			}
			return false;
		}
		if (!guest_walk(mon, va, access, &w)) {
			if (raise)
				guest_page_fault(mon, va, w.error);
			return false;
		}
		uint8_t *host = gmem_ptr(&mon->vm.mem, w.gpa, chunk);
		if (!host)
			vm_fail(&mon->vm, "the guest maps %#lx to gpa %#lx, outside its %lu MiB",
			        va, w.gpa, mon->vm.mem.size >> 20);
		if (access & PF_W)
			memcpy(host, p, chunk);
		else
			memcpy(p, host, chunk);
		va += chunk, p += chunk, len -= chunk;
	}
	return true;
}

bool gva_read(struct mon *mon, uint64_t va, void *dst, uint64_t len)
{
	return gva_copy(mon, va, dst, len, 0, true);
}

bool gva_write(struct mon *mon, uint64_t va, const void *src, uint64_t len)
{
	return gva_copy(mon, va, (void *)src, len, PF_W, true);
}

bool gva_peek(struct mon *mon, uint64_t va, void *dst, uint64_t len)
{
	return gva_copy(mon, va, dst, len, 0, false);
}

bool gva_poke(struct mon *mon, uint64_t va, const void *src, uint64_t len)
{
	return gva_copy(mon, va, (void *)src, len, PF_W, false);
}

unsigned gva_fetch(struct mon *mon, uint64_t va, uint8_t *dst, unsigned max)
{
	unsigned n = 0;
	while (n < max) {
		unsigned chunk = PAGE_SIZE - ((va + n) & (PAGE_SIZE - 1));
		if (chunk > max - n)
			chunk = max - n;
		if (!gva_copy(mon, va + n, dst + n, chunk, PF_I, false))
			break;
		n += chunk;
	}
	return n;
}
