package email

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/mail"
	"strconv"
	"time"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// Addresses are the address flags as typed, with placeholders
// ("[Name] <[Email]>") that Build fills for each email.
type Addresses struct {
	To, Cc, Bcc []string
	ReplyTo     string
	From        string
	// FromWhere names where From came from in errors: "--from", or "from
	// in the config file".
	FromWhere string
}

// Clock gives a message its Date and Message-ID.
type Clock struct {
	Now func() time.Time // required: the caller's clock, never read here
	// SourceDateEpoch is $SOURCE_DATE_EPOCH (the reproducible-builds
	// convention): when set, Date and Message-ID are fixed, so the same
	// input always gives the same bytes.
	SourceDateEpoch string
}

// AddressError is an address that cannot be filled or parsed: the user's
// input.
type AddressError struct{ Err error }

func (e *AddressError) Error() string { return e.Err.Error() }
func (e *AddressError) Unwrap() error { return e.Err }

// Build assembles the message of e. For a mail format (a != nil) it fills
// the addresses from lookup (see Lookup) and sets Date and Message-ID.
func Build(e *render.Email, a *Addresses, lookup func(string) (string, bool), clock Clock) (*Message, error) {
	m, err := build(e, a, lookup)
	if err != nil || a == nil {
		return m, err
	}
	m.Date, m.MessageID = clock.stamp(m)
	return m, nil
}

// build is Build without Date and Message-ID, which cannot fail.
func build(e *render.Email, a *Addresses, lookup func(string) (string, bool)) (*Message, error) {
	m := &Message{ID: e.ID, Lang: e.Lang, Vars: e.Vars, Subject: e.Subject, Body: e.Body}
	if a == nil {
		return m, nil
	}
	list := func(flag string, values ...string) ([]*mail.Address, error) {
		var out []*mail.Address
		for _, v := range values {
			addrs, err := FillAddresses(flag, v, lookup)
			if err != nil {
				return nil, &AddressError{err}
			}
			out = append(out, addrs...)
		}
		return out, nil
	}
	var err error
	if m.To, err = list("--to", a.To...); err != nil {
		return nil, err
	}
	if m.Cc, err = list("--cc", a.Cc...); err != nil {
		return nil, err
	}
	if m.Bcc, err = list("--bcc", a.Bcc...); err != nil {
		return nil, err
	}
	if a.ReplyTo != "" {
		if m.ReplyTo, err = list("--reply-to", a.ReplyTo); err != nil {
			return nil, err
		}
	}
	if a.From != "" {
		from, err := list(a.FromWhere, a.From)
		if err != nil {
			return nil, err
		}
		if len(from) > 1 {
			return nil, &AddressError{fmt.Errorf("%s: %q holds %d addresses; give exactly one", a.FromWhere, a.From, len(from))}
		}
		if len(from) == 1 {
			m.From = from[0]
		}
	}
	return m, nil
}

// Lookup finds a placeholder of an address flag or --filename in vals (a
// batch record's fields included), then in the variables the email used,
// so template defaults count too.
func Lookup(vals *vars.Values, used []vars.Value) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := vals.Get(name); ok {
			return v, true
		}
		key := placeholder.Key(name)
		for _, v := range used {
			if placeholder.Key(v.Name) == key && v.Value != "" {
				return v.Value, true
			}
		}
		return "", false
	}
}

// stamp gives the Date and Message-ID headers: fixed with
// SOURCE_DATE_EPOCH, otherwise now and a random id.
func (c Clock) stamp(m *Message) (time.Time, string) {
	domain := MessageIDDomain(m.From)
	if c.SourceDateEpoch != "" {
		if secs, err := strconv.ParseInt(c.SourceDateEpoch, 10, 64); err == nil {
			// FNV, not a crypto hash: the id must be unique, not secret.
			h := fnv.New128a()
			// Every header that tells two messages apart goes in, so
			// different recipients still get different ids.
			fmt.Fprintf(h, "%s\x00%s\x00%v\x00%v\x00%v\x00%v\x00%v\x00%d", m.Subject, m.Body, m.From, m.To, m.Cc, m.Bcc, m.ReplyTo, secs)
			return time.Unix(secs, 0).UTC(), NewMessageID(h.Sum(nil), domain)
		}
	}
	// math/rand/v2's global source is seeded from the OS, which is enough
	// for a unique id; crypto/rand would slow templ's start-up.
	seed := binary.LittleEndian.AppendUint64(nil, rand.Uint64())
	seed = binary.LittleEndian.AppendUint64(seed, rand.Uint64())
	return c.Now(), NewMessageID(seed, domain)
}

// Composer is the pipeline from values to bytes, the same for one email and
// for every record of a batch: render.Prepared, then Build, then Encode.
type Composer struct {
	Prepared    *render.Prepared
	Render      render.Options
	Format      Format
	Addresses   *Addresses // used only when Format.IsMail()
	Attachments []Attachment
	Clock       Clock
}

// Compose renders vals and writes the email in c.Format to w. Its errors
// are render's (*render.MissingError and the like), *AddressError, or one
// from the writer.
func (c *Composer) Compose(vals *vars.Values, w io.Writer) (*Message, error) {
	e, err := c.Prepared.Render(vals, c.Render)
	if err != nil {
		return nil, err
	}
	m, err := Build(e, c.addresses(), Lookup(vals, e.Vars), c.Clock)
	if err != nil {
		return nil, err
	}
	m.Attachments = c.Attachments
	return m, Encode(w, c.Format, m)
}

// Check is Compose without the writing: it returns Compose's error of the
// user's input, if any, from render.Prepared.Check and the addresses. A
// batch's first pass checks each record with it; Encode of a message
// Build made fails only on a full disk or a bug. Its Message has what a
// file name or an address can use (ID, Lang, Subject, Vars, addresses)
// but no Body, Date or Message-ID.
func (c *Composer) Check(vals *vars.Values) (*Message, error) {
	e, err := c.Prepared.Check(vals, c.Render)
	if err != nil {
		return nil, err
	}
	m, err := build(e, c.addresses(), Lookup(vals, e.Vars))
	if err != nil {
		return nil, err
	}
	m.Attachments = c.Attachments
	return m, nil
}

// addresses are the ones a message in c.Format has: nil for a format that
// is not mail.
func (c *Composer) addresses() *Addresses {
	if !c.Format.IsMail() {
		return nil
	}
	if c.Addresses == nil {
		return &Addresses{}
	}
	return c.Addresses
}
