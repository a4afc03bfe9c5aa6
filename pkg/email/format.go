package email

import (
	"fmt"
	"strings"
)

// Format is a value of -f/--format.
type Format string

// The formats of product.md.
const (
	Text    Format = "text"
	Body    Format = "body"
	Subject Format = "subject"
	EML     Format = "eml"
	JSON    Format = "json"
	Mailto  Format = "mailto"
	Mbox    Format = "mbox"
	JSONL   Format = "jsonl"
)

// formatInfo is what every check asks about a format, in one table.
type formatInfo struct {
	mail   bool   // a mail message: addresses, Date, Message-ID
	sender bool   // carries From and Reply-To (a mailto URL has only to, cc, bcc)
	stream bool   // many emails in one stream (a batch to stdout or -o)
	ext    string // the file extension in --out-dir; "" if not one file per record
}

var formats = map[Format]formatInfo{
	Text:    {ext: ".txt"},
	Body:    {ext: ".txt"},
	Subject: {},
	EML:     {mail: true, sender: true, ext: ".eml"},
	JSON:    {ext: ".json"},
	Mailto:  {mail: true},
	Mbox:    {mail: true, sender: true, stream: true},
	JSONL:   {stream: true},
}

// Formats lists every format in the order help shows them.
var Formats = []Format{Text, Body, Subject, EML, JSON, Mailto, Mbox, JSONL}

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	if _, ok := formats[Format(s)]; ok {
		return Format(s), nil
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q; use one of %s", s, strings.Join(names, ", "))
}

// IsMail reports whether f is a mail message, so it takes addresses, a
// Date and a Message-ID.
func (f Format) IsMail() bool { return formats[f].mail }

// HasSender reports whether f carries From and Reply-To; a mailto URL
// (RFC 6068) holds only to, cc and bcc.
func (f Format) HasSender() bool { return formats[f].sender }

// Ext is the extension of f's files in --out-dir (".eml", ".txt",
// ".json"), or "" if f is not one email per file.
func (f Format) Ext() string { return formats[f].ext }

// IsStream reports whether f holds many emails one after the other, so a
// batch can write them all to one place.
func (f Format) IsStream() bool { return formats[f].stream }

// IsFile reports whether f is one whole email per file, so --out-dir and
// --exec can take one per record.
func (f Format) IsFile() bool { return formats[f].ext != "" }

// FormatForFile picks the format of --out-dir's files from a file name's
// extension: .eml is eml, .json is json, anything else text.
func FormatForFile(name string) Format {
	lower := strings.ToLower(name)
	for _, f := range []Format{EML, JSON} {
		if strings.HasSuffix(lower, formats[f].ext) {
			return f
		}
	}
	return Text
}
