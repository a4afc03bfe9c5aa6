package pick

import (
	"context"
	"errors"
	"io"

	tea "charm.land/bubbletea/v2"
)

// Terminal is where the picker draws and reads keys: the user's terminal
// (/dev/tty), never standard output, so `templ pick | cmd` pipes only the
// email. Env is the environment the colours are chosen from (TERM,
// NO_COLOR, COLORTERM).
type Terminal struct {
	In  io.Reader
	Out io.Writer
	Env []string
}

// Run shows the picker on term until the user chooses an action or leaves.
// Cancelling the context (SIGTERM, say) ends it like Ctrl-C.
func Run(ctx context.Context, term Terminal, opts Options) (Result, error) {
	m := New(opts)
	p := tea.NewProgram(m,
		tea.WithContext(ctx),
		tea.WithInput(term.In),
		tea.WithOutput(term.Out),
		tea.WithEnvironment(term.Env),
		// Signals reach the picker through ctx, as they reach every command.
		tea.WithoutSignalHandler(),
	)
	final, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return Result{Interrupted: true}, nil
	}
	if err != nil {
		return Result{}, err
	}
	return final.(*Model).Result(), nil
}
