/* The disk image of lab 04's block device (disk.h): mkdisk FILE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "disk.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkdisk FILE\n");
		return 2;
	}
	size_t size = (size_t)disk_sectors() * PV_BLK_SECTOR;
	unsigned char *disk = calloc(1, size);
	if (!disk) {
		fprintf(stderr, "mkdisk: out of memory for %zu bytes\n", size);
		return 1;
	}
	struct disk_dir dir = { .files = DISK_FILES, .sectors = disk_sectors() };
	memcpy(dir.magic, DISK_MAGIC, sizeof(dir.magic));
	for (unsigned f = 0; f < DISK_FILES; f++) {
		snprintf(dir.file[f].name, sizeof(dir.file[f].name), "notes-%02u.txt", f);
		dir.file[f].sector = disk_file_sector(f);
		dir.file[f].bytes = disk_file_bytes(f);
		for (uint32_t i = 0; i < disk_file_bytes(f); i++)
			disk[(size_t)disk_file_sector(f) * PV_BLK_SECTOR + i] = disk_byte(f, i);
	}
	memcpy(disk, &dir, sizeof(dir));
	FILE *out = fopen(argv[1], "wb");
	if (!out || fwrite(disk, 1, size, out) != size || fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	free(disk);
	return 0;
}
