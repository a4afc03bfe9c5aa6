package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/cli"

	"github.com/templ-mail/templ/internal/xvfbtest"
)

// End-to-end tests of the mail formats through the command line: every
// built-in email in every language is rendered as eml and read back by
// Go's parsers and by a real mail reader (mblaze), and --copy is read back
// from a real X server. The scripts in testdata/script pin exact bytes;
// these prove that what templ writes decodes to what `-f text` shows.

// sourceDateEpoch fixes Date and Message-ID, as in the scripts.
const sourceDateEpoch = 1795000000

// Address flags with Cyrillic display names, one long enough to fold, and
// a quoted ASCII name holding a comma.
const (
	flagTo      = "Иван Петров <ivan@example.com>"
	flagFrom    = "Поддръжка Acme <support@acme.example>"
	flagCc      = `Мария Иванова-Петрова от отдел „Обслужване на клиенти“ <maria@acme.example>, "Acme, Sales" <sales@acme.example>`
	flagReplyTo = "Отдел „Възстановявания“ <refunds@acme.example>"
	flagBcc     = "archive@acme.example"
)

// catalogueValues fills every variable of the built-in vocabulary. Order,
// Product and Brand, the variables subjects use, are long, so subjects that
// hold them need several encoded-words on folded lines.
var catalogueValues = map[string][]string{
	"en": {
		"Name=Ivan",
		"Product=the Acme Ultra Deluxe espresso machine with grinder and milk frother",
		"Order=2026-11-1042-7731 (express delivery to Sofia)",
		"Brand=Acme Home Appliances International (Europe, Middle East and Africa)",
		"Agent=Maria",
		"Amount=25.00 EUR (= 48.90 BGN)",
		"Payment Method=the Visa card ending in 4242",
		"Days=5",
		"Date=1 December 2026",
		"Reason=the 30-day return period ended on 3 May",
		"Policy URL=https://acme.example/refunds?lang=en&v=2",
		"Survey URL=https://acme.example/survey?id=1042",
		"Plan=Premium Annual",
		"Offer=a free exchange for another size",
		"Return URL=https://acme.example/welcome-back",
		"Support Email=support@acme.example",
	},
	"bg": {
		"Name=Иван",
		"Product=кафемашината Acme Ултра Делукс с кафемелачка и пенообразувател за мляко",
		"Order=2026-11-1042-7731 (експресна доставка до София)",
		"Brand=Acme Домакински уреди Интернешънъл",
		"Agent=Мария",
		"Amount=48,90 лв. (= 25,00 EUR)",
		"Payment Method=картата Visa, завършваща на 4242",
		"Days=5",
		"Date=1 декември 2026 г.",
		"Reason=30-дневният срок за връщане изтече на 3 май",
		"Policy URL=https://acme.example/refunds?lang=bg&v=2",
		"Survey URL=https://acme.example/survey?id=1042",
		"Plan=Премиум годишен",
		"Offer=безплатна замяна с друг размер",
		"Return URL=https://acme.example/welcome-back",
		"Support Email=support@acme.example",
	},
}

// longValues are the values that make a subject too long for one line.
func longValues(lang string) []string {
	var out []string
	for _, kv := range catalogueValues[lang] {
		if key, value, _ := strings.Cut(kv, "="); key == "Order" || key == "Product" || key == "Brand" {
			out = append(out, value)
		}
	}
	return out
}

// isolate gives the in-process command the environment the scripts get:
// no user config, no language or template path from the caller, a fixed clock.
func isolate(t *testing.T) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("SOURCE_DATE_EPOCH", fmt.Sprint(sourceDateEpoch))
	for _, name := range []string{"TEMPL_LANG", "TEMPL_PATH", "TEMPL_CONFIG", "TEMPL_CACHE"} {
		t.Setenv(name, "")
	}
}

// runTempl runs the command in-process, as main does, and fails the test
// unless it exits 0 with nothing on stderr.
func runTempl(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := cli.Main(args, cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, "v0.0.0-test")
	if code != 0 || stderr.Len() > 0 {
		t.Fatalf("templ %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// requireTools reports whether every tool is on PATH. When one is missing
// it fails the test if requireVar=1 is set (CI sets it), and otherwise
// returns false for the caller to skip with the reason.
func requireTools(t *testing.T, requireVar string, tools ...string) (string, bool) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			msg := fmt.Sprintf("%s is not on PATH; install it (scripts/test.sh does) to run this test", tool)
			if os.Getenv(requireVar) == "1" {
				t.Fatalf("%s (%s=1 requires it)", msg, requireVar)
			}
			return msg, false
		}
	}
	return "", true
}

// emlCase is one built-in email in one language, as text and as eml.
type emlCase struct {
	name          string // "refund-reject/bg"
	lang          string
	subject, body string // from -f text
	eml           []byte
}

// renderCatalogue renders every built-in template in en and bg, as -f text
// and as -f eml with every address flag.
func renderCatalogue(t *testing.T) []emlCase {
	t.Helper()
	isolate(t)
	var list []struct {
		ID        string   `json:"id"`
		Languages []string `json:"languages"`
	}
	if err := json.Unmarshal([]byte(runTempl(t, "list", "--json")), &list); err != nil {
		t.Fatalf("templ list --json: %v", err)
	}
	if len(list) < 18 {
		t.Fatalf("templ list --json gave %d templates, want the 18 built-in ones", len(list))
	}
	// The whole vocabulary goes in a context file: a context may hold keys
	// a template does not use, where --var would warn about each.
	contexts := map[string]string{}
	for lang, kvs := range catalogueValues {
		ctx := map[string]string{}
		for _, kv := range kvs {
			key, value, _ := strings.Cut(kv, "=")
			ctx[key] = value
		}
		data, err := json.Marshal(ctx)
		if err != nil {
			t.Fatal(err)
		}
		contexts[lang] = filepath.Join(t.TempDir(), lang+".json")
		if err := os.WriteFile(contexts[lang], data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var cases []emlCase
	for _, tpl := range list {
		for _, lang := range []string{"en", "bg"} {
			args := []string{"render", tpl.ID, "--lang", lang, "-c", contexts[lang]}
			text := runTempl(t, args...)
			subject, body, ok := strings.Cut(text, "\n\n")
			if !ok || !strings.HasPrefix(subject, "Subject: ") {
				t.Fatalf("%s/%s: -f text is not \"Subject: …\", a blank line and the body:\n%s", tpl.ID, lang, text)
			}
			eml := runTempl(t, append(args, "-f", "eml", "--to", flagTo, "--from", flagFrom,
				"--cc", flagCc, "--reply-to", flagReplyTo, "--bcc", flagBcc)...)
			cases = append(cases, emlCase{
				name: tpl.ID + "/" + lang, lang: lang,
				subject: strings.TrimPrefix(subject, "Subject: "), body: body,
				eml: []byte(eml),
			})
		}
	}
	return cases
}

// wantAddresses parses a flag value the way the user meant it.
func wantAddresses(t *testing.T, value string) []*mail.Address {
	t.Helper()
	list, err := mail.ParseAddressList(value)
	if err != nil {
		t.Fatalf("test address %q: %v", value, err)
	}
	return list
}

// TestEMLRoundTripCatalogue parses every built-in email's eml back with
// net/mail, mime.WordDecoder and quotedprintable, and compares it with
// what -f text shows and the address flags given.
func TestEMLRoundTripCatalogue(t *testing.T) {
	folded := 0
	for _, c := range renderCatalogue(t) {
		t.Run(c.name, func(t *testing.T) {
			checkLineLengths(t, c.eml, 76)
			msg, err := mail.ReadMessage(bytes.NewReader(c.eml))
			if err != nil {
				t.Fatalf("net/mail cannot read the eml: %v\n%s", err, c.eml)
			}
			h := msg.Header

			subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
			if err != nil {
				t.Fatalf("Subject %q: %v", h.Get("Subject"), err)
			}
			if diff := cmp.Diff(c.subject, subject); diff != "" {
				t.Errorf("Subject (-text +eml):\n%s", diff)
			}
			for _, long := range longValues(c.lang) {
				if strings.Contains(c.subject, long) {
					if n := subjectLines(c.eml); n < 2 {
						t.Errorf("subject %q holds the long value %q but its header is %d line", c.subject, long, n)
					}
					folded++
					break
				}
			}

			for _, hdr := range []struct{ name, flag string }{
				{"From", flagFrom}, {"To", flagTo}, {"Cc", flagCc}, {"Reply-To", flagReplyTo}, {"Bcc", flagBcc},
			} {
				got, err := h.AddressList(hdr.name)
				if err != nil {
					t.Errorf("%s %q: %v", hdr.name, h.Get(hdr.name), err)
					continue
				}
				if diff := cmp.Diff(wantAddresses(t, hdr.flag), got); diff != "" {
					t.Errorf("%s (-flag +eml):\n%s", hdr.name, diff)
				}
			}

			date, err := h.Date()
			if err != nil || !date.Equal(time.Unix(sourceDateEpoch, 0)) {
				t.Errorf("Date %q (%v), want the time of SOURCE_DATE_EPOCH", h.Get("Date"), err)
			}
			if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@acme.example>") {
				t.Errorf("Message-ID %q, want <…@acme.example> (the sender's domain)", id)
			}
			if v := h.Get("MIME-Version"); v != "1.0" {
				t.Errorf("MIME-Version %q, want 1.0", v)
			}
			mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
			if err != nil || mediaType != "text/plain" || !strings.EqualFold(params["charset"], "UTF-8") {
				t.Errorf("Content-Type %q, want text/plain; charset=UTF-8", h.Get("Content-Type"))
			}
			if cte := h.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
				t.Fatalf("Content-Transfer-Encoding %q, want quoted-printable", cte)
			}
			body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
			if err != nil {
				t.Fatalf("quoted-printable body: %v", err)
			}
			if diff := cmp.Diff(c.body, strings.ReplaceAll(string(body), "\r\n", "\n")); diff != "" {
				t.Errorf("body (-text +eml):\n%s", diff)
			}
		})
	}
	// Most built-in subjects (24 of 36 today) hold Order, Product or Brand;
	// a few hold no variable at all, so they cannot be made long.
	if folded < 18 {
		t.Errorf("only %d emails had a long subject; the long values no longer reach the subjects", folded)
	}
}

// TestEMLReadByMblaze has a real mail reader, mblaze (mhdr, mshow), decode
// every built-in email's eml, and compares with -f text and the flags.
func TestEMLReadByMblaze(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "mhdr", "mshow"); !ok {
		t.Skip(reason)
	}
	dir := t.TempDir()
	for _, c := range renderCatalogue(t) {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(c.name, "/", "-")+".eml")
			if err := os.WriteFile(file, c.eml, 0o644); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.subject+"\n", mblaze(t, "mhdr", "-h", "subject", "-d", file)); diff != "" {
				t.Errorf("mhdr subject (-text +mblaze):\n%s", diff)
			}
			for _, hdr := range []struct{ name, flag string }{
				{"from", flagFrom}, {"to", flagTo}, {"cc", flagCc}, {"reply-to", flagReplyTo}, {"bcc", flagBcc},
			} {
				// mhdr -A prints one decoded address a line.
				var got []*mail.Address
				for _, line := range strings.Split(strings.TrimSuffix(mblaze(t, "mhdr", "-h", hdr.name, "-A", "-d", file), "\n"), "\n") {
					a, err := mail.ParseAddress(line)
					if err != nil {
						t.Fatalf("mhdr -h %s printed %q: %v", hdr.name, line, err)
					}
					got = append(got, a)
				}
				if diff := cmp.Diff(wantAddresses(t, hdr.flag), got); diff != "" {
					t.Errorf("mhdr %s (-flag +mblaze):\n%s", hdr.name, diff)
				}
			}
			// mshow -O writes part 1, the whole text body here, decoded.
			body := mblaze(t, "mshow", "-O", file, "1")
			if diff := cmp.Diff(c.body, strings.ReplaceAll(body, "\r\n", "\n")); diff != "" {
				t.Errorf("mshow body (-text +mblaze):\n%s", diff)
			}
		})
	}
}

// TestEMLAttachmentsRoundTrip attaches files with --attach and reads the
// multipart message back with mime/multipart, and with mshow when present.
func TestEMLAttachmentsRoundTrip(t *testing.T) {
	isolate(t)
	dir := t.TempDir()
	files := []struct{ name, contentType, data string }{
		{"invoice-1042.pdf", "application/pdf", "%PDF-1.4\n% not a real PDF\n"},
		{"фактура-1042.txt", "text/plain; charset=utf-8", "Фактура № 1042: 48,90 лв.\n"},
		{"bytes.zz9unknown", "application/octet-stream", "\x00\x01\x02\xfe\xff\r\n="},
	}
	args := []string{"render", "refund-accept", "--lang", "bg", "--name", "Иван", "--var", "Order=1042"}
	text := runTempl(t, args...)
	subject, body, _ := strings.Cut(text, "\n\n")
	args = append(args, "-f", "eml", "--to", flagTo, "--from", flagFrom)
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, []byte(f.data), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--attach", path)
	}
	eml := []byte(runTempl(t, args...))
	checkLineLengths(t, eml, 78)

	msg, err := mail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		t.Fatal(err)
	}
	gotSubject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || "Subject: "+gotSubject != subject {
		t.Errorf("Subject %q (%v), want %q", gotSubject, err, subject)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/mixed" {
		t.Fatalf("Content-Type %q (%v), want multipart/mixed", msg.Header.Get("Content-Type"), err)
	}
	type part struct{ Filename, ContentType, Encoding, Data string }
	var got []part
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart() // raw: decode each transfer encoding here
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		switch cte := p.Header.Get("Content-Transfer-Encoding"); cte {
		case "quoted-printable":
			r = quotedprintable.NewReader(p)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, p) // it skips the CRLFs
		}
		data, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, part{p.FileName(), p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), string(data)})
	}
	want := []part{{"", "text/plain; charset=UTF-8", "quoted-printable", strings.ReplaceAll(body, "\n", "\r\n")}}
	for _, f := range files {
		want = append(want, part{f.name, f.contentType, "base64", f.data})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}

	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "mshow"); !ok {
		t.Log("mblaze check left out: " + reason)
		return
	}
	file := filepath.Join(dir, "mail.eml")
	if err := os.WriteFile(file, eml, 0o644); err != nil {
		t.Fatal(err)
	}
	// Part 1 is the multipart container, 2 the text, 3… the files.
	if diff := cmp.Diff(body, strings.ReplaceAll(mblaze(t, "mshow", "-O", file, "2"), "\r\n", "\n")); diff != "" {
		t.Errorf("mshow text part (-text +mblaze):\n%s", diff)
	}
	for i, f := range files {
		if diff := cmp.Diff(f.data, mblaze(t, "mshow", "-O", file, fmt.Sprint(i+3))); diff != "" {
			t.Errorf("mshow part %d, %s (-want +mblaze):\n%s", i+3, f.name, diff)
		}
	}
	if list := mblaze(t, "mshow", "-t", file); !strings.Contains(list, `name="фактура-1042.txt"`) {
		t.Errorf("mshow -t does not list the Cyrillic file name:\n%s", list)
	}
}

// mblaze runs one of mblaze's tools and returns its stdout.
func mblaze(t *testing.T, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	// mblaze reads the user's profile (~/.mblaze); keep the user's out.
	cmd.Env = append(os.Environ(), "MBLAZE="+t.TempDir(), "MBLAZE_PAGER=cat")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr)
	}
	return string(out)
}

// checkLineLengths holds the eml to RFC 5322 and MIME: CRLF line endings,
// header lines of at most 78 characters, and body lines of at most
// bodyLimit: 76 for a quoted-printable body; 78 for a multipart one, whose
// part headers are header lines (pkg/email checks its encoded lines).
func checkLineLengths(t *testing.T, eml []byte, bodyLimit int) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(eml, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("a line ends in a bare LF, not CRLF")
	}
	inHeader := true
	sc := bufio.NewScanner(bytes.NewReader(eml))
	for sc.Scan() {
		line := strings.TrimSuffix(sc.Text(), "\r")
		limit := bodyLimit
		if inHeader {
			limit = 78
		}
		if line == "" {
			inHeader = false
		}
		// A display name is one encoded-word, however long (see
		// pkg/email encodedName): readers disagree on a cut one.
		nameWord := inHeader && strings.HasPrefix(line, " =?UTF-8?b?") && strings.HasSuffix(line, "?=") && !strings.Contains(line[1:], " ")
		if len(line) > limit && !(nameWord && len(line) <= 998) {
			t.Errorf("line of %d characters (limit %d): %q", len(line), limit, line)
		}
	}
}

// subjectLines counts the lines of the Subject header, its folds included.
func subjectLines(eml []byte) int {
	lines := strings.Split(string(eml), "\r\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "Subject:") {
			n := 1
			for _, next := range lines[i+1:] {
				if !strings.HasPrefix(next, " ") && !strings.HasPrefix(next, "\t") {
					break
				}
				n++
			}
			return n
		}
	}
	return 0
}

// TestCopyUnderXvfb renders with --copy against a private X server and
// reads the clipboard back with xclip: the clipboard holds exactly what
// stdout would have, stdout stays empty, and stderr has one line.
func TestCopyUnderXvfb(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_X", "Xvfb", "xclip"); !ok {
		t.Skip(reason)
	}
	isolate(t)
	t.Setenv("DISPLAY", xvfbtest.Start(t))
	t.Setenv("WAYLAND_DISPLAY", "")

	tests := []struct {
		name, id, lang, what string
		vars, format         []string
	}{
		// Without -f, --copy copies what -f body prints.
		{"bg body", "refund-reject", "bg", "the body", []string{"--name", "Иван", "--var", "Order=1042", "--var", "Reason=срокът за връщане изтече"}, nil},
		{"en eml", "refund-accept", "en", "the eml message", []string{"--name", "Ivan"}, []string{"-f", "eml", "--to", flagTo, "--from", flagFrom}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := slices.Concat([]string{"render", tc.id, "--lang", tc.lang}, tc.vars)
			subject := strings.TrimSuffix(runTempl(t, slices.Concat(base, []string{"-f", "subject"})...), "\n")
			want := fmt.Sprintf("templ: copied %s of %q to the clipboard\n", tc.what, subject)
			args := slices.Concat(base, tc.format)
			printArgs := args
			if tc.format == nil {
				printArgs = slices.Concat(args, []string{"-f", "body"})
			}
			printed := runTempl(t, printArgs...)

			var stdout, stderr bytes.Buffer
			code := cli.Main(slices.Concat(args, []string{"--copy"}), cli.IO{In: strings.NewReader(""), Out: &stdout, Err: &stderr}, "v0.0.0-test")
			if code != 0 {
				t.Fatalf("--copy: exit %d\n%s", code, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("--copy printed on stdout:\n%s", stdout.String())
			}
			if diff := cmp.Diff(want, stderr.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			clip := xvfbtest.Clipboard(t, printed)
			if diff := cmp.Diff(printed, clip); diff != "" {
				t.Errorf("clipboard (-stdout without --copy +clipboard):\n%s", diff)
			}
		})
	}
}
