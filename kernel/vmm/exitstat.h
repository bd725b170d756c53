/*
 * Exit statistics, shared by every monitor of labs 02-04 so their numbers
 * can be set side by side: counts by exit reason, by instruction and by I/O
 * port, a ring of the last exits (what vm_fail prints), and, with
 * ARGS=trace=1, one line per exit.
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
	bool trace;
};

/* "IO_INSTRUCTION", or "reason-99" for a number nobody named. */
const char *exit_reason_name(uint32_t reason);

void exitstat_init(struct exitstat *s, bool trace);
/* Count one exit.  insn: the instruction's mnemonic (a string that lives as
 * long as the statistics), or NULL; qual: the detail, the port for
 * EXIT_REASON_IO_INSTRUCTION (then also counted by port). */
void exitstat_record(struct exitstat *s, uint32_t reason, uint64_t rip, const char *insn,
                     uint64_t qual);
void exitstat_print(const struct exitstat *s);      /* the "exit:" lines */
void exitstat_print_last(const struct exitstat *s); /* the ring, oldest first */

#endif
