package batch

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Namer makes file names safe on every OS and unique within one batch.
type Namer struct {
	taken map[string]bool // folded to lower case: macOS and Windows ignore case
}

// NewNamer starts a new set of names (one per pass).
func NewNamer() *Namer { return &Namer{taken: map[string]bool{}} }

// maxName keeps names well under the 255-byte limit of common file systems.
const maxName = 200

// Unique makes name safe and, if another record took it already, adds -2,
// -3, … before the extension. number names the record if nothing is left.
func (n *Namer) Unique(name string, number int) string {
	safe := SafeName(name)
	if safe == "" {
		safe = fmt.Sprintf("record-%d", number)
	}
	ext := extension(safe)
	stem := strings.TrimSuffix(safe, ext)
	candidate := safe
	for i := 2; n.taken[strings.ToLower(candidate)]; i++ {
		candidate = fmt.Sprintf("%s-%d%s", stem, i, ext)
	}
	n.taken[strings.ToLower(candidate)] = true
	return candidate
}

// windowsReserved are device names Windows refuses as file names, with or
// without an extension (Microsoft's "Naming Files" page lists the 0 and
// superscript-digit forms too).
var windowsReserved = map[string]bool{
	"con": true, "prn": true, "aux": true, "nul": true, "conin$": true, "conout$": true,
	"com0": true, "com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"com¹": true, "com²": true, "com³": true,
	"lpt0": true, "lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true,
	"lpt¹": true, "lpt²": true, "lpt³": true,
}

// SafeName turns a name into one every OS accepts: no path separators or
// characters Windows reserves, no control characters, no leading dot (a
// hidden file) or trailing dot or space, no reserved device name, at most
// maxName bytes. Letters of any script stay.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			b.WriteByte('_')
		case unicode.IsControl(r) || r == utf8.RuneError:
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	s := strings.TrimLeft(b.String(), ". ")
	s = strings.TrimRight(s, ". ")
	if base, _, _ := strings.Cut(s, "."); windowsReserved[strings.ToLower(strings.TrimSpace(base))] {
		s = "_" + s
	}
	if len(s) > maxName {
		ext := extension(s)
		cut := maxName - len(ext)
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = strings.TrimRight(s[:cut], ". ") + ext
	}
	return s
}

// extension is name's extension (".eml"), or "" when what follows the last
// dot is not one: too long or holding a space ("Dr. Ivan Petrov").
func extension(name string) string {
	ext := path.Ext(name)
	if len(ext) > 16 || len(ext) == len(name) || strings.ContainsRune(ext, ' ') {
		return ""
	}
	return ext
}
