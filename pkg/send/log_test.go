package send

import (
	"bytes"
	"testing"
)

func TestLogLine(t *testing.T) {
	var buf bytes.Buffer
	l := &logWriter{w: &buf}
	l.write(Result{Record: 3, Line: 4, Recipients: []string{"a@x.example"}, MessageID: "<id@x.example>", Status: StatusSent, Reply: "250 2.0.0 Ok: queued & kept", Attempts: 1})
	l.write(Result{Record: 4, Recipients: []string{}, MessageID: "<j@x.example>", Status: StatusSkipped})
	want := `{"record":3,"line":4,"recipients":["a@x.example"],"message_id":"<id@x.example>","status":"sent","reply":"250 2.0.0 Ok: queued & kept","attempts":1}
{"record":4,"recipients":[],"message_id":"<j@x.example>","status":"skipped"}
`
	if buf.String() != want {
		t.Errorf("log:\n%s\nwant:\n%s", buf.String(), want)
	}
}
