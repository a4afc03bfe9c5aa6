package email

import (
	"fmt"
	"net/mail"
	"strings"

	"github.com/templ-mail/templ/pkg/render"
)

// FillAddresses fills an address flag's placeholders ("[Name] <[Email]>")
// with lookup and parses the result as a list of addresses. flag names the
// flag in errors. A value holding a comma, quotes or other specials
// ("Smith, Jo") would split, lose its quotes or break "[Name] <[Email]>",
// so such values, when they are not addresses (no @), are tried quoted
// first; if that does not parse (the flag quotes the placeholder itself),
// they go in as written.
func FillAddresses(flag, pattern string, lookup func(name string) (string, bool)) ([]*mail.Address, error) {
	quote := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	quoted, err := render.Fill(flag, pattern, func(name string) (string, bool) {
		v, ok := lookup(name)
		if ok && !strings.Contains(v, "@") && strings.ContainsAny(v, `"(),.:;<>[\]`) {
			v = `"` + quote.Replace(v) + `"`
		}
		return v, ok
	})
	if err != nil {
		return nil, err
	}
	addrs, err := ParseAddressList(flag, quoted)
	if err != nil {
		filled, ferr := render.Fill(flag, pattern, lookup)
		if ferr != nil {
			return nil, ferr
		}
		if addrs, err = ParseAddressList(flag, filled); err != nil {
			return nil, err
		}
	}
	return addrs, checkDisplayNames(flag, addrs)
}

// checkDisplayNames refuses a display name that decodes to a line break
// ("=?utf-8?q?a=0D=0Ab?= <x@example.com>"). The eml writer would encode it
// safely, but a reader shows the decoded name, and a client that re-sends
// the message could put the break back into a header.
func checkDisplayNames(flag string, addrs []*mail.Address) error {
	for _, a := range addrs {
		if a != nil && strings.ContainsAny(a.Name, "\r\n") {
			return fmt.Errorf("%s: the display name of <%s> holds a line break once decoded; an address must be on one line", flag, a.Address)
		}
	}
	return nil
}
