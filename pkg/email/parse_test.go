package email

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
)

// parsed is what a real mail reader gets back from an eml.
type parsed struct {
	Subject              string
	Body                 string
	From                 *mail.Address
	To, Cc, Bcc, ReplyTo []*mail.Address
	Attachments          []Attachment
}

// parseEML reads raw with the standard library's mail readers only, the way
// a mail client would, and returns the decoded message.
func parseEML(raw []byte) (*parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	var p parsed
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return nil, err
	}
	for _, h := range []struct {
		name string
		dst  *[]*mail.Address
	}{{"To", &p.To}, {"Cc", &p.Cc}, {"Bcc", &p.Bcc}, {"Reply-To", &p.ReplyTo}} {
		if *h.dst, err = optionalAddressList(msg.Header, h.name); err != nil {
			return nil, err
		}
	}
	from, err := optionalAddressList(msg.Header, "From")
	if err != nil {
		return nil, err
	}
	if len(from) > 0 {
		p.From = from[0]
	}

	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return nil, err
	}
	if mediaType != "multipart/mixed" {
		p.Body, err = decodeQP(msg.Body)
		return &p, err
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for i := 0; ; i++ {
		// NextRawPart: the test decodes quoted-printable itself.
		part, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			return &p, nil
		}
		if err != nil {
			return nil, err
		}
		if i == 0 {
			if p.Body, err = decodeQP(part); err != nil {
				return nil, err
			}
			continue
		}
		data, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, part))
		if err != nil {
			return nil, err
		}
		p.Attachments = append(p.Attachments, Attachment{
			Filename:    part.FileName(),
			ContentType: part.Header.Get("Content-Type"),
			Data:        data,
		})
	}
}

func optionalAddressList(h mail.Header, name string) ([]*mail.Address, error) {
	list, err := h.AddressList(name)
	if errors.Is(err, mail.ErrHeaderNotPresent) {
		return nil, nil
	}
	return list, err
}

// decodeQP decodes a quoted-printable body and turns CRLF back into LF.
func decodeQP(r io.Reader) (string, error) {
	data, err := io.ReadAll(quotedprintable.NewReader(r))
	return strings.ReplaceAll(string(data), "\r\n", "\n"), err
}

// lineLengthProblems lists every line of an eml that breaks a rule: lines
// must end in CRLF, header lines (the message's and each part's) must stay
// within 78 characters and content lines within 76.
func lineLengthProblems(raw []byte) []string {
	var problems []string
	text := string(raw)
	if strings.ContainsAny(strings.ReplaceAll(text, "\r\n", ""), "\r\n") {
		problems = append(problems, "bare CR or LF outside a CRLF")
	}
	if text != "" && !strings.HasSuffix(text, "\r\n") {
		problems = append(problems, "message does not end with CRLF")
	}
	inHeader := true
	for line := range strings.SplitSeq(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		switch {
		case line == "":
			inHeader = false
			continue
		case strings.HasPrefix(line, "--=_"):
			inHeader = true // a part's header follows its boundary
			continue
		}
		limit := 76
		if inHeader {
			limit = 78
		}
		if len(line) > limit && !(inHeader && isLongNameWord(line)) {
			problems = append(problems, line)
		}
	}
	return problems
}

// longNameWord is a folded line holding nothing but a display name's one
// encoded-word, which may pass 78 characters: readers disagree on a display
// name cut into several encoded-words (see encodedName).
var longNameWord = regexp.MustCompile(`^ =\?UTF-8\?b\?[A-Za-z0-9+/=]+\?=$`)

func isLongNameWord(line string) bool {
	return len(line) <= maxNameWord+1 && longNameWord.MatchString(line)
}
