package cli

import (
	"fmt"

	"github.com/templ-mail/templ/pkg/clipboard"
	"github.com/templ-mail/templ/pkg/email"
)

// copyFormat is the format --copy uses: without -f, the body alone, which
// is what a help desk's reply box takes (its subject has a field of its
// own); -f picks any other.
func copyFormat(copy, explicit bool, name string) string {
	if copy && !explicit {
		return string(email.Body)
	}
	return name
}

// copyWhat names what --copy put on the clipboard, per format.
var copyWhat = map[email.Format]string{
	email.Text:    "the subject and body",
	email.Body:    "the body",
	email.Subject: "the subject",
	email.EML:     "the eml message",
	email.JSON:    "the JSON",
	email.Mailto:  "the mailto URL",
}

// copyToClipboard puts text on the clipboard and confirms on stderr, naming
// the subject, so the agent can paste it into the subject field; stdout
// stays empty so --copy composes with nothing else.
func copyToClipboard(stdio *IO, text string, f email.Format, e *email.Message) error {
	method, err := clipboard.Copy(text, stdio.Getenv)
	if err != nil {
		return workError(err)
	}
	what := fmt.Sprintf("%s of %q", copyWhat[f], e.Subject)
	if method == clipboard.OSC52 {
		fmt.Fprintf(stdio.Err, "templ: sent %s to the terminal's clipboard (OSC 52); paste to check, as not every terminal supports it\n", what)
		return nil
	}
	fmt.Fprintf(stdio.Err, "templ: copied %s to the clipboard\n", what)
	return nil
}
