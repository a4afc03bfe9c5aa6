package email

import (
	"bytes"
	"flag"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var fixedDate = time.Date(2026, time.November, 23, 10, 0, 0, 0, time.FixedZone("EET", 2*60*60))

const bgSubject200 = "Относно вашата заявка за възстановяване на сумата по поръчка номер 1042: " +
	"след проверка установихме, че продуктът е бил използван, затова за съжаление не можем да " +
	"възстановим пълната сума, а само част от нея"

func TestBgSubject200IsLong(t *testing.T) {
	if n := len([]rune(bgSubject200)); n < 200 {
		t.Fatalf("bgSubject200 has %d characters, want at least 200", n)
	}
}

func addr(name, address string) *mail.Address { return &mail.Address{Name: name, Address: address} }

func TestWriteEMLRoundTrip(t *testing.T) {
	manyTo := make([]*mail.Address, 0, 12)
	for _, n := range []string{"Ана", "Борис", "Виктор", "Гергана", "Димитър", "Елена", "Жоро", "Зорница", "Иван", "Йордан", "Калина", "Любомир"} {
		manyTo = append(manyTo, addr(n+" Петрова-Иванова", "user"+string(rune('a'+len(manyTo)))+"@example.com"))
	}
	tests := []struct {
		name string
		m    Message
	}{
		{"english", Message{
			Subject: "Your refund for order 1042",
			Body:    "Hello Ivan,\n\nYour refund of $25.00 is on its way.\n\nBest regards,\nMaria\n",
			From:    addr("Acme Support", "support@example.com"),
			To:      []*mail.Address{addr("", "ivan@example.com")},
		}},
		{"bulgarian with every address header", Message{
			Subject: "Възстановяване на сума по поръчка 1042",
			Body:    "Здравейте, Иван,\n\nСумата от 25,00 лв. ще бъде възстановена до 5 работни дни.\n\nПоздрави,\nМария\n",
			From:    addr("Мария Иванова", "maria@example.com"),
			ReplyTo: []*mail.Address{addr("Обслужване на клиенти", "help@example.com")},
			To:      []*mail.Address{addr("Иван Петров", "ivan@example.com"), addr("", "b@example.com")},
			Cc:      []*mail.Address{addr("Acme, Sales Dept.", "sales@example.com")},
			Bcc:     []*mail.Address{addr("", "archive@example.com")},
		}},
		{"200-character Bulgarian subject", Message{Subject: bgSubject200, Body: "Текст.\n"}},
		{"long ASCII subject", Message{
			Subject: "Your request to cancel the annual subscription has been received and will be processed " +
				"within five business days; you keep access until the end of the paid period",
			Body: "Hi.\n",
		}},
		{"ASCII subject with a word longer than a line", Message{Subject: "Order " + strings.Repeat("x", 100), Body: "Hi.\n"}},
		{"subject that only looks encoded", Message{Subject: "Re: =?UTF-8?q?hello?= and more", Body: "Hi.\n"}},
		{"subject with blanks at the ends and doubled", Message{Subject: "  two  spaces\tand a tab ", Body: "Hi.\n"}},
		{"subject mixing ASCII and Cyrillic", Message{
			Subject: "Order #1042 / Поръчка №1042 — refund approved, възстановяване одобрено, thank you",
			Body:    "Hi.\n",
		}},
		{"300-character body lines", Message{
			Subject: "Long lines",
			Body:    strings.Repeat("abcdefghij ", 30) + "\n" + strings.Repeat("йцукенгшщз ", 30) + "\n",
		}},
		{"trailing spaces and tabs", Message{
			Subject: "Trailing blanks",
			Body:    "space at end \ntab at end\t\n  \n\t\nlast line  \n",
		}},
		{"From lines", Message{Subject: "From lines", Body: "From here\n>From there\nFrom\n"}},
		{"equals signs and non-ASCII", Message{
			Subject: "a=b",
			Body:    "a=b\nцена = 10 лв.\n=3D is not decoded twice\n==\n€ ✓ 🙂\n",
		}},
		{"no final newline", Message{Subject: "No newline", Body: "first\nlast line without newline"}},
		{"no final newline, trailing space", Message{Subject: "No newline", Body: "ends in a space "}},
		{"empty body and subject", Message{}},
		{"body with a CR", Message{Subject: "CR", Body: "a\rb\r\nc\n"}},
		{"dot lines", Message{Subject: "Dots", Body: ".\n..\n. text\n"}},
		{"many recipients", Message{Subject: "Many", Body: "Hi all.\n", To: manyTo}},
		{"long quoted display name", Message{
			Subject: "Long name",
			Body:    "Hi.\n",
			From:    addr("The Customer Care Team of Acme Widgets International (Europe, Middle East and Africa)", "care@example.com"),
			To:      []*mail.Address{addr(strings.Repeat("Иван ", 20)+"Петров", "ivan@example.com")},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.m
			m.Date, m.MessageID = fixedDate, "<abc@example.com>"
			var buf bytes.Buffer
			if err := WriteEML(&buf, &m); err != nil {
				t.Fatal(err)
			}
			if problems := lineLengthProblems(buf.Bytes()); len(problems) > 0 {
				t.Errorf("line problems:\n%s\n\nmessage:\n%s", strings.Join(problems, "\n"), buf.String())
			}
			got, err := parseEML(buf.Bytes())
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, buf.String())
			}
			want := &parsed{Subject: m.Subject, Body: m.Body, From: m.From, To: m.To, Cc: m.Cc, Bcc: m.Bcc, ReplyTo: m.ReplyTo}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s\nmessage:\n%s", diff, buf.String())
			}
		})
	}
}

func TestWriteEMLAttachmentsRoundTrip(t *testing.T) {
	binary := make([]byte, 3*256)
	for i := range binary {
		binary[i] = byte(i)
	}
	m := Message{
		Subject:   "Фактура 1042",
		Body:      "Здравейте,\n\nприлагаме фактурата.\n",
		From:      addr("Мария", "maria@example.com"),
		To:        []*mail.Address{addr("", "ivan@example.com")},
		Date:      fixedDate,
		MessageID: "<att@example.com>",
		Attachments: []Attachment{
			{Filename: "фактура-1042.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n")},
			{Filename: "bytes.bin", Data: binary},
			{Filename: "a very long file name that does not fit on one header line at all.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("text\n")},
			{Filename: "дълго име на файл, което не се побира на един ред в заглавката.txt", ContentType: "text/plain", Data: []byte("текст\n")},
			{Filename: "", ContentType: "application/json", Data: nil},
		},
	}
	var buf bytes.Buffer
	if err := WriteEML(&buf, &m); err != nil {
		t.Fatal(err)
	}
	if problems := lineLengthProblems(buf.Bytes()); len(problems) > 0 {
		t.Errorf("line problems:\n%s\n\nmessage:\n%s", strings.Join(problems, "\n"), buf.String())
	}
	got, err := parseEML(buf.Bytes())
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, buf.String())
	}
	want := &parsed{
		Subject: m.Subject, Body: m.Body, From: m.From, To: m.To,
		Attachments: []Attachment{
			{Filename: "фактура-1042.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\n")},
			{Filename: "bytes.bin", ContentType: "application/octet-stream", Data: binary},
			{Filename: "a very long file name that does not fit on one header line at all.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("text\n")},
			{Filename: "дълго име на файл, което не се побира на един ред в заглавката.txt", ContentType: "text/plain", Data: []byte("текст\n")},
			{Filename: "", ContentType: "application/json", Data: []byte{}},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\nmessage:\n%s", diff, buf.String())
	}
}

// TestWriteEMLGolden pins every byte of two complete messages. Run
// `go test ./pkg/email -run Golden -update` to rewrite them after an
// intended change, and review the diff.
func TestWriteEMLGolden(t *testing.T) {
	tests := []struct {
		file string
		m    Message
	}{
		{"bulgarian.eml", Message{
			Subject:   "Отказ за възстановяване на сума по поръчка 1042 — продуктът е бил използван",
			Body:      "Здравейте, Иван,\n\nБлагодарим ви, че се свързахте с нас.\nЦена = 25,00 лв. \nFrom here on, нищо.\n\nПоздрави,\nМария\n",
			From:      addr("Мария Иванова", "maria@example.com"),
			To:        []*mail.Address{addr("Иван Петров", "ivan@example.com"), addr("", "orders@example.com")},
			Date:      fixedDate,
			MessageID: "<0123456789abcdef@example.com>",
		}},
		{"attachment.eml", Message{
			Subject:     "Your invoice",
			Body:        "Hello,\n\nthe invoice is attached.\n",
			From:        addr("Acme Billing", "billing@example.com"),
			To:          []*mail.Address{addr("", "ivan@example.com")},
			Date:        fixedDate,
			MessageID:   "<invoice-1042@example.com>",
			Attachments: []Attachment{{Filename: "фактура.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("Фактура 1042\n")}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteEML(&buf, &tc.m); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tc.file, buf.Bytes())
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

func TestSubjectHeader(t *testing.T) {
	tests := []struct{ subject, want string }{
		{"", "Subject:\r\n"},
		{"Short subject", "Subject: Short subject\r\n"},
		{
			"Your request to cancel the annual subscription has been received and will be processed soon",
			"Subject: Your request to cancel the annual subscription has been received and\r\n will be processed soon\r\n",
		},
		{"Здравейте", "Subject: =?UTF-8?b?0JfQtNGA0LDQstC10LnRgtC1?=\r\n"},
		// The plain word is encoded too: it sits between encoded-words.
		{" x", "Subject: =?UTF-8?b?IHg=?=\r\n"},
		{
			"Възстановяване на сума по поръчка 1042",
			"Subject: =?UTF-8?b?0JLRitC30YHRgtCw0L3QvtCy0Y/QstCw0L3QtSDQvdCwINGB0YPQvNCw?=\r\n =?UTF-8?b?INC/0L4g0L/QvtGA0YrRh9C60LAgMTA0Mg==?=\r\n",
		},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, subjectHeader(tc.subject)); diff != "" {
			t.Errorf("subjectHeader(%q) (-want +got):\n%s", tc.subject, diff)
		}
	}
}

func TestAddressHeaderFoldsAfterCommas(t *testing.T) {
	list := []*mail.Address{
		addr("Ivan Petrov", "ivan.petrov@example.com"),
		addr("Maria Ivanova", "maria.ivanova@example.com"),
		addr("", "orders@example.com"),
	}
	got, err := addressHeader("To", list)
	if err != nil {
		t.Fatal(err)
	}
	want := "To: \"Ivan Petrov\" <ivan.petrov@example.com>, \"Maria Ivanova\"\r\n <maria.ivanova@example.com>, <orders@example.com>\r\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWriteEMLRefusesBadMessages(t *testing.T) {
	valid := func() Message {
		return Message{Subject: "Hi", Body: "Hi.\n", Date: fixedDate, MessageID: "<a@example.com>"}
	}
	tests := []struct {
		name    string
		change  func(*Message)
		wantErr string
	}{
		{"line break in subject", func(m *Message) { m.Subject = "Hi\r\nBcc: evil@example.com" },
			`subject: line break in "Hi\r\nBcc: evil@example.com"; a header value must be on one line`},
		{"line break in an address", func(m *Message) { m.To = []*mail.Address{addr("", "a@example.com\nBcc: evil@example.com")} },
			`To: line break in address "a@example.com\nBcc: evil@example.com"; an address must be on one line`},
		{"international domain not normalised", func(m *Message) { m.Cc = []*mail.Address{addr("", "иван@пример.бг")} },
			`Cc: address "иван@пример.бг": an international domain goes into a header in its ASCII form; write "иван@xn--e1afmkfd.xn--90ae"`},
		{"nil address", func(m *Message) { m.Bcc = []*mail.Address{nil} }, "Bcc: empty address"},
		{"no date", func(m *Message) { m.Date = time.Time{} }, "email: message has no date; set Message.Date"},
		{"bad Message-ID", func(m *Message) { m.MessageID = "<a@example.com>\r\nX: y" },
			`email: Message-ID "<a@example.com>\r\nX: y" is not of the form <id@domain>; use NewMessageID`},
		{"bad attachment type", func(m *Message) { m.Attachments = []Attachment{{Filename: "a.bin", ContentType: "not a type"}} },
			`email: attachment "a.bin": content type "not a type": mime: expected slash after first token`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := valid()
			tc.change(&m)
			var buf bytes.Buffer
			err := WriteEML(&buf, &m)
			if err == nil {
				t.Fatalf("no error; wrote:\n%s", buf.String())
			}
			if diff := cmp.Diff(tc.wantErr, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", buf.Len())
			}
		})
	}
}

func TestWriteEMLDerivesMissingMessageID(t *testing.T) {
	m := Message{Subject: "Hi", Body: "Hi.\n", Date: fixedDate, From: addr("", "a@example.org")}
	var buf bytes.Buffer
	if err := WriteEML(&buf, &m); err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := NewMessageID([]byte("Hi\x00Hi.\n"), "example.org")
	if diff := cmp.Diff(want, msg.Header.Get("Message-ID")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
