// Package yamlerr reads the line number out of yaml.v3's error messages,
// which have the form "yaml: line N: message".
package yamlerr

import (
	"strconv"
	"strings"
)

// Split returns N and the message of "yaml: line N: message" (the "yaml: "
// prefix is optional), and ok=false with the message alone for any other
// form.
func Split(msg string) (line int, text string, ok bool) {
	msg = strings.TrimPrefix(msg, "yaml: ")
	rest, found := strings.CutPrefix(msg, "line ")
	if !found {
		return 0, msg, false
	}
	num, after, found := strings.Cut(rest, ": ")
	n, err := strconv.Atoi(num)
	if !found || err != nil {
		return 0, msg, false
	}
	return n, after, true
}
