/*
 * Lab 04's disk (part D): the block device's backing store, a payload of
 * the lab image ("disk"), made by tests/mkdisk.c from this header alone, so
 * that micro-expect knows every byte of it too.  Sector 0 is a directory
 * of DISK_FILES files; file f starts at sector disk_file_sector(f), is
 * disk_file_bytes(f) long, and its i-th byte is disk_byte(f, i).
 */
#ifndef LAB04_DISK_H
#define LAB04_DISK_H

#include <stdint.h>
#include "pvabi.h"

#define DISK_MAGIC "VLABDISK"
#define DISK_FILES 12

struct disk_dirent {
	char name[24];
	uint32_t sector;
	uint32_t bytes;
};

struct disk_dir {
	char magic[8];
	uint32_t files;
	uint32_t sectors; /* of the whole disk */
	struct disk_dirent file[DISK_FILES];
};

/* Sizes from 300 bytes to some 9 KiB, never whole sectors. */
static inline uint32_t disk_file_bytes(unsigned f)
{
	return 300 + f * 797 + (f * f * 37) % 500;
}

static inline uint32_t disk_file_sectors(unsigned f)
{
	return (disk_file_bytes(f) + PV_BLK_SECTOR - 1) / PV_BLK_SECTOR;
}

static inline uint32_t disk_file_sector(unsigned f)
{
	uint32_t s = 1; /* after the directory */
	for (unsigned g = 0; g < f; g++)
		s += disk_file_sectors(g);
	return s;
}

static inline uint32_t disk_sectors(void)
{
	return disk_file_sector(DISK_FILES);
}

static inline uint8_t disk_byte(unsigned f, uint32_t i)
{
	uint64_t z = (uint64_t)f << 32 | i;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint8_t)(z ^ (z >> 31));
}

#endif
