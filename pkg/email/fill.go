package email

import (
	"fmt"
	"mime"
	"net/mail"
	"strconv"
	"strings"

	"github.com/templ-mail/templ/pkg/placeholder"
)

// FillAddresses fills the placeholders of an address flag's pattern
// ("[Name] <[Email]>", "Support <support@example.com>, [Email]") and
// returns its addresses. flag names the flag in errors ("--to").
//
// The pattern's structure is parsed before any value goes in, so a value
// can never add a recipient:
//   - a value in a display-name position becomes part of exactly that one
//     display name, its text kept as it is (commas, quotes, "<", "=?"
//     included); the writer quotes or encodes it;
//   - a value in an address position must leave exactly one addr-spec;
//   - a placeholder that is a whole address ("[Email]") must hold exactly
//     one address ("ivan@example.com" or "Ivan <ivan@example.com>"), or
//     nothing, which gives no address.
//
// A value holding a line break, even one decoded from an encoded-word, is
// refused. An empty pattern gives nil, nil.
func FillAddresses(flag, pattern string, lookup func(name string) (string, bool)) ([]*mail.Address, error) {
	if strings.ContainsAny(pattern, "\r\n") {
		return nil, fmt.Errorf("%s: line break in address; an address must be on one line", flag)
	}
	if strings.TrimSpace(pattern) == "" {
		return nil, nil
	}
	sk := newSkeleton(pattern)
	values, err := sk.lookupAll(flag, lookup)
	if err != nil {
		return nil, err
	}
	elems, err := sk.elements(flag, pattern)
	if err != nil {
		return nil, err
	}
	var out []*mail.Address
	for _, e := range elems {
		a, err := sk.fillElement(flag, pattern, e, values)
		if err != nil {
			return nil, err
		}
		if a != nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// skeleton is a pattern with each placeholder replaced by an opaque token
// (marker, index, marker): letters and digits only, so net/mail reads it as
// an atom wherever it stands, and the marker never occurs in the pattern.
type skeleton struct {
	text   string
	marker string
	names  []string // placeholder names by index
}

func newSkeleton(pattern string) *skeleton {
	marker := "tmplslot"
	for strings.Contains(strings.ToLower(pattern), marker) {
		marker += "x"
	}
	s := &skeleton{marker: marker}
	var b strings.Builder
	for _, tok := range placeholder.Lex(pattern) {
		if tok.Kind != placeholder.Placeholder {
			b.WriteString(tok.Value) // escapes resolved; no newlines here
			continue
		}
		b.WriteString(s.token(len(s.names)))
		s.names = append(s.names, tok.Value)
	}
	s.text = b.String()
	return s
}

func (s *skeleton) token(i int) string { return s.marker + strconv.Itoa(i) + s.marker }

// addrSlot is what an angle-addr holding nothing but placeholder i ("<[Email]>")
// becomes, so that net/mail still sees an addr-spec there.
func (s *skeleton) addrSlot(i int) string { return s.token(i) + "@" + s.marker + ".invalid" }

// lookupAll finds every placeholder's value, listing all missing ones in
// one error, and refuses line breaks.
func (s *skeleton) lookupAll(flag string, lookup func(string) (string, bool)) ([]string, error) {
	values := make([]string, len(s.names))
	var missing []string
	seen := map[string]bool{}
	for i, name := range s.names {
		v, ok := lookup(name)
		if !ok {
			if !seen[name] {
				seen[name] = true
				missing = append(missing, name)
			}
			continue
		}
		if hasLineBreak(v) {
			return nil, fmt.Errorf("%s: the value of [%s] holds a line break%s; an address must be on one line", flag, name, decodedNote(v))
		}
		values[i] = v
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s uses %s, which has no value", flag, strings.Join(missing, ", "))
	}
	return values, nil
}

// hasLineBreak reports a CR or LF in v, or in v with its encoded-words
// decoded: a reader shows the decoded text, and a client that re-sends the
// message could put the break back into a header.
func hasLineBreak(v string) bool {
	if strings.ContainsAny(v, "\r\n") {
		return true
	}
	dec, err := new(mime.WordDecoder).DecodeHeader(v)
	return err == nil && strings.ContainsAny(dec, "\r\n")
}

func decodedNote(v string) string {
	if strings.ContainsAny(v, "\r\n") {
		return ""
	}
	return " once decoded"
}

// element is one address of the pattern, in skeleton form.
type element struct {
	text  string
	slots []int // the placeholders it holds
	bare  int   // the placeholder that is the whole address, or -1
}

// elements splits the skeleton at its top-level commas (not in a quoted
// string, a comment or an angle-addr), rewrites "<token>" to an addr-spec
// and refuses a placeholder inside a comment, where it would vanish.
func (s *skeleton) elements(flag, pattern string) ([]element, error) {
	var elems []element
	var b strings.Builder
	cur := element{bare: -1}
	inQuote, inAngle, depth := false, false, 0
	flush := func() {
		cur.text = b.String()
		if strings.TrimSpace(cur.text) != "" {
			if i, ok := s.tokenAt(strings.TrimSpace(cur.text)); ok && len(s.token(i)) == len(strings.TrimSpace(cur.text)) {
				cur.bare = i
			}
			elems = append(elems, cur)
		}
		b.Reset()
		cur = element{bare: -1}
	}
	t := s.text
	for i := 0; i < len(t); i++ {
		c := t[i]
		if idx, ok := s.tokenAt(t[i:]); ok {
			if depth > 0 {
				return nil, fmt.Errorf("%s: [%s] is inside a comment in %q; take it out of the parentheses", flag, s.names[idx], pattern)
			}
			cur.slots = append(cur.slots, idx)
			tok := s.token(idx)
			i += len(tok) - 1
			b.WriteString(tok)
			continue
		}
		switch {
		case (inQuote || depth > 0) && c == '\\' && i+1 < len(t):
			b.WriteString(t[i : i+2])
			i++
			continue
		case inQuote:
			inQuote = c != '"'
		case c == '"' && depth == 0:
			inQuote = true
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth > 0:
		case c == '<' && !inAngle:
			inAngle = true
			if idx, n, ok := s.soleToken(t[i+1:]); ok {
				cur.slots = append(cur.slots, idx)
				b.WriteString("<" + s.addrSlot(idx) + ">")
				i += n
				inAngle = false
				continue
			}
		case c == '>' && inAngle:
			inAngle = false
		case c == ',' && !inAngle:
			flush()
			continue
		}
		b.WriteByte(c)
	}
	flush()
	return elems, nil
}

// tokenAt reports the placeholder whose token starts t.
func (s *skeleton) tokenAt(t string) (int, bool) {
	rest, ok := strings.CutPrefix(t, s.marker)
	if !ok {
		return 0, false
	}
	n := 0
	for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
		n++
	}
	if n == 0 || !strings.HasPrefix(rest[n:], s.marker) {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:n])
	if err != nil || i >= len(s.names) {
		return 0, false
	}
	return i, true
}

// soleToken reports whether t, which follows a "<", holds only a token
// (and blanks) before its ">"; n counts the bytes up to that ">".
func (s *skeleton) soleToken(t string) (idx, n int, ok bool) {
	lead := len(t) - len(strings.TrimLeft(t, " \t"))
	idx, ok = s.tokenAt(t[lead:])
	if !ok {
		return 0, 0, false
	}
	after := lead + len(s.token(idx))
	trail := len(t[after:]) - len(strings.TrimLeft(t[after:], " \t"))
	if !strings.HasPrefix(t[after+trail:], ">") {
		return 0, 0, false
	}
	return idx, after + trail + 1, true
}

// fillElement parses one element of the pattern and puts its values in.
func (s *skeleton) fillElement(flag, pattern string, e element, values []string) (*mail.Address, error) {
	if e.bare >= 0 {
		return wholeAddress(flag, s.names[e.bare], values[e.bare])
	}
	parsed, err := mail.ParseAddress(e.text)
	if err != nil {
		if len(e.slots) == 0 { // no placeholder: the address itself is wrong
			return nil, fmt.Errorf("%s: %q is not an email address: %s; %s", flag, strings.TrimSpace(e.text), addressProblem(e.text, err), addressForm)
		}
		return nil, fmt.Errorf("%s: invalid address pattern %q: %s; use the form \"[Name] <[Email]>\" and separate addresses with commas",
			flag, pattern, addressProblem(e.text, err))
	}
	used := map[int]int{}
	name := s.fill(parsed.Name, values, used)
	// Blanks around an address value (a CSV cell " ivan@example.com")
	// are dropped, as net/mail drops them around an address.
	trimmed := make([]string, len(values))
	for i, v := range values {
		trimmed[i] = strings.Trim(v, " \t")
	}
	var address string
	if idx, ok := s.addrSlotIndex(parsed.Address); ok {
		used[idx]++
		address = trimmed[idx]
	} else {
		address = s.fill(parsed.Address, trimmed, used)
	}
	for _, idx := range e.slots {
		if used[idx] != 1 {
			return nil, fmt.Errorf("%s: [%s] cannot be placed in %q; put placeholders in the display name or the address", flag, s.names[idx], pattern)
		}
	}
	if hasLineBreak(name) {
		return nil, fmt.Errorf("%s: the display name of <%s> holds a line break once decoded; an address must be on one line", flag, address)
	}
	filled := strings.Contains(parsed.Address, s.marker)
	if filled {
		if err := checkOneAddrSpec(address); err != nil {
			return nil, fmt.Errorf("%s: %s gives the address %q, which is %s; give a single address such as user@example.com",
				flag, s.placeholdersIn(parsed.Address), address, err)
		}
	}
	// An international domain goes in as punycode (see NormalizeAddress).
	address, err = NormalizeAddress(address)
	if err != nil {
		if filled {
			return nil, fmt.Errorf("%s: %s: %w", flag, s.placeholdersIn(parsed.Address), err)
		}
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	return &mail.Address{Name: name, Address: address}, nil
}

// wholeAddress parses the value of a placeholder that is a whole address.
func wholeAddress(flag, name, value string) (*mail.Address, error) {
	if strings.TrimSpace(value) == "" {
		return nil, nil
	}
	list, err := mail.ParseAddressList(value)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: [%s] is %q, not an address: %s; use the form \"Name <user@example.com>\"",
			flag, name, value, addressProblem(value, err))
	case len(list) != 1:
		return nil, fmt.Errorf("%s: [%s] is %q, which holds %d addresses; a value must give exactly one", flag, name, value, len(list))
	case hasLineBreak(list[0].Name):
		return nil, fmt.Errorf("%s: the display name of <%s> holds a line break once decoded; an address must be on one line", flag, list[0].Address)
	}
	normalized, err := NormalizeAddress(list[0].Address)
	if err != nil {
		return nil, fmt.Errorf("%s: [%s]: %w", flag, name, err)
	}
	list[0].Address = normalized
	return list[0], nil
}

// checkOneAddrSpec reports whether addr is exactly one bare addr-spec, as
// net/mail reads it back: no display name, comment, second address or
// quoting that would change it.
func checkOneAddrSpec(addr string) error {
	if strings.ContainsAny(addr, "<>") || strings.Contains(addr, "=?") {
		return fmt.Errorf("not a bare address")
	}
	a, err := mail.ParseAddress("<" + addr + ">")
	if err != nil {
		return fmt.Errorf("not one address (%s)", addressProblem(addr, err))
	}
	if a.Name != "" || a.Address != addr {
		return fmt.Errorf("not one plain address")
	}
	return nil
}

// fill replaces the tokens in t with their values, in one pass so that a
// value is never scanned for tokens itself, and counts each use.
func (s *skeleton) fill(t string, values []string, used map[int]int) string {
	if !strings.Contains(t, s.marker) {
		return t
	}
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		if idx, ok := s.tokenAt(t[i:]); ok {
			b.WriteString(values[idx])
			used[idx]++
			i += len(s.token(idx)) - 1
			continue
		}
		b.WriteByte(t[i])
	}
	return b.String()
}

func (s *skeleton) addrSlotIndex(addr string) (int, bool) {
	idx, ok := s.tokenAt(addr)
	return idx, ok && addr == s.addrSlot(idx)
}

// placeholdersIn names the placeholders in t ("[User]"), for errors.
func (s *skeleton) placeholdersIn(t string) string {
	var names []string
	for i := 0; i < len(t); i++ {
		if idx, ok := s.tokenAt(t[i:]); ok {
			names = append(names, "["+s.names[idx]+"]")
			i += len(s.token(idx)) - 1
		}
	}
	if len(names) == 0 {
		return "the pattern"
	}
	return strings.Join(names, ", ")
}
