/* The 16550 model (vmm/vdev/uart.c) against the PC16550D datasheet: line
 * status, interrupt enable and identification, the divisor latch, and the
 * guest's output cut into whole lines. */
#include <CUnit/CUnit.h>
#include <string.h>
#include "tests.h"
#include "vdev/vdev.h"

static struct vuart uart;
static char lines[8][VUART_LINE_MAX + 1];
static int nlines;

static void collect(void *arg, const char *line)
{
	(void)arg;
	if (nlines < 8)
		strcpy(lines[nlines], line);
	nlines++;
}

static void fresh(void)
{
	nlines = 0;
	vuart_init(&uart, collect, 0);
}

static uint8_t rd(uint16_t reg)
{
	uint8_t v = 0x99;
	CU_ASSERT_PTR_NULL(vuart_read(&uart, reg, &v));
	return v;
}

static void wr(uint16_t reg, uint8_t v)
{
	CU_ASSERT_PTR_NULL(vuart_write(&uart, reg, v));
}

static void say(const char *s)
{
	for (; *s; s++)
		wr(UART_THR, (uint8_t)*s);
}

static void test_lsr_always_ready_to_send(void)
{
	fresh();
	CU_ASSERT_EQUAL(rd(UART_LSR), LSR_THRE | LSR_TEMT); /* and no data ready */
	say("x");
	CU_ASSERT_EQUAL(rd(UART_LSR), LSR_THRE | LSR_TEMT);
	CU_ASSERT_EQUAL(rd(UART_RBR), 0);
}

static void test_whole_lines_only(void)
{
	fresh();
	say("guest says");
	CU_ASSERT_EQUAL(nlines, 0); /* nothing until the line is whole */
	say(" hello\r\nsecond\n");
	CU_ASSERT_EQUAL_FATAL(nlines, 2);
	CU_ASSERT_STRING_EQUAL(lines[0], "guest says hello");
	CU_ASSERT_STRING_EQUAL(lines[1], "second");
	say("unfinished");
	vuart_flush(&uart);
	CU_ASSERT_EQUAL_FATAL(nlines, 3);
	CU_ASSERT_STRING_EQUAL(lines[2], "unfinished");
	vuart_flush(&uart);
	CU_ASSERT_EQUAL(nlines, 3); /* nothing left to flush */
}

static void test_long_line_is_cut(void)
{
	fresh();
	for (int i = 0; i < VUART_LINE_MAX + 5; i++)
		wr(UART_THR, 'a' + i % 26);
	CU_ASSERT_EQUAL_FATAL(nlines, 1);
	CU_ASSERT_EQUAL(strlen(lines[0]), VUART_LINE_MAX);
	say("\n");
	CU_ASSERT_EQUAL(nlines, 2);
	CU_ASSERT_EQUAL(strlen(lines[1]), 5);
}

static void test_divisor_latch_beside_thr_and_ier(void)
{
	fresh();
	wr(UART_IER, IER_ERBFI);
	wr(UART_LCR, LCR_DLAB | LCR_8N1);
	wr(UART_DLL, 0x0c); /* 9600 baud */
	wr(UART_DLM, 0x00);
	CU_ASSERT_EQUAL(rd(UART_DLL), 0x0c);
	CU_ASSERT_EQUAL(rd(UART_DLM), 0x00);
	CU_ASSERT_EQUAL(nlines, 0);
	wr(UART_LCR, LCR_8N1);
	CU_ASSERT_EQUAL(rd(UART_IER), IER_ERBFI); /* IER kept apart from DLM */
	CU_ASSERT_EQUAL(rd(UART_LCR), LCR_8N1);
	say("ok\n");
	CU_ASSERT_EQUAL(nlines, 1); /* THR, not DLL, once DLAB is clear */
}

static void test_scratch_holds_a_byte(void)
{
	fresh();
	wr(UART_SCR, 0xa5);
	CU_ASSERT_EQUAL(rd(UART_SCR), 0xa5);
}

/* IIR: bit 0 set with nothing pending; THRE (0x2) once ETBEI is enabled
 * with THR empty, cleared by reading IIR, raised again by writing THR. */
static void test_iir_thre_interrupt(void)
{
	fresh();
	CU_ASSERT_EQUAL(rd(UART_IIR), IIR_NO_INT);
	wr(UART_MCR, MCR_OUT2);
	wr(UART_IER, IER_ETBEI);
	CU_ASSERT_TRUE(vuart_irq(&uart));
	CU_ASSERT_EQUAL(rd(UART_IIR), IIR_THRE);
	CU_ASSERT_EQUAL(rd(UART_IIR), IIR_NO_INT); /* the read cleared it */
	CU_ASSERT_FALSE(vuart_irq(&uart));
	say("z");
	CU_ASSERT_TRUE(vuart_irq(&uart));
	wr(UART_IER, 0);
	CU_ASSERT_FALSE(vuart_irq(&uart));
	CU_ASSERT_EQUAL(rd(UART_IIR), IIR_NO_INT);
}

/* On a PC the interrupt reaches the PIC only through MCR.OUT2. */
static void test_out2_gates_the_irq_line(void)
{
	fresh();
	wr(UART_IER, IER_ETBEI);
	CU_ASSERT_FALSE(vuart_irq(&uart));
	wr(UART_MCR, MCR_OUT2);
	CU_ASSERT_TRUE(vuart_irq(&uart));
}

static void test_fifo_bits_in_iir(void)
{
	fresh();
	wr(UART_FCR, 0x07); /* enable, clear both FIFOs */
	CU_ASSERT_EQUAL(rd(UART_IIR), IIR_FIFOS | IIR_NO_INT);
	wr(UART_FCR, 0);
	CU_ASSERT_EQUAL(rd(UART_IIR), IIR_NO_INT);
}

static void test_msr_loopback(void)
{
	fresh();
	CU_ASSERT_EQUAL(rd(UART_MSR), 0); /* no modem */
	wr(UART_MCR, MCR_LOOP | MCR_DTR | MCR_RTS);
	CU_ASSERT_EQUAL(rd(UART_MSR), 0x30); /* DSR and CTS */
	wr(UART_MCR, MCR_LOOP | MCR_OUT2);
	CU_ASSERT_EQUAL(rd(UART_MSR), 0x80); /* DCD */
}

void add_uart_tests(void)
{
	CU_pSuite s = CU_add_suite("uart", NULL, NULL);
	CU_add_test(s, "lsr_always_ready_to_send", test_lsr_always_ready_to_send);
	CU_add_test(s, "whole_lines_only", test_whole_lines_only);
	CU_add_test(s, "long_line_is_cut", test_long_line_is_cut);
	CU_add_test(s, "divisor_latch_beside_thr_and_ier", test_divisor_latch_beside_thr_and_ier);
	CU_add_test(s, "scratch_holds_a_byte", test_scratch_holds_a_byte);
	CU_add_test(s, "iir_thre_interrupt", test_iir_thre_interrupt);
	CU_add_test(s, "out2_gates_the_irq_line", test_out2_gates_the_irq_line);
	CU_add_test(s, "fifo_bits_in_iir", test_fifo_bits_in_iir);
	CU_add_test(s, "msr_loopback", test_msr_loopback);
}
