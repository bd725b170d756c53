/* The sample lab's host program (an exec test): greet the seed, through
 * the student's carry(), on stdout and in greeting.txt. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "arith.h"

int main(int argc, char **argv)
{
	uint64_t v = carry(argc > 1 ? strtoull(argv[1], NULL, 10) : 0);
	FILE *f = fopen("greeting.txt", "w");
	if (!f) {
		perror("greeting.txt");
		return 1;
	}
	fprintf(f, "hello %" PRIu64 "\n", v);
	printf("hello %" PRIu64 "\n", v);
	return fclose(f) == 0 ? 0 : 1;
}
