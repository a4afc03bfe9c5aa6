package email

import (
	"encoding/json"
	"fmt"
	"io"
)

// jsonEmail is the json and jsonl shape: {"id","lang","subject","body","vars"}.
type jsonEmail struct {
	ID      string            `json:"id"`
	Lang    string            `json:"lang"`
	Subject string            `json:"subject"`
	Body    string            `json:"body"`
	Vars    map[string]string `json:"vars"`
}

// Encode writes m in format f.
func Encode(w io.Writer, f Format, m *Message) error {
	switch f {
	case Text:
		_, err := io.WriteString(w, "Subject: "+m.Subject+"\n\n"+m.Body)
		return err
	case Body:
		_, err := io.WriteString(w, m.Body)
		return err
	case Subject:
		_, err := io.WriteString(w, m.Subject+"\n")
		return err
	case JSON, JSONL:
		v := jsonEmail{ID: m.ID, Lang: m.Lang, Subject: m.Subject, Body: m.Body, Vars: map[string]string{}}
		for _, val := range m.Vars {
			v.Vars[val.Name] = val.Value
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if f == JSON {
			enc.SetIndent("", "  ")
		}
		return enc.Encode(v)
	case EML:
		return WriteEML(w, m)
	case Mbox:
		return WriteMbox(w, m)
	case Mailto:
		_, err := io.WriteString(w, MailtoURL(m)+"\n")
		return err
	}
	return fmt.Errorf("unknown format %q", f)
}
