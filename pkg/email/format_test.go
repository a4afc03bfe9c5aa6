package email

import (
	"bytes"
	"testing"

	"github.com/templ-mail/templ/pkg/vars"
)

func TestEncode(t *testing.T) {
	m := &Message{ID: "x", Lang: "bg", Subject: "Относно <поръчката>", Body: "Здравейте, Иван,\n\nA & B\n",
		Vars: []vars.Value{{Name: "Name", Value: "Иван"}, {Name: "Policy URL", Value: "https://a?b=1&c=2"}}}
	tests := map[Format]string{
		Text:    "Subject: Относно <поръчката>\n\nЗдравейте, Иван,\n\nA & B\n",
		Body:    "Здравейте, Иван,\n\nA & B\n",
		Subject: "Относно <поръчката>\n",
		JSONL:   `{"id":"x","lang":"bg","subject":"Относно <поръчката>","body":"Здравейте, Иван,\n\nA & B\n","vars":{"Name":"Иван","Policy URL":"https://a?b=1&c=2"}}` + "\n",
		JSON: `{
  "id": "x",
  "lang": "bg",
  "subject": "Относно <поръчката>",
  "body": "Здравейте, Иван,\n\nA & B\n",
  "vars": {
    "Name": "Иван",
    "Policy URL": "https://a?b=1&c=2"
  }
}
`,
	}
	for format, want := range tests {
		var buf bytes.Buffer
		if err := Encode(&buf, format, m); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("%s:\n got %q\nwant %q", format, buf.String(), want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || err.Error() != `unknown format "pdf"; use one of text, body, subject, eml, json, mailto, mbox, jsonl` {
		t.Errorf("ParseFormat(pdf): %v", err)
	}
}

// TestFormatTable pins what every check asks of a format.
func TestFormatTable(t *testing.T) {
	type row struct {
		mail, sender, stream bool
		ext                  string
	}
	want := map[Format]row{
		Text: {ext: ".txt"}, Body: {ext: ".txt"}, Subject: {}, EML: {mail: true, sender: true, ext: ".eml"},
		JSON: {ext: ".json"}, Mailto: {mail: true}, Mbox: {mail: true, sender: true, stream: true}, JSONL: {stream: true},
	}
	for _, f := range Formats {
		if got := (row{f.IsMail(), f.HasSender(), f.IsStream(), f.Ext()}); got != want[f] {
			t.Errorf("%s: got %+v, want %+v", f, got, want[f])
		}
		if f.IsFile() != (f.Ext() != "") {
			t.Errorf("%s: IsFile %v but Ext %q", f, f.IsFile(), f.Ext())
		}
	}
	for name, want := range map[string]Format{"[Name].eml": EML, "a.JSON": JSON, "a.txt": Text, "a": Text} {
		if got := FormatForFile(name); got != want {
			t.Errorf("FormatForFile(%q) = %s, want %s", name, got, want)
		}
	}
}
