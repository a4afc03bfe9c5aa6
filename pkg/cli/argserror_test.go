package cli

import (
	"regexp"
	"testing"
)

// isCobraArgsError matches by hand what this regexp matched before.
func TestIsCobraArgsErrorMatchesRegexp(t *testing.T) {
	oracle := regexp.MustCompile(`^(accepts|requires at least|accepts at most|accepts between) .*arg\(s\)|^invalid argument ".*" for ".*"$`)
	for _, msg := range []string{
		"accepts 1 arg(s), received 2", "requires at least 1 arg(s), only received 0", "accepts at most 1 arg(s), received 2",
		"accepts between 1 and 2 arg(s), received 3", `invalid argument "x" for "templ completion"`,
		"accepts 1 arg(s)\nmore", "accepts 1\narg(s)", "accepts arg(s)", "accepts  arg(s)", "acceptsarg(s)", "requires at least arg",
		`invalid argument "x" for "y"` + "\n", `invalid argument "x" for "y`, `invalid argument "x"for "y"`, `invalid argument " for "`,
		`invalid argument "a" for "b" "`, "unknown command", "", `xinvalid argument "x" for "y"`, "accepts between x arg(s)",
		`invalid argument "x" for "`, `invalid argument "x" for ""`, `invalid argument "" for "" for ""`,
	} {
		if got, want := isCobraArgsError(msg), oracle.MatchString(msg); got != want {
			t.Errorf("isCobraArgsError(%q) = %v, the regexp says %v", msg, got, want)
		}
	}
}
