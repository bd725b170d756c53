/* Guest boot (vmm/guest.c) and the lab image's payload table (vmm/payload.c):
 * the bootinfo, page tables and vCPU a guest receives, and the refusals of
 * a payload that is missing, truncated or not an image. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "guest.h"
#include "mm.h"
#include "payload.h"
#include "sim.h"
#include "tests.h"
#include "x86.h"

#define MIB (1ul << 20)

static struct gmem mem;
static struct vcpu vcpu;

/* A payload as the build makes one: an image header, code, and a BSS. */
static uint8_t payload[8192];

static void make_payload(uint32_t size, uint32_t mem_size)
{
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 1);
	struct image_header h = { IMAGE_MAGIC, size, KERNEL_PHYS + 0x40, mem_size, 0 };
	memcpy(payload, &h, sizeof(h));
}

static void boot(uint64_t seed, const char *args)
{
	sim_reset();
	CU_ASSERT_PTR_NULL_FATAL(gmem_init(&mem, 4 * MIB));
	memset(mem.host, 0x5a, mem.size); /* whatever the guest left, if it ran before */
	make_payload(sizeof(payload), 3 * 4096 + sizeof(payload));
	CU_ASSERT_PTR_NULL_FATAL(guest_load(&mem, &vcpu, payload, sizeof(payload), seed, args));
}

static const struct bootinfo *bootinfo(void)
{
	return gmem_ptr(&mem, BOOTINFO_ADDR, sizeof(struct bootinfo));
}

static void test_payload_placed_and_bss_zeroed(void)
{
	boot(1, "");
	CU_ASSERT_EQUAL(memcmp(mem.host + KERNEL_PHYS, payload, sizeof(payload)), 0);
	size_t nonzero = 0;
	for (size_t i = sizeof(payload); i < sizeof(payload) + 3 * 4096; i++)
		nonzero += mem.host[KERNEL_PHYS + i] != 0;
	CU_ASSERT_EQUAL(nonzero, 0);
}

static void test_bootinfo_e820_is_guest_memory(void)
{
	boot(1, "");
	const struct bootinfo *bi = bootinfo();
	CU_ASSERT_EQUAL(bi->magic, BOOTINFO_MAGIC);
	CU_ASSERT_EQUAL_FATAL(bi->e820_count, 2);
	CU_ASSERT_EQUAL(bi->e820[0].base, 0);
	CU_ASSERT_EQUAL(bi->e820[0].length, 0xa0000);
	CU_ASSERT_EQUAL(bi->e820[1].base, KERNEL_PHYS);
	CU_ASSERT_EQUAL(bi->e820[1].base + bi->e820[1].length, 4 * MIB); /* no byte beyond */
	for (int i = 0; i < 2; i++)
		CU_ASSERT_EQUAL(bi->e820[i].type, E820_USABLE);
}

static void test_bootinfo_passes_seed_and_args(void)
{
	boot(0x1234567890abcdefull, "guest=cpu trace=1");
	const struct bootinfo *bi = bootinfo();
	CU_ASSERT_EQUAL(memcmp(bi->params.magic, PARAMS_MAGIC, 8), 0);
	CU_ASSERT_EQUAL(bi->params.seed, 0x1234567890abcdefull);
	CU_ASSERT_STRING_EQUAL(bi->params.args, "guest=cpu trace=1");
	const struct boot_params *sector = gmem_ptr(&mem, BOOT_PARAMS_ADDR, 512);
	CU_ASSERT_EQUAL(memcmp(sector, &bi->params, 512), 0);
}

static void test_bootinfo_args_cut_to_the_sector(void)
{
	char args[700];
	memset(args, 'a', sizeof(args) - 1);
	args[sizeof(args) - 1] = '\0';
	boot(1, args);
	CU_ASSERT_EQUAL(strlen(bootinfo()->params.args), 495);
}

/* Walk the guest's boot page tables as the CPU would. */
static uint64_t translate(uint64_t va)
{
	uint64_t table = vcpu.cr3 & PTE_ADDR;
	for (int level = 3; level >= 1; level--) {
		uint64_t e;
		CU_ASSERT_TRUE_FATAL(
			gmem_read(&mem, table + (va >> (12 + 9 * level) & 511) * 8, &e, 8));
		CU_ASSERT_TRUE_FATAL(e & PTE_P);
		if (level == 1) {
			CU_ASSERT_TRUE(e & PTE_PS);
			return (e & PTE_ADDR & ~0x1fffffull) | (va & 0x1fffff);
		}
		table = e & PTE_ADDR;
	}
	return 0;
}

static void test_boot_page_tables_map_1g_three_times(void)
{
	boot(1, "");
	CU_ASSERT_EQUAL(vcpu.cr3, BOOT_PML4);
	CU_ASSERT_EQUAL(translate(KERNEL_PHYS + 0x123), KERNEL_PHYS + 0x123);
	CU_ASSERT_EQUAL(translate(PHYSMAP_BASE + 0x3456789), 0x3456789);
	CU_ASSERT_EQUAL(translate(KERNEL_BASE + 0x100000), 0x100000);
	CU_ASSERT_EQUAL(translate(BOOT_MAPPED - 1), BOOT_MAPPED - 1);
}

static void test_vcpu_starts_in_long_mode_at_entry(void)
{
	boot(1, "");
	CU_ASSERT_EQUAL(vcpu.rip, KERNEL_PHYS + 0x40);
	CU_ASSERT_EQUAL(vcpu.rdi, BOOTINFO_ADDR);
	CU_ASSERT_EQUAL(vcpu.rsp, GUEST_BOOT_RSP);
	CU_ASSERT_EQUAL(vcpu.rflags, RFLAGS_RESERVED);
	CU_ASSERT_EQUAL(vcpu.cr0, CR0_PE | CR0_ET | CR0_NE | CR0_WP | CR0_PG);
	CU_ASSERT_EQUAL(vcpu.cr4, CR4_PAE);
	CU_ASSERT_EQUAL(vcpu.efer, EFER_LME | EFER_LMA | EFER_NXE);
	CU_ASSERT_EQUAL(vcpu.cs.selector, BOOT_GDT_CODE64);
	CU_ASSERT_TRUE(vcpu.cs.ar & SEG_AR_L);
	CU_ASSERT_FALSE(vcpu.cs.ar & SEG_AR_DB); /* L and D together are reserved */
	CU_ASSERT_EQUAL(vcpu.ss.selector, BOOT_GDT_DATA);
	CU_ASSERT_TRUE(vcpu.fs.ar & SEG_AR_UNUSABLE);
	/* The GDTR points at the loader's descriptors, copied into guest memory. */
	uint64_t code64;
	CU_ASSERT_TRUE(gmem_read(&mem, vcpu.gdtr.base + BOOT_GDT_CODE64, &code64, 8));
	CU_ASSERT_EQUAL(code64, 0x00af9a000000ffffull);
	CU_ASSERT_TRUE(vcpu.gdtr.limit >= BOOT_GDT_CODE64 + 7);
}

static void expect_refusal(uint32_t size, uint32_t mem_size, const void *data, uint64_t len,
                           const char *words)
{
	sim_reset();
	CU_ASSERT_PTR_NULL_FATAL(gmem_init(&mem, 2 * MIB));
	make_payload(size, mem_size);
	const char *why = guest_load(&mem, &vcpu, data, len, 1, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	if (!strstr(why, words))
		fprintf(stderr, "refusal '%s' lacks '%s'\n", why, words);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, words));
}

static void test_payload_refusals(void)
{
	expect_refusal(sizeof(payload), sizeof(payload), payload, 10, "too small");
	expect_refusal(sizeof(payload), sizeof(payload), payload, 4096,
	               "header says 8192 bytes, 4096");
	expect_refusal(sizeof(payload), 4096, payload, sizeof(payload), "less than its 8192");
	expect_refusal(sizeof(payload), 2 * MIB, payload, sizeof(payload),
	               "guest memory ends at 0x200000");
	static uint8_t bad[sizeof(payload)];
	make_payload(sizeof(payload), sizeof(payload));
	memcpy(bad, payload, sizeof(bad));
	bad[0] = 'X';
	expect_refusal(sizeof(payload), sizeof(payload), bad, sizeof(bad), "want 0x42414c56");
}

/* A table with the payloads (name, size) laid out as mkimage does. */
static struct payload_table *table(uint64_t *avail)
{
	static uint8_t image[sizeof(struct payload_table) + 3 * 64];
	struct payload_table *t = (struct payload_table *)image;
	memset(image, 0, sizeof(image));
	memcpy(t->magic, PAYLOAD_MAGIC, 8);
	const char *names[] = { "selftest", "io", "timer" };
	uint32_t off = sizeof(*t);
	for (int i = 0; i < 3; i++) {
		strcpy(t->entry[i].name, names[i]);
		t->entry[i].offset = off;
		t->entry[i].size = 64;
		memset(image + off, 'a' + i, 64);
		off += 64;
	}
	t->count = 3;
	t->size = off;
	*avail = off;
	return t;
}

static void test_payload_found_by_name(void)
{
	uint64_t avail;
	struct payload_table *t = table(&avail);
	const void *data;
	uint32_t size;
	CU_ASSERT_PTR_NULL_FATAL(payload_find(t, avail, "io", &data, &size));
	CU_ASSERT_EQUAL(size, 64);
	CU_ASSERT_EQUAL(*(const uint8_t *)data, 'b');
	const char *why = payload_find(t, avail, "pagefault", &data, &size);
	CU_ASSERT_PTR_NOT_NULL_FATAL(why);
	CU_ASSERT_STRING_EQUAL(
		why, "no guest named 'pagefault' in this image; it holds: selftest io timer");
}

static void test_payload_table_refusals(void)
{
	uint64_t avail;
	const void *data;
	uint32_t size;
	struct payload_table *t = table(&avail);
	const char *why = payload_find(t, 16, "io", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "no guest payloads in this image"));
	why = payload_find(t, avail - 1, "io", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "(truncated)"));
	t->entry[2].size = 65; /* the last payload runs past the table's end */
	why = payload_find(t, avail, "timer", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "payload 'timer': bytes"));
	t = table(&avail);
	t->entry[1].offset = UINT32_MAX - 10; /* offset + size wraps */
	why = payload_find(t, avail, "io", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "payload 'io'"));
	t = table(&avail);
	memset(t->entry[0].name, 'x', PAYLOAD_NAME_MAX); /* no NUL */
	why = payload_find(t, avail, "io", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "entry 0 has no name"));
	t = table(&avail);
	t->magic[0] = 'W';
	why = payload_find(t, avail, "io", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "payload table: magic 57 "));
	t = table(&avail);
	t->count = PAYLOAD_MAX + 1;
	why = payload_find(t, avail, "io", &data, &size);
	CU_ASSERT_PTR_NOT_NULL(why && strstr(why, "33 entries"));
}

/* Random damage to a table and its payloads: every outcome is a payload
 * wholly inside what was loaded, or a reason; never a read outside. */
static void test_payload_random_damage(void)
{
	uint64_t avail;
	unsigned state = 12345;
	for (int round = 0; round < 5000; round++) {
		struct payload_table *t = table(&avail);
		uint8_t *bytes = (uint8_t *)t;
		for (int k = 0; k < 1 + round % 4; k++) {
			state = state * 1103515245 + 12345;
			bytes[(state >> 8) % avail] ^= (uint8_t)(1u << (state >> 4 & 7));
		}
		const void *data;
		uint32_t size;
		const char *why = payload_find(t, avail, "timer", &data, &size);
		if (why) {
			CU_ASSERT_TRUE(strlen(why) > 10 && !strchr(why, '\n'));
			continue;
		}
		CU_ASSERT_TRUE((const uint8_t *)data >= bytes + sizeof(*t));
		CU_ASSERT_TRUE((const uint8_t *)data + size <= bytes + avail);
	}
}

void add_guest_tests(void)
{
	CU_pSuite s = CU_add_suite("guest", NULL, NULL);
	CU_add_test(s, "payload_placed_and_bss_zeroed", test_payload_placed_and_bss_zeroed);
	CU_add_test(s, "bootinfo_e820_is_guest_memory", test_bootinfo_e820_is_guest_memory);
	CU_add_test(s, "bootinfo_passes_seed_and_args", test_bootinfo_passes_seed_and_args);
	CU_add_test(s, "bootinfo_args_cut_to_the_sector", test_bootinfo_args_cut_to_the_sector);
	CU_add_test(s, "boot_page_tables_map_1g_three_times",
	            test_boot_page_tables_map_1g_three_times);
	CU_add_test(s, "vcpu_starts_in_long_mode_at_entry", test_vcpu_starts_in_long_mode_at_entry);
	CU_add_test(s, "payload_refusals", test_payload_refusals);
	CU_add_test(s, "payload_found_by_name", test_payload_found_by_name);
	CU_add_test(s, "payload_table_refusals", test_payload_table_refusals);
	CU_add_test(s, "payload_random_damage", test_payload_random_damage);
}
