package email

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// htmlEML writes m as eml with htmlPart as its HTML alternative.
func htmlEML(t *testing.T, m *Message, htmlPart string) []byte {
	t.Helper()
	withHTML := *m
	withHTML.HTML = htmlPart
	var buf bytes.Buffer
	if err := WriteEML(&buf, &withHTML); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// alternativeMessages: Bulgarian text with a long line and a value with
// markup, with and without attachments.
func alternativeMessages() map[string]*Message {
	body := "Здравейте, <script>alert(1)</script>,\n\n" +
		strings.Repeat("Дълъг ред с много думи, който трябва да бъде пренесен. ", 6) + "\n\n" +
		"- първо\n- второ\n\nhttps://acme.example/refund-policy\n.\nFrom here\n>From there\n"
	base := Message{
		Subject:   "Относно искането Ви",
		Body:      body,
		From:      addr("Мария", "maria@example.com"),
		To:        []*mail.Address{addr("Иван", "ivan@example.com")},
		Date:      fixedDate,
		MessageID: "<alt-1@example.com>",
	}
	withFiles := base
	withFiles.MessageID = "<alt-2@example.com>"
	withFiles.Attachments = []Attachment{
		{Filename: "бележка.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("ред 1\nред 2\n")},
		{Filename: "data.bin", Data: []byte{0, 1, 2, 0xff, '\r', '\n', '-', '-'}},
	}
	return map[string]*Message{"alternative": &base, "mixed around alternative": &withFiles}
}

// decoded is what a mail reader finds in a message with an HTML part.
type decoded struct {
	Types       []string          `json:"types"` // every part's type, depth first
	Text        string            `json:"text"`
	HTML        string            `json:"-"`           // Python's script sends it as "HTML"
	Attachments map[string]string `json:"attachments"` // filename -> base64 of the content
}

func wantDecoded(m *Message, htmlPart string) decoded {
	d := decoded{Text: m.Body, HTML: htmlPart, Types: []string{"multipart/alternative", "text/plain", "text/html"}}
	if len(m.Attachments) > 0 {
		d.Types = append([]string{"multipart/mixed"}, d.Types...)
		d.Attachments = map[string]string{}
		for _, a := range m.Attachments {
			ct := a.ContentType
			if ct == "" {
				ct = "application/octet-stream"
			}
			d.Types = append(d.Types, strings.SplitN(ct, ";", 2)[0])
			d.Attachments[a.Filename] = base64.StdEncoding.EncodeToString(a.Data)
		}
	}
	return d
}

// goDecode walks the MIME tree with the standard library's readers.
func goDecode(t *testing.T, raw []byte) decoded {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var d decoded
	var walk func(header map[string][]string, body io.Reader)
	walk = func(header map[string][]string, body io.Reader) {
		get := func(k string) string { return strings.Join(header[k], "") }
		mediaType, params, err := mime.ParseMediaType(get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		d.Types = append(d.Types, mediaType)
		if strings.HasPrefix(mediaType, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(p.Header, p)
			}
		}
		var content []byte
		switch get("Content-Transfer-Encoding") {
		case "quoted-printable":
			s, err := decodeQP(body)
			if err != nil {
				t.Fatal(err)
			}
			content = []byte(s)
		case "base64":
			content, err = io.ReadAll(base64.NewDecoder(base64.StdEncoding, body))
			if err != nil {
				t.Fatal(err)
			}
		}
		_, dp, _ := mime.ParseMediaType(get("Content-Disposition"))
		switch {
		case dp["filename"] != "":
			if d.Attachments == nil {
				d.Attachments = map[string]string{}
			}
			d.Attachments[dp["filename"]] = base64.StdEncoding.EncodeToString(content)
		case mediaType == "text/plain":
			d.Text = string(content)
		case mediaType == "text/html":
			d.HTML = string(content)
		}
	}
	walk(msg.Header, msg.Body)
	return d
}

func TestHTMLEntityRoundTrip(t *testing.T) {
	for name, m := range alternativeMessages() {
		t.Run(name, func(t *testing.T) {
			htmlPart := HTMLDocument("bg", m.Subject, TextToHTML(m.Body))
			raw := htmlEML(t, m, htmlPart)
			if diff := cmp.Diff(wantDecoded(m, htmlPart), goDecode(t, raw)); diff != "" {
				t.Errorf("decoded (-want +got):\n%s", diff)
			}
			for _, line := range strings.Split(string(raw), "\r\n") {
				if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
					t.Errorf("line %q would be changed by an mbox writer", line)
				}
			}
			if p := lineLengthProblems(raw); len(p) > 0 {
				t.Errorf("line problems: %v", p)
			}
			if d := goDecode(t, raw); strings.Contains(d.HTML, "<script>") || !strings.Contains(d.HTML, "&lt;script&gt;") {
				t.Error("a value's <script> reached the HTML part unescaped")
			}
		})
	}
}

// TestHTMLEntityPython reads both messages with Python's email package,
// an independent MIME parser, and compares what it decodes.
func TestHTMLEntityPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is not on PATH; this test needs it to check the MIME tree with Python's email package")
	}
	const script = `
import base64, email, email.policy, json, sys
msg = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
out = {"types": [], "text": "", "attachments": None}
for part in msg.walk():
    out["types"].append(part.get_content_type())
    if part.is_multipart():
        continue
    if part.get_filename():
        out["attachments"] = out["attachments"] or {}
        out["attachments"][part.get_filename()] = base64.b64encode(part.get_payload(decode=True)).decode()
    elif part.get_content_type() == "text/plain":
        out["text"] = part.get_content()
    elif part.get_content_type() == "text/html":
        out["html"] = part.get_content()
# the html key goes under "HTML" for the Go side
out["HTML"] = out.pop("html", "")
json.dump(out, sys.stdout, ensure_ascii=False)
`
	for name, m := range alternativeMessages() {
		t.Run(name, func(t *testing.T) {
			htmlPart := HTMLDocument("bg", m.Subject, TextToHTML(m.Body))
			path := filepath.Join(t.TempDir(), "m.eml")
			os.WriteFile(path, htmlEML(t, m, htmlPart), 0o644)
			cmd := exec.Command(python, "-c", script, path)
			cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("python3: %v", err)
			}
			var got struct {
				decoded
				HTML string `json:"HTML"`
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("python output %q: %v", out, err)
			}
			got.decoded.HTML = got.HTML
			if diff := cmp.Diff(wantDecoded(m, htmlPart), got.decoded); diff != "" {
				t.Errorf("python's view (-want +got):\n%s", diff)
			}
		})
	}
}

// TestHTMLEntityMblaze has a real mail reader, mblaze, list the parts and
// decode the text and the HTML part.
func TestHTMLEntityMblaze(t *testing.T) {
	if _, err := exec.LookPath("mshow"); err != nil {
		t.Fatal("mshow (mblaze) is not on PATH; install it (apt-get install mblaze; scripts/test.sh does)")
	}
	mshow := func(args ...string) string {
		cmd := exec.Command("mshow", args...)
		cmd.Env = append(os.Environ(), "MBLAZE="+t.TempDir(), "MBLAZE_PAGER=cat")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("mshow %v: %v", args, err)
		}
		return string(out)
	}
	for name, m := range alternativeMessages() {
		t.Run(name, func(t *testing.T) {
			htmlPart := HTMLDocument("bg", m.Subject, TextToHTML(m.Body))
			path := filepath.Join(t.TempDir(), "m.eml")
			os.WriteFile(path, htmlEML(t, m, htmlPart), 0o644)
			textNo, htmlNo := "2", "3"
			wantTree := "  1: multipart/alternative size=N\n    2: text/plain size=N\n    3: text/html size=N\n"
			if len(m.Attachments) > 0 {
				textNo, htmlNo = "3", "4"
				wantTree = "  1: multipart/mixed size=N\n    2: multipart/alternative size=N\n      3: text/plain size=N\n      4: text/html size=N\n" +
					"    5: text/plain size=N name=\"бележка.txt\"\n    6: application/octet-stream size=N name=\"data.bin\"\n"
			}
			tree := mshow("-t", path)
			tree = strings.TrimPrefix(tree, path+"\n")
			tree = sizes.ReplaceAllString(tree, "size=N")
			if diff := cmp.Diff(wantTree, tree); diff != "" {
				t.Errorf("mshow -t (-want +got):\n%s", diff)
			}
			// mshow -O writes a part in MIME's canonical form, CRLF line
			// endings; the rest must match byte for byte.
			crlf := strings.NewReplacer("\r\n", "\n")
			if diff := cmp.Diff(m.Body, crlf.Replace(mshow("-O", path, textNo))); diff != "" {
				t.Errorf("text part (-want +mshow):\n%s", diff)
			}
			if diff := cmp.Diff(htmlPart, crlf.Replace(mshow("-O", path, htmlNo))); diff != "" {
				t.Errorf("html part (-want +mshow):\n%s", diff)
			}
		})
	}
}

var sizes = regexp.MustCompile(`size=[0-9]+`)

// TestHTMLEntityMbox: in an mbox the message with an HTML part keeps both
// parts exactly, since no line of it needs From quoting.
func TestHTMLEntityMbox(t *testing.T) {
	for name, m := range alternativeMessages() {
		t.Run(name, func(t *testing.T) {
			htmlPart := HTMLDocument("bg", m.Subject, TextToHTML(m.Body))
			withHTML := *m
			withHTML.HTML = htmlPart
			var buf bytes.Buffer
			if err := WriteMbox(&buf, &withHTML); err != nil {
				t.Fatal(err)
			}
			from, rest, _ := strings.Cut(buf.String(), "\n")
			if !strings.HasPrefix(from, "From maria@example.com ") {
				t.Errorf("separator %q", from)
			}
			// The mbox record is the eml with LF line endings and a blank line after.
			eml := strings.ReplaceAll(string(htmlEML(t, m, htmlPart)), "\r\n", "\n")
			if diff := cmp.Diff(eml+"\n", rest); diff != "" {
				t.Errorf("mbox record (-eml +mbox):\n%s", diff)
			}
		})
	}
}
