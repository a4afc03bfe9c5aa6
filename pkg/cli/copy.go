package cli

import (
	"fmt"

	"github.com/templ-mail/templ/pkg/clipboard"
	"github.com/templ-mail/templ/pkg/email"
)

// copyToClipboard puts text on the clipboard and confirms on stderr; stdout
// stays empty so --copy composes with nothing else.
func copyToClipboard(stdio *IO, text string, e *email.Message) error {
	method, err := clipboard.Copy(text, stdio.Getenv)
	if err != nil {
		return workError(err)
	}
	what := fmt.Sprintf("%s (%s), %q", e.ID, e.Lang, e.Subject)
	if method == clipboard.OSC52 {
		fmt.Fprintf(stdio.Err, "templ: sent %s to the terminal's clipboard (OSC 52); paste to check, as not every terminal supports it\n", what)
		return nil
	}
	fmt.Fprintf(stdio.Err, "templ: copied %s to the clipboard\n", what)
	return nil
}
