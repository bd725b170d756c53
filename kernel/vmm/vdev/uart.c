/*
 * The 16550 UART model (vdev.h): the registers a driver programs and polls,
 * the transmitter-empty interrupt, and the guest's output cut into lines.
 * Behaviour: TI PC16550D datasheet, "Register Descriptions" (8.1-8.10).
 */
#include "kstring.h"
#include "vdev.h"

void vuart_init(struct vuart *u, void (*emit)(void *arg, const char *line), void *arg)
{
	*u = (struct vuart){ .emit = emit, .arg = arg };
}

void vuart_flush(struct vuart *u)
{
	if (u->len == 0)
		return;
	u->line[u->len] = '\0';
	u->emit(u->arg, u->line);
	u->len = 0;
}

/* A byte on the wire.  CR is dropped: a line ends at LF. */
void vuart_transmit(struct vuart *u, uint8_t c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		u->line[u->len] = '\0';
		u->emit(u->arg, u->line);
		u->len = 0;
		return;
	}
	u->line[u->len++] = (char)c;
	if (u->len == VUART_LINE_MAX)
		vuart_flush(u);
}

/* The interrupt the IIR reports now: only THR empty can be pending, since
 * the model receives nothing and has no line or modem status changes. */
static uint8_t interrupt_id(const struct vuart *u)
{
	if ((u->ier & IER_ETBEI) && u->thre_pending)
		return IIR_THRE;
	return IIR_NO_INT;
}

bool vuart_irq(const struct vuart *u)
{
	return interrupt_id(u) != IIR_NO_INT && (u->mcr & MCR_OUT2);
}

const char *vuart_read(void *dev, uint16_t offset, uint8_t *value)
{
	struct vuart *u = dev;
	bool dlab = u->lcr & LCR_DLAB;
	switch (offset) {
	case UART_RBR:
		*value = dlab ? u->dll : 0;
		break;
	case UART_IER:
		*value = dlab ? u->dlm : u->ier;
		break;
	case UART_IIR: {
		uint8_t id = interrupt_id(u);
		*value = id | (u->fcr & FCR_ENABLE ? IIR_FIFOS : 0);
		if (id == IIR_THRE) /* reading IIR clears THRE when it is the source (8.3) */
			u->thre_pending = false;
		break;
	}
	case UART_LCR:
		*value = u->lcr;
		break;
	case UART_MCR:
		*value = u->mcr;
		break;
	case UART_LSR:
		*value = LSR_THRE | LSR_TEMT;
		break;
	case UART_MSR:
		/* No modem: all inputs inactive.  In loopback the outputs come
		 * back: DTR as DSR, RTS as CTS, OUT1 as RI, OUT2 as DCD (8.6). */
		*value = u->mcr & MCR_LOOP ? (u->mcr & 0x01) << 5 | (u->mcr & 0x02) << 3 |
		                                     (u->mcr & 0x04) << 4 | (u->mcr & 0x08) << 4
		                           : 0;
		break;
	default:
		*value = u->scr;
		break;
	}
	return 0;
}

const char *vuart_write(void *dev, uint16_t offset, uint8_t value)
{
	struct vuart *u = dev;
	bool dlab = u->lcr & LCR_DLAB;
	switch (offset) {
	case UART_THR:
		if (dlab) {
			u->dll = value;
		} else {
			vuart_transmit(u, value);
			u->thre_pending = true; /* sent at once: THR is empty again */
		}
		break;
	case UART_IER:
		if (dlab) {
			u->dlm = value;
		} else {
			/* Enabling ETBEI while THR is empty raises the interrupt. */
			if ((value & IER_ETBEI) && !(u->ier & IER_ETBEI))
				u->thre_pending = true;
			u->ier = value & 0x0f;
		}
		break;
	case UART_FCR:
		u->fcr = value & (FCR_ENABLE | 0xc0); /* the reset bits 1-2 self-clear */
		break;
	case UART_LCR:
		u->lcr = value;
		break;
	case UART_MCR:
		u->mcr = value & 0x1f;
		break;
	case UART_LSR:
	case UART_MSR:
		break; /* read-only; writes are for factory testing (8.4) */
	default:
		u->scr = value;
		break;
	}
	return 0;
}
