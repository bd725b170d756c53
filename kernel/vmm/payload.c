/* Finding a guest payload in a lab image (payload.h). */
#include <stdbool.h>
#include <stddef.h>
#include "kstring.h"
#include "payload.h"
#include "printf.h"
#include "refuse.h"

/* 1 to PAYLOAD_NAME_MAX - 1 characters, then a NUL. */
static bool named(const struct payload_entry *e)
{
	for (int i = 0; i < PAYLOAD_NAME_MAX; i++)
		if (e->name[i] == '\0')
			return i > 0;
	return false;
}

static const char *check_entry(const struct payload_table *t, uint32_t i)
{
	const struct payload_entry *e = &t->entry[i];
	if (!named(e))
		return refuse("payload table: entry %u has no name of 1-%d characters", i,
		              PAYLOAD_NAME_MAX - 1);
	if (e->offset < sizeof(*t) || e->size > t->size || e->offset > t->size - e->size)
		return refuse("payload '%s': bytes %u-%u lie outside the %u the table covers "
		              "(a truncated image?)",
		              e->name, e->offset, e->offset + e->size, t->size);
	return 0;
}

const char *payload_find(const struct payload_table *t, uint64_t avail, const char *name,
                         const void **data, uint32_t *size)
{
	if (avail < sizeof(*t))
		return refuse(
			"no guest payloads in this image (%lu bytes after the monitor): build "
			"it with mk/lab-image.mk",
			avail);
	if (memcmp(t->magic, PAYLOAD_MAGIC, sizeof(t->magic)) != 0)
		return refuse("payload table: magic %02x %02x %02x %02x..., want \"%s\"",
		              (uint8_t)t->magic[0], (uint8_t)t->magic[1], (uint8_t)t->magic[2],
		              (uint8_t)t->magic[3], PAYLOAD_MAGIC);
	if (t->count > PAYLOAD_MAX)
		return refuse("payload table: %u entries, at most %d", t->count, PAYLOAD_MAX);
	if (t->size > avail)
		return refuse(
			"payload table: covers %u bytes, the image holds %lu after the monitor "
			"(truncated)",
			t->size, avail);
	char names[PAYLOAD_MAX * PAYLOAD_NAME_MAX] = "";
	size_t used = 0;
	for (uint32_t i = 0; i < t->count; i++) {
		const char *why = check_entry(t, i);
		if (why)
			return why;
		const struct payload_entry *e = &t->entry[i];
		if (strcmp(e->name, name) == 0) {
			*data = (const uint8_t *)t + e->offset;
			*size = e->size;
			return 0;
		}
		used += ksnprintf(names + used, sizeof(names) - used, " %s", e->name);
	}
	return refuse("no guest named '%s' in this image; it holds:%s", name,
	              t->count ? names : " nothing");
}
