// Command cobrahello is the floor for a cobra command line: a root command
// with one "render ID" subcommand that takes the four variables as flags and
// writes the finished benchmark email. Its time over the plain floor (hello)
// is what cobra and pflag cost any Go CLI at start-up (their package inits,
// the flag set, Execute), before the program does any work of its own.
package main

import (
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/bench/internal/emailtext"
)

func main() {
	values := make([]string, len(emailtext.Vars))
	var extra []string
	render := &cobra.Command{
		Use:  "render ID",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, kv := range extra {
				if v, ok := strings.CutPrefix(kv, emailtext.Vars[3]+"="); ok {
					values[3] = v
				}
			}
			r := emailtext.Replacer(values)
			_, err := cmd.OutOrStdout().Write([]byte(r.Replace(emailtext.Text(emailtext.Subject, emailtext.Body))))
			return err
		},
	}
	f := render.Flags()
	f.StringVar(&values[0], "name", "", "the customer's name")
	f.StringVar(&values[1], "product", "", "the product")
	f.StringVar(&values[2], "brand", "", "the brand")
	f.StringArrayVar(&extra, "var", nil, "KEY=VALUE")
	root := &cobra.Command{Use: "cobrahello", SilenceUsage: true}
	root.AddCommand(render)
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}
