/* The monitor's linear sweep, on the host: step through a flat kernel
 * image's code with insn_length(), from the first instruction after the
 * image header to the end its text_size gives, and print the offset in
 * the file of every instruction, then of the end.  tests/insnlen-check
 * compares that list with objdump's.
 *   build/insnlen_sweep build/kernel/guest/kernel.bin */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootinfo.h"
#include "insnlen.h"

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "insnlen_sweep: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	uint8_t *data = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n == cap) {
			cap = cap ? 2 * cap : 1 << 16;
			uint8_t *bigger = realloc(data, cap);
			if (!bigger) {
				fprintf(stderr, "insnlen_sweep: %s: out of memory at %zu bytes\n",
				        path, cap);
				free(data);
				fclose(f);
				return NULL;
			}
			data = bigger;
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		fprintf(stderr, "insnlen_sweep: %s: read error\n", path);
		free(data);
		return NULL;
	}
	*size = n;
	return data;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s IMAGE.bin (a flat vlab kernel image)\n", argv[0]);
		return 2;
	}
	size_t size;
	uint8_t *image = read_file(argv[1], &size);
	if (!image)
		return 1;
	struct image_header h;
	if (size < sizeof(h)) {
		fprintf(stderr, "insnlen_sweep: %s: %zu bytes, shorter than an image header\n",
		        argv[1], size);
		return 1;
	}
	memcpy(&h, image, sizeof(h));
	if (h.magic != IMAGE_MAGIC || h.text_size < sizeof(h) || h.text_size > size) {
		fprintf(stderr,
		        "insnlen_sweep: %s: magic %#x (want %#x), text_size %u: not the header of "
		        "a "
		        "vlab image of %zu bytes\n",
		        argv[1], h.magic, IMAGE_MAGIC, h.text_size, size);
		return 1;
	}
	size_t at = sizeof(h);
	while (at < h.text_size) {
		printf("%zx\n", at);
		int len = insn_length(image + at, h.text_size - at, NULL);
		if (len < 0) {
			fprintf(stderr, "insnlen_sweep: %s: offset %#zx:", argv[1], at);
			for (size_t i = at; i < at + 15 && i < h.text_size; i++)
				fprintf(stderr, " %02x", image[i]);
			fprintf(stderr, ": no instruction insn_length() knows%s\n",
			        h.text_size - at < 15 ? " (or cut short by the end of the code)"
			                              : "");
			free(image);
			return 1;
		}
		at += (size_t)len;
	}
	printf("%zx\n", at);
	free(image);
	return 0;
}
