/*
 * mkimage: lay out a bootable vlab disk image (bootinfo.h, "Disk layout"):
 *   LBA 0                  boot sector
 *   LBA 1                  parameter sector (seed 0, empty command line)
 *   LBA 2 ..               loader, padded to LOADER_SECTORS
 *   LBA KERNEL_LBA ..      the flat kernel image
 * padded to whole cylinders of 16 heads x 63 sectors, the geometry tools/vm
 * gives Bochs.  A lab image (mk/lab-image.mk) has guest payloads behind its
 * monitor, each NAME=FILE a flat image of its own: the kernel is padded to
 * its size in memory, then come the payload table and the payloads, and the
 * kernel's header is rewritten to cover them (bootinfo.h, "A lab image").
 * NAME=data:FILE is a payload of data, no guest (lab 04's disk): taken as
 * it is, where a guest's image is checked first.
 *
 * usage: mkimage OUT BOOTSECT.bin LOADER.bin KERNEL.bin [NAME=[data:]PAYLOAD ...]
 */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bootinfo.h"

#define SECTOR   512
#define CYLINDER (16 * 63 * SECTOR)

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "mkimage: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static unsigned char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("%s: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	unsigned char *buf = malloc(cap);
	size_t got;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = realloc(buf, cap *= 2);
	}
	if (!buf || ferror(f))
		die("%s: cannot read", path);
	fclose(f);
	*size = n;
	return buf;
}

static void check_image(const char *what, const unsigned char *data, size_t size,
                        struct image_header *h)
{
	if (size < sizeof(*h))
		die("%s: %zu bytes, too small for a vlab image", what, size);
	memcpy(h, data, sizeof(*h));
	if (h->magic != IMAGE_MAGIC)
		die("%s: magic %#x, not a vlab image (%#x)", what, h->magic, IMAGE_MAGIC);
	if (h->file_size != size)
		die("%s: its header says %u bytes, the file has %zu (truncated?)", what,
		    h->file_size, size);
}

static bool valid_name(const char *name, size_t len)
{
	if (len == 0 || len >= PAYLOAD_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_' || name[i] == '-'))
			return false;
	return true;
}

/* The payloads NAME=FILE, laid out behind the table: returns the table and
 * payloads as one buffer of *size bytes. */
static unsigned char *payloads(int n, char **specs, size_t *size)
{
	if (n > PAYLOAD_MAX)
		die("%d payloads, a lab image holds at most %d", n, PAYLOAD_MAX);
	struct payload_table t = { .magic = PAYLOAD_MAGIC, .count = (uint32_t)n };
	unsigned char *data[PAYLOAD_MAX];
	size_t total = sizeof(t);
	for (int i = 0; i < n; i++) {
		const char *eq = strchr(specs[i], '=');
		if (!eq || !valid_name(specs[i], (size_t)(eq - specs[i])))
			die("%s: want NAME=FILE, NAME of 1-%d characters a-z 0-9 _ -", specs[i],
			    PAYLOAD_NAME_MAX - 1);
		memcpy(t.entry[i].name, specs[i], (size_t)(eq - specs[i]));
		for (int j = 0; j < i; j++)
			if (strcmp(t.entry[j].name, t.entry[i].name) == 0)
				die("payload '%s' named twice", t.entry[i].name);
		size_t len;
		char what[PAYLOAD_NAME_MAX + 4096];
		snprintf(what, sizeof(what), "payload '%s' (%s)", t.entry[i].name, eq + 1);
		bool raw = strncmp(eq + 1, "data:", 5) == 0;
		data[i] = slurp(eq + 1 + (raw ? 5 : 0), &len);
		struct image_header h;
		if (!raw)
			check_image(what, data[i], len, &h);
		total = (total + 7) & ~(size_t)7;
		t.entry[i].offset = (uint32_t)total;
		t.entry[i].size = (uint32_t)len;
		total += len;
	}
	t.size = (uint32_t)total;
	unsigned char *buf = calloc(1, total);
	if (!buf)
		die("out of memory for %zu bytes of payloads", total);
	memcpy(buf, &t, sizeof(t));
	for (int i = 0; i < n; i++) {
		memcpy(buf + t.entry[i].offset, data[i], t.entry[i].size);
		free(data[i]);
	}
	*size = total;
	return buf;
}

static void put(FILE *out, const char *path, const void *data, size_t size, size_t padded_to)
{
	static const unsigned char zero[SECTOR];
	if (fwrite(data, 1, size, out) != size)
		die("%s: write failed", path);
	for (size_t n = size; n < padded_to; n += SECTOR)
		if (fwrite(zero, 1, (padded_to - n) < SECTOR ? padded_to - n : SECTOR, out) == 0)
			die("%s: write failed", path);
}

int main(int argc, char **argv)
{
	if (argc < 5)
		die("usage: mkimage OUT BOOTSECT.bin LOADER.bin KERNEL.bin [NAME=PAYLOAD.bin ...]");
	size_t boot_size, loader_size, kernel_size;
	unsigned char *boot = slurp(argv[2], &boot_size);
	unsigned char *loader = slurp(argv[3], &loader_size);
	unsigned char *kernel = slurp(argv[4], &kernel_size);

	if (boot_size != SECTOR || boot[510] != 0x55 || boot[511] != 0xaa)
		die("%s: not a 512-byte boot sector ending in 55 aa", argv[2]);
	if (loader_size > LOADER_SECTORS * SECTOR)
		die("%s: %zu bytes, the boot sector loads only %d", argv[3], loader_size,
		    LOADER_SECTORS * SECTOR);
	struct image_header h;
	check_image(argv[4], kernel, kernel_size, &h);
	if (argc > 5) {
		/* The payloads follow the kernel's BSS, which the loader's
		 * copy must not cover with anything but zeros. */
		size_t extra;
		unsigned char *behind = payloads(argc - 5, argv + 5, &extra);
		if (h.mem_size < kernel_size || h.mem_size % 4096)
			die("%s: memory size %u in its header, want a page multiple of at least "
			    "%zu",
			    argv[4], h.mem_size, kernel_size);
		size_t total = h.mem_size + extra;
		if (KERNEL_PHYS + total > BOOT_MAPPED)
			die("%s with its payloads: %zu bytes, more than the loader maps", argv[4],
			    total);
		kernel = realloc(kernel, total);
		if (!kernel)
			die("out of memory for %zu bytes", total);
		memset(kernel + kernel_size, 0, h.mem_size - kernel_size);
		memcpy(kernel + h.mem_size, behind, extra);
		free(behind);
		kernel_size = total;
		h.file_size = (uint32_t)total;
		memcpy(kernel, &h, sizeof(h));
	}

	struct boot_params params = { .magic = PARAMS_MAGIC };
	FILE *out = fopen(argv[1], "wb");
	if (!out)
		die("%s: %s", argv[1], strerror(errno));
	size_t kernel_padded = (kernel_size + SECTOR - 1) / SECTOR * SECTOR;
	size_t total = (size_t)KERNEL_LBA * SECTOR + kernel_padded;
	size_t image = (total + CYLINDER - 1) / CYLINDER * CYLINDER;
	put(out, argv[2], boot, boot_size, SECTOR);
	put(out, "parameters", &params, sizeof(params), SECTOR);
	put(out, argv[3], loader, loader_size, LOADER_SECTORS * SECTOR);
	put(out, argv[4], kernel, kernel_size, kernel_padded + (image - total));
	if (fclose(out) != 0)
		die("%s: %s", argv[1], strerror(errno));
	return 0;
}
