package email

import (
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/template"
	"github.com/templ-mail/templ/pkg/vars"
)

// TestComposerCheckAgreesWithCompose: a batch's first pass trusts Check to
// fail exactly where Compose would, addresses included, and to give the
// variables a --filename uses.
func TestComposerCheckAgreesWithCompose(t *testing.T) {
	tpl, err := template.Parse("t.yaml", []byte(`id: t
category: refund
vars:
  Name: {description: first name}
  Email: {description: address, optional: true}
  Team: {description: signer, default: Support}
locales:
  en:
    title: T
    subjects: ["Hello [Name]"]
    body: "Hi [Name].\n\n[Team]\n"
`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := render.Prepare(tpl, "en")
	if err != nil {
		t.Fatal(err)
	}
	addresses := []*Addresses{nil, {To: []string{"[Name] <[Email]>"}},
		{To: []string{"[Email]"}, From: "[Team] <support@example.com>", FromWhere: "--from"},
		{Cc: []string{"a@example.com, [Email]"}, ReplyTo: "[Nobody]"},
		{From: "a@example.com, b@example.com", FromWhere: "--from"}}
	values := [][]string{{"Name", "Ivan", "Email", "ivan@example.com"}, {"Name", "Ivan"},
		{"Name", "Ivan", "Email", "not an address"}, {"Name", "Ivan, Maria", "Email", "i@example.com"},
		{"Name", "Iv\nan", "Email", "i@example.com"}, {"Email", "i@example.com"}, {"Name", "Ivan", "Email", "i@example.com\r\nBcc: x@example.com"}}
	for _, f := range []Format{Text, JSONL, EML, Mbox, Mailto} {
		for _, a := range addresses {
			for _, kv := range values {
				vals := &vars.Values{}
				for i := 0; i < len(kv); i += 2 {
					vals.Set(kv[i], kv[i+1])
				}
				c := &Composer{Prepared: p, Format: f, Addresses: a, Clock: Clock{Now: func() time.Time { return time.Unix(0, 0) }}}
				want, wantErr := c.Compose(vals, io.Discard)
				got, gotErr := c.Check(vals)
				if !reflect.DeepEqual(gotErr, wantErr) {
					t.Fatalf("%s %+v %v: Check's error %v, Compose's %v", f, a, kv, gotErr, wantErr)
				}
				if want == nil {
					continue
				}
				want.Body, want.Date, want.MessageID = "", time.Time{}, ""
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %+v %v: Check gives\n%+v\nCompose\n%+v", f, a, kv, got, want)
				}
			}
		}
	}
}
