package email

import (
	"encoding/hex"
	"hash/fnv"
	"net/mail"
	"strings"
	"time"

	"github.com/templ-mail/templ/pkg/vars"
)

// Message is one rendered email, ready to serialise: the one model every
// format writes from (see Build and Encode).
type Message struct {
	ID, Lang             string        // the template and language it came from
	Vars                 []vars.Value  // the variables it used (json, jsonl)
	Subject              string        // one line, may be non-ASCII (Bulgarian)
	Body                 string        // LF line endings, ends with "\n"
	From                 *mail.Address // nil when not set
	To, Cc, Bcc, ReplyTo []*mail.Address
	Date                 time.Time
	MessageID            string // "<...@...>" form; see NewMessageID
	Attachments          []Attachment
	Left                 []string // placeholders --keep-missing left unfilled
	// HTML is the text/html alternative (a whole document); with it eml
	// and mbox are multipart/alternative. "" for none.
	HTML string
}

// Attachment is a file sent along with the message.
type Attachment struct {
	Filename    string // base name shown to the recipient
	ContentType string // MIME type; empty means application/octet-stream
	Data        []byte
}

// DefaultMessageIDDomain is used when the sender has no usable domain.
const DefaultMessageIDDomain = "templ.invalid"

// NewMessageID returns a Message-ID derived only from seed, so the same seed
// (say, a hash of the content) always gives the same id. domain is usually
// the sender's domain (see MessageIDDomain); an empty or unusable one is
// replaced by DefaultMessageIDDomain.
func NewMessageID(seed []byte, domain string) string {
	// FNV, not a crypto hash: an id must be unique and reproducible, not
	// secret, and crypto packages would slow templ's start-up.
	h := fnv.New128a()
	h.Write(seed)
	sum := h.Sum(nil)
	if !isDotAtom(domain) {
		domain = DefaultMessageIDDomain
	}
	return "<" + hex.EncodeToString(sum) + "@" + domain + ">"
}

// MessageIDDomain returns the domain of from's address, or
// DefaultMessageIDDomain when from is nil or has no usable domain.
func MessageIDDomain(from *mail.Address) string {
	if from == nil {
		return DefaultMessageIDDomain
	}
	at := strings.LastIndexByte(from.Address, '@')
	if at < 0 || !isDotAtom(from.Address[at+1:]) {
		return DefaultMessageIDDomain
	}
	return from.Address[at+1:]
}

// isDotAtom reports whether s is an RFC 5322 dot-atom-text, the form a
// Message-ID's right side must take.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '.' && !isAtext(c) {
			return false
		}
	}
	return true
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}
