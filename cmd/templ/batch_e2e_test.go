package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/cli"
)

// End-to-end tests of batches (--data) with real readers and senders: the
// mbox is read back by Python's mailbox module, and --exec hands every
// message to msmtp, which delivers it to an SMTP sink this test runs. The
// scripts in testdata/script/batch_*.txtar pin the exact messages.

// greetTemplate uses a body-only variable (Note) for text a mail format
// must carry intact: long lines, "From " at a line start, Cyrillic.
const greetTemplate = `id: greet
category: test
vars:
  Name: {description: First name}
  Order: {description: Order number, optional: true}
  Brand: {description: Company, default: Acme}
  Note: {description: A note, optional: true}
locales:
  en:
    title: Greet
    subjects: ["Order [Order] for [Name]", "Hello [Name]"]
    body: |
      Hi [Name],

      Your order [Order] is on its way.

      [Note]

      [Brand]
`

// customer is one record of the generated data.
type customer struct {
	Name, Email, Order, Note string
}

// customers are n records with the awkward cases mixed in.
func customers(n int) []customer {
	names := []string{"Ivan", "Smith, Jo", "Мария", `Jo "JJ" Doe`, "Élodie", "Георги Петров"}
	notes := []string{
		"",
		"From the start of this line\n>From a quoted one",
		strings.Repeat("A long line that a mail format must fold and unfold again. ", 5),
		"Поръчката е изпратена. Благодарим ви!",
		"trailing spaces   \nand = signs == here",
	}
	out := make([]customer, n)
	for i := range out {
		out[i] = customer{
			Name:  names[i%len(names)],
			Email: fmt.Sprintf("user%d@example.com", i+1),
			Order: fmt.Sprintf("A-%d", 1000+i),
			Note:  notes[i%len(notes)],
		}
		if i%4 == 3 {
			out[i].Order = "" // the second subject line
		}
	}
	return out
}

// writeCSV writes the records as RFC 4180 CSV with a BOM and CRLF line ends.
func writeCSV(t *testing.T, path string, recs []customer) {
	t.Helper()
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var b strings.Builder
	b.WriteString("\uFEFFName,Email,Order,Note\r\n")
	for _, r := range recs {
		fmt.Fprintf(&b, "%s,%s,%s,%s\r\n", quote(r.Name), r.Email, r.Order, quote(r.Note))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// batchDir is a work directory with the greet template and n customers in
// people.csv.
func batchDir(t *testing.T, n int) (string, []customer) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "tpl"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "tpl", "greet.yaml"), []byte(greetTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	recs := customers(n)
	writeCSV(t, filepath.Join(dir, "people.csv"), recs)
	return dir, recs
}

// templIn runs the command in-process in dir and returns its exit code,
// stdout and stderr.
func templIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := cli.Main(args, cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, "v0.0.0-test")
	return code, stdout.String(), stderr.String()
}

// jsonEmail is one line of -f jsonl.
type jsonEmail struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
}

func readJSONL(t *testing.T, s string) []jsonEmail {
	t.Helper()
	var out []jsonEmail
	for line := range strings.Lines(s) {
		var e jsonEmail
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("-f jsonl line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

// pythonMbox reads an mbox with Python's mailbox module and decodes each
// message with the email package: subject and To headers (RFC 2047) and the
// text body (quoted-printable, charset).
const pythonMbox = `
import email.policy, json, mailbox, sys
box = mailbox.mbox(sys.argv[1], create=False)
out = []
for key in box.iterkeys():
    msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
    out.append({
        "from_line": box.get_message(key).get_from(),
        "subject": str(msg["subject"]),
        "to": str(msg["to"]),
        "body": msg.get_content(),
    })
json.dump(out, sys.stdout)
`

type pyMessage struct {
	FromLine string `json:"from_line"`
	Subject  string `json:"subject"`
	To       string `json:"to"`
	Body     string `json:"body"`
}

func TestBatchMboxReadByPython(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "python3"); !ok {
		t.Skip(reason)
	}
	isolate(t)
	dir, recs := batchDir(t, 60)
	mailArgs := []string{"render", "greet", "--templates", "tpl", "--data", "people.csv",
		"-f", "mbox", "-o", "out.mbox", "--to", "[Name] <[Email]>", "--from", "Support <support@example.com>"}
	if code, _, stderr := templIn(t, dir, mailArgs...); code != 0 {
		t.Fatalf("templ %s: exit %d\n%s", strings.Join(mailArgs, " "), code, stderr)
	}
	code, jsonl, stderr := templIn(t, dir, "render", "greet", "--templates", "tpl", "--data", "people.csv", "-f", "jsonl")
	if code != 0 {
		t.Fatalf("templ -f jsonl: exit %d\n%s", code, stderr)
	}
	want := readJSONL(t, jsonl)

	out, err := exec.Command("python3", "-c", pythonMbox, filepath.Join(dir, "out.mbox")).Output()
	if err != nil {
		t.Fatalf("python3 mailbox: %v\n%s", err, stderrOf(err))
	}
	var got []pyMessage
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python3 output: %v\n%s", err, out)
	}
	if len(got) != len(recs) || len(want) != len(recs) {
		t.Fatalf("python read %d messages and jsonl has %d, want %d each", len(got), len(want), len(recs))
	}
	for i, msg := range got {
		// Python's mbox reader undoes no ">From" quoting; templ's mbox
		// needs none (a body line starting "From " is written =46rom), so
		// the body comes back exact.
		if diff := cmp.Diff(want[i], jsonEmail{Subject: msg.Subject, Body: msg.Body}); diff != "" {
			t.Errorf("message %d read back by Python differs from -f jsonl (-want +got):\n%s", i+1, diff)
		}
		to, err := mail.ParseAddress(msg.To)
		if err != nil || to.Name != recs[i].Name || to.Address != recs[i].Email {
			t.Errorf("message %d: To = %q (%v), want %q <%s>", i+1, msg.To, err, recs[i].Name, recs[i].Email)
		}
		if msg.FromLine != "support@example.com Wed Nov 18 11:06:40 2026" {
			t.Errorf("message %d: From line %q, want the sender and the fixed date", i+1, msg.FromLine)
		}
	}
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// smtpSink is a minimal SMTP server (EHLO/HELO, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT) on 127.0.0.1 that keeps every message it is given.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []sunkMessage
	wg   sync.WaitGroup
}

type sunkMessage struct {
	From string
	To   []string
	Data string
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *smtpSink) port() string {
	return fmt.Sprint(s.ln.Addr().(*net.TCPAddr).Port)
}

func (s *smtpSink) serve(c net.Conn) {
	conn := textproto.NewConn(c)
	defer conn.Close()
	reply := func(format string, args ...any) bool { return conn.PrintfLine(format, args...) == nil }
	if !reply("220 sink ESMTP ready") {
		return
	}
	var msg sunkMessage
	for {
		line, err := conn.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		ok := true
		switch strings.ToUpper(verb) {
		case "EHLO":
			ok = reply("250-sink") && reply("250 8BITMIME")
		case "HELO", "NOOP":
			ok = reply("250 ok")
		case "RSET":
			msg = sunkMessage{}
			ok = reply("250 ok")
		case "MAIL":
			msg = sunkMessage{From: angleAddr(arg)}
			ok = reply("250 ok")
		case "RCPT":
			msg.To = append(msg.To, angleAddr(arg))
			ok = reply("250 ok")
		case "DATA":
			if !reply("354 end with <CRLF>.<CRLF>") {
				return
			}
			data, err := conn.ReadDotBytes()
			if err != nil {
				return
			}
			msg.Data = string(data)
			s.mu.Lock()
			s.msgs = append(s.msgs, msg)
			s.mu.Unlock()
			msg = sunkMessage{}
			ok = reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			ok = reply("502 not implemented")
		}
		if !ok {
			return
		}
	}
}

// angleAddr takes the address out of "FROM:<a@b> SIZE=1" or "TO:<a@b>".
func angleAddr(arg string) string {
	_, rest, _ := strings.Cut(arg, "<")
	addr, _, _ := strings.Cut(rest, ">")
	return addr
}

func (s *smtpSink) messages() []sunkMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sunkMessage(nil), s.msgs...)
}

// checkDelivered checks the sink got exactly the records' messages, in
// order: envelope recipients (To and Cc, never the Bcc header) and subject.
func checkDelivered(t *testing.T, got []sunkMessage, recs []customer) {
	t.Helper()
	if len(got) != len(recs) {
		t.Fatalf("the sink received %d messages, want %d", len(got), len(recs))
	}
	for i, m := range got {
		wantTo := []string{recs[i].Email, "orders@example.com", "audit@example.com"}
		if diff := cmp.Diff(wantTo, m.To); diff != "" {
			t.Errorf("message %d: envelope recipients (-want +got):\n%s", i+1, diff)
		}
		if m.From != "support@example.com" {
			t.Errorf("message %d: envelope sender %q, want support@example.com", i+1, m.From)
		}
		parsed, err := mail.ReadMessage(strings.NewReader(m.Data))
		if err != nil {
			t.Errorf("message %d: %v", i+1, err)
			continue
		}
		if parsed.Header.Get("Bcc") != "" {
			t.Errorf("message %d: the Bcc header was delivered: %q", i+1, parsed.Header.Get("Bcc"))
		}
		subject, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
		wantSubject := "Order " + recs[i].Order + " for " + recs[i].Name
		if recs[i].Order == "" {
			wantSubject = "Hello " + recs[i].Name
		}
		if err != nil || subject != wantSubject {
			t.Errorf("message %d: Subject %q (%v), want %q", i+1, subject, err, wantSubject)
		}
	}
}

// msmtpCommand sends through msmtp to the sink, with no configuration file.
func msmtpCommand(sink *smtpSink) string {
	return "msmtp --host=127.0.0.1 --port=" + sink.port() + " --auth=off --tls=off --from=support@example.com -t"
}

func TestBatchExecMsmtp(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "msmtp"); !ok {
		t.Skip(reason)
	}
	isolate(t)
	t.Setenv("HOME", t.TempDir()) // no ~/.msmtprc
	sink := startSMTPSink(t)
	dir, recs := batchDir(t, 6)
	code, stdout, stderr := templIn(t, dir, "render", "greet", "--templates", "tpl", "--data", "people.csv",
		"--to", "[Name] <[Email]>", "--cc", "orders@example.com", "--bcc", "audit@example.com",
		"--from", "Support <support@example.com>", "--exec", msmtpCommand(sink))
	if code != 0 || stdout != "" {
		t.Fatalf("templ --exec msmtp: exit %d, stdout %q\n%s", code, stdout, stderr)
	}
	if want := fmt.Sprintf("templ: sent 6 messages through %q\n", msmtpCommand(sink)); stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	checkDelivered(t, sink.messages(), recs)
}

// failThird is a sender that fails on the third record until it is fixed
// (a file named "fixed" exists), like a mail server refusing one message.
const failThird = `if [ "$TEMPL_RECORD" = 3 ] && [ ! -e fixed ]; then
	echo "send: 451 try again later" >&2
	exit 75
fi
exec %s
`

func TestBatchExecStopsAndResumes(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "msmtp"); !ok {
		t.Skip(reason)
	}
	isolate(t)
	t.Setenv("HOME", t.TempDir())
	sink := startSMTPSink(t)
	dir, recs := batchDir(t, 5)
	if err := os.WriteFile(filepath.Join(dir, "send.sh"), fmt.Appendf(nil, failThird, msmtpCommand(sink)), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"render", "greet", "--templates", "tpl", "--data", "people.csv",
		"--to", "[Name] <[Email]>", "--cc", "orders@example.com", "--bcc", "audit@example.com",
		"--from", "Support <support@example.com>", "--exec", "sh send.sh"}

	// The third message fails: the run stops there, names the record (it
	// starts on line 5, as record 2's note spans two lines) and says how to
	// resume; the first two are delivered, nothing after.
	code, _, stderr := templIn(t, dir, args...)
	wantStderr := `send: 451 try again later
templ: --exec "sh send.sh" failed on record 3 (line 5): exit status 75; 2 sent before it
hint: fix it, then resume with --start 3
`
	if code != 1 || stderr != wantStderr {
		t.Errorf("failing run: exit %d, stderr:\n%s\nwant exit 1, stderr:\n%s", code, stderr, wantStderr)
	}
	checkDelivered(t, sink.messages(), recs[:2])

	// Fixed, --start 3 sends the rest: every record delivered once.
	if err := os.WriteFile(filepath.Join(dir, "fixed"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = templIn(t, dir, append(args, "--start", "3")...)
	if code != 0 || stderr != "templ: sent 3 messages through \"sh send.sh\"\n" {
		t.Errorf("resumed run: exit %d, stderr %q; want exit 0 and 3 sent", code, stderr)
	}
	checkDelivered(t, sink.messages(), recs)
}

// TestBatchProgressOnTerminal runs a batch that takes over a second with
// stderr on a pseudo-terminal (util-linux script): the progress line shows
// and ends with the final count.
func TestBatchProgressOnTerminal(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "script", "templ"); !ok {
		t.Skip(reason)
	}
	dir, _ := batchDir(t, 5)
	cmd := exec.Command("script", "-qefc", "templ render greet --templates tpl --data people.csv --exec 'sleep 0.3' --to ivan@example.com --from support@example.com", "/dev/null")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=", "TEMPL_CACHE=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("script templ: %v\n%s%s", err, out, stderrOf(err))
	}
	shown := strings.ReplaceAll(string(out), "\r\n", "\n")
	// 5 records at 0.3 s: the line appears after a second, at record 4,
	// and the last count stays on its own line.
	if !regexp.MustCompile(`\rtempl: [34]/5 emails(\rtempl: [45]/5 emails)*\rtempl: 5/5 emails\ntempl: sent 5 messages through "sleep 0\.3"\n$`).MatchString(shown) {
		t.Errorf("the terminal showed %q, want a progress line ending at 5/5 emails", shown)
	}
}
