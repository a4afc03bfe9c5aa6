package yamlerr

import "testing"

func TestSplit(t *testing.T) {
	tests := []struct {
		msg      string
		wantLine int
		wantText string
		wantOK   bool
	}{
		{"yaml: line 3: did not find expected key", 3, "did not find expected key", true},
		{"line 12: mapping values are not allowed in this context", 12, "mapping values are not allowed in this context", true},
		{"yaml: control characters are not allowed", 0, "control characters are not allowed", false},
		{"yaml: line x: odd", 0, "line x: odd", false},
		{"yaml: line 4", 0, "line 4", false},
		{"", 0, "", false},
	}
	for _, tc := range tests {
		line, text, ok := Split(tc.msg)
		if line != tc.wantLine || text != tc.wantText || ok != tc.wantOK {
			t.Errorf("Split(%q) = %d, %q, %v; want %d, %q, %v", tc.msg, line, text, ok, tc.wantLine, tc.wantText, tc.wantOK)
		}
	}
}
