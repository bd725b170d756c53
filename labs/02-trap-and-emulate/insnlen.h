/* The length of any 64-bit-mode instruction, for the monitor's scanner.
 *
 * In ring 3 PUSHF shows the real IF and POPF leaves IF alone without a
 * fault (the x86 holes of Popek and Goldberg's condition), so the monitor
 * cannot wait for them to trap: before the guest runs, it sweeps the
 * guest's code from the first instruction after the image header to the
 * end of the code (struct image_header.text_size) and patches every PUSHF
 * (9c) and POPF (9d) into an instruction that does trap.  A linear sweep
 * must step over every instruction, not only the privileged ones decode()
 * knows: this is the length decoder it steps with.  It is given, not a
 * student file.
 *
 * Encodings from the Intel SDM Vol. 2: the instruction format (2.1), REX
 * (2.2.1), the opcode maps of Appendix A (tables and the groups
 * of table A-6).  Pure C with no library: it is compiled into the monitor,
 * a freestanding kernel, and into the host's tests. */
#ifndef LAB02_INSNLEN_H
#define LAB02_INSNLEN_H

#include <stddef.h>
#include <stdint.h>

/* The length in bytes of the instruction at code[0..avail), prefixes
 * included, or -1 if these bytes are no instruction it knows: a byte no
 * instruction of 64-bit mode starts with, a VEX or EVEX prefix (c4, c5,
 * 62: the kernel is built with -mgeneral-regs-only, mk/kernel-flags.mk),
 * an encoding whose length Intel and AMD processors disagree on, an
 * instruction longer than the 15 bytes of SDM Vol. 2, 2.3.11, or one cut
 * short by avail.  An opcode is measured by its map's format even where
 * it raises #UD (LEA with a register operand, an SSE opcode without its
 * mandatory prefix, an empty cell of the 0f 38 and 0f 3a maps, all of
 * whose opcodes share one format): the CPU stops there, whatever follows.
 * On success, *opcode_out (unless opcode_out is NULL) is the first opcode
 * byte, after the prefixes and REX: 9c for PUSHF, 9d for POPF, 0f for
 * every opcode of the two- and three-byte maps.  Reads no byte past
 * avail, past 15, or past the instruction's own end. */
int insn_length(const uint8_t *code, size_t avail, uint8_t *opcode_out);

#endif
