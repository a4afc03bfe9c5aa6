package email

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fromColumnMessages puts "From " (and ">From ", ">>From ") at every
// column 0..80 of a line, after plain letters and after "=" (three
// characters each once encoded), so that every soft line break lands
// before, inside and after it; then random bodies. Each body comes plain,
// plain with an attachment, with an HTML part (the same text, so the same
// columns) and with both.
func fromColumnMessages() []*Message {
	type body struct {
		text string
		col  int // where "From " starts; -1 for a random body
	}
	var bodies []body
	for col := range 81 {
		for _, lead := range []string{strings.Repeat("x", col), strings.Repeat("=", col/3) + strings.Repeat("x", col%3)} {
			for _, tail := range []string{"From here\n", ">From there\n", ">>From everywhere\nnext\n", "From "} {
				bodies = append(bodies, body{lead + tail, col})
			}
		}
		bodies = append(bodies, body{"From " + strings.Repeat("y", col) + "\n", 0})
	}
	r := rand.New(rand.NewPCG(4155, 2045))
	for range 300 {
		bodies = append(bodies, body{randomBody(r), -1})
	}
	var msgs []*Message
	for i, b := range bodies {
		for kind := range 4 {
			// The Message-ID names the column, for the slower readers.
			// Headers and base64 hold "From " too, never at a line's start.
			m := &Message{Subject: "From column " + strings.Repeat("From here ", 8), Body: b.text, Date: fixedDate,
				MessageID: fmt.Sprintf("<col%d-%d-%d@example.com>", b.col, i, kind)}
			if kind&1 == 1 {
				m.Attachments = []Attachment{{Filename: "From here " + strings.Repeat("x", 60) + " From.bin", Data: []byte("From here\n\x00\xff" + b.text)}}
			}
			if kind&2 == 2 {
				m.HTML = b.text
			}
			msgs = append(msgs, m)
		}
	}
	return msgs
}

// wantParts is what a mail reader must decode from m: the MIME tree's
// types, the text, the HTML and the attachments.
func wantParts(m *Message) decoded {
	if m.HTML != "" {
		return wantDecoded(m, m.HTML)
	}
	d := wantDecoded(m, "")
	d.Types = []string{"text/plain"}
	if len(m.Attachments) > 0 {
		d.Types = []string{"multipart/mixed", "text/plain", "application/octet-stream"}
	}
	return d
}

// TestFromAtEveryColumnEML: as eml, every line keeps to its limit (76
// characters in a body, so 78 bytes with the CRLF) and every part decodes
// back to its input.
func TestFromAtEveryColumnEML(t *testing.T) {
	for _, m := range fromColumnMessages() {
		var buf bytes.Buffer
		if err := WriteEML(&buf, m); err != nil {
			t.Fatal(err)
		}
		if p := lineLengthProblems(buf.Bytes()); len(p) > 0 {
			t.Fatalf("body %q: line problems %q:\n%s", m.Body, p, buf.String())
		}
		if diff := cmp.Diff(wantParts(m), goDecode(t, buf.Bytes())); diff != "" {
			t.Fatalf("body %q (-want +got):\n%s", m.Body, diff)
		}
		// Every body line is fromSafe or base64, so an mbox writer or a
		// mail server that quotes "From " lines changes none.
		for line := range strings.SplitSeq(buf.String(), "\r\n") {
			if startsFromLine.MatchString(line) {
				t.Fatalf("body %q: line %q starts with From:\n%s", m.Body, line, buf.String())
			}
		}
	}
}

var startsFromLine = regexp.MustCompile(`^>*From `)

// TestFromAtEveryColumnMbox writes every message into one mbox and reads it
// back three ways: split at its "From " lines here (readMboxrd), with
// Python's mailbox.mbox, and with mblaze's mdeliver -M. Each must find one
// message per record, with every line within its limit once unquoted, and
// decode every part back to its input.
func TestFromAtEveryColumnMbox(t *testing.T) {
	msgs := fromColumnMessages()
	data := writeMboxFile(t, msgs)
	// A header line may have 78 characters, a body line 76 and the ">" of
	// mboxrd quoting; each record is held to the exact limits below.
	for line := range strings.Lines(string(data)) {
		if len(line) > 79 {
			t.Fatalf("mbox line of %d bytes, with its LF; want at most 79: %q", len(line), line)
		}
	}
	_, records := readMboxrd(t, data) // an unquoted "From " line fails here
	if len(records) != len(msgs) {
		t.Fatalf("read %d records, want %d", len(records), len(msgs))
	}
	for i, m := range msgs {
		raw := bytes.ReplaceAll(records[i], []byte("\n"), []byte("\r\n"))
		if p := lineLengthProblems(raw); len(p) > 0 {
			t.Fatalf("record %d: line problems %q:\n%s", i+1, p, records[i])
		}
		if diff := cmp.Diff(wantParts(m), goDecode(t, raw)); diff != "" {
			t.Fatalf("record %d, body %q (-want +got):\n%s", i+1, m.Body, diff)
		}
	}
	path := filepath.Join(t.TempDir(), "from.mbox")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("python", func(t *testing.T) { t.Parallel(); pythonReadsMbox(t, path, msgs) })
	t.Run("mblaze", func(t *testing.T) { t.Parallel(); mblazeReadsMbox(t, data, msgs) })
}

// pythonMbox splits an mbox with Python's mailbox.mbox, which starts a
// message at every line that begins "From ", undoes the mboxrd quoting
// (mailbox.mbox does not) and decodes each message's parts.
const pythonMbox = `
import base64, email, json, mailbox, re, sys
box = mailbox.mbox(sys.argv[1], create=False)
out = []
for key in box.iterkeys():
    raw = re.sub(rb"(?m)^>(>*From )", rb"\1", box.get_bytes(key))
    msg = email.message_from_bytes(raw)
    d = {"types": [], "text": "", "HTML": "", "attachments": None}
    for part in msg.walk():
        d["types"].append(part.get_content_type())
        if part.is_multipart():
            continue
        if part.get_filename():
            d["attachments"] = d["attachments"] or {}
            d["attachments"][part.get_filename()] = base64.b64encode(part.get_payload(decode=True)).decode()
        elif part.get_content_type() == "text/plain":
            d["text"] = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            d["HTML"] = part.get_payload(decode=True).decode()
    out.append(d)
json.dump(out, sys.stdout)
`

func pythonReadsMbox(t *testing.T, path string, msgs []*Message) {
	cmd := exec.Command("python3", "-c", pythonMbox, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 (needed to read the mbox with Python's mailbox module): %v\n%s", err, stderr.String())
	}
	var got []struct {
		decoded
		HTML string `json:"HTML"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python3 output: %v", err)
	}
	if len(got) != len(msgs) {
		t.Fatalf("mailbox.mbox found %d messages, want %d", len(got), len(msgs))
	}
	for i, m := range msgs {
		got[i].decoded.HTML = got[i].HTML
		if diff := cmp.Diff(wantParts(m), got[i].decoded); diff != "" {
			t.Fatalf("message %d, body %q (-want +python):\n%s", i+1, m.Body, diff)
		}
	}
}

// mblazeReadsMbox has mdeliver -M split the mbox (as mboxrd) into a
// maildir: one file a message. mshow then decodes the text and HTML parts
// of the messages whose "From " sits where a soft line break falls
// (columns 70 to 80): a process per part for all of them would take long.
func mblazeReadsMbox(t *testing.T, data []byte, msgs []*Message) {
	if _, err := exec.LookPath("mdeliver"); err != nil {
		t.Fatal("mdeliver is not on PATH; this test needs mblaze (apt-get install mblaze) to read the mbox as a mail reader does")
	}
	maildir := filepath.Join(t.TempDir(), "maildir")
	if out, err := exec.Command("mmkdir", maildir).CombinedOutput(); err != nil {
		t.Fatalf("mmkdir: %v\n%s", err, out)
	}
	deliver := exec.Command("mdeliver", "-M", maildir)
	deliver.Stdin = bytes.NewReader(data)
	if out, err := deliver.CombinedOutput(); err != nil {
		t.Fatalf("mdeliver -M: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(maildir, "new", "*"))
	if err != nil || len(files) != len(msgs) {
		t.Fatalf("mdeliver -M made %d messages (%v), want %d", len(files), err, len(msgs))
	}
	ids, err := exec.Command("mhdr", append([]string{"-h", "Message-ID"}, files...)...).Output()
	if err != nil {
		t.Fatalf("mhdr: %v", err)
	}
	byID := map[string]*Message{}
	for _, m := range msgs {
		byID[m.MessageID] = m
	}
	mshow := func(args ...string) string {
		cmd := exec.Command("mshow", args...)
		cmd.Env = append(os.Environ(), "MBLAZE="+t.TempDir(), "MBLAZE_PAGER=cat")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("mshow %v: %v", args, err)
		}
		return strings.ReplaceAll(string(out), "\r\n", "\n")
	}
	idLines := strings.Split(strings.TrimSuffix(string(ids), "\n"), "\n")
	if len(idLines) != len(files) {
		t.Fatalf("mhdr printed %d Message-IDs for %d files", len(idLines), len(files))
	}
	checked := 0
	for i, id := range idLines {
		m := byID[id]
		if m == nil {
			t.Fatalf("%s: Message-ID %q is none of the messages written", files[i], id)
		}
		delete(byID, id)
		var col, n, kind int
		fmt.Sscanf(id, "<col%d-%d-%d@", &col, &n, &kind)
		if col < 70 {
			continue
		}
		checked++
		// Parts: 1 the text alone; with an attachment 1 mixed, 2 text;
		// with HTML 1 alternative, 2 text, 3 html; with both one more.
		text, html := []string{"1", "2", "2", "3"}[kind], []string{"", "", "3", "4"}[kind]
		want := m.Body
		if kind == 0 {
			// mdeliver keeps the blank line that ends the record, which
			// a message without MIME parts takes as one more line.
			want += "\n"
		}
		if diff := cmp.Diff(want, mshow("-O", files[i], text)); diff != "" {
			t.Fatalf("text of %s (-want +mshow):\n%s", id, diff)
		}
		if html != "" {
			if diff := cmp.Diff(m.HTML, mshow("-O", files[i], html)); diff != "" {
				t.Fatalf("html of %s (-want +mshow):\n%s", id, diff)
			}
		}
	}
	if checked == 0 || len(byID) > 0 {
		t.Fatalf("mshow decoded %d messages; %d were not delivered", checked, len(byID))
	}
}
