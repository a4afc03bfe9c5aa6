package cli

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// addressFlags are the address flags of the mail formats.
type addressFlags struct {
	to, cc, bcc []string
	from        string
	replyTo     string
}

func (a *addressFlags) bind(cmd *cobra.Command) {
	f := cmd.Flags()
	stringListVarP(f, &a.to, "to", "", "recipient `ADDRESS` for eml, mbox and mailto (repeatable, or comma-separated)")
	stringListVarP(f, &a.cc, "cc", "", "carbon-copy `ADDRESS` (repeatable)")
	stringListVarP(f, &a.bcc, "bcc", "", "blind-copy `ADDRESS` (repeatable)")
	f.StringVar(&a.from, "from", "", "sender `ADDRESS` (default: the config file's from)")
	f.StringVar(&a.replyTo, "reply-to", "", "Reply-To `ADDRESS`")
}

func (a *addressFlags) any() bool {
	return len(a.to)+len(a.cc)+len(a.bcc) > 0 || a.from != "" || a.replyTo != ""
}

// message builds the mail message for e. Address flags may hold
// placeholders ("[Name] <[Email]>"), filled from the values (a batch
// record's fields included), then from the email's own variables.
func (a *addressFlags) message(e *render.Email, vals *vars.Values, cfgFrom string) (*email.Message, error) {
	lookup := emailLookup(vals, e)
	m := &email.Message{Subject: e.Subject, Body: e.Body}
	list := func(flag string, values []string) ([]*mail.Address, error) {
		var out []*mail.Address
		for _, v := range values {
			addrs, err := fillAddresses(flag, v, lookup, email.ParseAddressList)
			if err != nil {
				return nil, err
			}
			if err := checkDisplayNames(flag, addrs); err != nil {
				return nil, err
			}
			out = append(out, addrs...)
		}
		return out, nil
	}
	var err error
	if m.To, err = list("--to", a.to); err != nil {
		return nil, err
	}
	if m.Cc, err = list("--cc", a.cc); err != nil {
		return nil, err
	}
	if m.Bcc, err = list("--bcc", a.bcc); err != nil {
		return nil, err
	}
	if a.replyTo != "" {
		if m.ReplyTo, err = list("--reply-to", []string{a.replyTo}); err != nil {
			return nil, err
		}
	}
	from, flag := a.from, "--from"
	if from == "" {
		from, flag = cfgFrom, "from in the config file"
	}
	if from != "" {
		if m.From, err = fillAddresses(flag, from, lookup, email.ParseAddress); err != nil {
			return nil, err
		}
		if err := checkDisplayNames(flag, []*mail.Address{m.From}); err != nil {
			return nil, err
		}
	}
	m.Date, m.MessageID = messageDateAndID(m)
	return m, nil
}

// emailLookup finds a placeholder of an address flag or --filename in the
// values (a batch record's fields included), then in the variables the
// email used, so template defaults count too.
func emailLookup(vals *vars.Values, e *render.Email) func(string) (string, bool) {
	return func(name string) (string, bool) {
		if v, ok := vals.Get(name); ok {
			return v, true
		}
		key := placeholder.Key(name)
		for _, v := range e.Vars {
			if placeholder.Key(v.Name) == key && v.Value != "" {
				return v.Value, true
			}
		}
		return "", false
	}
}

// checkDisplayNames refuses a display name that decodes to a line break
// ("=?utf-8?q?a=0D=0Ab?= <x@example.com>"). The eml writer would encode it
// safely, but a reader shows the decoded name, and a client that re-sends
// the message could put the break back into a header.
func checkDisplayNames(flag string, addrs []*mail.Address) error {
	for _, a := range addrs {
		if a != nil && strings.ContainsAny(a.Name, "\r\n") {
			return inputErrorf("%s: the display name of <%s> holds a line break once decoded; an address must be on one line", flag, a.Address)
		}
	}
	return nil
}

// fillAddresses fills an address flag's placeholders and parses the result.
// A value holding a comma, quotes or other specials ("Smith, Jo") would
// split, lose its quotes or break "[Name] <[Email]>", so such values, when
// they are not addresses (no @), are tried quoted first; if that does not
// parse (the flag quotes the placeholder itself), they go in as written.
func fillAddresses[T any](flag, pattern string, lookup func(string) (string, bool), parse func(flag, value string) (T, error)) (T, error) {
	var zero T
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	quoted, err := render.Fill(flag, pattern, func(name string) (string, bool) {
		v, ok := lookup(name)
		if ok && !strings.Contains(v, "@") && strings.ContainsAny(v, `"(),.:;<>[\]`) {
			v = `"` + quote.Replace(v) + `"`
		}
		return v, ok
	})
	if err != nil {
		return zero, inputError(err)
	}
	if parsed, err := parse(flag, quoted); err == nil {
		return parsed, nil
	}
	filled, err := render.Fill(flag, pattern, lookup)
	if err != nil {
		return zero, inputError(err)
	}
	parsed, err := parse(flag, filled)
	if err != nil {
		return zero, inputError(err)
	}
	return parsed, nil
}

// messageDateAndID gives the Date and Message-ID headers. With
// SOURCE_DATE_EPOCH set (the reproducible-builds convention) both are fixed,
// so the same input always gives the same bytes; otherwise the date is now
// and the id random.
func messageDateAndID(m *email.Message) (time.Time, string) {
	domain := email.MessageIDDomain(m.From)
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		if secs, err := strconv.ParseInt(epoch, 10, 64); err == nil {
			// FNV, not a crypto hash: the id must be unique, not secret.
			h := fnv.New128a()
			// Every header that tells two messages apart goes in, so
			// different recipients still get different ids.
			fmt.Fprintf(h, "%s\x00%s\x00%v\x00%v\x00%v\x00%v\x00%v\x00%d", m.Subject, m.Body, m.From, m.To, m.Cc, m.Bcc, m.ReplyTo, secs)
			return time.Unix(secs, 0).UTC(), email.NewMessageID(h.Sum(nil), domain)
		}
	}
	// math/rand/v2's global source is seeded from the OS, which is enough
	// for a unique id; crypto/rand would slow templ's start-up.
	seed := binary.LittleEndian.AppendUint64(nil, rand.Uint64())
	seed = binary.LittleEndian.AppendUint64(seed, rand.Uint64())
	return time.Now(), email.NewMessageID(seed, domain)
}

// loadAttachments reads every --attach file before any output.
func loadAttachments(paths []string) ([]email.Attachment, error) {
	var out []email.Attachment
	for _, p := range paths {
		a, err := email.LoadAttachment(p)
		if err != nil {
			return nil, inputError(err)
		}
		out = append(out, a)
	}
	return out, nil
}
