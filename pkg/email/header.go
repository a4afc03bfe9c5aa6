package email

import (
	"encoding/base64"
	"fmt"
	"maps"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxHeaderLine is RFC 5322's recommended line limit, without the CRLF.
const maxHeaderLine = 78

// maxEncodedWord is RFC 2047's limit for one encoded-word.
const maxEncodedWord = 75

// bWordOverhead is the length of "=?UTF-8?b?" plus "?=".
const bWordOverhead = len("=?UTF-8?b?") + len("?=")

// fold lays atoms out after "name:", one space between each, and starts a
// new line (CRLF and a space) wherever the next atom would pass
// maxHeaderLine. A reader unfolds each break back into exactly one space, so
// callers split their text only at single spaces (or between encoded-words,
// where the space vanishes anyway). An atom longer than a line stays whole.
func fold(name string, atoms []string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte(':')
	lineLen := len(name) + 1
	for _, atom := range atoms {
		if lineLen+1+len(atom) > maxHeaderLine {
			b.WriteString("\r\n")
			lineLen = 0
		}
		b.WriteByte(' ')
		b.WriteString(atom)
		lineLen += 1 + len(atom)
	}
	b.WriteString("\r\n")
	return b.String()
}

// splitAtSingleSpaces splits s at each space that has a non-blank character
// on both sides. Folding there is lossless: unfolding trims the blanks around
// a line break and puts back one space, so a run of blanks must stay inside
// an atom.
func splitAtSingleSpaces(s string) []string {
	var atoms []string
	start := 0
	for i := 1; i < len(s)-1; i++ {
		if s[i] == ' ' && !isBlank(s[i-1]) && !isBlank(s[i+1]) {
			atoms = append(atoms, s[start:i])
			start = i + 1
		}
	}
	return append(atoms, s[start:])
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// subjectHeader renders the Subject header. A subject a reader gets back
// unchanged as plain text (printable ASCII, no "=?", no blanks at the ends,
// no word too long for a line) stays readable; anything else is encoded
// whole as RFC 2047 encoded-words, each on its own line where needed.
func subjectHeader(subject string) string {
	const name = "Subject"
	if subject == "" {
		return name + ":\r\n"
	}
	if atoms, ok := plainAtoms(subject); ok {
		return fold(name, atoms)
	}
	firstRoom := maxHeaderLine - len(name+": ")
	return fold(name, encodedWords(subject, firstRoom))
}

// plainAtoms returns s split for folding when s can go into a header as it
// is, and false when it must be encoded.
func plainAtoms(s string) ([]string, bool) {
	if strings.Contains(s, "=?") || isBlank(s[0]) || isBlank(s[len(s)-1]) {
		return nil, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return nil, false
		}
	}
	atoms := splitAtSingleSpaces(s)
	return atoms, fitsOnALine(atoms)
}

// encodedWords encodes all of s as UTF-8 "B" encoded-words, splitting only
// between characters. The first word fits in firstRoom columns, the others
// in a line of their own. Readers drop the blanks between encoded-words, so
// the decoded words join back into s exactly.
func encodedWords(s string, firstRoom int) []string {
	var words []string
	room := min(firstRoom, maxEncodedWord)
	for s != "" {
		// Base64 turns every 3 bytes into 4 characters.
		maxBytes := (room - bWordOverhead) / 4 * 3
		n := 0
		for n < len(s) {
			_, size := utf8.DecodeRuneInString(s[n:])
			if n+size > maxBytes && n > 0 {
				break
			}
			n += size
		}
		words = append(words, encodeWord(s[:n]))
		s = s[n:]
		room = maxEncodedWord
	}
	return words
}

// encodeWord returns chunk as one "B" encoded-word. mime.BEncoding leaves
// printable ASCII unencoded, which is right on its own but not next to other
// encoded-words (the space between them would be lost or added), so such a
// chunk is encoded to the same form with encoding/base64.
func encodeWord(chunk string) string {
	if w := mime.BEncoding.Encode("UTF-8", chunk); w != chunk {
		return w
	}
	return "=?UTF-8?b?" + base64.StdEncoding.EncodeToString([]byte(chunk)) + "?="
}

// addressHeader renders an address header, folding after commas and
// between the words of long display names.
func addressHeader(name string, list []*mail.Address) (string, error) {
	var atoms []string
	for i, a := range list {
		if a == nil {
			return "", fmt.Errorf("%s: empty address", name)
		}
		if err := checkAddrSpec(a.Address); err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
		parts := addressAtoms(a)
		if i < len(list)-1 {
			parts[len(parts)-1] += ","
		}
		atoms = append(atoms, parts...)
	}
	return fold(name, atoms), nil
}

// nameWordRoom keeps an encoded display-name word short enough to follow
// the longest address header name ("Reply-To: ") on the first line.
const nameWordRoom = maxHeaderLine - len("Reply-To: ")

// addressAtoms renders a for an address header, split where it may fold.
// mail.Address.String quotes a printable ASCII display name and formats the
// address. Other names are B-encoded here instead (see encodedName):
// String's Q-encoding leaves a backslash bare, which its own parser then
// rejects, and it cuts long names into several encoded-words. A quoted name
// with a word too long for any line is encoded too.
func addressAtoms(a *mail.Address) []string {
	bare := (&mail.Address{Address: a.Address}).String()
	if a.Name == "" {
		return []string{bare}
	}
	// Python decodes encoded-words even inside a quoted string, so a name
	// holding "=?" is encoded to come back as written.
	if isPrintableASCII(a.Name) && !strings.Contains(a.Name, "=?") {
		quoted := splitAtSingleSpaces(strings.TrimSuffix(a.String(), " "+bare))
		if fitsOnALine(quoted) {
			return append(quoted, bare)
		}
	}
	return append(encodedName(a.Name), bare)
}

// maxNameWord caps the one encoded-word of a display name well under
// RFC 5322's hard limit of 998 characters a line.
const maxNameWord = 900

// encodedName encodes a display name as ONE encoded-word, even past
// RFC 2047's 75 characters (readers accept longer ones). No cut is read
// back alike: between two encoded-words of a display name, Python's email
// parser (3.11, policy=default) keeps the folding space, while net/mail and
// mblaze drop it, so "Константин" + "ова" or "Александра " + "Константинова"
// decode differently. Only a name too long for any line is cut, between
// characters.
func encodedName(name string) []string {
	w := "=?UTF-8?b?" + base64.StdEncoding.EncodeToString([]byte(name)) + "?="
	if len(w) <= maxNameWord {
		return []string{w}
	}
	return encodedWords(name, nameWordRoom)
}

// fitsOnALine reports whether each atom fits on a continuation line.
func fitsOnALine(atoms []string) bool {
	for _, a := range atoms {
		if 1+len(a) > maxHeaderLine {
			return false
		}
	}
	return true
}

// isPrintableASCII reports whether s holds only printable ASCII, spaces
// and tabs: what a quoted string carries as it is.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < ' ' || s[i] > '~') && s[i] != '\t' {
			return false
		}
	}
	return true
}

// mediaTypeHeader renders a Content-Type or Content-Disposition header from
// a media type and its parameters, one parameter per fold point. A filename
// too long for one line is split into RFC 2231 continuations.
func mediaTypeHeader(name, mediaType string, params map[string]string) (string, error) {
	if mime.FormatMediaType(mediaType, nil) == "" {
		return "", fmt.Errorf("%s: invalid media type %q", name, mediaType)
	}
	atoms := []string{mime.FormatMediaType(mediaType, nil)}
	for _, key := range slices.Sorted(maps.Keys(params)) {
		formatted := formatParam(key, params[key])
		if formatted == "" {
			return "", fmt.Errorf("%s: invalid parameter %q", name, key)
		}
		if 1+len(formatted)+1 > maxHeaderLine {
			atoms = append(atoms, continuations(key, params[key])...)
		} else {
			atoms = append(atoms, formatted)
		}
	}
	for i := range atoms[:len(atoms)-1] {
		atoms[i] += ";"
	}
	return fold(name, atoms), nil
}

// formatParam formats one parameter as key=value, quoted or RFC 2231
// encoded as needed, using mime.FormatMediaType.
func formatParam(key, value string) string {
	s := mime.FormatMediaType("x", map[string]string{key: value})
	return strings.TrimPrefix(s, "x; ")
}

// continuations splits a long parameter into RFC 2231 sections
// (key*0=..., key*1=... or key*0*=..., key*1*=... when encoded), each short
// enough for a line. mime.ParseMediaType joins them back.
func continuations(key, value string) []string {
	const sectionLen = 50
	formatted := formatParam(key, value)
	if encoded, ok := strings.CutPrefix(formatted, key+"*="); ok {
		var atoms []string
		for i := 0; encoded != ""; i++ {
			n := min(sectionLen, len(encoded))
			// Never cut a %XX escape in two.
			if p := strings.LastIndexByte(encoded[:n], '%'); p >= 0 && p > n-3 && n < len(encoded) {
				n = p
			}
			atoms = append(atoms, fmt.Sprintf("%s*%d*=%s", key, i, encoded[:n]))
			encoded = encoded[n:]
		}
		return atoms
	}
	// Plain ASCII: split the raw value; each section is quoted on its own.
	var atoms []string
	for i := 0; value != ""; i++ {
		n := min(sectionLen/2, len(value))
		atoms = append(atoms, formatParam(fmt.Sprintf("%s*%d", key, i), value[:n]))
		value = value[n:]
	}
	return atoms
}
