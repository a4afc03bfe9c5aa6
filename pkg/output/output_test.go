package output

import (
	"bytes"
	"testing"

	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

func TestEncode(t *testing.T) {
	e := &render.Email{ID: "x", Lang: "bg", Subject: "Относно <поръчката>", Body: "Здравейте, Иван,\n\nA & B\n",
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
		if err := Encode(&buf, format, e, nil); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("%s:\n got %q\nwant %q", format, buf.String(), want)
		}
	}
}

func TestParse(t *testing.T) {
	for _, f := range Formats {
		if got, err := Parse(string(f)); err != nil || got != f {
			t.Errorf("Parse(%q) = %q, %v", f, got, err)
		}
	}
	if _, err := Parse("pdf"); err == nil || err.Error() != `unknown format "pdf"; use one of text, body, subject, eml, json, mailto, mbox, jsonl` {
		t.Errorf("Parse(pdf): %v", err)
	}
}
