/* Unit tests of the pure parts: the controls against the capability MSRs
 * and the fixed-bit MSRs (parts A and B, controls.c), the EPT's tables over
 * simulated memory (part D, eptmap.c), and the MOVs an MMIO access is made
 * with (part D, mmio.c).  Capability values, displacements and
 * immediates are drawn from the run's seed, so no table of remembered
 * answers passes. */
#include <vlab_unit.h>

#include <stdio.h>
#include <string.h>

#include "controls.h"
#include "eptmap.h"
#include "mmio.h"

/* A capability MSR: allowed-1 bits hi, must-be-1 bits a subset of them. */
static uint64_t capability(uint64_t salt, uint32_t *lo, uint32_t *hi)
{
	*hi = (uint32_t)vlab_unit_seeded(salt) | 0x80000001u;
	*lo = (uint32_t)vlab_unit_seeded(salt + 1) & *hi & 0x0f0f0f0fu;
	return (uint64_t)*hi << 32 | *lo;
}

static void test_adjust(void)
{
	for (uint64_t i = 0; i < 8; i++) {
		uint32_t lo, hi, missing = 1, bad = 1, got = 0;
		uint64_t cap = capability(10 * i, &lo, &hi);
		uint32_t want = (uint32_t)vlab_unit_seeded(10 * i + 2) & hi;
		WITNESS(got = vmx_adjust_controls(cap, want, &missing, &bad));
		EXPECT_HEX(got, (want | lo) & hi, "controls(cap %#llx, want %#x)",
		           (unsigned long long)cap, want);
		EXPECT_HEX(missing, 0, "controls(cap %#llx, want %#x): bits missing",
		           (unsigned long long)cap, want);
		EXPECT_HEX(bad, 0, "controls(cap %#llx, want %#x): must-be-1 bits not allowed",
		           (unsigned long long)cap, want);
	}
}

static void test_adjust_refused(void)
{
	uint32_t lo, hi, missing = 0, bad = 0, got = 0;
	uint64_t cap = capability(100, &lo, &hi) & ~(1ull << 33); /* bit 1 may not be 1 */
	uint32_t want = 2 | ((uint32_t)vlab_unit_seeded(102) & hi);
	WITNESS(got = vmx_adjust_controls(cap, want, &missing, &bad));
	EXPECT_HEX(missing, 2, "controls(cap %#llx, want %#x): the bit the CPU cannot set",
	           (unsigned long long)cap, want);
	/* A malformed MSR: a must-be-1 bit that is not allowed to be 1. */
	uint64_t broken = cap | 2;
	WITNESS(got = vmx_adjust_controls(broken, 0, &missing, &bad));
	EXPECT_HEX(bad, 2, "controls(cap %#llx): the contradictory bit",
	           (unsigned long long)broken);
	(void)got;
}

static void test_cr_fixed(void)
{
	/* CR0 as Bochs and hardware pin it: PE, NE, PG must be 1. */
	const struct cr_fixed cr0 = { 0x80000021, 0xffffffff };
	uint64_t value = vlab_unit_seeded(200) & 0x6005003e; /* no PE, NE, PG */
	uint64_t got = 0;
	WITNESS(got = cr_fixed_violations(value, cr0));
	EXPECT_HEX(got, 0x80000021 & ~value, "violations(CR0 %#llx)", (unsigned long long)value);
	WITNESS(got = cr_fixed_apply(value, cr0));
	EXPECT_HEX(got, value | 0x80000021, "apply(CR0 %#llx)", (unsigned long long)value);
	/* CR4: VMXE must be 1, bits above the CPU's must be 0. */
	const struct cr_fixed cr4 = { 0x2000, 0x3727ff };
	uint64_t cr4v = (vlab_unit_seeded(201) & 0xff0fffff) | (1ull << 31);
	WITNESS(got = cr_fixed_violations(cr4v, cr4));
	EXPECT_HEX(got, (0x2000 & ~cr4v) | (cr4v & ~0x3727ffull), "violations(CR4 %#llx)",
	           (unsigned long long)cr4v);
	WITNESS(got = cr_fixed_apply(cr4v, cr4));
	EXPECT_HEX(got, (cr4v | 0x2000) & 0x3727ff, "apply(CR4 %#llx)", (unsigned long long)cr4v);
	WITNESS(got = cr_fixed_violations(0x80000031, cr0));
	EXPECT_HEX(got, 0, "violations(CR0 0x80000031): a CR0 VMX accepts");
}

/* Simulated physical memory for the EPT's tables: SIM_PAGES pages at
 * SIM_BASE, handed out in order, at most sim_limit of them. */
#define SIM_BASE  0x7f000000ull
#define SIM_PAGES 16
static uint64_t sim_ram[SIM_PAGES][512];
static unsigned sim_used, sim_limit;

static uint64_t sim_alloc(void *ctx)
{
	(void)ctx;
	if (sim_used == sim_limit)
		return 0;
	return SIM_BASE + 4096ull * sim_used++;
}

static void *sim_ptr(void *ctx, uint64_t pa)
{
	(void)ctx;
	if (pa < SIM_BASE || pa >= SIM_BASE + sizeof(sim_ram) || pa % 4096)
		return &sim_ram[SIM_PAGES - 1][0]; /* a bad address reads a page no table uses */
	return sim_ram[(pa - SIM_BASE) / 4096];
}

static const struct ept_mem sim = { sim_alloc, sim_ptr, 0 };

static void sim_reset(unsigned limit)
{
	memset(sim_ram, 0, sizeof(sim_ram));
	sim_used = 0;
	sim_limit = limit;
}

/* The test's own walk of what the code built: the PDE that maps gpa, or
 * 0 if a level is missing or an upper entry is not read/write/execute. */
static uint64_t walk(uint64_t root, uint64_t gpa)
{
	uint64_t table = root;
	for (int shift = 39; shift > 21; shift -= 9) {
		uint64_t e = ((uint64_t *)sim_ptr(0, table))[gpa >> shift & 511];
		if ((e & EPT_RWX) != EPT_RWX || e & EPT_LARGE)
			return 0;
		table = e & EPT_ADDR;
	}
	return ((uint64_t *)sim_ptr(0, table))[gpa >> 21 & 511];
}

static uint64_t seeded_2m(uint64_t salt, uint64_t limit)
{
	return vlab_unit_seeded(salt) % (limit / EPT_2M) * EPT_2M;
}

static void test_ept_map(void)
{
	uint64_t root = 0;
	int rc = 1;
	sim_reset(SIM_PAGES - 1);
	WITNESS(root = ept_create(&sim));
	EXPECT_HEX(root, SIM_BASE, "ept_create: the first page of simulated memory");
	/* Guest memory as the monitor maps it: 16 MiB, RWX, plus two seeded
	 * pages far apart, one read-only and one read/execute. */
	for (uint64_t gpa = 0; gpa < 0x1000000; gpa += EPT_2M) {
		WITNESS(rc = ept_map_2m(&sim, root, gpa, 0x40000000 + gpa, EPT_RWX));
		EXPECT_INT(rc, EPT_OK, "ept_map_2m(gpa %#llx, RWX)", (unsigned long long)gpa);
	}
	uint64_t far = (1ull << 39) + seeded_2m(500, 1ull << 39);
	uint64_t hpa = seeded_2m(501, 1ull << 40);
	WITNESS(rc = ept_map_2m(&sim, root, far, hpa, EPT_READ));
	EXPECT_INT(rc, EPT_OK, "ept_map_2m(gpa %#llx, R)", (unsigned long long)far);
	uint64_t mid = 0x40000000 + seeded_2m(502, 1ull << 30);
	WITNESS(rc = ept_map_2m(&sim, root, mid, hpa, EPT_READ | EPT_EXECUTE));
	EXPECT_INT(rc, EPT_OK, "ept_map_2m(gpa %#llx, RX)", (unsigned long long)mid);
	for (uint64_t gpa = 0; gpa < 0x1000000; gpa += EPT_2M)
		EXPECT_HEX(walk(root, gpa),
		           (0x40000000 + gpa) | EPT_RWX | EPT_MEMTYPE_WB | EPT_LARGE,
		           "the PDE of gpa %#llx", (unsigned long long)gpa);
	EXPECT_HEX(walk(root, far), hpa | EPT_READ | EPT_MEMTYPE_WB | EPT_LARGE,
	           "the PDE of gpa %#llx", (unsigned long long)far);
	EXPECT_HEX(walk(root, mid), hpa | EPT_READ | EPT_EXECUTE | EPT_MEMTYPE_WB | EPT_LARGE,
	           "the PDE of gpa %#llx", (unsigned long long)mid);
	/* Left out: the I/O APIC's page, and the 2 MiB page after memory. */
	EXPECT_HEX(walk(root, 0xfec00000) & EPT_RWX, 0, "the PDE of gpa 0xfec00000");
	EXPECT_HEX(walk(root, 0x1000000) & EPT_RWX, 0, "the PDE of gpa 0x1000000");
	/* One PML4, PDPT and PD for the low 1 GiB, another PDPT and PD for
	 * far, another PD for mid. */
	EXPECT_UINT(sim_used, 6, "pages used for tables");
}

static void test_ept_refused(void)
{
	uint64_t root = 0, gpa = seeded_2m(600, 1ull << 30);
	int rc = 0;
	sim_reset(SIM_PAGES - 1);
	WITNESS(root = ept_create(&sim));
	WITNESS(rc = ept_map_2m(&sim, root, gpa + 0x1000, 0, EPT_RWX));
	EXPECT_INT(rc, EPT_UNALIGNED, "ept_map_2m(gpa %#llx)", (unsigned long long)gpa + 0x1000);
	WITNESS(rc = ept_map_2m(&sim, root, gpa, 0x123000, EPT_RWX));
	EXPECT_INT(rc, EPT_UNALIGNED, "ept_map_2m(hpa 0x123000)");
	WITNESS(rc = ept_map_2m(&sim, root, 1ull << 48, 0, EPT_RWX));
	EXPECT_INT(rc, EPT_TOO_HIGH, "ept_map_2m(gpa 1 << 48)");
	WITNESS(rc = ept_map_2m(&sim, root, gpa, 1ull << 52, EPT_RWX));
	EXPECT_INT(rc, EPT_TOO_HIGH, "ept_map_2m(hpa 1 << 52)");
	WITNESS(rc = ept_map_2m(&sim, root, gpa, 0, EPT_WRITE));
	EXPECT_INT(rc, EPT_BAD_PERMS, "ept_map_2m(write without read)");
	WITNESS(rc = ept_map_2m(&sim, root, gpa, 0, EPT_EXECUTE));
	EXPECT_INT(rc, EPT_BAD_PERMS, "ept_map_2m(execute only)");
	WITNESS(rc = ept_map_2m(&sim, root, gpa, 0, EPT_READ | 8));
	EXPECT_INT(rc, EPT_BAD_PERMS, "ept_map_2m(perms with bit 3)");
	EXPECT_UINT(sim_used, 1, "pages used by refused mappings");
	WITNESS(rc = ept_map_2m(&sim, root, gpa, 0, EPT_RWX));
	EXPECT_INT(rc, EPT_OK, "ept_map_2m(gpa %#llx)", (unsigned long long)gpa);
	WITNESS(rc = ept_map_2m(&sim, root, gpa, EPT_2M, EPT_RWX));
	EXPECT_INT(rc, EPT_MAPPED, "ept_map_2m(gpa %#llx) again", (unsigned long long)gpa);
	/* Out of pages: three tables fit, a fourth does not. */
	sim_reset(3);
	WITNESS(root = ept_create(&sim));
	WITNESS(rc = ept_map_2m(&sim, root, 0, 0, EPT_RWX));
	EXPECT_INT(rc, EPT_OK, "ept_map_2m(gpa 0) with 2 pages left");
	WITNESS(rc = ept_map_2m(&sim, root, 1ull << 30, 0, EPT_RWX));
	EXPECT_INT(rc, EPT_NOMEM, "ept_map_2m(gpa 1 GiB) with no page left");
	WITNESS(rc = ept_map_2m(&sim, root, EPT_2M, EPT_2M, EPT_RWX));
	EXPECT_INT(rc, EPT_OK, "ept_map_2m(gpa 2 MiB): its tables exist");
}

/* Bytes from hex text: "89 02" -> { 0x89, 0x02 }. */
static unsigned bytes(const char *hex, uint8_t *out)
{
	unsigned n = 0, b;
	int used;
	while (sscanf(hex, " %2x%n", &b, &used) == 1) {
		out[n++] = (uint8_t)b;
		hex += used;
	}
	return n;
}

struct want {
	int rc;
	unsigned len, size, reg, reg_size;
	bool write, immediate, high_byte, zero_extend;
	uint64_t imm;
};

static void expect_mmio(const char *hex, struct want w)
{
	uint8_t code[32];
	unsigned n = bytes(hex, code);
	struct mmio_insn in;
	char why[100] = "";
	int rc = -2;
	memset(&in, 0, sizeof(in));
	WITNESS(rc = mmio_decode(code, n, &in, why, sizeof(why)));
	REQUIRE_INT(rc, w.rc, "mmio_decode(%s): its result", hex);
	if (w.rc < 0)
		return;
	EXPECT_UINT(in.len, w.len, "mmio_decode(%s): len", hex);
	EXPECT_UINT(in.size, w.size, "mmio_decode(%s): size", hex);
	EXPECT_BOOL(in.write, w.write, "mmio_decode(%s): write", hex);
	EXPECT_BOOL(in.immediate, w.immediate, "mmio_decode(%s): immediate", hex);
	EXPECT_UINT(in.reg, w.reg, "mmio_decode(%s): reg", hex);
	EXPECT_BOOL(in.high_byte, w.high_byte, "mmio_decode(%s): high_byte", hex);
	EXPECT_BOOL(in.zero_extend, w.zero_extend, "mmio_decode(%s): zero_extend", hex);
	if (!w.write)
		EXPECT_UINT(in.reg_size, w.reg_size, "mmio_decode(%s): reg_size", hex);
	if (w.immediate)
		EXPECT_HEX(in.imm, w.imm, "mmio_decode(%s): imm", hex);
}

static void test_mov(void)
{
	uint8_t d8 = (uint8_t)vlab_unit_seeded(300);
	uint32_t d32 = (uint32_t)vlab_unit_seeded(301);
	char hex[80];
	expect_mmio("89 02", (struct want){ .len = 2, .size = 4, .write = true });
	expect_mmio("8b 02", (struct want){ .len = 2, .size = 4, .reg_size = 4 });
	expect_mmio("66 89 08", (struct want){ .len = 3, .size = 2, .write = true, .reg = 1 });
	snprintf(hex, sizeof(hex), "44 8b 4a %02x", d8);
	expect_mmio(hex, (struct want){ .len = 4, .size = 4, .reg = 9, .reg_size = 4 });
	snprintf(hex, sizeof(hex), "48 89 1c 25 %02x %02x %02x %02x", d32 & 0xff, d32 >> 8 & 0xff,
	         d32 >> 16 & 0xff, d32 >> 24);
	expect_mmio(hex, (struct want){ .len = 8, .size = 8, .write = true, .reg = 3 });
	snprintf(hex, sizeof(hex), "8b 05 %02x %02x %02x %02x", d32 & 0xff, d32 >> 8 & 0xff,
	         d32 >> 16 & 0xff, d32 >> 24);
	expect_mmio(hex, (struct want){ .len = 6, .size = 4, .reg_size = 4 });
	snprintf(hex, sizeof(hex), "88 62 %02x", d8);
	expect_mmio(hex, (struct want){ .len = 3, .size = 1, .write = true, .high_byte = true });
	snprintf(hex, sizeof(hex), "40 88 62 %02x", d8);
	expect_mmio(hex, (struct want){ .len = 4, .size = 1, .write = true, .reg = 4 });
	expect_mmio("0f b6 02",
	            (struct want){ .len = 3, .size = 1, .reg_size = 4, .zero_extend = true });
	expect_mmio(
		"48 0f b7 4c 24 08",
		(struct want){ .len = 6, .size = 2, .reg = 1, .reg_size = 8, .zero_extend = true });
}

static void test_mov_immediate(void)
{
	uint32_t imm = (uint32_t)vlab_unit_seeded(400);
	uint8_t d8 = (uint8_t)vlab_unit_seeded(401);
	char hex[80];
	snprintf(hex, sizeof(hex), "c7 42 %02x %02x %02x %02x %02x", d8, imm & 0xff,
	         imm >> 8 & 0xff, imm >> 16 & 0xff, imm >> 24);
	expect_mmio(hex, (struct want){ .len = 7,
	                                .size = 4,
	                                .write = true,
	                                .immediate = true,
	                                .imm = (uint64_t)(int64_t)(int32_t)imm });
	snprintf(hex, sizeof(hex), "48 c7 02 %02x %02x %02x %02x", imm & 0xff, imm >> 8 & 0xff,
	         imm >> 16 & 0xff, imm >> 24);
	expect_mmio(hex, (struct want){ .len = 7,
	                                .size = 8,
	                                .write = true,
	                                .immediate = true,
	                                .imm = (uint64_t)(int64_t)(int32_t)imm });
	snprintf(hex, sizeof(hex), "c6 02 %02x", d8);
	expect_mmio(hex, (struct want){ .len = 3,
	                                .size = 1,
	                                .write = true,
	                                .immediate = true,
	                                .imm = (uint64_t)(int64_t)(int8_t)d8 });
}

static void test_refused(void)
{
	expect_mmio("01 02", (struct want){ .rc = -1 });             /* ADD */
	expect_mmio("89 c0", (struct want){ .rc = -1 });             /* register to register */
	expect_mmio("c7 0a 01 00 00 00", (struct want){ .rc = -1 }); /* C7 /1 */
	expect_mmio("89", (struct want){ .rc = -1 });                /* cut short */
	expect_mmio("c7 42 10 01 02", (struct want){ .rc = -1 });
	expect_mmio("66 66", (struct want){ .rc = -1 });
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("controls", NULL, NULL);
	CU_add_test(s, "adjust", test_adjust);
	CU_add_test(s, "adjust_refused", test_adjust_refused);
	CU_add_test(s, "cr_fixed", test_cr_fixed);
	s = CU_add_suite("ept", NULL, NULL);
	CU_add_test(s, "map", test_ept_map);
	CU_add_test(s, "refused", test_ept_refused);
	s = CU_add_suite("mmio", NULL, NULL);
	CU_add_test(s, "mov", test_mov);
	CU_add_test(s, "mov_immediate", test_mov_immediate);
	CU_add_test(s, "refused", test_refused);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
