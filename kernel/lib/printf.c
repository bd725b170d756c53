/* Formatted output: one formatter (kformat) under every printing function. */
#include <stdbool.h>
#include <stdint.h>
#include "printf.h"

struct spec {
	bool left, zero, plus, space, alt;
	int width;
	int precision; /* -1: none */
	int length;    /* 'H' hh, 'h', 'l', 'L' ll (and z t j) */
};

struct out {
	void (*put)(char c, void *arg);
	void *arg;
	int count;
};

static void emit(struct out *o, char c)
{
	o->put(c, o->arg);
	o->count++;
}

static void emit_n(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

/* Print the digits in buf (most significant first) with sign/prefix,
 * precision zeros and padding as C's printf does. */
static void emit_number(struct out *o, const struct spec *s, const char *prefix, const char *digits,
                        int ndigits)
{
	int plen = 0;
	while (prefix[plen])
		plen++;
	int zeros = s->precision > ndigits ? s->precision - ndigits : 0;
	int len = plen + zeros + ndigits;
	int pad = s->width > len ? s->width - len : 0;

	if (!s->left && !(s->zero && s->precision < 0))
		emit_n(o, ' ', pad);
	for (int i = 0; i < plen; i++)
		emit(o, prefix[i]);
	if (!s->left && s->zero && s->precision < 0)
		emit_n(o, '0', pad);
	emit_n(o, '0', zeros);
	for (int i = 0; i < ndigits; i++)
		emit(o, digits[i]);
	if (s->left)
		emit_n(o, ' ', pad);
}

static void format_integer(struct out *o, const struct spec *s, char conv, uint64_t v,
                           bool negative)
{
	const char *set = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
	char digits[24];
	int n = 0;
	char prefix[3] = { 0 };

	if (v == 0 && s->precision == 0) {
		n = 0; /* "%.0d" of 0 prints no digits */
	} else {
		char tmp[24];
		int t = 0;
		do {
			tmp[t++] = set[v % base];
			v /= base;
		} while (v);
		while (t)
			digits[n++] = tmp[--t];
	}

	if (negative)
		prefix[0] = '-';
	else if (s->plus && (conv == 'd' || conv == 'i'))
		prefix[0] = '+';
	else if (s->space && (conv == 'd' || conv == 'i'))
		prefix[0] = ' ';
	else if ((s->alt && (conv == 'x' || conv == 'X') && n && digits[0] != '0') || conv == 'p') {
		prefix[0] = '0';
		prefix[1] = conv == 'X' ? 'X' : 'x';
	}
	struct spec sp = *s;
	if (s->alt && conv == 'o' && (n == 0 || digits[0] != '0') && sp.precision <= n)
		sp.precision = n + 1; /* "%#o" guarantees a leading zero */
	emit_number(o, &sp, prefix, digits, n);
}

static void format_string(struct out *o, const struct spec *s, const char *str)
{
	if (!str)
		str = "(null)";
	int len = 0;
	while (str[len] && (s->precision < 0 || len < s->precision))
		len++;
	int pad = s->width > len ? s->width - len : 0;
	if (!s->left)
		emit_n(o, ' ', pad);
	for (int i = 0; i < len; i++)
		emit(o, str[i]);
	if (s->left)
		emit_n(o, ' ', pad);
}

static uint64_t take_unsigned(int length, va_list *ap)
{
	switch (length) {
	case 'H':
		return (unsigned char)va_arg(*ap, unsigned);
	case 'h':
		return (unsigned short)va_arg(*ap, unsigned);
	case 'l':
	case 'L':
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, unsigned);
	}
}

static int64_t take_signed(int length, va_list *ap)
{
	switch (length) {
	case 'H':
		return (signed char)va_arg(*ap, int);
	case 'h':
		return (short)va_arg(*ap, int);
	case 'l':
	case 'L':
		return va_arg(*ap, long long);
	default:
		return va_arg(*ap, int);
	}
}

/* Parse flags, width, precision and length of one conversion at *fmt. */
static const char *parse_spec(const char *fmt, struct spec *s, va_list *ap)
{
	*s = (struct spec){ .precision = -1 };
	for (;; fmt++) {
		if (*fmt == '-')
			s->left = true;
		else if (*fmt == '0')
			s->zero = true;
		else if (*fmt == '+')
			s->plus = true;
		else if (*fmt == ' ')
			s->space = true;
		else if (*fmt == '#')
			s->alt = true;
		else
			break;
	}
	if (*fmt == '*') {
		s->width = va_arg(*ap, int);
		if (s->width < 0) {
			s->left = true;
			s->width = -s->width;
		}
		fmt++;
	} else {
		while (*fmt >= '0' && *fmt <= '9')
			s->width = s->width * 10 + (*fmt++ - '0');
	}
	if (*fmt == '.') {
		fmt++;
		s->precision = 0;
		if (*fmt == '*') {
			s->precision = va_arg(*ap, int);
			if (s->precision < 0)
				s->precision = -1;
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				s->precision = s->precision * 10 + (*fmt++ - '0');
		}
	}
	if (fmt[0] == 'h' && fmt[1] == 'h') {
		s->length = 'H';
		fmt += 2;
	} else if (fmt[0] == 'l' && fmt[1] == 'l') {
		s->length = 'L';
		fmt += 2;
	} else if (*fmt == 'h') {
		s->length = 'h';
		fmt++;
	} else if (*fmt == 'l' || *fmt == 'z' || *fmt == 't' || *fmt == 'j') {
		s->length = 'l'; /* all 64 bits on x86-64 */
		fmt++;
	}
	return fmt;
}

int kformat(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap_in)
{
	struct out o = { put, arg, 0 };
	va_list ap;
	va_copy(ap, ap_in);

	while (*fmt) {
		if (*fmt != '%') {
			emit(&o, *fmt++);
			continue;
		}
		struct spec s;
		fmt = parse_spec(fmt + 1, &s, &ap);
		char conv = *fmt ? *fmt++ : '\0';
		switch (conv) {
		case 'd':
		case 'i': {
			int64_t v = take_signed(s.length, &ap);
			format_integer(&o, &s, conv, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			format_integer(&o, &s, conv, take_unsigned(s.length, &ap), false);
			break;
		case 'p':
			format_integer(&o, &s, 'p', (uintptr_t)va_arg(ap, void *), false);
			break;
		case 's':
			format_string(&o, &s, va_arg(ap, const char *));
			break;
		case 'c': {
			int pad = s.width > 1 ? s.width - 1 : 0;
			if (!s.left)
				emit_n(&o, ' ', pad);
			emit(&o, (char)va_arg(ap, int));
			if (s.left)
				emit_n(&o, ' ', pad);
			break;
		}
		case '%':
			emit(&o, '%');
			break;
		default: /* unknown conversion: show it rather than guess */
			emit(&o, '%');
			if (conv)
				emit(&o, conv);
			break;
		}
	}
	va_end(ap);
	return o.count;
}

struct buffer {
	char *buf;
	size_t size, used;
};

static void put_buffer(char c, void *arg)
{
	struct buffer *b = arg;
	if (b->used + 1 < b->size)
		b->buf[b->used] = c;
	b->used++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = { buf, size, 0 };
	int n = kformat(put_buffer, &b, fmt, ap);
	if (size)
		buf[b.used < size ? b.used : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
