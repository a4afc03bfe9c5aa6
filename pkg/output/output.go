// Package output turns a rendered email into bytes in one of templ's formats.
package output

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/render"
)

// Format is a value of -f/--format.
type Format string

// The formats of product.md.
const (
	Text    Format = "text"
	Body    Format = "body"
	Subject Format = "subject"
	EML     Format = "eml"
	JSON    Format = "json"
	Mailto  Format = "mailto"
	Mbox    Format = "mbox"
	JSONL   Format = "jsonl"
)

// Formats lists every format, for help and completion.
var Formats = []Format{Text, Body, Subject, EML, JSON, Mailto, Mbox, JSONL}

// Parse checks a --format value.
func Parse(s string) (Format, error) {
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q; use one of %s", s, strings.Join(names, ", "))
}

// NeedsMessage reports whether the format is a mail message, so it uses
// addresses, a date and a Message-ID.
func (f Format) NeedsMessage() bool {
	return f == EML || f == Mbox || f == Mailto
}

// jsonEmail is the json and jsonl shape: {"id","lang","subject","body","vars"}.
type jsonEmail struct {
	ID      string            `json:"id"`
	Lang    string            `json:"lang"`
	Subject string            `json:"subject"`
	Body    string            `json:"body"`
	Vars    map[string]string `json:"vars"`
}

// Encode writes e in format f. m is the message (addresses, date, id) for
// the mail formats; it may be nil for the others.
func Encode(w io.Writer, f Format, e *render.Email, m *email.Message) error {
	switch f {
	case Text:
		_, err := io.WriteString(w, "Subject: "+e.Subject+"\n\n"+e.Body)
		return err
	case Body:
		_, err := io.WriteString(w, e.Body)
		return err
	case Subject:
		_, err := io.WriteString(w, e.Subject+"\n")
		return err
	case JSON, JSONL:
		v := jsonEmail{ID: e.ID, Lang: e.Lang, Subject: e.Subject, Body: e.Body, Vars: map[string]string{}}
		for _, val := range e.Vars {
			v.Vars[val.Name] = val.Value
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if f == JSON {
			enc.SetIndent("", "  ")
		}
		return enc.Encode(v)
	case EML:
		return email.WriteEML(w, m)
	case Mbox:
		return email.WriteMbox(w, m)
	case Mailto:
		_, err := io.WriteString(w, email.MailtoURL(m)+"\n")
		return err
	}
	return fmt.Errorf("unknown format %q", f)
}
