// Command replacer is the batch floor: it reads a CSV file whose header names
// the benchmark email's variables and fills the email once per record with a
// strings.Replacer, writing JSON Lines, an mbox or plain text. It does no
// checking, defaults or escaping beyond what the output format needs, so it
// is as fast as a renderer of this email can reasonably be.
package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"os"
	"strings"
	"time"

	"github.com/templ-mail/templ/bench/internal/emailtext"
)

func main() {
	data := flag.String("data", "", "CSV `file` with a header row: "+strings.Join(emailtext.Vars, ","))
	format := flag.String("f", "jsonl", "output `format`: jsonl, mbox or text")
	flag.Parse()
	if err := run(*data, *format, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "replacer:", err)
		os.Exit(1)
	}
}

func run(dataPath, format string, stdout io.Writer) error {
	write, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q; use jsonl, mbox or text", format)
	}
	if dataPath == "" {
		return fmt.Errorf("no data file; pass -data customers.csv")
	}
	f, err := os.Open(dataPath)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 64<<10))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: reading the header: %w", dataPath, err)
	}
	columns, err := columnIndexes(header)
	if err != nil {
		return fmt.Errorf("%s: %w", dataPath, err)
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	values := make([]string, len(emailtext.Vars))
	for n := 1; ; n++ {
		record, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", dataPath, err)
		}
		for i, col := range columns {
			values[i] = record[col]
		}
		fill := emailtext.Replacer(values)
		email := email{Subject: fill.Replace(emailtext.Subject), Body: fill.Replace(emailtext.Body), Values: values}
		if err := write(out, email, n); err != nil {
			return err
		}
	}
	return out.Flush()
}

// columnIndexes maps each of emailtext.Vars to its column in header.
func columnIndexes(header []string) ([]int, error) {
	columns := make([]int, len(emailtext.Vars))
	for i, name := range emailtext.Vars {
		columns[i] = -1
		for col, h := range header {
			if h == name {
				columns[i] = col
			}
		}
		if columns[i] < 0 {
			return nil, fmt.Errorf("no %q column in the header %q", name, strings.Join(header, ","))
		}
	}
	return columns, nil
}

type email struct {
	Subject, Body string
	Values        []string // in the order of emailtext.Vars
}

var writers = map[string]func(w *bufio.Writer, e email, n int) error{
	"jsonl": writeJSONL,
	"mbox":  writeMbox,
	"text":  writeText,
}

// jsonEmail has the fields of templ's json format, in its order.
type jsonEmail struct {
	ID      string            `json:"id"`
	Lang    string            `json:"lang"`
	Subject string            `json:"subject"`
	Body    string            `json:"body"`
	Vars    map[string]string `json:"vars"`
}

func writeJSONL(w *bufio.Writer, e email, _ int) error {
	vars := make(map[string]string, len(e.Values))
	for i, name := range emailtext.Vars {
		vars[name] = e.Values[i]
	}
	line, err := json.Marshal(jsonEmail{emailtext.ID, emailtext.Lang, e.Subject, e.Body, vars})
	if err != nil {
		return err
	}
	w.Write(line)
	return w.WriteByte('\n')
}

func writeText(w *bufio.Writer, e email, _ int) error {
	_, err := w.WriteString(emailtext.Text(e.Subject, e.Body))
	return err
}

// A fixed date keeps the floor's output reproducible; templ stamps the time.
var (
	mboxDate    = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	mboxFrom    = "From MAILER-DAEMON " + mboxDate.Format(time.ANSIC) + "\n"
	mboxHeaders = "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n" +
		"Content-Transfer-Encoding: quoted-printable\nDate: " + mboxDate.Format(time.RFC1123Z) + "\n"
)

// writeMbox writes one RFC 4155 message: a From_ line, MIME headers, the body
// in quoted-printable with ">From " quoting, and a blank line.
func writeMbox(w *bufio.Writer, e email, n int) error {
	var body bytes.Buffer
	qp := quotedprintable.NewWriter(&body)
	qp.Write([]byte(e.Body))
	qp.Close()
	w.WriteString(mboxFrom)
	w.WriteString(mboxHeaders)
	fmt.Fprintf(w, "Message-ID: <%d.bench@templ.invalid>\nSubject: %s\n\n", n, mime.QEncoding.Encode("utf-8", e.Subject))
	for line := range strings.Lines(strings.ReplaceAll(body.String(), "\r\n", "\n")) {
		if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
			w.WriteByte('>')
		}
		w.WriteString(line)
	}
	_, err := w.WriteString("\n")
	return err
}
