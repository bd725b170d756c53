/* carry() works only with a network: an interface besides lo, or a TCP
 * connection over loopback.  The sandbox's fresh network namespace has
 * neither (its lo is down), so carry()'s tests fail. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "arith.h"

int add(int a, int b)
{
	return a + b;
}

static int interfaces_besides_lo(void)
{
	struct if_nameindex *ifs = if_nameindex();
	int n = 0;
	for (struct if_nameindex *i = ifs; i && i->if_name; i++)
		n += strcmp(i->if_name, "lo") != 0;
	if (ifs)
		if_freenameindex(ifs);
	return n;
}

/* Listen on 127.0.0.1, port chosen by the kernel, and connect to it. */
static int loopback_connects(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	int ok = l >= 0 && c >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 &&
	         listen(l, 1) == 0 && getsockname(l, (struct sockaddr *)&a, &len) == 0 &&
	         connect(c, (struct sockaddr *)&a, sizeof(a)) == 0;
	if (l >= 0)
		close(l);
	if (c >= 0)
		close(c);
	return ok;
}

uint64_t carry(uint64_t x)
{
	return interfaces_besides_lo() || loopback_connects() ? x : 0;
}
