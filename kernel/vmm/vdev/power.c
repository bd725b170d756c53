/* The power-off ports of QEMU and Bochs (vdev.h). */
#include "vdev.h"

static const char shutdown_word[] = "Shutdown";

void vpower_init(struct vpower *p)
{
	*p = (struct vpower){ 0 };
}

static void power_off(struct vpower *p, int status)
{
	if (p->off)
		return; /* the first word is the guest's last */
	p->off = true;
	p->status = status;
}

/* A wider write is split into bytes by the I/O table; the status is the
 * byte at the port's base (arch/power.c writes a small one). */
const char *vpower_write_qemu(void *dev, uint16_t offset, uint8_t value)
{
	if (offset == 0)
		power_off(dev, value >= POWEROFF_BASE ? value - POWEROFF_BASE : 1);
	return 0;
}

const char *vpower_write_bochs(void *dev, uint16_t offset, uint8_t value)
{
	struct vpower *p = dev;
	(void)offset;
	if (value == 'D' && p->matched == 0) {
		power_off(p, 0);
		return 0;
	}
	p->matched = value == (uint8_t)shutdown_word[p->matched] ? p->matched + 1
	             : value == 'S'                              ? 1
	                                                         : 0;
	if (p->matched == sizeof(shutdown_word) - 1)
		power_off(p, 1);
	return 0;
}
