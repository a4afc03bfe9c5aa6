package email

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/mail"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oldWriteEML is WriteEML before it streamed.
func oldWriteEML(w io.Writer, m *Message) error {
	var buf bytes.Buffer
	if err := oldRenderEML(&buf, m); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// onlyWriter hides a *bytes.Buffer, so the writers take their pooled path.
type onlyWriter struct{ w io.Writer }

func (o onlyWriter) Write(p []byte) (int, error) { return o.w.Write(p) }

// checkSameAsOld writes m with the old and the new writers, into a
// *bytes.Buffer (written into directly) and into a plain io.Writer, and wants
// the same bytes and the same error from all of them.
func checkSameAsOld(t *testing.T, m *Message) {
	t.Helper()
	for _, f := range []struct {
		name     string
		old, new func(io.Writer, *Message) error
	}{{"eml", oldWriteEML, WriteEML}, {"mbox", oldWriteMbox, WriteMbox}} {
		var want, direct, plain bytes.Buffer
		wantErr := f.old(&want, m)
		directErr := f.new(&direct, m)
		plainErr := f.new(onlyWriter{&plain}, m)
		errText := func(err error) string {
			if err == nil {
				return ""
			}
			return err.Error()
		}
		if errText(directErr) != errText(wantErr) || errText(plainErr) != errText(wantErr) {
			t.Fatalf("%s: errors %v and %v, the old writer's %v", f.name, directErr, plainErr, wantErr)
		}
		if diff := cmp.Diff(want.String(), direct.String()); diff != "" {
			t.Fatalf("%s into a bytes.Buffer differs from the old writer (-old +new):\n%s", f.name, diff)
		}
		if diff := cmp.Diff(want.String(), plain.String()); diff != "" {
			t.Fatalf("%s into an io.Writer differs from the old writer (-old +new):\n%s", f.name, diff)
		}
	}
}

func TestWritersMatchOldOnTheTestMessages(t *testing.T) {
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
	for _, m := range msgs {
		checkSameAsOld(t, m)
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

// TestWritersMatchOldOnRandomBodies is the differential test: thousands of
// bodies built from bodyPieces, the same on every run.
func TestWritersMatchOldOnRandomBodies(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 2026))
	for range 5000 {
		m := &Message{Subject: "Random", Body: randomBody(r), Date: fixedDate, MessageID: "<r@example.com>"}
		if r.IntN(2) == 0 {
			m.From = addr("Мария", "maria@example.com")
		}
		checkSameAsOld(t, m)
	}
	// Every soft-break position of "From ", "=", a blank at the end of a
	// line and a multi-byte character: a long line pushes each along.
	for n := range 160 {
		for _, tail := range []string{"From here and =there\n", " \n", "\t", "x \t\n", "é\n", "==\r\n"} {
			checkSameAsOld(t, &Message{Subject: "Soft", Body: strings.Repeat("x", n) + tail,
				Date: fixedDate, MessageID: "<s@example.com>"})
		}
	}
}

func FuzzWritersMatchOld(f *testing.F) {
	f.Add("Subject", "From here\n>From there\n")
	f.Add("Тема", strings.Repeat("x", 75)+"From \r\n \t\n")
	f.Fuzz(func(t *testing.T, subject, body string) {
		checkSameAsOld(t, &Message{Subject: subject, Body: body, Date: fixedDate, MessageID: "<f@example.com>",
			From: addr("Иван", "ivan@example.com")})
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

func TestBenchMessageMatchesOld(t *testing.T) { checkSameAsOld(t, benchMessage()) }

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

// BenchmarkWriteMboxOld is the writer before it streamed, to compare with.
func BenchmarkWriteMboxOld(b *testing.B) {
	m := benchMessage()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := oldWriteMbox(&buf, m); err != nil {
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
