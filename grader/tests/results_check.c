/* Check a results.json against the Gradescope fields the grader promises:
 *   results_check FILE          exit 0 if valid, else print why and exit 1
 *   results_check FILE TEST     print "OUTCOME SCORE SECONDS" of one test */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

static int bad(const char *file, const char *why, const char *what)
{
	printf("%s: %s%s%s\n", file, why, what ? ": " : "", what ? what : "");
	return 1;
}

static json_object *field(json_object *o, const char *name, json_type type)
{
	json_object *v;
	if (!json_object_object_get_ex(o, name, &v))
		return NULL;
	if (json_object_get_type(v) == type ||
	    (type == json_type_double && json_object_get_type(v) == json_type_int))
		return v;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	json_object *root = json_object_from_file(argv[1]);
	if (!root)
		return bad(argv[1], "not JSON", json_util_get_last_err());
	json_object *tests = field(root, "tests", json_type_array),
		    *score = field(root, "score", json_type_double);
	if (!tests || !score || !field(root, "execution_time", json_type_double))
		return bad(argv[1], "score, execution_time or tests missing", NULL);
	double sum = 0;
	for (size_t i = 0; i < json_object_array_length(tests); i++) {
		json_object *t = json_object_array_get_idx(tests, i);
		json_object *name = field(t, "name", json_type_string),
			    *status = field(t, "status", json_type_string);
		json_object *vis = field(t, "visibility", json_type_string),
			    *x = field(t, "extra_data", json_type_object);
		json_object *s = field(t, "score", json_type_double),
			    *max = field(t, "max_score", json_type_double);
		if (!name || !status || !vis || !x || !s || !max ||
		    !field(t, "number", json_type_string) || !field(t, "output", json_type_string))
			return bad(argv[1], "a test lacks a field", json_object_to_json_string(t));
		const char *st = json_object_get_string(status), *v = json_object_get_string(vis);
		if (strcmp(st, "passed") && strcmp(st, "failed"))
			return bad(argv[1], "status is neither passed nor failed", st);
		if (strcmp(v, "visible") && strcmp(v, "hidden") && strcmp(v, "after_due_date") &&
		    strcmp(v, "after_published"))
			return bad(argv[1], "unknown visibility", v);
		if (json_object_get_double(s) > json_object_get_double(max))
			return bad(argv[1], "score above max_score", json_object_get_string(name));
		sum += json_object_get_double(s);
		json_object *outcome = field(x, "outcome", json_type_string),
			    *secs = field(x, "seconds", json_type_double);
		if (!outcome || !secs)
			return bad(argv[1], "extra_data lacks outcome or seconds",
			           json_object_get_string(name));
		if (argc > 2 && !strcmp(argv[2], json_object_get_string(name))) {
			printf("%s %g %.2f\n", json_object_get_string(outcome),
			       json_object_get_double(s), json_object_get_double(secs));
			return 0;
		}
	}
	if (argc > 2)
		return bad(argv[1], "no such test", argv[2]);
	if (sum != json_object_get_double(score))
		return bad(argv[1], "score is not the sum of the tests' scores", NULL);
	return 0;
}
