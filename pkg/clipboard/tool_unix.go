//go:build !darwin && !windows

package clipboard

import (
	"os/exec"
	"strings"
)

// toolArgs are the arguments a tool that diagnose can choose needs to read
// the clipboard's new content from stdin (what atotto/clipboard runs too).
// wl-copy, termux-clipboard-set and clip.exe need none.
func toolArgs(tool string) []string {
	switch tool {
	case "xclip":
		return []string{"-in", "-selection", "clipboard"}
	case "xsel":
		return []string{"--input", "--clipboard"}
	}
	return nil
}

// writeAll runs the clipboard tool with text on its stdin. Linux and the
// BSDs do not use atotto/clipboard: its init looks every tool up on PATH at
// each start of templ, clipboard or not, and diagnose has already chosen.
func writeAll(tool, text string) error {
	cmd := exec.Command(tool, toolArgs(tool)...)
	cmd.Stdin = strings.NewReader(text)
	return cmd.Run()
}
