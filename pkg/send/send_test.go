package send

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/mail"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
	"github.com/templ-mail/templ/pkg/email"
)

// testMessages renders n emails with the eml writer, as templ does: record
// i goes to user<i>@example.com, every third one with a Cc and a Bcc too.
func testMessages(t *testing.T, n int) []Message {
	t.Helper()
	var out []Message
	for i := 1; i <= n; i++ {
		m := &email.Message{
			Subject: fmt.Sprintf("Заявка %d", i),
			Body:    fmt.Sprintf("Здравейте, Customer %d,\n\n.a line starting with a dot\n", i),
			From:    &mail.Address{Name: "Support", Address: "support@example.com"},
			To:      []*mail.Address{{Name: fmt.Sprintf("Customer %d", i), Address: fmt.Sprintf("user%d@example.com", i)}},
			Date:    time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
		}
		m.MessageID = email.RecordMessageID("refund-reject", i, m)
		if i%3 == 0 {
			m.Cc = []*mail.Address{{Address: "cc@example.com"}}
			m.Bcc = []*mail.Address{{Address: "audit@example.com"}}
		}
		var buf bytes.Buffer
		if err := email.WriteEML(&buf, m); err != nil {
			t.Fatal(err)
		}
		msg, err := NewMessage(i, i+1, buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, msg)
	}
	return out
}

// run sends msgs and returns the summary, the error and the log's results.
func run(t *testing.T, ctx context.Context, opts Options, msgs []Message) (Summary, error, []Result) {
	t.Helper()
	var log bytes.Buffer
	opts.Log = &log
	s, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := s.Send(m); err != nil {
			break
		}
	}
	sum, err := s.Close()
	return sum, err, parseLog(t, log.Bytes())
}

func parseLog(t *testing.T, data []byte) []Result {
	t.Helper()
	var out []Result
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out = append(out, r)
	}
	return out
}

// checkDelivered asserts that the server holds exactly one copy of every
// message of msgs except those numbered in failed, byte for byte as
// NewMessage prepared it, with its envelope.
func checkDelivered(t *testing.T, ts *testServer, msgs []Message, failed ...int) {
	t.Helper()
	got := map[string]delivery{}
	for _, d := range ts.deliveries() {
		id := d.MessageID()
		if _, dup := got[id]; dup {
			t.Errorf("%s delivered twice", id)
		}
		got[id] = d
		if !d.TLS {
			t.Errorf("%s delivered without TLS", id)
		}
	}
	for _, m := range msgs {
		d, ok := got[m.MessageID]
		delete(got, m.MessageID)
		if slices.Contains(failed, m.Record) {
			if ok {
				t.Errorf("record %d delivered; want it refused", m.Record)
			}
			continue
		}
		if !ok {
			t.Errorf("record %d (%s) not delivered", m.Record, m.MessageID)
			continue
		}
		if !bytes.Equal(d.Data, m.Data) {
			t.Errorf("record %d: delivered bytes differ (-want +got):\n%s", m.Record, cmp.Diff(string(m.Data), string(d.Data)))
		}
		if d.From != m.From || !slices.Equal(d.Recipients, m.Recipients) {
			t.Errorf("record %d: envelope %s -> %v, want %s -> %v", m.Record, d.From, d.Recipients, m.From, m.Recipients)
		}
	}
	for id := range got {
		t.Errorf("%s delivered but not sent", id)
	}
}

// checkLog asserts the log holds one line per record of msgs with the
// status wanted (sent unless listed in failed).
func checkLog(t *testing.T, results []Result, msgs []Message, failed ...int) {
	t.Helper()
	byRecord := map[int]Result{}
	for _, r := range results {
		if _, dup := byRecord[r.Record]; dup {
			t.Errorf("record %d logged twice", r.Record)
		}
		byRecord[r.Record] = r
	}
	if len(byRecord) != len(msgs) {
		t.Errorf("log has %d records, want %d", len(byRecord), len(msgs))
	}
	for _, m := range msgs {
		r := byRecord[m.Record]
		want := StatusSent
		if slices.Contains(failed, m.Record) {
			want = StatusFailed
		}
		if r.Status != want || r.MessageID != m.MessageID || r.Line != m.Line || !slices.Equal(r.Recipients, m.Recipients) {
			t.Errorf("record %d logged as %+v; want status %s, id %s, line %d", m.Record, r, want, m.MessageID, m.Line)
		}
		if want == StatusSent && !strings.HasPrefix(r.Reply, "250") {
			t.Errorf("record %d: reply %q, want the server's 250", m.Record, r.Reply)
		}
	}
}

func TestSendOverSTARTTLSWithAuth(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 7)
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil {
		t.Fatal(err)
	}
	if sum != (Summary{Sent: 7}) {
		t.Errorf("summary %+v, want 7 sent", sum)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	if ts.sessions != 1 {
		t.Errorf("%d sessions, want 1 for one connection", ts.sessions)
	}
	// The Bcc recipient gets the message but nobody sees the field.
	d := ts.deliveries()[2]
	if !slices.Contains(d.Recipients, "audit@example.com") || bytes.Contains(d.Data, []byte("audit@")) {
		t.Errorf("record 3: envelope %v, data holds the Bcc: %v", d.Recipients, bytes.Contains(d.Data, []byte("audit@")))
	}
}

func TestSendConnections(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 40)
	opts := ts.options(t)
	opts.Connections = 4
	// Slow the server a little so the four connections overlap.
	ts.data = func(int, net.Conn, delivery) error { time.Sleep(5 * time.Millisecond); return nil }
	sum, err, results := run(t, context.Background(), opts, msgs)
	if err != nil || sum.Sent != 40 {
		t.Fatalf("sent %d, err %v", sum.Sent, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	if ts.sessions != 4 || ts.maxActive != 4 {
		t.Errorf("%d sessions, %d at once; want 4 and 4", ts.sessions, ts.maxActive)
	}
}

func TestSend421MidBatch(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 6)
	ts.data = func(n int, _ net.Conn, _ delivery) error {
		if n == 3 {
			return &smtpError421
		}
		return nil
	}
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 6}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	if r := results[2]; r.Record != 3 || r.Attempts != 2 {
		t.Errorf("record 3 logged as %+v; want 2 attempts", r)
	}
	if ts.sessions != 2 {
		t.Errorf("%d sessions; want a second one after the 421", ts.sessions)
	}
}

func TestSendConnectionDroppedAfterData(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 6)
	ts.data = func(n int, c net.Conn, _ delivery) error {
		if n == 4 {
			c.Close() // after the data, before the reply: not accepted
			return errDropped
		}
		return nil
	}
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 6}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	if r := results[3]; r.Record != 4 || r.Attempts != 2 {
		t.Errorf("record 4 logged as %+v; want 2 attempts", r)
	}
}

func TestSend451Then250(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 5)
	ts.data = func(n int, _ net.Conn, _ delivery) error {
		if n == 2 {
			return &smtpError451
		}
		return nil
	}
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 5}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	if ts.sessions != 1 {
		t.Errorf("%d sessions; a 451 keeps the connection", ts.sessions)
	}
}

func TestSendTemporaryFailureGivesUp(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 3)
	ts.data = func(n int, _ net.Conn, d delivery) error {
		if slices.Contains(d.Recipients, "user2@example.com") {
			return &smtpError451
		}
		return nil
	}
	opts := ts.options(t)
	opts.Attempts = 3
	sum, err, results := run(t, context.Background(), opts, msgs)
	if err != nil || sum != (Summary{Sent: 2, Failed: 1}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs, 2)
	checkLog(t, results, msgs, 2)
	want := "451 4.3.0 Try again later (temporary; gave up after 3 attempts)"
	if r := results[1]; r.Reply != want || r.Attempts != 3 {
		t.Errorf("record 2 logged as %+v; want reply %q", r, want)
	}
}

func TestSend550ForOneRecipient(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 6)
	ccs := 0
	ts.rcpt = func(to string) error {
		if to == "cc@example.com" {
			if ccs++; ccs == 1 { // record 3's Cc; record 6 has one too
				return &smtpError550
			}
		}
		return nil
	}
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 5, Failed: 1}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs, 3)
	checkLog(t, results, msgs, 3)
	if r := results[2]; r.Reply != "550 5.1.1 No such user" || r.Attempts != 1 {
		t.Errorf("record 3 logged as %+v; want one attempt and the 550", r)
	}
}

func TestSendInterruptThenResume(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 10)
	ctx, cancel := context.WithCancel(context.Background())
	ts.data = func(n int, _ net.Conn, _ delivery) error {
		if n == 4 {
			cancel() // as SIGINT would, while message 4 is on the wire
		}
		return nil
	}
	sum, err, results := run(t, ctx, ts.options(t), msgs)
	if err != context.Canceled {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if sum.Sent != 4 || len(results) != 4 || len(ts.deliveries()) != 4 {
		t.Fatalf("interrupted run: summary %+v, %d logged, %d delivered; want 4 each (the one on the wire finishes)", sum, len(results), len(ts.deliveries()))
	}

	var log bytes.Buffer
	for _, r := range results {
		line, _ := json.Marshal(r)
		log.Write(append(line, '\n'))
	}
	log.WriteString(`{"record":9,"status":"se`) // a line torn by a crash
	resume, err := ReadLog(&log, "run.log")
	if err != nil {
		t.Fatal(err)
	}
	ts.data = nil
	var rest []Message
	for _, m := range msgs {
		if _, ok := resume.Sent(m.Record); !ok {
			rest = append(rest, m)
		}
	}
	sum, err, results2 := run(t, context.Background(), ts.options(t), rest)
	if err != nil || sum.Sent != 6 {
		t.Fatalf("resumed run: summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, append(results, results2...), msgs)
}

func TestSendWrongPasswordStops(t *testing.T) {
	ts := startServer(t)
	opts := ts.options(t)
	opts.Password = NewSecret("wrong-" + testPassword)
	sum, err, results := run(t, context.Background(), opts, testMessages(t, 5))
	if want := "SMTP AUTH failed: 535 5.7.8 Authentication failed"; err == nil || err.Error() != want {
		t.Fatalf("err %v; want %s", err, want)
	}
	if sum != (Summary{}) || len(results) != 0 || ts.authFails != 1 {
		t.Errorf("summary %+v, %d logged, %d logins tried; want nothing sent, one try", sum, len(results), ts.authFails)
	}
	checkNoPassword(t, err.Error())
}

func TestSendRefusesServerWithoutSTARTTLS(t *testing.T) {
	ts := startServer(t)
	opts := ts.options(t)
	opts.TLSConfig = nil // the system roots do not trust the test's certificate
	_, err, _ := run(t, context.Background(), opts, testMessages(t, 2))
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err %v; want a certificate error", err)
	}
	if len(ts.deliveries()) != 0 {
		t.Error("delivered over an unverified connection")
	}
}

var (
	smtpError421 = smtpErr(421, "4.4.2 Closing connection")
	smtpError451 = smtpErr(451, "4.3.0 Try again later")
	smtpError550 = smtpErr(550, "5.1.1 No such user")
)

// TestSendSMTPUTF8Refused: a non-ASCII local part needs SMTPUTF8; a server
// without it fails that record alone, before MAIL.
func TestSendSMTPUTF8Refused(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 3)
	raw := "From: support@example.com\r\nTo: иван@example.com\r\nMessage-ID: <utf8@example.com>\r\nSubject: x\r\n\r\nbody\r\n"
	utf8, err := NewMessage(2, 3, []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	msgs[1] = utf8
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 2, Failed: 1}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	want := "the server does not offer SMTPUTF8, which a non-ASCII address needs"
	if r := results[1]; r.Record != 2 || r.Status != StatusFailed || r.Reply != want {
		t.Errorf("record 2 logged as %+v; want failed: %s", r, want)
	}
	checkDelivered(t, ts, msgs, 2)
}

func TestProbe(t *testing.T) {
	ts := startServer(t)
	if err := Probe(context.Background(), ts.options(t)); err != nil {
		t.Errorf("probe with the right password: %v", err)
	}
	opts := ts.options(t)
	opts.Password = NewSecret("nope")
	err := Probe(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("probe with a wrong password: %v; want the 535", err)
	}
	if ts.sessions != 1 || ts.authFails != 1 || len(ts.deliveries()) != 0 {
		t.Errorf("%d logins, %d refused, %d delivered; want 1, 1, 0", ts.sessions, ts.authFails, len(ts.deliveries()))
	}
}

func TestSendImplicitTLS(t *testing.T) {
	ts := startServerMode(t, true)
	msgs := testMessages(t, 2)
	opts := ts.options(t)
	opts.Server.TLS = TLSImplicit
	sum, err, results := run(t, context.Background(), opts, msgs)
	if err != nil || sum.Sent != 2 {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
}

func TestSendOne(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 2)
	ts.rcpt = func(to string) error {
		if to == "user2@example.com" {
			return &smtpError550
		}
		return nil
	}
	r, err := SendOne(context.Background(), ts.options(t), msgs[0])
	if err != nil || r.Status != StatusSent || !strings.HasPrefix(r.Reply, "250") {
		t.Errorf("record 1: %+v, %v; want sent", r, err)
	}
	r, err = SendOne(context.Background(), ts.options(t), msgs[1])
	if err != nil || r.Status != StatusFailed || r.Reply != "550 5.1.1 No such user" {
		t.Errorf("record 2: %+v, %v; want failed with the 550", r, err)
	}
	checkDelivered(t, ts, msgs, 2)
}

// TestSendSMTPUTF8: a server that offers SMTPUTF8 takes a message whose
// addresses have non-ASCII local parts (RFC 6532), and is told so on MAIL
// FROM. The domains go out as templ writes them: punycode.
func TestSendSMTPUTF8(t *testing.T) {
	ts := startServerWith(t, false, func(s *smtp.Server) { s.EnableSMTPUTF8 = true })
	msgs := testMessages(t, 3)
	from, err := email.NormalizeAddress("müller@bücher.de")
	if err != nil {
		t.Fatal(err)
	}
	to, err := email.NormalizeAddress("иван@пример.бг")
	if err != nil {
		t.Fatal(err)
	}
	if from != "müller@xn--bcher-kva.de" || to != "иван@xn--e1afmkfd.xn--90ae" {
		t.Fatalf("normalized to %s and %s", from, to)
	}
	m := &email.Message{
		Subject: "Заявка", Body: "Здравейте, Иван,\n",
		From: &mail.Address{Name: "Müller", Address: from},
		To:   []*mail.Address{{Name: "Иван", Address: to}},
		Date: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC),
	}
	m.MessageID = email.RecordMessageID("refund-reject", 2, m)
	var buf bytes.Buffer
	if err := email.WriteEML(&buf, m); err != nil {
		t.Fatal(err)
	}
	if msgs[1], err = NewMessage(2, 3, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if msgs[1].From != from || !slices.Equal(msgs[1].Recipients, []string{to}) {
		t.Fatalf("envelope %s -> %v", msgs[1].From, msgs[1].Recipients)
	}
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 3}) {
		t.Fatalf("summary %+v, err %v, log %+v", sum, err, results)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	for _, d := range ts.deliveries() {
		if d.From == from && !d.UTF8 {
			t.Errorf("MAIL FROM:<%s> without SMTPUTF8", d.From)
		}
	}
}

// A server that takes the connection and never greets: each record's
// tries time out, and after the first record's last try the batch stops
// (every record would wait as long) with the reason, nothing logged, so
// --resume sends them all; it does not hang.
func TestSendServerNeverGreets(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // silent until the listener closes
		}
	}()
	opts := Options{Server: Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, TLS: TLSNone},
		Timeout: 200 * time.Millisecond, Attempts: 2, Backoff: 10 * time.Millisecond}
	began := time.Now()
	sum, err, results := run(t, context.Background(), opts, testMessages(t, 20))
	took := time.Since(began)
	if err == nil || !strings.HasPrefix(err.Error(), "no answer after 2 attempts: cannot connect: ") || !strings.HasSuffix(err.Error(), "i/o timeout") {
		t.Errorf("err %v; want no answer after 2 attempts", err)
	}
	if sum != (Summary{}) || len(results) != 0 {
		t.Errorf("summary %+v, log %+v; want nothing settled", sum, results)
	}
	if took > 2*time.Second {
		t.Errorf("took %v; want two timeouts, then a stop", took)
	}
}

// A server slower to accept a message than Timeout (content scanning, a
// busy queue) still gets it once: the wait for the reply to the message's
// end is DataTimeout, not Timeout, since a retry there sends it twice.
func TestSendSlowAcceptIsNotRetried(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 3)
	ts.data = func(n int, _ net.Conn, _ delivery) error {
		if n == 2 {
			time.Sleep(600 * time.Millisecond)
		}
		return nil
	}
	opts := ts.options(t)
	opts.Timeout = 200 * time.Millisecond
	sum, err, results := run(t, context.Background(), opts, msgs)
	if err != nil || sum != (Summary{Sent: 3}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
	if r := results[1]; r.Attempts != 1 {
		t.Errorf("record 2 logged as %+v; want one attempt", r)
	}
}

// A server that never replies to a message's end: after DataTimeout on
// every try the batch stops, saying so, and the record is not logged as
// sent or failed: --resume sends it and the rest.
func TestSendNoReplyAfterData(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 4)
	release := make(chan struct{})
	defer close(release)
	ts.data = func(n int, _ net.Conn, _ delivery) error {
		if n >= 2 {
			<-release
			return errDropped
		}
		return nil
	}
	opts := ts.options(t)
	opts.Timeout, opts.DataTimeout, opts.Attempts = 100*time.Millisecond, 300*time.Millisecond, 2
	sum, err, results := run(t, context.Background(), opts, msgs)
	if err == nil || !strings.HasPrefix(err.Error(), "no answer after 2 attempts: connection lost: ") {
		t.Errorf("err %v; want no answer after 2 attempts", err)
	}
	if sum != (Summary{Sent: 1}) || len(results) != 1 || results[0].Record != 1 {
		t.Errorf("summary %+v, log %+v; want record 1 sent, nothing else settled", sum, results)
	}
}

// A 5xx to the message's end, after the body: that record alone failed,
// logged with the server's reply, never retried; the batch goes on.
func TestSend554AfterData(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 4)
	ts.data = func(_ int, _ net.Conn, d delivery) error {
		if slices.Contains(d.Recipients, "user2@example.com") {
			return &smtpError554
		}
		return nil
	}
	sum, err, results := run(t, context.Background(), ts.options(t), msgs)
	if err != nil || sum != (Summary{Sent: 3, Failed: 1}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs, 2)
	checkLog(t, results, msgs, 2)
	if r := results[1]; r.Reply != "554 5.7.1 Message rejected as spam" || r.Attempts != 1 || ts.dataCount != 4 {
		t.Errorf("record 2 logged as %+v, %d DATA; want one attempt and the 554", r, ts.dataCount)
	}
}

var smtpError554 = smtpErr(554, "5.7.1 Message rejected as spam")

// A log that cannot be written (/dev/full: a full disk) stops the sender
// after the record it failed on; that record was sent, so Unlogged gives
// it, for the caller to show, since --resume would send it again.
func TestSendLogOnFullDisk(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 5)
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	opts := ts.options(t)
	opts.Log = full
	s, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if s.Send(m) != nil {
			break
		}
	}
	sum, err := s.Close()
	if want := "writing the log: write /dev/full: no space left on device"; err == nil || err.Error() != want {
		t.Errorf("Close: %v; want %s", err, want)
	}
	lost, lerr := s.Unlogged()
	if sum.Sent != 1 || len(lost) != 1 || lost[0].Record != 1 || lost[0].Status != StatusSent || lerr == nil {
		t.Fatalf("summary %+v, unlogged %+v (%v); want record 1 sent and unlogged", sum, lost, lerr)
	}
	checkDelivered(t, ts, msgs[:1])
	if got := parseLog(t, []byte(Lines(lost))); len(got) != 1 || got[0].MessageID != msgs[0].MessageID {
		t.Errorf("Lines gives %+v", got)
	}
}
