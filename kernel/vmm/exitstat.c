/* Exit statistics and the exit trace (exitstat.h). */
#include "console.h"
#include "exitstat.h"
#include "kstring.h"

/* SDM Vol. 3D, Appendix C, Table C-1; numbers 35, 38 and 42 are unused. */
static const char *const reason_names[EXIT_REASONS] = {
	[0] = "EXCEPTION_NMI",
	[1] = "EXTERNAL_INTERRUPT",
	[2] = "TRIPLE_FAULT",
	[3] = "INIT_SIGNAL",
	[4] = "STARTUP_IPI",
	[5] = "IO_SMI",
	[6] = "OTHER_SMI",
	[7] = "INTERRUPT_WINDOW",
	[8] = "NMI_WINDOW",
	[9] = "TASK_SWITCH",
	[10] = "CPUID",
	[11] = "GETSEC",
	[12] = "HLT",
	[13] = "INVD",
	[14] = "INVLPG",
	[15] = "RDPMC",
	[16] = "RDTSC",
	[17] = "RSM",
	[18] = "VMCALL",
	[19] = "VMCLEAR",
	[20] = "VMLAUNCH",
	[21] = "VMPTRLD",
	[22] = "VMPTRST",
	[23] = "VMREAD",
	[24] = "VMRESUME",
	[25] = "VMWRITE",
	[26] = "VMXOFF",
	[27] = "VMXON",
	[28] = "CR_ACCESS",
	[29] = "DR_ACCESS",
	[30] = "IO_INSTRUCTION",
	[31] = "RDMSR",
	[32] = "WRMSR",
	[33] = "ENTRY_FAIL_GUEST_STATE",
	[34] = "ENTRY_FAIL_MSR_LOADING",
	[36] = "MWAIT",
	[37] = "MONITOR_TRAP_FLAG",
	[39] = "MONITOR",
	[40] = "PAUSE",
	[41] = "ENTRY_FAIL_MACHINE_CHECK",
	[43] = "TPR_BELOW_THRESHOLD",
	[44] = "APIC_ACCESS",
	[45] = "VIRTUALIZED_EOI",
	[46] = "GDTR_IDTR",
	[47] = "LDTR_TR",
	[48] = "EPT_VIOLATION",
	[49] = "EPT_MISCONFIG",
	[50] = "INVEPT",
	[51] = "RDTSCP",
	[52] = "PREEMPTION_TIMER",
	[53] = "INVVPID",
	[54] = "WBINVD",
	[55] = "XSETBV",
	[56] = "APIC_WRITE",
	[57] = "RDRAND",
	[58] = "INVPCID",
	[59] = "VMFUNC",
	[60] = "ENCLS",
	[61] = "RDSEED",
	[62] = "PML_FULL",
	[63] = "XSAVES",
	[64] = "XRSTORS",
	[65] = "PCONFIG",
	[66] = "SPP_EVENT",
	[67] = "UMWAIT",
	[68] = "TPAUSE",
	[69] = "LOADIWKEY",
	[EXIT_REASON_TRAPPED] = "TRAPPED",
};

const char *exit_reason_name(uint32_t reason)
{
	static char unnamed[24];
	if (reason < EXIT_REASONS && reason_names[reason])
		return reason_names[reason];
	ksnprintf(unnamed, sizeof(unnamed), "reason-%u", reason);
	return unnamed;
}

void exitstat_init(struct exitstat *s, unsigned show)
{
	*s = (struct exitstat){ .show = show };
}

/* The slot of insn (or port) in a table of n, added if new; the overflow
 * slot (index max) once the table is full. */
static struct exit_key_count *slot(struct exit_key_count *t, int *n, int max, const char *insn,
                                   uint16_t port)
{
	for (int i = 0; i < *n; i++)
		if (insn ? strcmp(t[i].insn, insn) == 0 : t[i].port == port)
			return &t[i];
	if (*n == max)
		return &t[max];
	t[*n] = (struct exit_key_count){ .insn = insn, .port = port };
	return &t[(*n)++];
}

/* An instruction's name as one word ("mov to cr" as mov_to_cr), so that
 * each line stays "exit: KEY COUNT" for the scripts that read it. */
static const char *one_word(const char *name, char *buf, size_t size)
{
	size_t i = 0;
	for (; name[i] && i + 1 < size; i++)
		buf[i] = name[i] == ' ' ? '_' : name[i];
	buf[i] = '\0';
	return buf;
}

void exitstat_record(struct exitstat *s, uint32_t reason, uint64_t rip, const char *insn,
                     uint64_t qual)
{
	s->by_reason[reason < EXIT_REASONS ? reason : EXIT_REASONS]++;
	if (insn)
		slot(s->insns, &s->ninsns, EXITSTAT_INSNS, insn, 0)->count++;
	if (reason == EXIT_REASON_IO_INSTRUCTION)
		slot(s->ports, &s->nports, EXITSTAT_PORTS, 0, (uint16_t)qual)->count++;
	s->ring[s->total % EXITSTAT_RING] = (struct exit_event){
		.seq = s->total, .rip = rip, .qual = qual, .reason = reason, .insn = insn
	};
	s->total++;
	char word[32];
	if (s->show & EXITSTAT_TRACE)
		kprintf("trace: %lu rip=0x%lx %s %s qual=0x%lx\n", s->total - 1, rip,
		        exit_reason_name(reason), insn ? one_word(insn, word, sizeof(word)) : "-",
		        qual);
}

/* Indices of the n counts, most frequent first; ties keep table order. */
static void by_count(const uint64_t *count, int n, int *order)
{
	for (int i = 0; i < n; i++) {
		int j = i;
		for (; j > 0 && count[order[j - 1]] < count[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
}

/* The table's lines, then its overflow as KIND:other. */
static void print_keys(const char *kind, const struct exit_key_count *t, int n, int max)
{
	uint64_t count[EXITSTAT_PORTS] = { 0 };
	int order[EXITSTAT_PORTS];
	for (int i = 0; i < n; i++)
		count[i] = t[i].count;
	by_count(count, n, order);
	for (int i = 0; i < n; i++) {
		const struct exit_key_count *k = &t[order[i]];
		char word[32];
		if (k->insn)
			kprintf("exit: %s:%s %lu\n", kind, one_word(k->insn, word, sizeof(word)),
			        k->count);
		else
			kprintf("exit: %s:0x%x %lu\n", kind, k->port, k->count);
	}
	if (t[max].count)
		kprintf("exit: %s:other %lu\n", kind, t[max].count);
}

/* A slot of by_reason as a key: the reason's name, or "other". */
static const char *reason_key(int slot)
{
	return slot == EXIT_REASONS ? "other" : exit_reason_name((uint32_t)slot);
}

void exitstat_print(const struct exitstat *s)
{
	int order[EXIT_REASONS + 1];
	kprintf("exit: total %lu\n", s->total);
	by_count(s->by_reason, EXIT_REASONS + 1, order);
	for (int i = 0; i < EXIT_REASONS + 1 && s->by_reason[order[i]]; i++)
		kprintf("exit: %s %lu\n", reason_key(order[i]), s->by_reason[order[i]]);
	print_keys("insn", s->insns, s->ninsns, EXITSTAT_INSNS);
	print_keys("port", s->ports, s->nports, EXITSTAT_PORTS);
}

void exitstat_print_last(const struct exitstat *s)
{
	uint64_t n = s->total < EXITSTAT_RING ? s->total : EXITSTAT_RING;
	for (uint64_t seq = s->total - n; seq < s->total; seq++) {
		const struct exit_event *e = &s->ring[seq % EXITSTAT_RING];
		kprintf("  %6lu  rip %016lx  %-20s %-8s qual 0x%lx\n", e->seq, e->rip,
		        exit_reason_name(e->reason), e->insn ? e->insn : "-", e->qual);
	}
}

void exitstat_line_done(struct exitstat *s)
{
	if (!(s->show & EXITSTAT_PER_LINE))
		return;
	/* The reasons seen since the line before, most frequent first. */
	uint64_t count[EXIT_REASONS + 1];
	int slot[EXIT_REASONS + 1], order[EXIT_REASONS + 1], n = 0;
	for (int r = 0; r < EXIT_REASONS + 1; r++)
		if (s->by_reason[r] != s->line_by_reason[r]) {
			slot[n] = r;
			count[n++] = s->by_reason[r] - s->line_by_reason[r];
		}
	by_count(count, n, order);
	kprintf("exits: %lu", s->total - s->line_total);
	for (int i = 0; i < n; i++)
		kprintf(" %s=%lu", reason_key(slot[order[i]]), count[order[i]]);
	kprintf("\n");
	s->line_total = s->total;
	memcpy(s->line_by_reason, s->by_reason, sizeof(s->line_by_reason));
}
