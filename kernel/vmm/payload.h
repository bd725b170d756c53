/*
 * The guest payloads of a lab image (bootinfo.h, "A lab image carries
 * guest payloads"): find one by name, after checking the table is whole.
 */
#ifndef VLAB_VMM_PAYLOAD_H
#define VLAB_VMM_PAYLOAD_H

#include <stdint.h>
#include "bootinfo.h"

/* The payload called name in the table t, of which `avail` bytes were
 * loaded: NULL and *data, *size set; or the one-line reason it cannot be
 * had (no table, a bad magic, an entry past the end, no such name: then the
 * reason lists the names there are). */
const char *payload_find(const struct payload_table *t, uint64_t avail, const char *name,
                         const void **data, uint32_t *size);

#endif
