package batch

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Namer makes file names safe on every OS and unique within one batch.
// A record's name depends only on the records before it, so a run resumed
// with --start must feed the Namer every record from 1 (the names before
// --start worked out, not written) to give the names of a full run.
type Namer struct {
	taken   map[string]bool      // folded to lower case: macOS and Windows ignore case
	stems   map[string]*stem     // by folded name, for the names taken already
	repeats map[string]*spelling // by name as given, for the names taken already
	// lookups, when set, counts lookups in taken (a test of linearity).
	lookups *int
}

// NewNamer starts a new set of names (one per pass).
func NewNamer() *Namer {
	return &Namer{taken: map[string]bool{}, stems: map[string]*stem{}, repeats: map[string]*spelling{}}
}

// clone is a copy of n that goes on independently.
func (n *Namer) clone() *Namer {
	c := &Namer{taken: make(map[string]bool, len(n.taken)), stems: make(map[string]*stem, len(n.stems)),
		repeats: make(map[string]*spelling, len(n.repeats)), lookups: n.lookups}
	for k, v := range n.taken {
		c.taken[k] = v
	}
	stems := map[*stem]*stem{}
	copyStem := func(st *stem) *stem {
		if cs, ok := stems[st]; ok {
			return cs
		}
		cs := *st
		stems[st] = &cs
		return &cs
	}
	for k, st := range n.stems {
		c.stems[k] = copyStem(st)
	}
	for k, sp := range n.repeats {
		c.repeats[k] = &spelling{stem: sp.stem, ext: sp.ext, st: copyStem(sp.st)}
	}
	return c
}

// maxName keeps names well under the 255-byte limit of common file systems.
const maxName = 200

// Unique makes name safe and, if another record took it already, adds -2,
// -3, … before the extension: the first suffix no record has taken. Each
// stem remembers where it got to, so n records with the same name cost n
// lookups, not n²/2. number names the record if nothing is left.
func (n *Namer) Unique(name string, number int) string {
	if sp := n.repeats[name]; sp != nil {
		return n.suffixed(sp) // seen and taken: skip SafeName
	}
	safe := SafeName(name)
	fromRecord := safe == ""
	if fromRecord {
		safe = fmt.Sprintf("record-%d", number)
	}
	folded := strings.ToLower(safe)
	st := n.stems[folded] // set only for a name taken already
	if st == nil && !n.isTaken(folded) {
		n.taken[folded] = true
		return safe
	}
	ext := extension(safe)
	if st == nil {
		st = &stem{folded: strings.ToLower(safe[:len(safe)-len(ext)]), foldedExt: strings.ToLower(ext), next: 2}
		n.stems[folded] = st
	}
	// The suffix goes on this record's own spelling ("IVAN-3.eml").
	sp := &spelling{stem: safe[:len(safe)-len(ext)], ext: ext, st: st}
	if !fromRecord {
		n.repeats[name] = sp
	}
	return n.suffixed(sp)
}

// suffixed gives sp the first suffix, from where its stem got to, that no
// record has taken, and takes it.
func (n *Namer) suffixed(sp *spelling) string {
	st := sp.st
	for ; ; st.next++ {
		num := strconv.Itoa(st.next)
		if f := st.folded + "-" + num + st.foldedExt; !n.isTaken(f) {
			n.taken[f] = true
			st.next++
			return sp.stem + "-" + num + sp.ext
		}
	}
}

// stem is a name taken already, in lower case, split before its
// extension, and the next suffix to try for it.
type stem struct {
	folded, foldedExt string
	next              int
}

// spelling is one way of writing a taken name ("Ivan.eml", "IVAN.eml").
type spelling struct {
	stem, ext string
	st        *stem
}

// isTaken looks a folded name up.
func (n *Namer) isTaken(folded string) bool {
	if n.lookups != nil {
		*n.lookups++
	}
	return n.taken[folded]
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
// maxName bytes. Letters of any script stay, composed (NFC): macOS takes
// "José" with a combining accent and with é for one name, and so must the
// Namer.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(name) {
		switch {
		case r == '/' || r == '\\' || r == ':' || r == '*' || r == '?' || r == '"' || r == '<' || r == '>' || r == '|':
			b.WriteByte('_')
		case unicode.IsControl(r) || r == utf8.RuneError || isBidiOrBOM(r):
			b.WriteByte('_')
		default:
			b.WriteRune(r)
		}
	}
	mapped := b.String()
	if ext := extension(mapped); isPlainExt(ext) && strings.Trim(strings.TrimSuffix(mapped, ext), ". ") == "" {
		// A name of only dots ("...") before its extension keeps the
		// extension rather than becoming "eml".
		mapped = "_" + ext
	}
	s := strings.TrimLeft(mapped, ". ")
	s = strings.TrimRight(s, ". ")
	if IsWindowsReserved(s) {
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

// IsWindowsReserved reports whether Windows refuses name as a file name: a
// device name such as CON or LPT1, with or without an extension ("nul.txt",
// "aux .eml"), in any case. `templ new` can refuse such a template id.
func IsWindowsReserved(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	return windowsReserved[strings.ToLower(strings.TrimSpace(base))]
}

// isBidiOrBOM reports the invisible characters that reorder or hide text
// (U+202A-202E, U+2066-2069, U+200E/F) and the byte-order mark U+FEFF:
// "invoice\u202Egpj.exe" shows as "invoiceexe.jpg".
func isBidiOrBOM(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F || r == 0xFEFF
}

// isPlainExt reports an extension of letters and digits (".eml").
func isPlainExt(ext string) bool {
	if len(ext) < 2 {
		return false
	}
	for _, r := range ext[1:] {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
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
