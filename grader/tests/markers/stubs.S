/* An assembly student file: the stub keeps the label, loses the work. */
	.globl add3
add3:
	/* BEGIN SOLUTION */ /* STUB: xorl %eax, %eax */
	leal (%rdi,%rsi), %eax
	addl %edx, %eax
	/* END SOLUTION */
	/* TODO(part C): kept, outside the markers */
	/* BEGIN SOLUTION */
	nop
	/* END SOLUTION */
	ret
