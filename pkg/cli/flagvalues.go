package cli

import (
	"strings"

	"github.com/spf13/pflag"
)

// stringList is a repeatable string flag that behaves like pflag's
// StringArray (each use adds one value, commas included) and shows the same
// in help. It exists for speed: pflag asks every flag for its default as a
// string when the flag is defined, and StringArray answers by building a CSV
// writer, at every start of templ, for each of its seven list flags.
type stringList struct{ values *[]string }

func (s stringList) Set(v string) error {
	*s.values = append(*s.values, v)
	return nil
}

// Type names the value in help ("stringArray"), as pflag's own does.
func (s stringList) Type() string { return "stringArray" }

// String is "" for no values, so help shows no default.
func (s stringList) String() string {
	if len(*s.values) == 0 {
		return ""
	}
	return "[" + strings.Join(*s.values, ",") + "]"
}

// stringListVarP defines a stringList flag that appends to p.
func stringListVarP(f *pflag.FlagSet, p *[]string, name, shorthand, usage string) {
	f.VarP(stringList{p}, name, shorthand, usage)
}
