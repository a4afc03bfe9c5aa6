package email

import (
	"cmp"
	"encoding/binary"
	"errors"
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
	// ToWhere names where To came from, when not "--to".
	ToWhere string
}

// Clock gives a message its Date and Message-ID.
type Clock struct {
	Now func() time.Time // required: the caller's clock, never read here
	// SourceDateEpoch is $SOURCE_DATE_EPOCH (the reproducible-builds
	// convention): when set, Date and Message-ID are fixed, so the same
	// input always gives the same bytes.
	SourceDateEpoch string
	// Record is a batch record's number (0 outside a batch). Without
	// SOURCE_DATE_EPOCH it gives the record's stable Message-ID
	// (RecordMessageID), so a rerun or a resumed --send gives every record
	// the id it had.
	Record int
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
	m := &Message{ID: e.ID, Lang: e.Lang, Vars: e.Vars, Subject: e.Subject, Body: e.Body, Left: e.Left}
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
	if m.To, err = list(cmp.Or(a.ToWhere, "--to"), a.To...); err != nil {
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
			fmt.Fprintf(h, "%s\x00%s\x00%d", m.Subject, m.Body, secs)
			writeAddresses(h, m)
			return time.Unix(secs, 0).UTC(), NewMessageID(h.Sum(nil), domain)
		}
	}
	if c.Record > 0 {
		return c.Now(), RecordMessageID(m.ID, c.Record, m)
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
	Attachments Attach     // --attach patterns, filled and read for each email
	Clock       Clock
	// RecordTo addresses a mail format without --to to the values' Email
	// (a batch record's Email field), named by Name: see RecipientPattern.
	RecordTo bool
	// HTML, when set, gives eml and mbox messages an HTML alternative.
	HTML *HTMLOptions
}

// RecipientPattern is the --to a batch record gets from its Email field
// when no --to is given: "[Name] <[Email]>", or "[Email]" without a Name.
func RecipientPattern(lookup func(string) (string, bool)) string {
	if _, ok := lookup("Name"); ok {
		return "[Name] <[Email]>"
	}
	return "[Email]"
}

// recordWhere names the Email field in address errors.
const recordWhere = "the Email field"

// Compose renders vals and writes the email in c.Format to w. Its errors
// are render's (*render.MissingError and the like), *AddressError,
// *AttachmentError, *LayoutError, or one from the writer.
func (c *Composer) Compose(vals *vars.Values, w io.Writer) (*Message, error) {
	e, err := c.Prepared.Render(vals, c.Render)
	if err != nil {
		return nil, err
	}
	m, err := c.message(e, vals, true)
	if err != nil {
		return nil, err
	}
	return m, Encode(w, c.Format, m)
}

// Check is Compose without the writing: it returns Compose's error of the
// user's input, if any, from render.Prepared.Check, the addresses and the
// html layout. A batch's first pass checks each record with it; Encode of
// a message Build made fails only on a full disk or a bug. Its Message has
// what a file name or an address can use (ID, Lang, Subject, Vars, Left,
// addresses) but no Body, HTML, Date or Message-ID.
func (c *Composer) Check(vals *vars.Values) (*Message, error) {
	e, err := c.Prepared.Check(vals, c.Render)
	if err != nil {
		return nil, err
	}
	return c.message(e, vals, false)
}

// message is what Compose and Check share after the render: the
// addresses, then Build (build for Check: no Date or Message-ID), the
// attachments and the HTML part. For Check (whole false) each attachment
// is found and read through but not kept, and the HTML part is made only
// for its error, since only the layout's placeholders can fail, whatever
// the body.
func (c *Composer) message(e *render.Email, vals *vars.Values, whole bool) (*Message, error) {
	lookup := Lookup(vals, e.Vars)
	a, err := c.addresses(lookup)
	if err != nil {
		return nil, err
	}
	var m *Message
	if whole {
		m, err = Build(e, a, lookup, c.Clock)
	} else {
		m, err = build(e, a, lookup)
	}
	if err != nil {
		return nil, err
	}
	if m.Attachments, err = c.attachments(lookup, whole); err != nil {
		return nil, err
	}
	if c.withHTML() {
		localeHTML := ""
		if whole {
			localeHTML = e.HTML
		}
		part, err := c.HTML.part(m, localeHTML, lookup)
		if err != nil {
			return nil, err
		}
		if whole {
			m.HTML = part
		}
	}
	return m, nil
}

// attachments resolves --attach for this record, with the files' data
// when load: one email's files at a time, the caller drops m before the next.
func (c *Composer) attachments(lookup func(string) (string, bool), load bool) ([]Attachment, error) {
	if !c.Format.IsMail() {
		return nil, nil
	}
	return c.Attachments.resolve(lookup, load)
}

func (c *Composer) withHTML() bool { return c.HTML != nil && (c.Format == EML || c.Format == Mbox) }

// addresses are the ones a message in c.Format has: nil for a format that
// is not mail; with RecordTo and no --to, the record's Email.
func (c *Composer) addresses(lookup func(string) (string, bool)) (*Addresses, error) {
	if !c.Format.IsMail() {
		return nil, nil
	}
	a := c.Addresses
	if a == nil {
		a = &Addresses{}
	}
	if c.RecordTo && len(a.To) == 0 {
		if _, ok := lookup("Email"); !ok {
			return nil, &AddressError{errors.New("no recipient: the Email field is empty; fill it in, or pass --to")}
		}
		withTo := *a
		withTo.To, withTo.ToWhere = []string{RecipientPattern(lookup)}, recordWhere
		a = &withTo
	}
	return a, nil
}
