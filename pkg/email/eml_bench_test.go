package email

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// stdlibQP is body as mime/quotedprintable writes it, one binary-mode
// encoder a line, with CRLF line endings: the reference the plain body is
// held to.
func stdlibQP(body string) string {
	return eachQPLine(body, func(b *strings.Builder, line string) {
		qp := quotedprintable.NewWriter(b)
		qp.Binary = true
		io.WriteString(qp, line)
		qp.Close()
	})
}

// refQP is body as qpModel writes it, fromSafe or not: the reference the
// text and HTML parts of an alternative are held to.
func refQP(body string, fromSafe bool) string {
	return eachQPLine(body, func(b *strings.Builder, line string) {
		b.WriteString(qpModel(line, fromSafe))
	})
}

// eachQPLine encodes each line of body with encode and ends it in CRLF; a
// last line without a newline ends in a soft line break.
func eachQPLine(body string, encode func(*strings.Builder, string)) string {
	var b strings.Builder
	lines := strings.Split(body, "\n")
	for i, line := range lines {
		last := i == len(lines)-1
		if last && line == "" {
			break
		}
		encode(&b, line)
		if last {
			b.WriteString("=") // a soft line break
		}
		b.WriteString("\r\n")
	}
	return b.String()
}

// qpModel encodes one line (no LF in it) a byte at a time, as RFC 2045 and
// mime/quotedprintable do: a token per byte, the byte or =XX; a soft line
// break before a token that would pass 75 characters; a blank at the end
// encoded. With fromSafe, an output line that would start with /^>*From /
// (after a newline or a soft break) starts with that byte as =XX instead.
// TestQPModelIsStdlib holds it to the standard library when not fromSafe.
func qpModel(line string, fromSafe bool) string {
	var done []string // finished output lines, each with its soft break
	cur := ""
	for i := 0; i < len(line); i++ {
		b := line[i]
		tok := fmt.Sprintf("=%02X", b)
		if b == ' ' || b == '\t' || b >= '!' && b <= '~' && b != '=' {
			tok = string(b)
		}
		if len(cur)+len(tok) > 75 {
			done, cur = append(done, cur+"="), ""
		}
		if fromSafe && cur == "" && startsFromLine.MatchString(line[i:]) {
			tok = fmt.Sprintf("=%02X", b)
		}
		cur += tok
	}
	if n := len(cur); n > 0 && (cur[n-1] == ' ' || cur[n-1] == '\t') {
		tok := fmt.Sprintf("=%02X", cur[n-1])
		if cur = cur[:n-1]; len(cur)+3 > 75 {
			done, cur = append(done, cur+"="), ""
		}
		cur += tok
	}
	return strings.Join(append(done, cur), "\r\n")
}

// refMbox is eml as mboxrd stores it: the separator line, the lines with LF
// endings, one more ">" on each that matches /^>*From /, and a blank line.
func refMbox(m *Message, eml string) string {
	var b strings.Builder
	b.WriteString("From " + envelopeSender(m) + " " + m.Date.UTC().Format(time.ANSIC) + "\n")
	for line := range strings.Lines(strings.ReplaceAll(eml, "\r\n", "\n")) {
		if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
			b.WriteByte('>')
		}
		b.WriteString(line)
	}
	b.WriteString("\n")
	return b.String()
}

// onlyWriter hides a *bytes.Buffer, so the writers take their pooled path.
type onlyWriter struct{ w io.Writer }

func (o onlyWriter) Write(p []byte) (int, error) { return o.w.Write(p) }

// write writes m with f into a *bytes.Buffer (written into directly) and
// into a plain io.Writer, and wants the same bytes and error from both, and
// no bytes with an error.
func write(t *testing.T, name string, f func(io.Writer, *Message) error, m *Message) (string, error) {
	t.Helper()
	var direct, plain bytes.Buffer
	err := f(&direct, m)
	plainErr := f(onlyWriter{&plain}, m)
	if fmt.Sprint(err) != fmt.Sprint(plainErr) {
		t.Fatalf("%s: error %v into a bytes.Buffer, %v into an io.Writer", name, err, plainErr)
	}
	if diff := cmp.Diff(direct.String(), plain.String()); diff != "" {
		t.Fatalf("%s into an io.Writer differs from into a bytes.Buffer (-buffer +writer):\n%s", name, diff)
	}
	if err != nil && direct.Len() > 0 {
		t.Fatalf("%s: wrote %d bytes despite %v", name, direct.Len(), err)
	}
	return direct.String(), err
}

// checkWriters holds the writers to the references: the text (and HTML)
// parts are refQP's (fromSafe), and the mbox record is refMbox of the
// eml. Both give the same error for an invalid message.
func checkWriters(t *testing.T, m *Message) {
	t.Helper()
	eml, err := write(t, "eml", WriteEML, m)
	mbox, mboxErr := write(t, "mbox", WriteMbox, m)
	if fmt.Sprint(err) != fmt.Sprint(mboxErr) {
		t.Fatalf("eml error %v, mbox error %v", err, mboxErr)
	}
	if err != nil {
		return
	}
	// A part's body follows its header's blank line and, in a multipart,
	// comes before a boundary line.
	single := len(m.Attachments) == 0 && m.HTML == ""
	parts := []string{"\r\n\r\n" + refQP(m.Body, true)}
	if m.HTML != "" {
		parts = append(parts, "\r\n\r\n"+refQP(m.HTML, true))
	}
	for _, part := range parts {
		if single && !strings.HasSuffix(eml, part) || !single && !strings.Contains(eml, part+"\r\n--=_") {
			t.Fatalf("eml has no part %q:\n%s", part, eml)
		}
	}
	if diff := cmp.Diff(refMbox(m, eml), mbox); diff != "" {
		t.Fatalf("mbox is not the eml in mboxrd (-want +got):\n%s", diff)
	}
}

func TestWritersOnTheTestMessages(t *testing.T) {
	msgs := mboxMessages()
	msgs = append(msgs,
		&Message{Subject: bgSubject200, Body: "", Date: fixedDate, MessageID: "<e@example.com>",
			From: addr("Иван Петров", "ivan@example.com"), ReplyTo: []*mail.Address{addr("", "r@example.com")},
			To: []*mail.Address{addr("A", "a@example.com"), addr("B", "b@example.com")},
			Cc: []*mail.Address{addr("", "c@example.com")}, Bcc: []*mail.Address{addr("", "d@example.com")}},
		&Message{Subject: "Фактура", Body: "From the invoice:\n", Date: fixedDate, MessageID: "<att@example.com>",
			Attachments: []Attachment{
				{Filename: "фактура-1042.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n")},
				{Filename: "a very long file name that does not fit on one header line at all.txt", Data: bytes.Repeat([]byte{0, 1, 2}, 100)},
				{ContentType: "application/json"},
			}},
		&Message{Subject: "derived id", Body: "Hi.\n", Date: fixedDate, From: addr("", "a@example.org")},
		// Invalid messages: the same error, and nothing written.
		nil,
		&Message{Subject: "no date", Body: "x\n"},
		&Message{Subject: "Hi\r\nBcc: evil@example.com", Body: "x\n", Date: fixedDate},
		&Message{Subject: "bad type", Body: "x\n", Date: fixedDate, Attachments: []Attachment{{ContentType: "not a type"}}},
	)
	for _, m := range alternativeMessages() {
		withHTML := *m
		withHTML.HTML = HTMLDocument("bg", m.Subject, TextToHTML(m.Body))
		msgs = append(msgs, &withHTML)
	}
	for _, m := range msgs {
		checkWriters(t, m)
	}
}

// bodyPieces are what makes quoted-printable and mbox quoting hard: lines
// that look like separators, blanks at line ends, CRs, "=", non-ASCII text
// and text long enough for soft line breaks, which can put "From " at the
// start of an encoded line.
var bodyPieces = []string{
	"From ", ">From ", ">>From ", "From", "F", ">", " ", "\t", "\r", "=", "\n", "\n", "\n",
	"Здравейте, Иван", "Мария", "refund", "x", "From me\n", strings.Repeat("a", 70), strings.Repeat("é", 30),
}

func randomBody(r *rand.Rand) string {
	var b strings.Builder
	for range r.IntN(40) {
		b.WriteString(bodyPieces[r.IntN(len(bodyPieces))])
	}
	return b.String()
}

// TestWritersOnRandomBodies is the differential test: thousands of bodies
// built from bodyPieces, the same on every run, as plain text, with an
// attachment, and as the text and HTML parts of an alternative.
func TestWritersOnRandomBodies(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	for range 2000 { // FuzzWriters explores further
		m := &Message{Subject: "Random", Body: randomBody(r), Date: fixedDate, MessageID: "<r@example.com>"}
		if r.IntN(2) == 0 {
			m.From = addr("Мария", "maria@example.com")
		}
		switch r.IntN(4) {
		case 0:
			m.Attachments = []Attachment{{Filename: "a.txt", Data: []byte("a\n")}}
		case 1:
			m.HTML = randomBody(r)
		}
		checkWriters(t, m)
	}
	// Every soft-break position of "From ", "=", a blank at the end of a
	// line and a multi-byte character: a long line pushes each along.
	for n := range 160 {
		for _, tail := range []string{"From here and =there\n", " \n", "\t", "x \t\n", "é\n", "==\r\n"} {
			body := strings.Repeat("x", n) + tail
			checkWriters(t, &Message{Subject: "Soft", Body: body, Date: fixedDate, MessageID: "<s@example.com>"})
			checkWriters(t, &Message{Subject: "Soft", Body: body, HTML: body, Date: fixedDate, MessageID: "<s@example.com>"})
		}
	}
}

// TestQPModelIsStdlib holds qpModel, the reference of the fromSafe
// encoder, to mime/quotedprintable on the differential test's bodies and
// on every soft-break position.
func TestQPModelIsStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	bodies := []string{}
	for range 2000 {
		bodies = append(bodies, randomBody(r))
	}
	for n := range 160 {
		for _, tail := range []string{"From here and =there\n", " \n", "\t", "x \t\n", "é\n", "==\r\n"} {
			bodies = append(bodies, strings.Repeat("x", n)+tail)
		}
	}
	for _, body := range bodies {
		if diff := cmp.Diff(stdlibQP(body), refQP(body, false)); diff != "" {
			t.Fatalf("qpModel(%q) differs from mime/quotedprintable (-stdlib +model):\n%s", body, diff)
		}
	}
}

func FuzzWriters(f *testing.F) {
	f.Add("Subject", "From here\n>From there\n")
	f.Add("Тема", strings.Repeat("x", 75)+"From \r\n \t\n")
	f.Fuzz(func(t *testing.T, subject, body string) {
		checkWriters(t, &Message{Subject: subject, Body: body, Date: fixedDate, MessageID: "<f@example.com>",
			From: addr("Иван", "ivan@example.com")})
		checkWriters(t, &Message{Subject: subject, Body: body, HTML: body, Date: fixedDate, MessageID: "<f@example.com>"})
	})
}

// benchMessage is bench/testdata/bench-email.yaml rendered for a Cyrillic
// name, as `templ render --data customers.csv -f mbox` writes each record.
func benchMessage() *Message {
	body := "Hi Мария,\n\nThank you for writing to us about A-0000042. We have approved your refund for Acme Cloud, " +
		"and the money is on its way back to the card you paid with.\n\n" +
		"Here is what happens next. Your bank usually shows the refund within five to ten working days; some banks " +
		"take a little longer at the end of the month. You do not need to send anything back, and you do not need " +
		"to do anything else for A-0000042.\n\n" +
		"Access to Acme Cloud stays open until the end of the current billing period, so you can still export your " +
		"data or finish any work in progress. After that, the account moves to the free plan and nothing more will " +
		"be charged.\n\n" +
		"If the refund has not arrived after ten working days, reply to this email and mention A-0000042; we will " +
		"chase it with the payment provider for you.\n\n" +
		"We are sorry that Acme Cloud did not work out for you, Мария. If you have a minute, tell us what we could " +
		"have done better; every reply is read by a person on the Acme team.\n\nKind regards,\nThe Acme team\n"
	return &Message{Subject: "Your refund for Acme Cloud is approved", Body: body, Date: fixedDate,
		MessageID: NewMessageID([]byte(body), DefaultMessageIDDomain)}
}

func TestBenchMessageWriters(t *testing.T) { checkWriters(t, benchMessage()) }

// BenchmarkWriteMbox is the cost of one record of a batch to an mbox: the
// message written into the batch's reused record buffer.
func BenchmarkWriteMbox(b *testing.B) {
	m := benchMessage()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteMbox(&buf, m); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkWriteEML(b *testing.B) {
	m := benchMessage()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteEML(&buf, m); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
