/* Guest memory (gmem.h): allocation, translation, checked copies. */
#include "gmem.h"
#include "kstring.h"
#include "mm.h"
#include "refuse.h"

const char *gmem_init(struct gmem *m, uint64_t size)
{
	*m = (struct gmem){ 0 };
	if (size == 0 || size % GMEM_ALIGN)
		return refuse("guest memory of %lu KiB: not a whole number of 2 MiB", size / 1024);
	if (size > MAX_PHYS)
		return refuse("guest memory of %lu MiB: more than the %lu MiB the host manages",
		              size >> 20, MAX_PHYS >> 20);
	uint64_t hpa = palloc_alloc_contig(size / PAGE_SIZE, GMEM_ALIGN / PAGE_SIZE);
	if (!hpa)
		return refuse("no %lu MiB run of free host memory for the guest (%lu KiB free)",
		              size >> 20, palloc_free_pages() * PAGE_SIZE / 1024);
	*m = (struct gmem){ .size = size, .hpa = hpa, .host = pa_to_va(hpa) };
	return 0;
}

void gmem_destroy(struct gmem *m)
{
	for (uint64_t off = 0; off < m->size; off += PAGE_SIZE)
		palloc_free(m->hpa + off);
	*m = (struct gmem){ 0 };
}

bool gmem_contains(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	return len <= m->size && gpa <= m->size - len;
}

void *gmem_ptr(const struct gmem *m, uint64_t gpa, uint64_t len)
{
	return gmem_contains(m, gpa, len) ? m->host + gpa : 0;
}

bool gmem_hpa(const struct gmem *m, uint64_t gpa, uint64_t *hpa)
{
	if (gpa >= m->size)
		return false;
	*hpa = m->hpa + gpa;
	return true;
}

bool gmem_read(const struct gmem *m, uint64_t gpa, void *dst, uint64_t len)
{
	const void *src = gmem_ptr(m, gpa, len);
	if (!src)
		return false;
	memcpy(dst, src, len);
	return true;
}

bool gmem_write(const struct gmem *m, uint64_t gpa, const void *src, uint64_t len)
{
	void *dst = gmem_ptr(m, gpa, len);
	if (!dst)
		return false;
	memcpy(dst, src, len);
	return true;
}
