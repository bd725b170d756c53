/*
 * Simulated physical memory for the host-side unit tests of the kernel's
 * memory code: a buffer stands for RAM, physmap_base points at it, and
 * panic() returns to the test through a longjmp so a test can check that
 * bad input is refused.
 */
#ifndef VLAB_TEST_SIM_H
#define VLAB_TEST_SIM_H

#include <stdint.h>

#define SIM_RAM_START 0x100000ul  /* the first "usable" byte, as on a PC */
#define SIM_RAM_END   0x1000000ul /* 16 MiB */

extern char sim_panic_message[256];

/* Fresh RAM: every page of [SIM_RAM_START, SIM_RAM_END) free, the rest used. */
void sim_reset(void);

/* Call fn(arg); true if it called panic() (its message in sim_panic_message). */
int sim_panics(void (*fn)(uint64_t), uint64_t arg);

#endif
