/*
 * Micro-guests: one small guest per subject a monitor must get right (port
 * I/O, CLI/STI/POPF, CR and MSR access, descriptor tables, page faults, the
 * timer), each booted natively as the baseline or by a monitor with
 * ARGS=guest=NAME, each printing one result line:
 *
 *     micro: NAME: 3f1c0a9be2d44c07 (seed 42)
 *
 * The integrity rule (kernel/vmm/README.md): the guest derives its
 * operands from the run's seed and folds into the result every value it
 * observed through an instruction the monitor must emulate (what IN
 * returned, what PUSHF showed after CLI, the error code and CR2 of a
 * fault, ...).  The host tool micro-expect folds, in the same order, the
 * values a correct machine gives; the two must agree.  A monitor that does
 * not run the guest cannot print the line, except by reproducing the
 * guest's own model: which is why the grader also runs hidden micro-guests
 * whose code no monitor has seen.
 *
 * Each guest's file holds both halves side by side: its run() for the
 * guest, and, with MICRO_EXPECT (the host tool's build), its expect() that
 * folds what a correct machine gives.  ARGS=verbose=1 (micro-expect -v)
 * prints each folded value with its label, to see which one differs.
 */
#ifndef VLAB_MICRO_H
#define VLAB_MICRO_H

#include <stdbool.h>
#include <stdint.h>

struct micro {
	const char *name;
	uint64_t seed;
	uint64_t key; /* from the seed and the name: the operands' source */
	uint64_t result;
	unsigned folded;
	bool verbose;
};

struct micro_guest {
	const char *name;
	void (*run)(struct micro *m);    /* in the guest */
	void (*expect)(struct micro *m); /* in micro-expect */
};

/* Each guest file ends with MICRO_GUEST(name, run, expect); the guest's
 * image holds one, micro-expect all (a section of them, read through the
 * __start_/__stop_ symbols the linker provides). */
#ifdef MICRO_EXPECT
#define MICRO_GUEST(NAME, RUN, EXPECT)                                                             \
	const struct micro_guest micro_guest_##NAME                                                \
		__attribute__((used, section("micro_guests"), aligned(8))) = { #NAME, 0, EXPECT }
#else
#define MICRO_GUEST(NAME, RUN, EXPECT)                                                             \
	const struct micro_guest micro_guest_##NAME                                                \
		__attribute__((used, section("micro_guests"), aligned(8))) = { #NAME, RUN, 0 }
#endif

/* splitmix64's finaliser: every input bit moves every output bit. */
static inline uint64_t micro_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline void micro_start(struct micro *m, const char *name, uint64_t seed, bool verbose)
{
	*m = (struct micro){ .name = name, .seed = seed, .verbose = verbose };
	uint64_t h = 0;
	for (const char *c = name; *c; c++)
		h = h * 31 + (uint8_t)*c;
	m->key = micro_mix64(seed ^ micro_mix64(h));
	m->result = m->key;
}

/* The n-th operand of this run: differs per seed, per guest and per n,
 * and not with what was folded before it. */
static inline uint64_t micro_operand(const struct micro *m, unsigned n)
{
	return micro_mix64(m->key + 0x9e3779b97f4a7c15ull * (n + 1));
}

/* Print one folded value (the guest: on its console; micro-expect: on stdout). */
void micro_note(const struct micro *m, const char *label, uint64_t value);

/* Fold one observed value into the result; the order counts. */
static inline void micro_fold(struct micro *m, const char *label, uint64_t value)
{
	if (m->verbose)
		micro_note(m, label, value);
	m->result = micro_mix64(m->result ^ micro_mix64(value + m->folded));
	m->folded++;
}

#endif
