/*
 * The simulated machine of the host-side unit tests: a buffer stands for
 * RAM and physmap_base points at it; panic() and poweroff() return to the
 * test through a longjmp, so a test can check that bad input is refused;
 * the console (kprintf) is a buffer the test reads.
 */
#ifndef VLAB_TEST_SIM_H
#define VLAB_TEST_SIM_H

#include <stdint.h>

#define SIM_RAM_START 0x100000ul  /* the first "usable" byte, as on a PC */
#define SIM_RAM_END   0x1000000ul /* 16 MiB */

extern char sim_panic_message[256];
extern char sim_console[65536]; /* everything kprintf printed since sim_reset */
extern int sim_poweroff_status; /* -1 until poweroff() is called */

/* Fresh RAM: every page of [SIM_RAM_START, SIM_RAM_END) free, the rest used. */
void sim_reset(void);

/* Call fn(arg); true if it called panic() (its message in sim_panic_message)
 * or poweroff() (its status in sim_poweroff_status). */
int sim_panics(void (*fn)(uint64_t), uint64_t arg);

#endif
