/* A submitted test file: not a student file, so the grader never uses it. */
int main(void)
{
	return 0;
}
