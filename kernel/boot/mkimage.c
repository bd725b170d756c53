/*
 * mkimage: lay out a bootable vlab disk image (bootinfo.h, "Disk layout"):
 *   LBA 0                  boot sector
 *   LBA 1                  parameter sector (seed 0, empty command line)
 *   LBA 2 ..               loader, padded to LOADER_SECTORS
 *   LBA KERNEL_LBA ..      the flat kernel image
 * padded to whole cylinders of 16 heads x 63 sectors, the geometry tools/vm
 * gives Bochs.
 *
 * usage: mkimage OUT BOOTSECT.bin LOADER.bin KERNEL.bin
 */
#include <errno.h>
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
	if (argc != 5)
		die("usage: mkimage OUT BOOTSECT.bin LOADER.bin KERNEL.bin");
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
	if (kernel_size < sizeof(h))
		die("%s: too small for a kernel image", argv[4]);
	memcpy(&h, kernel, sizeof(h));
	if (h.magic != IMAGE_MAGIC || h.file_size != kernel_size)
		die("%s: header says magic %#x, %u bytes; file has %zu bytes", argv[4], h.magic,
		    h.file_size, kernel_size);

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
