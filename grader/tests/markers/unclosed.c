int f(void)
{
	/* BEGIN SOLUTION */
	return 1;
}
