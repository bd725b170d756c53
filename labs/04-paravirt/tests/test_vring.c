/* Unit tests of part D's ring (hv/vring.c) against what a guest may write
 * into it: good chains of one buffer and of several, and every way a ring
 * can lie (a loop, an index beyond the table, a buffer outside guest memory
 * or whose end wraps around, flags nobody defined, avail.idx jumping), each
 * refused with a reason that names the values; a broken ring that stays
 * broken and touches nothing; the wrap of the 16-bit indices; and a few
 * thousand random rings.  Guest memory is a malloc'ed buffer of its exact
 * size and the ring's descriptor table ends where it ends, so under the
 * witness's AddressSanitizer a read one byte past guest memory stops the
 * test.  Buffers, sizes and bad values are drawn from the run's seed.
 *
 * The judge and witness of grader/vlab_unit.h: the judge builds the same
 * guest memory (test code, not the student's) and knows every expected
 * value from it; the witness calls vring_*.  A reason is checked for the
 * values it must name, each as a whole number in decimal or in hex with
 * 0x: the witness sends "a reason naming 7, 9" when it names them all, and
 * the reason itself when it does not, for the judge to show. */
#include <vlab_unit.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vring.h"

#define MIB (1ull << 20)

/* The witness's sanitizers end it with SIGABRT, so that the judge reports
 * a crash rather than an exit.  Leaks are not what these tests look for,
 * and LeakSanitizer's look at exit traces the process, which a grader's
 * sandbox may refuse. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0:abort_on_error=1";
}

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "abort_on_error=1:print_stacktrace=1";
}

/* The guest: its memory, its ring (descriptor table last, ending where
 * memory ends), and the device's state of that ring. */
static struct gmem mem;
static uint16_t ring_size;
static uint64_t desc_gpa, avail_gpa, used_gpa;
static struct vring ring;
static struct vring_chain chain;

static void guest_memory(uint64_t size)
{
	free(mem.host);
	mem = (struct gmem){ .size = size, .host = calloc(1, size) };
	if (!mem.host) {
		perror("guest memory");
		abort();
	}
}

static struct pv_desc *desc_at(unsigned i)
{
	return (struct pv_desc *)(mem.host + desc_gpa) + i;
}

static struct pv_avail *avail_ring(void)
{
	return (struct pv_avail *)(mem.host + avail_gpa);
}

static struct pv_used *used_ring(void)
{
	return (struct pv_used *)(mem.host + used_gpa);
}

static void put_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	*desc_at(i) = (struct pv_desc){ addr, len, flags, next };
}

/* The guest offers the chain at head: the ring's entry, then avail.idx. */
static void offer(uint16_t head)
{
	struct pv_avail *a = avail_ring();
	a->ring[a->idx % ring_size] = head;
	a->idx++;
}

/* A ring of `size` descriptors at the end of zeroed guest memory, set up. */
static void ring_up(uint16_t size)
{
	ring_size = size;
	desc_gpa = mem.size - 16ull * size;
	used_gpa = desc_gpa - (4 + 8ull * size);
	avail_gpa = used_gpa - (4 + 2ull * size);
	memset(mem.host + avail_gpa, 0, mem.size - avail_gpa);
	int64_t rc = -1;
	WITNESS(rc = vring_setup(&ring, &mem, size, desc_gpa, avail_gpa, used_gpa));
	REQUIRE_INT(rc, 0, "vring_setup(size %u, desc %#llx, avail %#llx, used %#llx)", size,
	            (unsigned long long)desc_gpa, (unsigned long long)avail_gpa,
	            (unsigned long long)used_gpa);
}

/* Seeded: a ring size from min to PV_RING_MAX, a buffer in the low half
 * of memory, a length of 1 to 4096, a descriptor index. */
static uint16_t seeded_size(uint64_t salt, unsigned min)
{
	unsigned shift = 0, n = 0;
	while ((1u << shift) < min)
		shift++;
	while ((PV_RING_MAX >> n) > (1 << shift))
		n++;
	return (uint16_t)(1u << (shift + vlab_unit_seeded(salt) % (n + 1)));
}

static uint64_t seeded_addr(uint64_t salt)
{
	return 0x1000 + vlab_unit_seeded(salt) % (mem.size / 2);
}

static uint32_t seeded_len(uint64_t salt)
{
	return 1 + (uint32_t)(vlab_unit_seeded(salt) % 4096);
}

static uint16_t seeded_index(uint64_t salt)
{
	return (uint16_t)(vlab_unit_seeded(salt) % ring_size);
}

/* Does the reason name v, as a whole number in decimal or in 0x hex? */
static bool mentions(const char *why, uint64_t v)
{
	for (const char *p = why; *p; p++) {
		if (!isdigit((unsigned char)*p) || (p > why && isalnum((unsigned char)p[-1])))
			continue;
		bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
		char *end;
		unsigned long long n = strtoull(p, &end, hex ? 16 : 10);
		if (n == v && !isalnum((unsigned char)*end))
			return true;
	}
	return false;
}

static const char *names(unsigned n, const uint64_t *v)
{
	static char text[200];
	int used = snprintf(text, sizeof(text), "a reason naming");
	for (unsigned i = 0; i < n; i++)
		used += snprintf(text + used, sizeof(text) - used, "%s %llu", i ? "," : "",
		                 (unsigned long long)v[i]);
	return text;
}

/* The witness's side: "a reason naming ..." when the reason names every
 * value, the reason itself otherwise. */
static const char *reason_names(const char *why, unsigned n, const uint64_t *v)
{
	if (!memchr(why, '\0', sizeof(ring.why)) || !*why)
		return "(no reason, or one without its end)";
	for (unsigned i = 0; i < n; i++)
		if (!mentions(why, v[i]))
			return why;
	return names(n, v);
}

/* The values a reason must name, as a count and an array. */
#define VALUE_ARRAY(...) ((const uint64_t[]){ __VA_ARGS__ })
#define VALUES(...)                                                                                \
	(unsigned)(sizeof(VALUE_ARRAY(__VA_ARGS__)) / sizeof(uint64_t)), VALUE_ARRAY(__VA_ARGS__)
#define EXPECT_REASON(why, what, ...) expect_reason(why, what, VALUES(__VA_ARGS__))

static void expect_reason(const char *why, const char *what, unsigned n, const uint64_t *v)
{
	EXPECT_STR(reason_names(why, n, v), names(n, v), "%s: the reason", what);
}

struct want_seg {
	uint64_t addr;
	uint32_t len;
	bool writable;
};

/* vring_next gives the chain at head, made of these buffers. */
static void take_chain(const char *what, uint16_t head, unsigned n, const struct want_seg *w)
{
	int rc = 0;
	memset(&chain, 0xa5, sizeof(chain));
	WITNESS(rc = vring_next(&ring, &mem, &chain));
	REQUIRE_INT(rc, 1, "vring_next(%s)", what);
	EXPECT_UINT(chain.head, head, "vring_next(%s): head", what);
	REQUIRE_UINT(chain.n, n, "vring_next(%s): buffers", what);
	for (unsigned i = 0; i < n; i++) {
		EXPECT_HEX((uintptr_t)chain.seg[i].ptr - (uintptr_t)mem.host, w[i].addr,
		           "vring_next(%s): buffer %u's guest-physical address", what, i);
		EXPECT_UINT(chain.seg[i].len, w[i].len, "vring_next(%s): buffer %u's len", what, i);
		EXPECT_BOOL(chain.seg[i].writable, w[i].writable,
		            "vring_next(%s): buffer %u writable", what, i);
	}
}

static void expect_nothing_new(const char *what)
{
	int rc = -2;
	WITNESS(rc = vring_next(&ring, &mem, &chain));
	EXPECT_INT(rc, 0, "vring_next(%s): nothing new", what);
}

/* vring_next refuses: -1, the ring broken, the reason naming the values. */
#define EXPECT_BROKEN(what, ...) expect_broken(what, VALUES(__VA_ARGS__))
static void expect_broken(const char *what, unsigned n, const uint64_t *v)
{
	int rc = 0;
	WITNESS(rc = vring_next(&ring, &mem, &chain));
	REQUIRE_INT(rc, -1, "vring_next(%s)", what);
	EXPECT_BOOL(ring.broken, true, "vring_next(%s): the ring is broken", what);
	expect_reason(ring.why, vlab_str("vring_next(%s)", what), n, v);
}

static void test_one_buffer(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(1, 1));
	uint16_t head = seeded_index(2);
	struct want_seg w = { seeded_addr(3), seeded_len(4), false };
	/* next is garbage: without PV_DESC_NEXT it is not looked at. */
	put_desc(head, w.addr, w.len, 0, (uint16_t)vlab_unit_seeded(5));
	expect_nothing_new("an empty ring");
	offer(head);
	take_chain("one buffer", head, 1, &w);
	expect_nothing_new("the one chain taken");
}

/* A request as virtio-blk makes it: buffers the device reads, then
 * buffers it writes, at descriptors spread over the table; and two
 * chains offered at once come out in order. */
static void test_several_buffers(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(10, 8));
	uint16_t head = seeded_index(11), stride = (uint16_t)(2 * seeded_index(12) + 1), idx[4];
	struct want_seg w[4];
	for (unsigned i = 0; i < 4; i++) {
		idx[i] = (uint16_t)((head + i * stride) % ring_size);
		w[i] = (struct want_seg){ seeded_addr(13 + i), seeded_len(17 + i), i >= 2 };
	}
	for (unsigned i = 0; i < 4; i++)
		put_desc(idx[i], w[i].addr, w[i].len,
		         (i < 3 ? PV_DESC_NEXT : 0) | (w[i].writable ? PV_DESC_WRITE : 0),
		         i < 3 ? idx[i + 1] : 0);
	/* A one-buffer chain at a descriptor the first does not use. */
	uint16_t other = (uint16_t)((head + 4 * stride) % ring_size);
	struct want_seg lone = { seeded_addr(21), seeded_len(22), true };
	put_desc(other, lone.addr, lone.len, PV_DESC_WRITE, 0);
	offer(head);
	offer(other);
	take_chain("four buffers", head, 4, w);
	take_chain("the second chain", other, 1, &lone);
	expect_nothing_new("both chains taken");
}

/* Device-writable and device-readable buffers in any order: the flag of
 * each descriptor is the segment's, whatever its neighbours' are. */
static void test_directions(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(30, 4));
	uint16_t first = seeded_index(31);
	uint64_t pattern = vlab_unit_seeded(32);
	struct want_seg w[4];
	for (unsigned i = 0; i < 4; i++) {
		w[i] = (struct want_seg){ seeded_addr(33 + i), seeded_len(37 + i),
			                  pattern >> i & 1 };
		put_desc((first + i) % ring_size, w[i].addr, w[i].len,
		         (i < 3 ? PV_DESC_NEXT : 0) | (w[i].writable ? PV_DESC_WRITE : 0),
		         (uint16_t)((first + i + 1) % ring_size));
	}
	offer(first);
	take_chain("mixed directions", first, 4, w);
}

/* Virtio does not forbid an empty buffer: one is taken, at any address
 * inside guest memory, its end included; beyond that it is refused. */
static void test_zero_length(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(40, 2));
	uint16_t head = seeded_index(41), second = (uint16_t)((head + 1) % ring_size);
	struct want_seg w[2] = { { seeded_addr(42), 0, false }, { mem.size, 0, true } };
	put_desc(head, w[0].addr, 0, PV_DESC_NEXT, second);
	put_desc(second, w[1].addr, 0, PV_DESC_WRITE, 0);
	offer(head);
	take_chain("empty buffers, one at the end of memory", head, 2, w);
	uint64_t beyond = mem.size + 1 + vlab_unit_seeded(43) % 4096;
	put_desc(head, beyond, 0, 0, 0);
	offer(head);
	EXPECT_BROKEN("an empty buffer beyond memory", head, beyond);
}

/* A chain of every descriptor is the longest there is; one more step is a
 * loop, however long its cycle: through every descriptor, two, or one. */
static void test_loop(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(50, 4));
	uint16_t head = seeded_index(51);
	struct want_seg w[PV_RING_MAX];
	for (unsigned i = 0; i < ring_size; i++) {
		w[i] = (struct want_seg){ seeded_addr(52 + i % 8), 1 + i, false };
		put_desc((head + i) % ring_size, w[i].addr, w[i].len,
		         i + 1 < ring_size ? PV_DESC_NEXT : 0,
		         (uint16_t)((head + i + 1) % ring_size));
	}
	offer(head);
	take_chain("a chain of every descriptor", head, ring_size, w);
	/* The last one now leads back to the head. */
	desc_at((head + ring_size - 1) % ring_size)->flags = PV_DESC_NEXT;
	offer(head);
	EXPECT_BROKEN("a cycle through every descriptor", head, ring_size);

	ring_up(ring_size);
	uint16_t a = seeded_index(60),
		 b = (uint16_t)((a + 1 + seeded_index(61) % (ring_size - 1)) % ring_size);
	put_desc(a, seeded_addr(62), seeded_len(63), PV_DESC_NEXT, b);
	put_desc(b, seeded_addr(64), seeded_len(65), PV_DESC_NEXT, a);
	offer(a);
	EXPECT_BROKEN("next pointing back, a to b to a", a, ring_size);

	ring_up(ring_size);
	put_desc(b, seeded_addr(66), seeded_len(67), PV_DESC_NEXT | PV_DESC_WRITE, b);
	offer(b);
	EXPECT_BROKEN("a descriptor that is its own next", b, ring_size);
}

/* The table ends where guest memory ends: following such a next before
 * checking it reads past the end, which AddressSanitizer stops. */
static void test_next_beyond(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(70, 2));
	uint16_t head = seeded_index(71), last = (uint16_t)((head + 1) % ring_size);
	uint16_t next = (uint16_t)(ring_size + vlab_unit_seeded(72) % (65536 - ring_size));
	put_desc(head, seeded_addr(73), seeded_len(74), PV_DESC_NEXT, last);
	put_desc(last, seeded_addr(75), seeded_len(76), PV_DESC_NEXT | PV_DESC_WRITE, next);
	offer(head);
	EXPECT_BROKEN("next beyond the table", last, next);
	EXPECT_UINT(ring.last_avail, 0, "last_avail after a refused chain");
}

static void test_head_beyond(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(80, 1));
	uint16_t head = (uint16_t)(ring_size + vlab_unit_seeded(81) % (65536 - ring_size));
	offer(head);
	EXPECT_BROKEN("a head beyond the table", head, ring_size);
}

static void test_past_memory(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(90, 2));
	uint16_t head = seeded_index(91), last = (uint16_t)((head + 1) % ring_size);
	/* The end one byte or more past memory's. */
	uint32_t k = seeded_len(92);
	uint64_t addr = mem.size - k;
	uint32_t len = k + 1 + (uint32_t)(vlab_unit_seeded(93) % 4096);
	put_desc(head, seeded_addr(94), seeded_len(95), PV_DESC_NEXT, last);
	put_desc(last, addr, len, PV_DESC_WRITE, 0);
	offer(head);
	EXPECT_BROKEN("a buffer whose end is past memory", last, addr, len);

	ring_up(ring_size);
	uint64_t far = mem.size + vlab_unit_seeded(96) % (1ull << 40);
	put_desc(head, far, 1, 0, 0);
	offer(head);
	EXPECT_BROKEN("a buffer beyond memory", head, far);
}

/* addr + len past 2^64 comes back small: it must not look inside. */
static void test_wrapping(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(100, 1));
	uint16_t head = seeded_index(101);
	uint32_t k = seeded_len(102);
	uint64_t addr = 0 - (uint64_t)k;
	uint32_t len = k + 1 + (uint32_t)(vlab_unit_seeded(103) % 0x100000);
	put_desc(head, addr, len, PV_DESC_WRITE, 0);
	offer(head);
	EXPECT_BROKEN("a buffer that wraps past 2^64", head, addr, len);
}

static void test_len_max(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(110, 1));
	uint16_t head = seeded_index(111);
	uint64_t addr = vlab_unit_seeded(112) % mem.size;
	put_desc(head, addr, 0xffffffff, 0, 0);
	offer(head);
	EXPECT_BROKEN("len 0xffffffff", head, addr, 0xffffffffull);
}

/* PV_DESC_NEXT and PV_DESC_WRITE only: virtio's INDIRECT (4), which this
 * ring does not offer, would have the device take a table for data. */
static void test_flags(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(120, 2));
	uint16_t head = seeded_index(121), last = (uint16_t)((head + 1) % ring_size);
	uint16_t flags = (uint16_t)(4u << vlab_unit_seeded(122) % 14) | PV_DESC_NEXT;
	put_desc(head, seeded_addr(123), seeded_len(124), PV_DESC_NEXT, last);
	put_desc(last, seeded_addr(125), seeded_len(126), flags, head);
	offer(head);
	EXPECT_BROKEN("flags the ring does not define", last, flags);
}

/* Every descriptor may name the same memory: 256 of 16 MiB are 4 GiB,
 * one byte more than a chain may hold (virtio's bound, and a used
 * entry's 32-bit len). */
static void test_over_4gib(void)
{
	guest_memory(16 * MIB);
	ring_up(PV_RING_MAX);
	uint16_t head = (uint16_t)(vlab_unit_seeded(130) % PV_RING_MAX);
	struct want_seg w[PV_RING_MAX];
	for (unsigned i = 0; i < PV_RING_MAX; i++) {
		uint16_t at = (uint16_t)((head + i) % PV_RING_MAX);
		w[i] = (struct want_seg){ 0,
			                  (uint32_t)(i + 1 < PV_RING_MAX ? mem.size : mem.size - 1),
			                  true };
		put_desc(at, 0, w[i].len, (i + 1 < PV_RING_MAX ? PV_DESC_NEXT : 0) | PV_DESC_WRITE,
		         (uint16_t)((at + 1) % PV_RING_MAX));
	}
	offer(head);
	take_chain("4 GiB - 1 in 256 buffers", head, PV_RING_MAX, w);
	desc_at((head + PV_RING_MAX - 1) % PV_RING_MAX)->len = (uint32_t)mem.size;
	offer(head);
	EXPECT_BROKEN("4 GiB in 256 buffers", head);
}

/* At most `size` chains can be new: exactly that many is a full ring;
 * one more, or an index that went back, is a guest that lies. */
static void test_avail_jump(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(140, 1));
	uint16_t head = seeded_index(141);
	struct want_seg w = { seeded_addr(142), seeded_len(143), false };
	put_desc(head, w.addr, w.len, 0, 0);
	uint16_t taken = (uint16_t)(1 + vlab_unit_seeded(144) % 50);
	for (unsigned i = 0; i < taken; i++) {
		offer(head);
		take_chain("one chain at a time", head, 1, &w);
	}
	for (unsigned i = 0; i < ring_size; i++)
		offer(head);
	for (unsigned i = 0; i < ring_size; i++)
		take_chain("a full ring", head, 1, &w);
	taken = (uint16_t)(taken + ring_size);
	expect_nothing_new("a full ring taken");
	uint16_t jumped = (uint16_t)(taken + ring_size + 1);
	avail_ring()->idx = jumped;
	EXPECT_BROKEN("avail.idx size + 1 ahead", taken, jumped, ring_size);

	ring_up(ring_size);
	put_desc(head, w.addr, w.len, 0, 0);
	for (unsigned i = 0; i < 3; i++) {
		offer(head);
		take_chain("one chain at a time", head, 1, &w);
	}
	avail_ring()->idx = 2;
	EXPECT_BROKEN("avail.idx going back", 3, 2);
}

/* The guest's and the device's side of `rounds` chains, one at a time:
 * the first round that went wrong, or -1. */
static long drive(unsigned rounds, const struct want_seg *w)
{
	for (unsigned i = 0; i < rounds; i++) {
		uint16_t head = (uint16_t)(i % ring_size);
		put_desc(head, w[head % 4].addr, w[head % 4].len, 0, 0);
		offer(head);
		memset(&chain, 0, sizeof(chain));
		if (vring_next(&ring, &mem, &chain) != 1 || chain.head != head || chain.n != 1 ||
		    chain.seg[0].ptr != mem.host + w[head % 4].addr ||
		    chain.seg[0].len != w[head % 4].len)
			return i;
		vring_put_used(&ring, &mem, head, i);
	}
	return -1;
}

/* The indices run free through 65535 to 0: no chain is lost or taken
 * twice across the wrap, and the used entries follow. */
static void test_avail_wrap(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(150, 1));
	struct want_seg w[4];
	for (unsigned i = 0; i < 4; i++)
		w[i] = (struct want_seg){ seeded_addr(151 + i), seeded_len(155 + i), false };
	unsigned rounds = 65536 + 1 + (unsigned)(vlab_unit_seeded(159) % 1000);
	long wrong = 0;
	WITNESS(wrong = drive(rounds, w));
	EXPECT_INT(wrong, -1, "the first of %u chains that came out wrong", rounds);
	expect_nothing_new("every chain taken, past the wrap");
	EXPECT_UINT(used_ring()->idx, rounds % 65536, "used.idx after %u chains", rounds);
	uint16_t last = (uint16_t)((rounds - 1) % ring_size);
	EXPECT_UINT(used_ring()->ring[(rounds - 1) % ring_size].id, last,
	            "the last used entry's id (slot %u)", (rounds - 1) % ring_size);
	EXPECT_UINT(used_ring()->ring[(rounds - 1) % ring_size].len, rounds - 1,
	            "the last used entry's len (slot %u)", (rounds - 1) % ring_size);
	/* One more, offered at the index after the wrap. */
	uint16_t head = seeded_index(160);
	put_desc(head, w[0].addr, w[0].len, PV_DESC_WRITE, 0);
	w[0].writable = true;
	offer(head);
	take_chain("a chain after the wrap", head, 1, &w[0]);
}

/* Entry k at used.ring[k % size], then used.idx k + 1, through 65535 to 0. */
static void test_used_ring(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(170, 4));
	uint16_t heads[3];
	uint32_t lens[3];
	for (unsigned i = 0; i < 3; i++) {
		heads[i] = seeded_index(171 + i);
		lens[i] = (uint32_t)vlab_unit_seeded(174 + i);
		WITNESS(vring_put_used(&ring, &mem, heads[i], lens[i]));
	}
	for (unsigned i = 0; i < 3; i++) {
		EXPECT_UINT(used_ring()->ring[i].id, heads[i], "used.ring[%u].id", i);
		EXPECT_UINT(used_ring()->ring[i].len, lens[i], "used.ring[%u].len", i);
	}
	EXPECT_UINT(used_ring()->idx, 3, "used.idx after 3 entries");
	EXPECT_UINT(used_ring()->flags, 0, "used.flags (the device leaves it)");
	unsigned more = 65536 + (unsigned)(vlab_unit_seeded(177) % 700);
	for (unsigned i = 0; i < more; i++)
		WITNESS(vring_put_used(&ring, &mem, (uint16_t)(i % ring_size), i));
	unsigned total = 3 + more;
	EXPECT_UINT(used_ring()->idx, total % 65536, "used.idx after %u entries", total);
	for (unsigned k = total - 2; k < total; k++) {
		EXPECT_UINT(used_ring()->ring[k % ring_size].id, (k - 3) % ring_size,
		            "used.ring[%u].id, entry %u", k % ring_size, k);
		EXPECT_UINT(used_ring()->ring[k % ring_size].len, k - 3,
		            "used.ring[%u].len, entry %u", k % ring_size, k);
	}
}

/* After the first refusal the ring is dead: -1 every time, even once the
 * guest mends it, with the first reason kept, and not a byte read into
 * the chain or written to guest memory. */
static void test_broken_stays(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(180, 2));
	uint16_t good = seeded_index(181), bad = (uint16_t)(ring_size + seeded_index(182));
	put_desc(good, seeded_addr(183), seeded_len(184), 0, 0);
	offer(bad);
	EXPECT_BROKEN("a head beyond the table", bad);
	/* The guest mends the entry and offers a good chain too. */
	avail_ring()->ring[0] = good;
	offer(good);
	uint8_t *before = malloc(mem.size);
	struct vring kept;
	if (!before)
		abort();
	memcpy(before, mem.host, mem.size);
	memcpy(&kept, &ring, sizeof(ring));
	memset(&chain, 0x5a, sizeof(chain));
	int rc[3] = { 0, 0, 0 };
	bool wants = true;
	for (unsigned i = 0; i < 3; i++)
		WITNESS(rc[i] = vring_next(&ring, &mem, &chain));
	WITNESS(vring_put_used(&ring, &mem, good, 1));
	WITNESS(wants = vring_wants_interrupt(&ring, &mem));
	for (unsigned i = 0; i < 3; i++)
		EXPECT_INT(rc[i], -1, "vring_next, call %u on a broken ring", i + 1);
	EXPECT_BOOL(wants, false, "vring_wants_interrupt on a broken ring");
	EXPECT_INT(memcmp(before, mem.host, mem.size), 0,
	           "guest memory after the calls on a broken ring (memcmp)");
	EXPECT_INT(memcmp(&kept, &ring, sizeof(ring)), 0,
	           "struct vring after the calls on a broken ring (memcmp)");
	unsigned touched = 0;
	for (size_t i = 0; i < sizeof(chain); i++)
		touched += ((uint8_t *)&chain)[i] != 0x5a;
	EXPECT_UINT(touched, 0, "bytes of the chain written on a broken ring");
	free(before);
}

/* vring_setup: its result, no ring after a refusal, the value named. */
static void expect_refused(uint64_t size, uint64_t desc, uint64_t avail, uint64_t used, int64_t err,
                           uint64_t named)
{
	int64_t rc = 0;
	int next = 0;
	WITNESS(rc = vring_setup(&ring, &mem, size, desc, avail, used));
	EXPECT_INT(rc, err, "vring_setup(size %llu, desc %#llx, avail %#llx, used %#llx)",
	           (unsigned long long)size, (unsigned long long)desc, (unsigned long long)avail,
	           (unsigned long long)used);
	EXPECT_REASON(ring.why, vlab_str("vring_setup(size %llu, ...)", (unsigned long long)size),
	              named);
	WITNESS(next = vring_next(&ring, &mem, &chain));
	EXPECT_INT(next, -1, "vring_next after a refused vring_setup");
}

static void test_setup_refused(void)
{
	guest_memory(2 * MIB);
	ring_up(seeded_size(190, 4));
	uint16_t head = seeded_index(191);
	put_desc(head, seeded_addr(192), seeded_len(193), 0, 0);
	offer(head);
	uint64_t s = ring_size, d = desc_gpa, a = avail_gpa, u = used_gpa;
	expect_refused(0, d, a, u, -HC_EINVAL, 0);
	expect_refused(3, d, a, u, -HC_EINVAL, 3);
	expect_refused(2 * PV_RING_MAX, d, a, u, -HC_EINVAL, 2 * PV_RING_MAX);
	/* A size that is a good one in 16 bits. */
	expect_refused((1ull << 32) + s, d, a, u, -HC_EINVAL, (1ull << 32) + s);
	uint64_t off = 1 + vlab_unit_seeded(194) % 15;
	expect_refused(s, d - 16 + off, a, u, -HC_EINVAL, d - 16 + off);
	expect_refused(s, d, a + 1, u, -HC_EINVAL, a + 1);
	expect_refused(s, d, a, u + 2, -HC_EINVAL, u + 2);
	/* Inside but for the last 16 bytes; beyond; wrapping around 2^64. */
	expect_refused(s, d + 16, a, u, -HC_EFAULT, d + 16);
	uint64_t far = (mem.size + vlab_unit_seeded(195) % (1ull << 40)) & ~15ull;
	expect_refused(s, far, a, u, -HC_EFAULT, far);
	expect_refused(s, d, mem.size - 2, u, -HC_EFAULT, mem.size - 2);
	expect_refused(s, d, a, mem.size - 4, -HC_EFAULT, mem.size - 4);
	expect_refused(s, d, a, 0 - 4ull, -HC_EFAULT, 0 - 4ull);
	/* And a good one after them all. */
	ring_up(ring_size);
	struct want_seg w = { seeded_addr(196), seeded_len(197), true };
	put_desc(head, w.addr, w.len, PV_DESC_WRITE, 0);
	offer(head);
	take_chain("after refused set-ups", head, 1, &w);
}

/* Random rings: each set up at a random place (at times misaligned or
 * outside memory), then random descriptors, entries and indices, part
 * good, part garbage, between calls of vring_next and vring_put_used. */
struct fuzz_count {
	unsigned long chains, broken, refused, bad;
};

static uint64_t fuzz_state;

static uint64_t fuzz_random(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 7;
	fuzz_state ^= fuzz_state << 17;
	return fuzz_state;
}

/* An address: mostly a good one, or near the end, or anywhere at all. */
static uint64_t fuzz_addr(void)
{
	switch (fuzz_random() % 16) {
	case 0:
		return mem.size - fuzz_random() % 64;
	case 1:
		return 0 - fuzz_random() % 64;
	case 2:
		return fuzz_random();
	default:
		return fuzz_random() % mem.size;
	}
}

static uint32_t fuzz_len(void)
{
	switch (fuzz_random() % 16) {
	case 0:
		return 0xffffffff - (uint32_t)(fuzz_random() % 4);
	case 1:
		return (uint32_t)mem.size;
	case 2:
		return (uint32_t)fuzz_random();
	default:
		return (uint32_t)(fuzz_random() % 8192);
	}
}

/* Is every buffer of the chain inside guest memory?  And the chain as
 * the ring allows it? */
static bool chain_inside(void)
{
	if (chain.n < 1 || chain.n > ring_size || chain.head >= ring_size)
		return false;
	uint64_t total = 0;
	for (unsigned i = 0; i < chain.n; i++) {
		uintptr_t p = (uintptr_t)chain.seg[i].ptr, lo = (uintptr_t)mem.host;
		if (p < lo || p - lo > mem.size || chain.seg[i].len > mem.size - (p - lo))
			return false;
		total += chain.seg[i].len;
	}
	return total <= UINT32_MAX;
}

static void fuzz_ring(struct fuzz_count *n)
{
	ring_size = (uint16_t)(1u << fuzz_random() % 9);
	uint64_t dbytes = 16ull * ring_size;
	/* Often at the very end of memory, so a read past the table leaves it. */
	desc_gpa =
		fuzz_random() % 2 ? mem.size - dbytes : (fuzz_random() % (mem.size / 2)) & ~15ull;
	avail_gpa = (fuzz_random() % (mem.size / 2)) & ~1ull;
	used_gpa = (mem.size / 2 + fuzz_random() % (mem.size / 4)) & ~3ull;
	uint64_t size = ring_size;
	if (fuzz_random() % 16 == 0) {
		switch (fuzz_random() % 4) {
		case 0:
			size = fuzz_random() % 1024;
			break;
		case 1:
			desc_gpa = fuzz_addr();
			break;
		case 2:
			avail_gpa = fuzz_addr();
			break;
		default:
			used_gpa = fuzz_addr();
		}
	}
	if (vring_setup(&ring, &mem, size, desc_gpa, avail_gpa, used_gpa) != 0) {
		n->refused++;
		return;
	}
	memset(avail_ring(), 0, 4);
	for (unsigned i = 0; i < ring_size; i++) {
		uint16_t flags = (uint16_t)(fuzz_random() % 4);
		if (fuzz_random() % 32 == 0)
			flags = (uint16_t)fuzz_random();
		uint16_t next =
			(uint16_t)(fuzz_random() % 16 ? fuzz_random() % ring_size : fuzz_random());
		put_desc(i, fuzz_addr(), fuzz_len(), flags, next);
	}
	for (unsigned step = 0; step < 2u * ring_size + 4; step++) {
		unsigned action = fuzz_random() % 16;
		if (action < 10) {
			offer((uint16_t)(fuzz_random() % 32 ? fuzz_random() % ring_size
			                                    : fuzz_random()));
		} else if (action == 10) {
			avail_ring()->idx = (uint16_t)fuzz_random();
		} else if (action == 11) {
			put_desc(fuzz_random() % ring_size, fuzz_addr(), fuzz_len(),
			         (uint16_t)(fuzz_random() % 4),
			         (uint16_t)(fuzz_random() % ring_size));
		}
		memset(&chain, 0, sizeof(chain));
		int rc = vring_next(&ring, &mem, &chain);
		if (rc == 1) {
			n->chains++;
			if (!chain_inside())
				n->bad++;
			vring_put_used(&ring, &mem, chain.head, (uint32_t)fuzz_random());
		} else if (rc == -1) {
			n->broken++;
			if (vring_next(&ring, &mem, &chain) != -1)
				n->bad++;
			return;
		} else if (rc != 0) {
			n->bad++;
		}
	}
}

static struct fuzz_count fuzz(unsigned rings, uint64_t seed)
{
	struct fuzz_count n = { 0 };
	fuzz_state = seed | 1;
	for (unsigned i = 0; i < rings; i++)
		fuzz_ring(&n);
	return n;
}

#define FUZZ_RINGS 4000

static void test_fuzz(void)
{
	guest_memory(2 * MIB);
	struct fuzz_count n = { 0 };
	WITNESS(n = fuzz(FUZZ_RINGS, vlab_unit_seeded(200)));
	EXPECT_UINT(n.bad, 0,
	            "chains with a buffer outside guest memory, or results out of place, in %d "
	            "random rings (seed %llu)",
	            FUZZ_RINGS, (unsigned long long)vlab_unit_seed());
	/* Not a vacuous run: some rings gave chains, some broke. */
	EXPECT_BOOL(n.chains > 0, true, "random rings gave chains");
	EXPECT_BOOL(n.broken > 0, true, "random rings broke");
}

static void add_tests(void)
{
	CU_pSuite s = CU_add_suite("vring", NULL, NULL);
	CU_add_test(s, "one_buffer", test_one_buffer);
	CU_add_test(s, "several_buffers", test_several_buffers);
	CU_add_test(s, "directions", test_directions);
	CU_add_test(s, "zero_length", test_zero_length);
	CU_add_test(s, "loop", test_loop);
	CU_add_test(s, "next_beyond", test_next_beyond);
	CU_add_test(s, "head_beyond", test_head_beyond);
	CU_add_test(s, "past_memory", test_past_memory);
	CU_add_test(s, "wrapping", test_wrapping);
	CU_add_test(s, "len_max", test_len_max);
	CU_add_test(s, "flags", test_flags);
	CU_add_test(s, "over_4gib", test_over_4gib);
	CU_add_test(s, "avail_jump", test_avail_jump);
	CU_add_test(s, "avail_wrap", test_avail_wrap);
	CU_add_test(s, "used_ring", test_used_ring);
	CU_add_test(s, "broken_stays", test_broken_stays);
	CU_add_test(s, "setup_refused", test_setup_refused);
	CU_add_test(s, "fuzz", test_fuzz);
}

int main(int argc, char **argv)
{
	return vlab_unit_main(argc, argv, add_tests);
}
