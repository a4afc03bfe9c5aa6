package cli

import (
	"bytes"
	"strings"
	"testing"
)

// --version prints the linked version, or else the build info's, which is
// read only then.
func TestVersionFlag(t *testing.T) {
	for _, tc := range []struct{ linked, want string }{
		{"v1.2.3", "templ version v1.2.3\n"},
		{"", "templ version " + resolveVersion("") + "\n"},
	} {
		var out, errOut bytes.Buffer
		code := Main([]string{"--version"}, IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, tc.linked)
		if code != 0 || out.String() != tc.want || errOut.Len() > 0 {
			t.Errorf("linked %q: exit %d, stdout %q, stderr %q; want 0, %q, nothing", tc.linked, code, out.String(), errOut.String(), tc.want)
		}
	}
	if got := resolveVersion(""); got == "" || got == fromBuildInfo {
		t.Errorf("resolveVersion(\"\") = %q, want a version", got)
	}
}
