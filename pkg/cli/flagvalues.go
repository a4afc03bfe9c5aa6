package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
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

// count is an int flag that counts from 1 (the Nth subject line, the record
// to begin at); 0, its default, means not given. A bad value is refused in
// templ's words, not strconv's.
type count struct {
	p          *int
	flag       string
	what, unit string // "the Nth subject line (see 'templ show ID')", "subject lines"
}

// countError is a refused count, worded for the user.
type countError struct{ msg string }

func (e *countError) Error() string { return e.msg }

func (c count) Set(v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		return &countError{fmt.Sprintf("--%s takes a number: %s", c.flag, c.what)}
	case n < 1:
		return &countError{fmt.Sprintf("--%s %d: %s count from 1", c.flag, n, c.unit)}
	}
	*c.p = n
	return nil
}

func (c count) Type() string   { return "int" }
func (c count) String() string { return strconv.Itoa(*c.p) }

// countVar defines a count flag.
func countVar(f *pflag.FlagSet, p *int, name, what, unit, usage string) {
	f.Var(count{p: p, flag: name, what: what, unit: unit}, name, usage)
}

// namedValue gives a flag the value name help shows (--lang LANG) through
// Type, which pflag falls back on when the usage has no `backticks`.
type namedValue struct {
	pflag.Value
	name string
}

func (n namedValue) Type() string { return n.name }

// nameFlagValues moves every flag's `NAME` out of its usage string into its
// value name: help shows "--lang LANG  language of the email" as before,
// while shell completion, which prints the usage as it is, shows no
// backticks.
func nameFlagValues(c *cobra.Command) {
	rename := func(f *pflag.Flag) {
		name, usage := pflag.UnquoteUsage(f)
		if !strings.Contains(f.Usage, "`") {
			return
		}
		f.Usage = usage
		f.Value = namedValue{f.Value, name}
	}
	c.Flags().VisitAll(rename)
	c.PersistentFlags().VisitAll(rename)
	for _, sub := range c.Commands() {
		nameFlagValues(sub)
	}
}
