package cli

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriteTable: with a width, the title column shrinks and long titles end
// in "…" (counted in runes, so Cyrillic is cut on a character); without
// one, nothing is cut.
func TestWriteTable(t *testing.T) {
	entries := []listEntry{
		{ID: "a", Category: "refund", Title: "Отказ от премиум акаунт", Languages: []string{"en", "bg"}, Source: "built-in"},
		{ID: "bb", Category: "test", Title: "Short", Languages: []string{"en"}, Source: "user"},
	}
	tests := []struct {
		width int
		want  string
	}{
		{0, "" +
			"ID  CATEGORY  TITLE                    LANGUAGES  SOURCE\n" +
			"a   refund    Отказ от премиум акаунт  en,bg      built-in\n" +
			"bb  test      Short                    en         user\n"},
		{50, "" +
			"ID  CATEGORY  TITLE            LANGUAGES  SOURCE\n" +
			"a   refund    Отказ от преми…  en,bg      built-in\n" +
			"bb  test      Short            en         user\n"},
		{20, "" + // narrower than the other columns: titles keep 10
			"ID  CATEGORY  TITLE       LANGUAGES  SOURCE\n" +
			"a   refund    Отказ от…   en,bg      built-in\n" +
			"bb  test      Short       en         user\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		writeTable(&b, entries, tt.width)
		if diff := cmp.Diff(tt.want, b.String()); diff != "" {
			t.Errorf("width %d (-want +got):\n%s", tt.width, diff)
		}
	}
}
