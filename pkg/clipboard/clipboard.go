// Package clipboard puts text on the system clipboard. On Linux and the BSDs
// it first works out whether that can succeed, so a failure says what is
// missing and what to install instead of "exit status 1". Over SSH without
// a display it falls back to OSC 52, which asks the user's terminal to set
// its clipboard. It is a pure library: nothing is printed.
package clipboard

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
)

// Method says how text reached the clipboard.
type Method string

const (
	// Clipboard: the system clipboard, through a clipboard tool.
	Clipboard Method = "clipboard"
	// OSC52: an escape sequence sent to the terminal, which may or may not
	// honour it; the caller should say so.
	OSC52 Method = "osc52"
)

// maxOSC52 caps the base64 payload: many terminals drop larger sequences.
const maxOSC52 = 100000

// Copy puts text on the system clipboard and says how it did. Errors explain
// what is missing and what to install. getenv reads the environment
// (DISPLAY, WAYLAND_DISPLAY, SSH_TTY, …): the caller's, so tests can fake it.
func Copy(text string, getenv func(string) string) (Method, error) {
	d := system()
	d.getenv = getenv
	return copyWith(d, text)
}

// Check reports, without copying anything, why Copy would fail for want of
// a clipboard tool or a display; nil when it may succeed. It lets an
// interactive caller refuse a copy while the user can still choose another
// way (the picker stays open and offers to print).
func Check(getenv func(string) string) error {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	_, err := diagnose(getenv, exec.LookPath)
	return err
}

// deps is everything Copy touches outside the process, so tests can fake it.
type deps struct {
	goos     string
	getenv   func(string) string
	lookPath func(string) (string, error)
	// writeAll gives text to the clipboard; tool is what diagnose chose
	// ("" on macOS and Windows, which need no tool choice).
	writeAll func(tool, text string) error
	openTTY  func() (io.WriteCloser, error)
}

func system() deps {
	return deps{
		goos:     runtime.GOOS,
		lookPath: exec.LookPath,
		writeAll: writeAll,
		openTTY:  func() (io.WriteCloser, error) { return os.OpenFile("/dev/tty", os.O_WRONLY, 0) },
	}
}

func copyWith(d deps, text string) (Method, error) {
	if d.goos == "darwin" || d.goos == "windows" {
		// pbcopy and the Windows API need no display checks.
		if err := d.writeAll("", text); err != nil {
			return "", fmt.Errorf("cannot copy to the clipboard: %v", err)
		}
		return Clipboard, nil
	}
	p, err := diagnose(d.getenv, d.lookPath)
	if err != nil {
		return "", err
	}
	if p.method == OSC52 {
		return OSC52, copyOSC52(d.openTTY, text)
	}
	if err := d.writeAll(p.tool, text); err != nil {
		return "", toolError(p.tool, d.getenv, err)
	}
	return Clipboard, nil
}

var (
	errNoTool    = errors.New("no clipboard tool found; install xclip or xsel (X11) or wl-clipboard (Wayland)")
	errNoDisplay = errors.New("no display to hold the clipboard (DISPLAY and WAYLAND_DISPLAY are unset); run inside a desktop session, or use --out/stdout instead")
)

// plan is what diagnose decided: which method, and for Clipboard which tool
// to run.
type plan struct {
	method Method
	tool   string
}

// diagnose decides, from the environment and PATH alone, how Copy can reach
// a clipboard on Linux and the BSDs, or why it cannot. It picks the tool the
// way atotto/clipboard does: wl-copy under Wayland, then xclip, xsel,
// termux-clipboard-set and WSL's clip.exe.
func diagnose(getenv func(string) string, lookPath func(string) (string, error)) (plan, error) {
	has := func(names ...string) bool {
		for _, n := range names {
			if _, err := lookPath(n); err != nil {
				return false
			}
		}
		return true
	}
	wayland := getenv("WAYLAND_DISPLAY") != ""
	x11 := getenv("DISPLAY") != ""
	// Over SSH with no display forwarded, the only clipboard in reach is the
	// user's terminal, tool or no tool.
	if !wayland && !x11 && (getenv("SSH_TTY") != "" || getenv("SSH_CONNECTION") != "") {
		return plan{OSC52, ""}, nil
	}

	var tool string
	switch {
	case wayland && has("wl-copy", "wl-paste"):
		tool = "wl-copy"
	case has("xclip"):
		tool = "xclip"
	case has("xsel"):
		tool = "xsel"
	case has("termux-clipboard-set", "termux-clipboard-get"):
		return plan{Clipboard, "termux-clipboard-set"}, nil // Android: no display involved
	case has("clip.exe", "powershell.exe"):
		return plan{Clipboard, "clip.exe"}, nil // WSL: the Windows clipboard
	case has("wl-copy"):
		// wl-clipboard alone is no use without Wayland; say why below.
		tool = "wl-copy"
	default:
		return plan{}, errNoTool
	}

	if !wayland && !x11 {
		return plan{}, errNoDisplay
	}
	if (tool == "xclip" || tool == "xsel") && !x11 {
		return plan{}, fmt.Errorf("%s needs an X display, but only WAYLAND_DISPLAY is set; install wl-clipboard", tool)
	}
	if tool == "wl-copy" && !wayland {
		return plan{}, errors.New("wl-copy needs Wayland, but only DISPLAY is set; install xclip or xsel for X11")
	}
	return plan{Clipboard, tool}, nil
}

// copyOSC52 sends text to the terminal as an OSC 52 "set clipboard"
// sequence. It goes to /dev/tty, never stdout, so it cannot end up in a
// pipe or file.
func copyOSC52(openTTY func() (io.WriteCloser, error), text string) error {
	encoded := base64.StdEncoding.EncodeToString([]byte(text))
	if len(encoded) > maxOSC52 {
		return fmt.Errorf("text too long for the terminal clipboard (OSC 52): %d bytes encoded, limit %d; use --out/stdout instead", len(encoded), maxOSC52)
	}
	tty, err := openTTY()
	if err != nil {
		return errNoDisplay
	}
	_, err = io.WriteString(tty, "\x1b]52;c;"+encoded+"\a")
	if closeErr := tty.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("cannot send the clipboard sequence to the terminal: %v", err)
	}
	return nil
}

// toolError turns a tool's bare failure ("exit status 1") into a message
// that names the tool and the usual cause.
func toolError(tool string, getenv func(string) string, err error) error {
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return fmt.Errorf("%s could not set the clipboard: %v", tool, err)
	}
	switch tool {
	case "xclip", "xsel":
		return fmt.Errorf("%s could not set the clipboard (%v); check that DISPLAY=%q is a running X server you may use", tool, err, getenv("DISPLAY"))
	case "wl-copy":
		return fmt.Errorf("wl-copy could not set the clipboard (%v); check that WAYLAND_DISPLAY=%q is a running Wayland compositor", err, getenv("WAYLAND_DISPLAY"))
	}
	return fmt.Errorf("%s could not set the clipboard (%v)", tool, err)
}
