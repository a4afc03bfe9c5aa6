package cli

import (
	"context"

	"github.com/spf13/cobra"
)

// NewRootCmd returns templ's command tree on the process's real streams,
// for tools that read it rather than run it, such as the man page and
// completion script generator (internal/gendocs). version is shown as
// `templ --version` shows it; "" means the version go install recorded.
func NewRootCmd(version string) *cobra.Command {
	stdio := StdIO()
	root, lazy := newRootCmd(context.Background(), &stdio, version)
	lazy.all()
	root.Version = resolveVersion(version)
	return root
}
