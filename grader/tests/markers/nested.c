int f(void)
{
	/* BEGIN SOLUTION */
	int x = 1;
	/* BEGIN SOLUTION */
	return x;
	/* END SOLUTION */
}
