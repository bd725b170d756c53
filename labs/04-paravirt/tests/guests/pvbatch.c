/*
 * Micro-guest pvbatch (part C): the batches.  Over its own tables (the
 * window of window.h), it maps a seeded number of pages, reads them (so a
 * monitor that keeps translations holds them), then remaps them all with
 * one HC_MMU_UPDATE and, without an INVLPG of its own, reads what they map
 * now.  It makes the batch's refusals (too many entries, an array beyond
 * RAM, an entry misaligned or beyond RAM, a frame beyond RAM) and checks
 * that a refused batch wrote nothing; then a multicall of a seeded mix:
 * HC_VERSION, a number no hypercall has, a console write, a multicall
 * inside it, a page-table update.  Last, HC_MMU_NEW_BASE: its refusals,
 * a switch to other tables that map page 0 to another frame, and back
 * after page 0's entry changed behind the hypervisor's back: a switch
 * must show what the tables say now.  Where the hypervisor answers
 * -HC_ENODEV (it keeps no translations), the guest loads CR3 itself, and
 * the pages read the same.  It folds every result.
 */
#include "micro.h"
#include "pvabi.h"
#include "window.h"

#define FAR (1ull << 40) /* beyond any guest's RAM */

static inline unsigned pages(const struct micro *m)
{
	return 1 + micro_operand(m, 0) % 64;
}

/* The frames page 0 maps in the other tables, and in the window's after
 * the change behind the hypervisor's back: neither is frame 9, which page
 * 0 maps before. */
static inline unsigned other_frame(const struct micro *m)
{
	return 10 + micro_operand(m, 3) % 6;
}

static inline unsigned changed_frame(const struct micro *m)
{
	return micro_operand(m, 4) % 9;
}

#ifndef MICRO_EXPECT
#include "console.h"
#include "guest/pv.h"

static struct pv_mmu_update updates[PV_BATCH_MAX + 1];
static struct pv_multicall calls[5];
static char line[80];

static int64_t mmu_update(unsigned n)
{
	return hypercall(HC_MMU_UPDATE, (uint64_t)updates, n, 0, 0, 0);
}

static void refusals(struct micro *m)
{
	micro_fold(m, "too many entries", (uint64_t)mmu_update(PV_BATCH_MAX + 1));
	micro_fold(m, "an array beyond RAM", (uint64_t)hypercall(HC_MMU_UPDATE, FAR, 1, 0, 0, 0));
	uint64_t good = window_entry(0);
	updates[0] = (struct pv_mmu_update){ (uint64_t)&window_pt[0], good, window_va(0) };
	updates[1] = (struct pv_mmu_update){ (uint64_t)&window_pt[1] + 4, good, window_va(1) };
	micro_fold(m, "an entry misaligned", (uint64_t)mmu_update(2));
	updates[1] = (struct pv_mmu_update){ FAR, good, window_va(1) };
	micro_fold(m, "an entry beyond RAM", (uint64_t)mmu_update(2));
	updates[1] = (struct pv_mmu_update){ (uint64_t)&window_pt[1], FAR | PTE_P, window_va(1) };
	micro_fold(m, "a frame beyond RAM", (uint64_t)mmu_update(2));
	micro_fold(m, "a refused batch wrote nothing", window_pt[0]);
}

static void remap(struct micro *m)
{
	unsigned n = pages(m);
	for (unsigned p = 0; p < n; p++)
		pv_native.update_mapping(&window_pt[p], window_entry(p), window_va(p));
	uint64_t sum = 0;
	for (unsigned p = 0; p < n; p++)
		sum += window_read(p);
	micro_fold(m, "the pages, mapped natively", sum);
	for (unsigned p = 0; p < n; p++)
		updates[p] = (struct pv_mmu_update){ (uint64_t)&window_pt[p], window_entry(p + 5),
			                             window_va(p) };
	micro_fold(m, "HC_MMU_UPDATE", (uint64_t)mmu_update(n));
	sum = 0;
	for (unsigned p = 0; p < n; p++)
		sum += window_read(p);
	micro_fold(m, "the pages, remapped by the batch", sum);
}

static void multicall(struct micro *m)
{
	int len = ksnprintf(line, sizeof(line), "pvbatch: from a multicall, %016lx\n",
	                    micro_operand(m, 1));
	updates[0] =
		(struct pv_mmu_update){ (uint64_t)&window_pt[0], window_entry(9), window_va(0) };
	calls[0] = (struct pv_multicall){ .nr = HC_VERSION };
	calls[1] = (struct pv_multicall){ .nr = HC_COUNT + micro_operand(m, 2) % 1000 };
	calls[2] = (struct pv_multicall){ .nr = HC_CONSOLE_WRITE, .arg = { (uint64_t)line, len } };
	calls[3] = (struct pv_multicall){ .nr = HC_MULTICALL, .arg = { (uint64_t)calls, 1 } };
	calls[4] = (struct pv_multicall){ .nr = HC_MMU_UPDATE, .arg = { (uint64_t)updates, 1 } };
	micro_fold(m, "HC_MULTICALL",
	           (uint64_t)hypercall(HC_MULTICALL, (uint64_t)calls, 5, 0, 0, 0));
	for (unsigned i = 0; i < 5; i++)
		micro_fold(m, "a call's result", (uint64_t)calls[i].result);
	micro_fold(m, "page 0, remapped by the multicall", window_read(0));
	micro_fold(m, "a multicall too long",
	           (uint64_t)hypercall(HC_MULTICALL, (uint64_t)calls, PV_BATCH_MAX + 1, 0, 0, 0));
}

/* Other tables, with a window of their own: one page mapped. */
static uint64_t other_pml4[512] __attribute__((aligned(4096)));
static uint64_t other_pdpt[512] __attribute__((aligned(4096)));
static uint64_t other_pd[512] __attribute__((aligned(4096)));
static uint64_t other_pt[512] __attribute__((aligned(4096)));

/* HC_MMU_NEW_BASE; where the hypervisor keeps no translations, a MOV to
 * CR3, which costs nothing there. */
static int64_t switch_tables(uint64_t *pml4)
{
	int64_t r = hypercall(HC_MMU_NEW_BASE, (uint64_t)pml4, 0, 0, 0, 0);
	if (r == -HC_ENODEV) {
		x86_write_cr3((uint64_t)pml4);
		r = 0;
	}
	return r;
}

static void new_base(struct micro *m)
{
	micro_fold(m, "a base not page-aligned",
	           (uint64_t)hypercall(HC_MMU_NEW_BASE, (uint64_t)other_pml4 + 0x800, 0, 0, 0, 0));
	micro_fold(m, "a base with bit 63",
	           (uint64_t)hypercall(HC_MMU_NEW_BASE, (uint64_t)other_pml4 | 1ull << 63, 0, 0, 0,
	                               0));
	micro_fold(m, "a base beyond RAM", (uint64_t)hypercall(HC_MMU_NEW_BASE, FAR, 0, 0, 0, 0));
	window_tables(other_pml4, other_pdpt, other_pd, other_pt);
	other_pt[0] = window_entry(other_frame(m));
	(void)window_read(0); /* a monitor that keeps translations holds page 0 */
	micro_fold(m, "HC_MMU_NEW_BASE", (uint64_t)switch_tables(other_pml4));
	micro_fold(m, "page 0, in the other tables", window_read(0));
	window_pt[0] = window_entry(changed_frame(m)); /* no INVLPG, no hypercall */
	micro_fold(m, "HC_MMU_NEW_BASE, back", (uint64_t)switch_tables(window_pml4));
	micro_fold(m, "page 0, back, as its entry says now", window_read(0));
}

static void run(struct micro *m)
{
	micro_fold(m, "HC_VCPU_INFO",
	           (uint64_t)hypercall(HC_VCPU_INFO, (uint64_t)&pv_vcpu, 0, 0, 0, 0));
	window_init(m);
	refusals(m);
	remap(m);
	multicall(m);
	new_base(m);
}
#endif

#ifdef MICRO_EXPECT
#include <stdio.h>

static void expect(struct micro *m)
{
	micro_fold(m, "HC_VCPU_INFO", 0);
	micro_fold(m, "too many entries", (uint64_t)-HC_E2BIG);
	micro_fold(m, "an array beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "an entry misaligned", (uint64_t)-HC_EINVAL);
	micro_fold(m, "an entry beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "a frame beyond RAM", (uint64_t)-HC_EPERM);
	micro_fold(m, "a refused batch wrote nothing", 0);
	unsigned n = pages(m);
	uint64_t sum = 0;
	for (unsigned p = 0; p < n; p++)
		sum += frame_word(m, p % FRAMES);
	micro_fold(m, "the pages, mapped natively", sum);
	micro_fold(m, "HC_MMU_UPDATE", n);
	sum = 0;
	for (unsigned p = 0; p < n; p++)
		sum += frame_word(m, (p + 5) % FRAMES);
	micro_fold(m, "the pages, remapped by the batch", sum);
	char text[80];
	int len = snprintf(text, sizeof(text), "pvbatch: from a multicall, %016lx\n",
	                   micro_operand(m, 1));
	micro_fold(m, "HC_MULTICALL", 5);
	micro_fold(m, "a call's result", PV_VERSION);
	micro_fold(m, "a call's result", (uint64_t)-HC_ENOSYS);
	micro_fold(m, "a call's result", (uint64_t)len);
	micro_fold(m, "a call's result", (uint64_t)-HC_EINVAL);
	micro_fold(m, "a call's result", 1);
	micro_fold(m, "page 0, remapped by the multicall", frame_word(m, 9));
	micro_fold(m, "a multicall too long", (uint64_t)-HC_E2BIG);
	micro_fold(m, "a base not page-aligned", (uint64_t)-HC_EINVAL);
	micro_fold(m, "a base with bit 63", (uint64_t)-HC_EINVAL);
	micro_fold(m, "a base beyond RAM", (uint64_t)-HC_EFAULT);
	micro_fold(m, "HC_MMU_NEW_BASE", 0);
	micro_fold(m, "page 0, in the other tables", frame_word(m, other_frame(m)));
	micro_fold(m, "HC_MMU_NEW_BASE, back", 0);
	micro_fold(m, "page 0, back, as its entry says now", frame_word(m, changed_frame(m)));
}
#endif

MICRO_GUEST(pvbatch, run, expect);
