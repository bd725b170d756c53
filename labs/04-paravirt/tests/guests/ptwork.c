/*
 * Micro-guest ptwork (parts C and E): a page-table-heavy workload.  Over
 * its own tables it maps the 512 pages of a window, in each of ROUNDS
 * rounds, to frames of a pool in a seeded order, then reads every page.
 * Natively each mapping is a write and an INVLPG (an exit under lab 02, none
 * under lab 03); with ARGS=pv=1 the paravirtual backend sends the round's
 * mappings in batches of HC_MMU_UPDATE.  It folds each round's sum of what
 * the pages read, so a mapping that did not take shows.
 */
#include "micro.h"
#include "window.h"

#define ROUNDS 4

static inline unsigned frame_of(const struct micro *m, unsigned round, unsigned page)
{
	return (unsigned)((micro_operand(m, round) + page * 7) % FRAMES);
}

#ifndef MICRO_EXPECT
#include "guest/pv.h"
#include "rt.h"

static void run(struct micro *m)
{
	int64_t refused = micro_has_arg("pv=1") ? pv_install() : 0;
	if (refused) /* and the line differs from the expected one */
		micro_fold(m, "pv_install refused", (uint64_t)refused);
	window_init(m);
	for (unsigned r = 0; r < ROUNDS; r++) {
		for (unsigned p = 0; p < 512; p++)
			pv.update_mapping(&window_pt[p], window_entry(frame_of(m, r, p)),
			                  window_va(p));
		pv.flush_mappings();
		uint64_t sum = 0;
		for (unsigned p = 0; p < 512; p++)
			sum += window_read(p);
		micro_fold(m, "a round's sum", sum);
	}
}
#endif

#ifdef MICRO_EXPECT
static void expect(struct micro *m)
{
	for (unsigned r = 0; r < ROUNDS; r++) {
		uint64_t sum = 0;
		for (unsigned p = 0; p < 512; p++)
			sum += frame_word(m, frame_of(m, r, p));
		micro_fold(m, "a round's sum", sum);
	}
}
#endif

MICRO_GUEST(ptwork, run, expect);
