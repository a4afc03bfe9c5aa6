package send

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStripBcc(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"From: a@x\r\nBcc: b@x,\r\n c@x\r\nTo: d@x\r\n\r\nBcc: in the body\r\n",
			"From: a@x\r\nTo: d@x\r\n\r\nBcc: in the body\r\n"},
		{"BCC: b@x\r\n\r\nbody\r\n", "\r\nbody\r\n"},
		{"From: a@x\r\nBccx: kept\r\n\r\n", "From: a@x\r\nBccx: kept\r\n\r\n"},
		{"From: a@x\r\n\r\n", "From: a@x\r\n\r\n"},
		{"no header end", "no header end"},
	} {
		if got := string(StripBcc([]byte(tc.in))); got != tc.want {
			t.Errorf("StripBcc(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestNewMessage(t *testing.T) {
	msgs := testMessages(t, 3)
	m := msgs[2]
	if m.From != "support@example.com" || m.Record != 3 || m.Line != 4 {
		t.Errorf("record 3: %+v", m)
	}
	if diff := cmp.Diff([]string{"user3@example.com", "cc@example.com", "audit@example.com"}, m.Recipients); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	if strings.Contains(string(m.Data), "Bcc:") || !strings.Contains(string(m.Data), "Cc: <cc@example.com>\r\n") {
		t.Errorf("data keeps the Bcc field or lost the Cc:\n%s", m.Data)
	}
	for in, want := range map[string]string{
		"To: a@x.example\r\n\r\nbody\r\n":                         "a message to send needs one From address; give --from or set from: in the config",
		"From: a@x.example\r\n\r\nbody\r\n":                       "no recipient: pass --to '[Email]' or add an Email column",
		"From: a@x.example\r\nTo: not an address\r\n\r\nbody\r\n": "To: mail: no angle-addr",
	} {
		if _, err := NewMessage(1, 0, []byte(in)); err == nil || err.Error() != want {
			t.Errorf("NewMessage(%q) error %v; want %s", in, err, want)
		}
	}
}

func TestReadLog(t *testing.T) {
	log := `{"record":1,"status":"sent","message_id":"<a@x>","recipients":[]}
{"record":2,"status":"failed","message_id":"<b@x>","recipients":[]}

{"record":3,"status":"skipped","message_id":"<c@x>","recipients":[]}
{"record":2,"status":"sent","message_id":"<b@x>","recipients":[]}
{"record":4,"status":"failed","message_id":"<d@x>","recipients":[]}
{"record":5,"sta`
	r, err := ReadLog(strings.NewReader(log), "run.log")
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	for n := 1; n <= 5; n++ {
		if id, ok := r.Sent(n); ok {
			got[n] = id
		}
	}
	if diff := cmp.Diff(map[int]string{1: "<a@x>", 2: "<b@x>", 3: "<c@x>"}, got); diff != "" {
		t.Errorf("sent (-want +got):\n%s", diff)
	}
	if r.Len() != 3 {
		t.Errorf("Len %d, want 3", r.Len())
	}
	_, err = ReadLog(strings.NewReader("{\"record\":1,\"status\":\"sent\"}\nnot json\n{}\n"), "run.log")
	if want := "run.log:2: not a line of a templ --log file; give the file --log wrote"; err == nil || err.Error() != want {
		t.Errorf("bad line: %v; want %s", err, want)
	}
}

func TestServerCheck(t *testing.T) {
	for s, want := range map[Server]string{
		{}:                       "smtp.host is not set; set it with: templ config set smtp.host HOST",
		{Host: "a b"}:            `smtp.host "a b" is not a host name`,
		{Host: "h", Port: 70000}: "smtp.port 70000 is not a port; use 1 to 65535",
		{Host: "h", TLS: "ssl"}:  `smtp.tls "ssl" is not starttls, tls or none`,
	} {
		if err := s.Check(); err == nil || err.Error() != want {
			t.Errorf("%+v: %v; want %s", s, err, want)
		}
	}
	for s, port := range map[Server]int{{Host: "h"}: 587, {Host: "h", TLS: "tls"}: 465, {Host: "h", TLS: "none"}: 25, {Host: "h", Port: 2525}: 2525} {
		if s.Check() != nil || s.port() != port {
			t.Errorf("%+v: port %d, want %d", s, s.port(), port)
		}
	}
}

// TestNewMessageCopies: a batch renders every record into one buffer, so a
// queued message must not share it.
func TestNewMessageCopies(t *testing.T) {
	for _, raw := range []string{
		"From: a@x.example\r\nTo: b@x.example\r\n\r\nbody\r\n",
		"From: a@x.example\r\nTo: b@x.example\r\nBcc: c@x.example\r\n\r\nbody\r\n",
	} {
		buf := []byte(raw)
		m, err := NewMessage(1, 0, buf)
		if err != nil {
			t.Fatal(err)
		}
		want := string(m.Data)
		for i := range buf {
			buf[i] = 'x'
		}
		if string(m.Data) != want {
			t.Errorf("the message changed with the caller's buffer: %q", m.Data)
		}
	}
}
