package cli

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/templ-mail/templ/pkg/template"
)

// Usage errors in templ's words: cobra and pflag word their own for a
// programmer ("accepts 1 arg(s), received 0", "strconv.ParseInt: ..."); the
// user gets one line that says what is wrong and how to fix it, exit 2.

// usageHint points at a command's help.
func usageHint(c *cobra.Command) string {
	return "run '" + c.CommandPath() + " --help' for usage"
}

// flagError translates pflag's errors, suggesting the nearest flag for an
// unknown one.
func flagError(c *cobra.Command, err error) error {
	var (
		notExist *pflag.NotExistError
		invalid  *pflag.InvalidValueError
		required *pflag.ValueRequiredError
	)
	switch {
	case errors.As(err, &notExist):
		err = unknownFlag(c, notExist)
	case errors.As(err, &invalid):
		var ce *countError
		if errors.As(invalid, &ce) {
			return inputError(ce) // already in templ's words
		}
		f := invalid.GetFlag()
		err = fmt.Errorf("--%s: %q is not a valid %s", f.Name, invalid.GetValue(), valueName(f))
	case errors.As(err, &required):
		f := required.GetFlag()
		err = fmt.Errorf("--%s needs a value: --%s %s", f.Name, f.Name, valueName(f))
	}
	return &exitError{code: ExitInput, err: err, hint: usageHint(c)}
}

// unknownFlag names the flag as typed and the nearest one c has.
func unknownFlag(c *cobra.Command, e *pflag.NotExistError) error {
	name, group := e.GetSpecifiedName(), e.GetSpecifiedShortnames()
	typed := "--" + name
	if group != "" {
		typed = "-" + name
		// "-name" for "--name": a long name after a single dash.
		if f := c.Flags().Lookup(group); f != nil {
			return fmt.Errorf("unknown flag -%s; did you mean --%s?", group, f.Name)
		}
		if len(group) > 1 {
			typed += " (in -" + group + ")"
		}
	}
	var names []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	if group == "" {
		if near := template.Nearest(name, names); len(near) > 0 {
			return fmt.Errorf("unknown flag %s; did you mean --%s?", typed, near[0])
		}
	}
	return fmt.Errorf("unknown flag %s", typed)
}

// valueName is what a flag takes, as help shows it (FILE, N, LANG).
func valueName(f *pflag.Flag) string {
	name, _ := pflag.UnquoteUsage(f)
	return cmp.Or(name, "value")
}

// unknownCommand words cobra's "unknown command" error, keeping its
// suggestion on the first line.
func unknownCommand(root *cobra.Command, args []string, err error) error {
	msg, suggestions, _ := strings.Cut(err.Error(), "\n")
	if c, _, _ := root.Find(args); c == root || c == nil {
		msg = strings.TrimSuffix(msg, fmt.Sprintf(" for %q", root.Name()))
	}
	if s := strings.Fields(strings.TrimPrefix(strings.TrimSpace(suggestions), "Did you mean this?")); len(s) > 0 {
		msg = fmt.Sprintf("%s; did you mean %q?", msg, s[0])
	} else if len(args) == 1 && args[0] == "version" { // gh and kubectl have one
		msg += `; did you mean "templ --version"?`
	}
	return &exitError{code: ExitInput, err: errors.New(msg), hint: "run '" + commandPath(root, args) + " --help' for usage"}
}

// extraArgsError is a word after the ID where none can go; execute, which
// has the command line, says which flag's value it probably belongs to.
type extraArgsError struct {
	cmd   *cobra.Command
	id    string
	extra []string
}

func (e *extraArgsError) Error() string {
	return fmt.Sprintf("%s takes one template ID, not %d (%s)", e.cmd.Name(), len(e.extra)+1, strings.Join(append([]string{e.id}, e.extra...), " "))
}

// explainExtraArgs turns "--name Ivan Petrov" into advice to quote the
// value: the extra words follow a flag's value on the command line.
func explainExtraArgs(e *extraArgsError, args []string) error {
	for i := 1; i < len(args) && !slices.Contains(e.extra, ""); i++ {
		if args[i] != e.extra[0] {
			continue
		}
		flag, value, ok := flagBefore(e.cmd, args[:i])
		if !ok {
			continue
		}
		words := []string{value}
		for j := 0; j < len(e.extra) && i+j < len(args) && args[i+j] == e.extra[j]; j++ {
			words = append(words, e.extra[j])
		}
		return inputErrorf("%q after %s %s is not a template ID: a value with a space needs quotes, such as %s %q",
			strings.Join(words[1:], " "), flag, value, flag, strings.Join(words, " "))
	}
	return withHint(inputError(e), "quote a value that holds spaces, such as --name \"Ivan Petrov\"")
}

// flagBefore finds the flag whose value ends args: "--name Ivan" or
// "--name=Ivan".
func flagBefore(c *cobra.Command, args []string) (flag, value string, ok bool) {
	n := len(args)
	if name, v, eq := strings.Cut(strings.TrimLeft(args[n-1], "-"), "="); eq && strings.HasPrefix(args[n-1], "-") {
		if f := c.Flags().Lookup(name); f != nil {
			return "--" + f.Name, v, true
		}
	}
	if n < 2 || !strings.HasPrefix(args[n-2], "-") || strings.Contains(args[n-2], "=") {
		return "", "", false
	}
	t := strings.TrimLeft(args[n-2], "-")
	f := c.Flags().Lookup(t)
	if f == nil && len(t) == 1 {
		f = c.Flags().ShorthandLookup(t)
	}
	// A bool flag takes no value; a format, language or number never has
	// a space.
	if f == nil || f.NoOptDefVal != "" || slices.Contains([]string{"FORMAT", "LANG", "N", "CATEGORY"}, valueName(f)) {
		return "", "", false
	}
	return "--" + f.Name, args[n-1], true
}

// isCobraArgsError reports whether msg is one of cobra's own argument
// errors (ExactArgs, MaximumNArgs, ..., OnlyValidArgs), should a command
// still use one. It is plain string matching: a package-level regexp would
// be compiled at every start.
func isCobraArgsError(msg string) bool {
	line, _, multiline := strings.Cut(msg, "\n")
	for _, p := range []string{"accepts ", "requires at least "} {
		if rest, ok := strings.CutPrefix(line, p); ok && strings.Contains(rest, "arg(s)") {
			return true
		}
	}
	rest, ok := strings.CutPrefix(msg, `invalid argument "`)
	_, cmd, found := strings.Cut(rest, `" for "`)
	return ok && !multiline && found && strings.HasSuffix(cmd, `"`)
}

// argsError words cobra's argument errors for the command args names.
func argsError(root *cobra.Command, args []string, err error) error {
	if !isCobraArgsError(err.Error()) {
		return err
	}
	c, _, _ := root.Find(args)
	if c == nil {
		c = root
	}
	use := strings.TrimSuffix(strings.TrimPrefix(c.Use, c.Name()), " [flags]")
	return &exitError{code: ExitInput, err: fmt.Errorf("wrong number of arguments: it is '%s%s'", c.CommandPath(), use), hint: usageHint(c)}
}
