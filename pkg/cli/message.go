package cli

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/output"
	"github.com/templ-mail/templ/pkg/render"
)

// addressFlags are the address flags of the mail formats.
type addressFlags struct {
	to, cc, bcc []string
	from        string
	replyTo     string
}

func (a *addressFlags) bind(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&a.to, "to", nil, "recipient `ADDRESS` for eml, mbox and mailto (repeatable, or comma-separated)")
	f.StringArrayVar(&a.cc, "cc", nil, "carbon-copy `ADDRESS` (repeatable)")
	f.StringArrayVar(&a.bcc, "bcc", nil, "blind-copy `ADDRESS` (repeatable)")
	f.StringVar(&a.from, "from", "", "sender `ADDRESS` (default: the config file's from)")
	f.StringVar(&a.replyTo, "reply-to", "", "Reply-To `ADDRESS`")
}

func (a *addressFlags) any() bool {
	return len(a.to)+len(a.cc)+len(a.bcc) > 0 || a.from != "" || a.replyTo != ""
}

func newMessageFor(f output.Format) *email.Message {
	if !f.NeedsMessage() {
		return nil
	}
	return &email.Message{}
}

// fill parses every address into m and sets subject, body, date and id.
// cfgFrom is the config file's from, used when --from is not given.
func (a *addressFlags) fill(m *email.Message, cfgFrom string, e *render.Email) error {
	var err error
	if m.To, err = parseList("--to", a.to); err != nil {
		return err
	}
	if m.Cc, err = parseList("--cc", a.cc); err != nil {
		return err
	}
	if m.Bcc, err = parseList("--bcc", a.bcc); err != nil {
		return err
	}
	if a.replyTo != "" {
		if m.ReplyTo, err = email.ParseAddressList("--reply-to", a.replyTo); err != nil {
			return inputError(err)
		}
	}
	from, flag := a.from, "--from"
	if from == "" {
		from, flag = cfgFrom, "config from"
	}
	if from != "" {
		if m.From, err = email.ParseAddress(flag, from); err != nil {
			return inputError(err)
		}
	}
	m.Subject, m.Body = e.Subject, e.Body
	m.Date, m.MessageID = messageDateAndID(m)
	return nil
}

func parseList(flag string, values []string) ([]*mail.Address, error) {
	var out []*mail.Address
	for _, v := range values {
		list, err := email.ParseAddressList(flag, v)
		if err != nil {
			return nil, inputError(err)
		}
		out = append(out, list...)
	}
	return out, nil
}

// messageDateAndID gives the Date and Message-ID headers. With
// SOURCE_DATE_EPOCH set (the reproducible-builds convention) both are fixed,
// so the same input always gives the same bytes; otherwise the date is now
// and the id random.
func messageDateAndID(m *email.Message) (time.Time, string) {
	domain := "templ.invalid"
	if m.From != nil {
		if at := strings.LastIndexByte(m.From.Address, '@'); at >= 0 {
			domain = m.From.Address[at+1:]
		}
	}
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		if secs, err := strconv.ParseInt(epoch, 10, 64); err == nil {
			h := sha256.New()
			fmt.Fprintf(h, "%s\x00%s\x00%v\x00%d", m.Subject, m.Body, m.To, secs)
			return time.Unix(secs, 0).UTC(), email.NewMessageID(h.Sum(nil), domain)
		}
	}
	seed := make([]byte, 16)
	_, _ = rand.Read(seed)
	return time.Now(), email.NewMessageID(seed, domain)
}
