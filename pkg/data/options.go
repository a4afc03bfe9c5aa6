package data

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Options are the reading choices a user can make for a data file.
type Options struct {
	// Delimiter separates the fields of CSV and TSV data. Zero means a tab
	// for TSV, and for CSV a comma, or a semicolon when the header holds
	// one and no comma (Excel saves CSV so where a comma is the decimal
	// separator, as in a Bulgarian locale).
	Delimiter rune
}

// ParseDelimiter reads a --delimiter value: one character, or `\t` or
// "tab" for a tab, so a shell user need not type a literal tab.
func ParseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case `\t`, "tab":
		return '\t', nil
	}
	r, size := utf8.DecodeRuneInString(s)
	if s == "" || size != len(s) || r == utf8.RuneError {
		return 0, fmt.Errorf(`--delimiter %q: give one character, such as ";" or "\t" for a tab`, s)
	}
	switch r {
	case '"', '\r', '\n', 0:
		return 0, fmt.Errorf(`--delimiter %q cannot separate fields (quotes and line breaks mean something else in CSV); give a character such as ";" or "\t"`, s)
	}
	return r, nil
}

// delimiterName says in an error message what follows a closing quote.
func delimiterName(d rune) string {
	switch d {
	case ',':
		return "a comma"
	case ';':
		return "a semicolon"
	case '\t':
		return "a tab"
	}
	return fmt.Sprintf("%q", d)
}
