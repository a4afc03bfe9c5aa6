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

// Save and restore the window and icon titles.
const (
	pushTitle = "\x1b[22;0t"
	popTitle  = "\x1b[23;0t"
)

// Run shows the picker on term until the user chooses an action or leaves.
// Cancelling the context (SIGTERM, say) ends it like Ctrl-C.
func Run(ctx context.Context, term Terminal, opts Options) (Result, error) {
	opts.Suspendable = canSuspend()
	m := New(opts)
	p := tea.NewProgram(m,
		tea.WithContext(ctx),
		tea.WithInput(term.In),
		tea.WithOutput(term.Out),
		tea.WithEnvironment(term.Env),
		// Signals reach the picker through ctx, as they reach every command.
		tea.WithoutSignalHandler(),
	)
	// The picker titles the window "templ pick", and Bubble Tea empties
	// the title when it ends; the terminal's title stack (xterm's window
	// operations 22 and 23, which tmux keeps too) gives the shell's own
	// title back. A terminal without one ignores both.
	io.WriteString(term.Out, pushTitle)
	final, err := p.Run()
	io.WriteString(term.Out, popTitle)
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled) {
		return Result{Interrupted: true}, nil
	}
	if err != nil {
		return Result{}, err
	}
	return final.(*Model).Result(), nil
}
