// Command hello is the cold-start floor: a Go binary that writes the finished
// benchmark email and exits. Filling four placeholders takes microseconds,
// so its time is what starting any Go program costs.
package main

import (
	"os"

	"github.com/templ-mail/templ/bench/internal/emailtext"
)

func main() {
	email := emailtext.Replacer(emailtext.Cold).Replace(emailtext.Text(emailtext.Subject, emailtext.Body))
	if _, err := os.Stdout.WriteString(email); err != nil {
		os.Stderr.WriteString("hello: " + err.Error() + "\n")
		os.Exit(1)
	}
}
