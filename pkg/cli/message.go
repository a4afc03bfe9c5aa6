package cli

import (
	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/email"
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

// addresses are the flags as email.Build takes them; --from falls back on
// the config file's from.
func (a *addressFlags) addresses(cfgFrom string) *email.Addresses {
	out := &email.Addresses{To: a.to, Cc: a.cc, Bcc: a.bcc, ReplyTo: a.replyTo, From: a.from, FromWhere: "--from"}
	if a.from == "" {
		out.From, out.FromWhere = cfgFrom, "from in the config file"
	}
	return out
}

// checkFixedAttachments checks the --attach files that name no placeholder
// before anything else, so a wrong path is found before a render or a
// batch's first pass; the others are found per email (per record).
func checkFixedAttachments(patterns []string) error {
	for _, p := range patterns {
		a := email.Attach{p}
		if a.HasPlaceholders() {
			continue
		}
		if _, err := a.Check(nil); err != nil {
			return inputError(err)
		}
	}
	return nil
}
