package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Per-record attachments, read back by Python's email package: every
// record's files, decoded, must be the files on disk byte for byte, in an
// mbox, in --out-dir and through --exec.

const attachTemplate = `id: invoice
category: test
vars: {Name: {}, Order: {}}
locales:
  en: {title: Invoice, subjects: ["Invoice [Order]"], body: "Hi [Name],\nyour invoice [Order] is attached.\n"}
`

// attachRecord is one row of orders.csv and the files its email carries.
type attachRecord struct {
	Name, Email, Order, Invoice string // Invoice: the file name in invoices/
}

// pyAttachments reads messages with Python's email (policy.default) and
// prints, for each, its recipient and its attachments: file name (RFC 2231
// decoded), content type and the decoded bytes in base64.
const pyAttachments = `
import sys, json, mailbox, base64
from email import message_from_binary_file, policy
def read(m):
    return {'to': str(m['To']), 'attachments': [
        [p.get_filename(), p.get_content_type(), base64.b64encode(p.get_payload(decode=True)).decode()]
        for p in m.iter_attachments()]}
out = []
if sys.argv[1] == 'mbox':
    for m in mailbox.mbox(sys.argv[2], factory=lambda f: message_from_binary_file(f, policy=policy.default)):
        out.append(read(m))
else:
    for path in sys.argv[2:]:
        with open(path, 'rb') as f:
            out.append(read(message_from_binary_file(f, policy=policy.default)))
json.dump(out, sys.stdout)
`

type pyMail struct {
	To          string      `json:"to"`
	Attachments [][3]string `json:"attachments"`
}

// attachDir writes the template, orders.csv and each record's invoice
// (random bytes, sizes from empty to 300 KB), plus a shared terms file.
func attachDir(t *testing.T) (string, []attachRecord) {
	t.Helper()
	dir := t.TempDir()
	recs := []attachRecord{
		{"Ivan", "ivan@example.com", "A-1", "A-1.pdf"},
		{"Мария", "maria@example.com", "A-2", "A-2.pdf"},
		{"Petar", "petar@example.com", "A-3", "A-3.pdf"},
		{"Елена", "elena@example.com", "Фактура за поръчка A-4 от декември 2026 година", "Фактура за поръчка A-4 от декември 2026 година.pdf"},
		{"Zed", "zed@example.com", "A-5", "A-5.pdf"},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 57, 300 << 10, 4097}
	var csv strings.Builder
	csv.WriteString("Name,Email,Order\n")
	for i, r := range recs {
		fmt.Fprintf(&csv, "%s,%s,%s\n", r.Name, r.Email, r.Order)
		data := make([]byte, sizes[i])
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		writeFile(t, filepath.Join(dir, "invoices", r.Invoice), data)
	}
	writeFile(t, filepath.Join(dir, "orders.csv"), []byte(csv.String()))
	writeFile(t, filepath.Join(dir, "tpl", "invoice.yaml"), []byte(attachTemplate))
	writeFile(t, filepath.Join(dir, "общи условия.txt"), []byte("Общи условия\r\nline two, CRLF kept\n"))
	return dir, recs
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantMails is what Python must read for recs, from the files on disk.
func wantMails(t *testing.T, dir string, recs []attachRecord) []pyMail {
	terms, err := os.ReadFile(filepath.Join(dir, "общи условия.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var want []pyMail
	for _, r := range recs {
		invoice, err := os.ReadFile(filepath.Join(dir, "invoices", r.Invoice))
		if err != nil {
			t.Fatal(err)
		}
		to := r.Email
		if r.Name != "" {
			to = fmt.Sprintf("%s <%s>", r.Name, r.Email)
		}
		want = append(want, pyMail{To: to, Attachments: [][3]string{
			{r.Invoice, "application/pdf", base64.StdEncoding.EncodeToString(invoice)},
			{"общи условия.txt", "text/plain", base64.StdEncoding.EncodeToString(terms)},
		}})
	}
	return want
}

func readByPython(t *testing.T, args ...string) []pyMail {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("python3 is not on PATH; this test reads the messages back with Python's email package")
	}
	out, err := exec.Command("python3", append([]string{"-c", pyAttachments}, args...)...).Output()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, stderrOf(err))
	}
	var got []pyMail
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("python3 output: %v\n%s", err, out)
	}
	return got
}

var attachArgs = []string{"render", "invoice", "--templates", "tpl", "--data", "orders.csv", "--from", "Acme Billing <billing@acme.example>",
	"--to", "[Name] <[Email]>", "--attach", "invoices/[Order].pdf", "--attach", "общи условия.txt"}

func TestBatchAttachmentsMbox(t *testing.T) {
	isolate(t)
	dir, recs := attachDir(t)
	args := append(slices.Clone(attachArgs), "-f", "mbox", "-o", "out.mbox")
	if code, _, stderr := templIn(t, dir, args...); code != 0 || stderr != "" {
		t.Fatalf("templ %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	got := readByPython(t, "mbox", filepath.Join(dir, "out.mbox"))
	if diff := cmp.Diff(wantMails(t, dir, recs), got); diff != "" {
		t.Errorf("mbox read back by Python (-want +got):\n%s", diff)
	}
}

func TestBatchAttachmentsOutDir(t *testing.T) {
	isolate(t)
	dir, recs := attachDir(t)
	args := append(slices.Clone(attachArgs), "--out-dir", "out", "--filename", "[Order].eml")
	if code, _, stderr := templIn(t, dir, args...); code != 0 || stderr != "" {
		t.Fatalf("templ %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	var files []string
	for _, r := range recs {
		files = append(files, filepath.Join(dir, "out", r.Order+".eml"))
	}
	got := readByPython(t, append([]string{"eml"}, files...)...)
	if diff := cmp.Diff(wantMails(t, dir, recs), got); diff != "" {
		t.Errorf("--out-dir files read back by Python (-want +got):\n%s", diff)
	}
}

func TestBatchAttachmentsExec(t *testing.T) {
	isolate(t)
	dir, recs := attachDir(t)
	args := append(slices.Clone(attachArgs), "--exec", `cat > "sent-$TEMPL_RECORD.eml"`)
	if code, _, stderr := templIn(t, dir, args...); code != 0 {
		t.Fatalf("templ %s: exit %d\n%s", strings.Join(args, " "), code, stderr)
	}
	var files []string
	for i := range recs {
		files = append(files, filepath.Join(dir, fmt.Sprintf("sent-%d.eml", i+1)))
	}
	got := readByPython(t, append([]string{"eml"}, files...)...)
	if diff := cmp.Diff(wantMails(t, dir, recs), got); diff != "" {
		t.Errorf("--exec input read back by Python (-want +got):\n%s", diff)
	}
}
