package batch

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

const greetYAML = `id: greet
category: test
vars:
  Name: {description: the name}
  Brand: {description: the brand, default: {en: Acme}}
locales:
  en:
    title: Greet
    subjects: ["Hi [Name]"]
    body: |
      Hello [Name], from [Brand].
`

// newRun is a batch over csv through a real template, format f.
func newRun(t *testing.T, csv string, f email.Format, sink Sink) (*Options, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	tp, err := template.Parse("greet.yaml", []byte(greetYAML))
	if err != nil {
		t.Fatal(err)
	}
	p, err := render.Prepare(tp, "en")
	if err != nil {
		t.Fatal(err)
	}
	flags := &vars.Values{}
	flags.Set("Brand", "Flags Inc")
	var out, errb bytes.Buffer
	return &Options{
		Data: path, DataFormat: "csv",
		Composer: &email.Composer{Prepared: p, Format: f, Clock: email.Clock{Now: func() time.Time { return time.Unix(0, 0) }}},
		Layers:   vars.Layers{Flags: flags},
		Sink:     sink,
		Out:      &out, Err: &errb,
	}, &out, &errb
}

func TestRunStream(t *testing.T) {
	var stdout bytes.Buffer
	o, _, errb := newRun(t, "Name\nIvan\nPetar\n", email.JSONL, &Stream{Out: &stdout})
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("Run: %v (stderr %q)", err, errb)
	}
	want := `{"id":"greet","lang":"en","subject":"Hi Ivan","body":"Hello Ivan, from Flags Inc.\n","vars":{"Brand":"Flags Inc","Name":"Ivan"}}
{"id":"greet","lang":"en","subject":"Hi Petar","body":"Hello Petar, from Flags Inc.\n","vars":{"Brand":"Flags Inc","Name":"Petar"}}
`
	if stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
	}
}

// A bad record stops the run before anything is written, with a report.
func TestRunBadRecordWritesNothing(t *testing.T) {
	var stdout bytes.Buffer
	o, _, errb := newRun(t, "Name\nIvan\n\n\"\"\n", email.JSONL, &Stream{Out: &stdout})
	err := Run(context.Background(), o)
	var be *Error
	if !errors.As(err, &be) || !be.Input || !be.Reported {
		t.Fatalf("Run: %#v, want a reported input error", err)
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout %q, want nothing", stdout.String())
	}
	if !strings.Contains(errb.String(), "1 of 2 records cannot be rendered") || !strings.Contains(errb.String(), "a Name column, or --name") {
		t.Errorf("stderr %q", errb.String())
	}
}

func TestRunDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	o, _, errb := newRun(t, "Name\nIvan\nIvan\n", email.Text, &Dir{Dir: dir, Filename: "[Name].txt"})
	if err := Run(context.Background(), o); err != nil {
		t.Fatalf("Run: %v (stderr %q)", err, errb)
	}
	for name, want := range map[string]string{"Ivan.txt": "Subject: Hi Ivan\n\nHello Ivan, from Flags Inc.\n", "Ivan-2.txt": "Subject: Hi Ivan\n\nHello Ivan, from Flags Inc.\n"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
}

// A run whose context is already cancelled writes nothing and says so.
func TestRunInterrupted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	o, _, _ := newRun(t, "Name\nIvan\n", email.Text, &Dir{Dir: dir, Filename: "[Name].txt"})
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := errors.New("test signal")
	cancel(stop)
	err := Run(ctx, o)
	var ie *InterruptedError
	if !errors.As(err, &ie) || !errors.Is(err, stop) || ie.Msg != "interrupted; nothing was written" {
		t.Fatalf("Run: %v, want an InterruptedError caused by %v", err, stop)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("the out dir was created")
	}
}
