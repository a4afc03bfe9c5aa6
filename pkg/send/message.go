package send

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Message is one record's email as it goes on the wire.
type Message struct {
	Record     int      // the record's number in the batch (1 for a single render)
	Line       int      // the record's line in the data file; 0 when there is none
	From       string   // envelope sender: the From address
	Recipients []string // envelope recipients: To, Cc and Bcc, in that order
	MessageID  string
	Template   string // the batch's template id, for the log; "" for none
	Data       []byte // the RFC 5322 message, CRLF line endings, without its Bcc field
}

// NewMessage prepares the bytes the eml writer produced for sending. The
// envelope comes from the message's own From, To, Cc and Bcc fields, so it
// can never disagree with them. The Bcc field is taken out, as sendmail -t
// does, so the other recipients do not see it; every other byte is sent as
// written. eml is not kept: the caller may reuse it.
func NewMessage(record, line int, eml []byte) (Message, error) {
	parsed, err := mail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		return Message{}, fmt.Errorf("the message does not parse: %v", err)
	}
	h := parsed.Header
	m := Message{Record: record, Line: line, MessageID: h.Get("Message-ID")}
	if from, err := h.AddressList("From"); err == nil && len(from) == 1 {
		m.From = from[0].Address
	}
	for _, field := range []string{"To", "Cc", "Bcc"} {
		list, err := h.AddressList(field)
		if err != nil && !errors.Is(err, mail.ErrHeaderNotPresent) {
			return Message{}, fmt.Errorf("%s: %v", field, err)
		}
		for _, a := range list {
			m.Recipients = append(m.Recipients, a.Address)
		}
	}
	if err := CheckEnvelope(m.From, len(m.Recipients)); err != nil {
		return Message{}, err
	}
	// A copy: the caller may reuse eml's buffer (a batch renders every
	// record into one) while this message still waits for a connection.
	m.Data = StripBcc(eml)
	if len(m.Data) == len(eml) {
		m.Data = bytes.Clone(eml)
	}
	return m, nil
}

// CheckEnvelope says why a message with this sender and this many
// recipients cannot be sent, or nil: the one rule, for NewMessage and for a
// batch's first pass.
func CheckEnvelope(from string, recipients int) error {
	if from == "" {
		return errors.New("a message to send needs one From address; give --from or set from: in the config")
	}
	if recipients == 0 {
		return errors.New("no recipient: pass --to '[Email]' or add an Email column")
	}
	return nil
}

// StripBcc returns msg without its top-level Bcc field (and the field's
// folded lines). msg is returned unchanged when it has none.
func StripBcc(msg []byte) []byte {
	end := bytes.Index(msg, []byte("\r\n\r\n"))
	if end < 0 {
		return msg
	}
	header := msg[:end+2]
	var out []byte
	dropping, found := false, false
	for len(header) > 0 {
		i := bytes.Index(header, []byte("\r\n"))
		line := header[:i+2]
		header = header[i+2:]
		folded := line[0] == ' ' || line[0] == '\t'
		if !folded {
			dropping = len(line) > 4 && strings.EqualFold(string(line[:4]), "bcc:")
			found = found || dropping
		}
		if !dropping {
			out = append(out, line...)
		}
	}
	if !found {
		return msg
	}
	return append(out, msg[end+2:]...)
}
