# Sourced by the grader's test scripts: junit_check FILE checks a JUnit XML
# file against the common junit-10.xsd where this machine has a copy
# ($JUNIT_SCHEMA, or ../shared/schemas/ beside the tree), and as well-formed
# XML elsewhere; $JUNIT_CHECK says which, for the checks' names.
junit_schema=${JUNIT_SCHEMA:-$PWD/../shared/schemas/junit-10.xsd}
if [ -f "$junit_schema" ]; then
	JUNIT_CHECK="valid against junit-10.xsd"
	junit_check() { xmllint --noout --schema "$junit_schema" "$1" 2>&1; }
else
	JUNIT_CHECK="well-formed XML (no junit-10.xsd on this machine to validate against)"
	junit_check() { xmllint --noout "$1" 2>&1; }
fi
