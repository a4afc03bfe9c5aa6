package email

import (
	"bytes"
	"encoding/json"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// mboxMessages covers the cases an mbox must carry intact: a sender, none,
// a long Bulgarian subject, and body lines that look like separators.
func mboxMessages() []*Message {
	return []*Message{
		{
			Subject: "Your refund for order 1042", Body: "Hello Ivan,\n\nFrom now on, refunds take 5 days.\n",
			From: addr("Acme Support", "support@example.com"), To: []*mail.Address{addr("", "ivan@example.com")},
			Date: fixedDate, MessageID: "<1@example.com>",
		},
		{
			Subject: bgSubject200, Body: "Здравейте,\nFrom here\n>From there\n>>From everywhere\nFrom\n",
			Date: fixedDate.Add(time.Hour), MessageID: "<2@example.com>",
		},
		{
			Subject: "No final newline", Body: "From the last line", From: addr("Мария", "maria@example.com"),
			Date: fixedDate.Add(2 * time.Hour), MessageID: "<3@example.com>",
		},
	}
}

func writeMboxFile(t *testing.T, msgs []*Message) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, m := range msgs {
		if err := WriteMbox(&buf, m); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

var separatorLine = regexp.MustCompile(`^From \S+ [A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$`)

// readMboxrd is a minimal mboxrd reader: it splits at "From " lines, drops
// the blank line that ends each record and removes one ">" from quoted lines.
func readMboxrd(t *testing.T, data []byte) (separators []string, messages [][]byte) {
	t.Helper()
	quoted := regexp.MustCompile(`^>+From `)
	var current *bytes.Buffer
	for line := range strings.Lines(string(data)) {
		if strings.HasPrefix(line, "From ") {
			sep := strings.TrimSuffix(line, "\n")
			if !separatorLine.MatchString(sep) {
				t.Errorf("separator %q is not in RFC 4155 form", sep)
			}
			separators = append(separators, sep)
			current = new(bytes.Buffer)
			messages = append(messages, nil)
			continue
		}
		if current == nil {
			t.Fatalf("mbox does not start with a From line: %q", line)
		}
		if quoted.MatchString(line) {
			line = line[1:]
		}
		current.WriteString(line)
		messages[len(messages)-1] = current.Bytes()
	}
	for i, m := range messages {
		trimmed, ok := bytes.CutSuffix(m, []byte("\n\n"))
		if !ok {
			t.Errorf("message %d does not end with a blank line", i+1)
		}
		messages[i] = append(trimmed, '\n')
	}
	return separators, messages
}

func TestWriteMboxRoundTrip(t *testing.T) {
	msgs := mboxMessages()
	data := writeMboxFile(t, msgs)
	if bytes.Contains(data, []byte("\r")) {
		t.Error("mbox contains CR; an mbox uses LF line endings")
	}
	separators, raw := readMboxrd(t, data)
	wantSeparators := []string{
		"From support@example.com Mon Nov 23 08:00:00 2026",
		"From MAILER-DAEMON Mon Nov 23 09:00:00 2026",
		"From maria@example.com Mon Nov 23 10:00:00 2026",
	}
	if diff := cmp.Diff(wantSeparators, separators); diff != "" {
		t.Errorf("separators (-want +got):\n%s", diff)
	}
	if len(raw) != len(msgs) {
		t.Fatalf("read %d messages, want %d", len(raw), len(msgs))
	}
	for i, m := range msgs {
		got, err := parseEML(raw[i])
		if err != nil {
			t.Fatalf("message %d: %v", i+1, err)
		}
		want := &parsed{Subject: m.Subject, Body: m.Body, From: m.From, To: m.To}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("message %d (-want +got):\n%s", i+1, diff)
		}
	}
}

// TestWriteMboxHasNoFromLines: a body line that starts "From " or ">From "
// is written with its first byte encoded, so no line needs mboxrd quoting.
func TestWriteMboxHasNoFromLines(t *testing.T) {
	m := &Message{Subject: "q", Body: "From a\n>From b\n>>From c\nFrom\nFromage\n", Date: fixedDate, MessageID: "<q@example.com>"}
	data := writeMboxFile(t, []*Message{m})
	_, body, _ := strings.Cut(string(data), "\n\n")
	want := "=46rom a\n=3EFrom b\n=3E>From c\nFrom\nFromage\n\n"
	if diff := cmp.Diff(want, body); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
}

func TestWriteMboxGolden(t *testing.T) {
	checkGolden(t, "messages.mbox", writeMboxFile(t, mboxMessages()))
}

// TestWriteMboxPythonMailbox reads the mbox with Python's mailbox module, an
// independent reader, and compares message count, senders and subjects.
func TestWriteMboxPythonMailbox(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is not on PATH; this test needs it to check the mbox with Python's mailbox module")
	}
	path := filepath.Join(t.TempDir(), "out.mbox")
	if err := os.WriteFile(path, writeMboxFile(t, mboxMessages()), 0o644); err != nil {
		t.Fatal(err)
	}
	const script = `
import email.policy, json, mailbox, sys
box = mailbox.mbox(sys.argv[1], factory=None, create=False)
out = []
for msg in box:
    parsed = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    out.append({"subject": str(parsed["subject"]), "from": msg.get_from()})
json.dump(out, sys.stdout, ensure_ascii=False)
`
	cmd := exec.Command(python, "-c", script, path)
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	type entry struct {
		Subject string `json:"subject"`
		From    string `json:"from"`
	}
	var got []entry
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}
	want := []entry{
		{"Your refund for order 1042", "support@example.com Mon Nov 23 08:00:00 2026"},
		{bgSubject200, "MAILER-DAEMON Mon Nov 23 09:00:00 2026"},
		{"No final newline", "maria@example.com Mon Nov 23 10:00:00 2026"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("python's view (-want +got):\n%s", diff)
	}
}
