package batch

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/templ-mail/templ/pkg/email"
)

// -o FILE renders in one pass: the same bytes as stdout, the same report
// for bad records, and no file (nor temporary file) left after a failure.
func TestRunOnePassFile(t *testing.T) {
	csv := "Name\nIvan\n\"\"\nPetar\n\"\"\nMaria\n"
	tests := []struct {
		name        string
		csv         string
		skipInvalid bool
		wantErr     bool
	}{
		{name: "good", csv: "Name\nIvan\nPetar\n"},
		{name: "bad records", csv: csv, wantErr: true},
		{name: "skip invalid", csv: csv, skipInvalid: true},
		{name: "none good", csv: "Name\n\"\"\n\"\"\n", skipInvalid: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout bytes.Buffer
			o, _, wantErrb := newRun(t, tt.csv, email.Mbox, &Stream{Out: &stdout})
			o.SkipInvalid = tt.skipInvalid
			wantErr := Run(context.Background(), o)
			wantData := o.Data

			dir := t.TempDir()
			path := filepath.Join(dir, "out.mbox")
			o, _, errb := newRun(t, tt.csv, email.Mbox, &Stream{Path: path})
			o.SkipInvalid = tt.skipInvalid
			err := Run(context.Background(), o)
			if (err != nil) != tt.wantErr || (wantErr != nil) != tt.wantErr {
				t.Fatalf("Run: -o %v, stdout %v; want an error: %v", err, wantErr, tt.wantErr)
			}
			// Each run reads its own copy of the data.
			same := func(got, want string) bool { return strings.ReplaceAll(got, o.Data, wantData) == want }
			if err != nil && !same(err.Error(), wantErr.Error()) {
				t.Errorf("-o error %q, stdout's %q", err, wantErr)
			}
			if !same(errb.String(), wantErrb.String()) || (tt.wantErr || tt.skipInvalid) != (errb.Len() > 0) {
				t.Errorf("-o stderr:\n%s\nstdout's:\n%s", errb, wantErrb)
			}
			entries, _ := os.ReadDir(dir)
			if tt.wantErr {
				if len(entries) != 0 {
					t.Errorf("left %v behind", entries)
				}
				return
			}
			got, rerr := os.ReadFile(path)
			if rerr != nil || len(entries) != 1 {
				t.Fatalf("%v; the directory holds %v", rerr, entries)
			}
			if !bytes.Equal(stripStamps(got), stripStamps(stdout.Bytes())) || len(got) == 0 {
				t.Errorf("-o wrote\n%s\nstdout got\n%s", got, stdout.Bytes())
			}
		})
	}
}

// stripStamps drops the lines that differ between two runs: From_, Date
// and Message-ID.
func stripStamps(b []byte) []byte {
	var out []byte
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("From ")) && !bytes.HasPrefix(line, []byte("Date: ")) && !bytes.HasPrefix(line, []byte("Message-ID: ")) {
			out = append(out, line...)
		}
	}
	return out
}
