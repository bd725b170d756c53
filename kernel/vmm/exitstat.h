/*
 * Exit statistics, shared by every monitor of labs 02-04 so their numbers
 * can be set side by side: counts by exit reason, by instruction and by I/O
 * port, a ring of the last exits (what vm_fail prints), and, with
 * ARGS=trace=1, one line per exit, or with ARGS=exits=lines, after each of
 * the guest's console lines the exits since its line before.
 *
 * Reasons are the VT-x basic exit reasons (SDM Vol. 3D, Appendix C "VMX
 * Basic Exit Reasons"), so lab 03 records the number the VMCS gives; lab 02
 * records what VT-x would have reported for the same instruction, and
 * EXIT_REASON_TRAPPED for what traps in ring 3 but runs in VMX non-root
 * mode without an exit (CLI, STI, POPF, PUSHF, IRETQ, SWAPGS).  The
 * numbers: x86.h.
 *
 * Output at power-off, one "exit: KEY COUNT" line each, KEY without spaces:
 *     exit: total 5321
 *     exit: IO_INSTRUCTION 5000          by reason, most frequent first
 *     exit: insn:out 4800                by instruction, spaces as _
 *     exit: port:0x3f8 4700              by I/O port
 * A trace line:  trace: SEQ rip=RIP REASON INSN qual=QUAL
 * A line's exits: exits: TOTAL REASON=COUNT ...   most frequent first
 *     exits: 12 IO_INSTRUCTION=10 EXTERNAL_INTERRUPT=2
 * (the exits since the guest's line before, the printing of this one
 * included, so each exit is in exactly one such line).
 */
#ifndef VLAB_VMM_EXITSTAT_H
#define VLAB_VMM_EXITSTAT_H

#include <stdbool.h>
#include <stdint.h>
#include "x86.h"

#define EXITSTAT_RING  32
#define EXITSTAT_INSNS 32
#define EXITSTAT_PORTS 64

struct exit_event {
	uint64_t seq, rip, qual;
	uint32_t reason;
	const char *insn;
};

struct exit_key_count {
	const char *insn; /* by instruction */
	uint16_t port;    /* by port */
	uint64_t count;
};

struct exitstat {
	uint64_t total;
	uint64_t by_reason[EXIT_REASONS + 1]; /* the last slot: numbers beyond */
	struct exit_key_count insns[EXITSTAT_INSNS + 1], ports[EXITSTAT_PORTS + 1];
	int ninsns, nports; /* the extra slot counts the overflow, as "other" */
	struct exit_event ring[EXITSTAT_RING];
	unsigned show; /* EXITSTAT_TRACE, EXITSTAT_PER_LINE */
	/* The counts at the guest's line before (EXITSTAT_PER_LINE): copied
	 * once a line, so counting an exit costs the same with it or without. */
	uint64_t line_total, line_by_reason[EXIT_REASONS + 1];
};

/* What exitstat prints while the guest runs, besides the power-off lines. */
#define EXITSTAT_TRACE    1u /* ARGS=trace=1: a line per exit */
#define EXITSTAT_PER_LINE 2u /* ARGS=exits=lines: a line per guest line */

/* "IO_INSTRUCTION", or "reason-99" for a number nobody named. */
const char *exit_reason_name(uint32_t reason);

void exitstat_init(struct exitstat *s, unsigned show);
/* Count one exit.  insn: the instruction's mnemonic (a string that lives as
 * long as the statistics), or NULL; qual: the detail, the port for
 * EXIT_REASON_IO_INSTRUCTION (then also counted by port). */
void exitstat_record(struct exitstat *s, uint32_t reason, uint64_t rip, const char *insn,
                     uint64_t qual);
void exitstat_print(const struct exitstat *s);      /* the "exit:" lines */
void exitstat_print_last(const struct exitstat *s); /* the ring, oldest first */
/* After a guest's console line: with EXITSTAT_PER_LINE, the "exits:" line
 * of the exits since the line before; nothing otherwise. */
void exitstat_line_done(struct exitstat *s);

#endif
