// Command replacer is the batch floor: it reads a CSV file whose header names
// the benchmark email's variables and fills the email once per record with a
// strings.Replacer, writing JSON Lines, an mbox or plain text to stdout, or
// one eml file per record into -out-dir. It does no checking, defaults or
// escaping beyond what the output format needs, so it is as fast as a
// renderer of this email can reasonably be. Its mbox and eml do the MIME work
// templ's do: a Date and a Message-ID per message, an RFC 2047 subject when
// it is not ASCII, a quoted-printable body and, in an mbox, From_ quoting.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/templ-mail/templ/bench/internal/emailtext"
)

func main() {
	data := flag.String("data", "", "CSV `file` with a header row: "+strings.Join(emailtext.Vars, ","))
	format := flag.String("f", "jsonl", "output `format`: jsonl, mbox or text, or eml with -out-dir")
	outDir := flag.String("out-dir", "", "write one file per record, named after its Order, into `dir`; needs -f eml")
	flag.Parse()
	var err error
	if *outDir != "" {
		err = runDir(*data, *format, *outDir)
	} else {
		err = run(*data, *format, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "replacer:", err)
		os.Exit(1)
	}
}

func run(dataPath, format string, stdout io.Writer) error {
	write, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q; use jsonl, mbox or text", format)
	}
	out := bufio.NewWriterSize(stdout, 64<<10)
	err := eachEmail(dataPath, func(e email, n int) error { return write(out, e, n) })
	if err != nil {
		return err
	}
	return out.Flush()
}

// runDir writes each record as an eml file, dir/ORDER.eml, as templ's
// --out-dir does: to a temporary file first, synced to the disk, then
// renamed into place, so no reader ever sees half a file.
func runDir(dataPath, format, dir string) error {
	if format != "eml" {
		return fmt.Errorf("-out-dir writes eml files; use -f eml, not %s", format)
	}
	var msg bytes.Buffer
	w := bufio.NewWriter(&msg)
	return eachEmail(dataPath, func(e email, n int) error {
		msg.Reset()
		writeMessage(w, e, false)
		w.Flush()
		return writeFileSynced(filepath.Join(dir, e.Values[orderIndex]+".eml"), msg.Bytes())
	})
}

// orderIndex is the Order column among emailtext.Vars: it names the files.
var orderIndex = slices.Index(emailtext.Vars, "Order")

func writeFileSynced(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".floor-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(0o644); err != nil { // CreateTemp makes 0600; templ's files are 0644
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// eachEmail fills the email for every record of the CSV file at dataPath.
func eachEmail(dataPath string, fn func(e email, n int) error) error {
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
	values := make([]string, len(emailtext.Vars))
	for n := 1; ; n++ {
		record, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", dataPath, err)
		}
		for i, col := range columns {
			values[i] = record[col]
		}
		fill := emailtext.Replacer(values)
		if err := fn(email{Subject: fill.Replace(emailtext.Subject), Body: fill.Replace(emailtext.Body), Values: values}, n); err != nil {
			return err
		}
	}
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

func writeMbox(w *bufio.Writer, e email, _ int) error {
	writeMessage(w, e, true)
	return w.WriteByte('\n') // the blank line that ends an mbox record
}

// now is the clock of the Date headers; a test stops it.
var now = time.Now

// writeMessage writes e as a MIME message in the layout of templ's eml and
// mbox formats. An mbox starts with a From_ line and has LF line endings,
// and a body line that could be read as a From_ line gets one more ">"; an
// eml has CRLF line endings.
func writeMessage(w *bufio.Writer, e email, mbox bool) {
	eol := "\r\n"
	if mbox {
		eol = "\n"
	}
	date := now()
	var scratch [64]byte
	if mbox {
		w.WriteString("From MAILER-DAEMON ")
		w.Write(date.UTC().AppendFormat(scratch[:0], time.ANSIC))
		w.WriteString(eol)
	}
	w.WriteString("Date: ")
	w.Write(date.AppendFormat(scratch[:0], time.RFC1123Z))
	w.WriteString(eol + "Subject: " + mime.BEncoding.Encode("UTF-8", e.Subject) + eol)
	// A random Message-ID through FNV, as templ makes one.
	var seed, sum [16]byte
	binary.LittleEndian.PutUint64(seed[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(seed[8:], rand.Uint64())
	h := fnv.New128a()
	h.Write(seed[:])
	w.WriteString("Message-ID: <")
	w.Write(hex.AppendEncode(scratch[:0], h.Sum(sum[:0])))
	w.WriteString("@templ.invalid>" + eol)
	w.WriteString("MIME-Version: 1.0" + eol + "Content-Type: text/plain; charset=UTF-8" + eol +
		"Content-Transfer-Encoding: quoted-printable" + eol + eol)

	var body bytes.Buffer
	qp := quotedprintable.NewWriter(&body)
	qp.Write([]byte(e.Body))
	qp.Close()
	if !mbox {
		w.Write(body.Bytes()) // CRLF line endings already
		return
	}
	encoded := body.Bytes()
	for len(encoded) > 0 {
		line, rest, _ := bytes.Cut(encoded, []byte("\r\n"))
		if bytes.HasPrefix(bytes.TrimLeft(line, ">"), []byte("From ")) {
			w.WriteByte('>')
		}
		w.Write(line)
		w.WriteString(eol)
		encoded = rest
	}
}
