package email

import (
	"fmt"
	"hash/fnv"
	"io"
	"net/mail"
)

// RecordMessageID is the Message-ID of record n of a batch: derived from
// the batch (its template, say "refund-reject"), the record's number and
// everything that tells the email apart (subject, body, addresses), and
// nothing else, no clock. A rerun of the same batch gives each record the
// id it had, so a message resent after a failure or an interrupt carries
// the id of the first try and the receiving side can recognise it; a
// record whose email changed gets a new one.
func RecordMessageID(batch string, record int, m *Message) string {
	// FNV, as NewMessageID: the id must be stable and unique, not secret.
	h := fnv.New128a()
	fmt.Fprintf(h, "templ-record-1\x00%s\x00%d\x00%s\x00%s", batch, record, m.Subject, m.Body)
	writeAddresses(h, m)
	return NewMessageID(h.Sum(nil), MessageIDDomain(m.From))
}

// writeAddresses writes every address of m by its text, for a hash: %v of
// a []*mail.Address would print pointers, which differ from run to run.
func writeAddresses(w io.Writer, m *Message) {
	var from []*mail.Address
	if m.From != nil {
		from = []*mail.Address{m.From}
	}
	for _, list := range [][]*mail.Address{from, m.To, m.Cc, m.Bcc, m.ReplyTo} {
		w.Write([]byte{0})
		for _, a := range list {
			fmt.Fprintf(w, "%q <%s>,", a.Name, a.Address)
		}
	}
}
