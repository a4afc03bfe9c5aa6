package clipboard

import (
	"bytes"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeEnv returns getenv and lookPath functions over a fixed environment
// and a fixed set of programs on PATH.
func fakeEnv(env map[string]string, tools ...string) (func(string) string, func(string) (string, error)) {
	getenv := func(k string) string { return env[k] }
	lookPath := func(name string) (string, error) {
		for _, t := range tools {
			if t == name {
				return "/usr/bin/" + name, nil
			}
		}
		return "", exec.ErrNotFound
	}
	return getenv, lookPath
}

func TestDiagnose(t *testing.T) {
	x11 := map[string]string{"DISPLAY": ":0"}
	wayland := map[string]string{"WAYLAND_DISPLAY": "wayland-0"}
	both := map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
	ssh := map[string]string{"SSH_CONNECTION": "192.0.2.1 50000 192.0.2.2 22"}
	sshTTY := map[string]string{"SSH_TTY": "/dev/pts/3"}
	tests := []struct {
		name    string
		env     map[string]string
		tools   []string
		want    plan
		wantErr string
	}{
		{"X11 with xclip", x11, []string{"xclip"}, plan{Clipboard, "xclip"}, ""},
		{"X11 with xsel", x11, []string{"xsel"}, plan{Clipboard, "xsel"}, ""},
		{"xclip preferred to xsel", x11, []string{"xsel", "xclip"}, plan{Clipboard, "xclip"}, ""},
		{"Wayland with wl-clipboard", wayland, []string{"wl-copy", "wl-paste", "xclip"}, plan{Clipboard, "wl-copy"}, ""},
		{"Wayland and XWayland with xclip only", both, []string{"xclip"}, plan{Clipboard, "xclip"}, ""},
		{"no tool at all", x11, nil, plan{}, "no clipboard tool found; install xclip or xsel (X11) or wl-clipboard (Wayland)"},
		{"no tool, over SSH", ssh, nil, plan{OSC52, ""}, ""},
		{"no display", nil, []string{"xclip"}, plan{},
			"no display to hold the clipboard (DISPLAY and WAYLAND_DISPLAY are unset); run inside a desktop session, or use --out/stdout instead"},
		{"no display, wl-clipboard only", nil, []string{"wl-copy", "wl-paste"}, plan{},
			"no display to hold the clipboard (DISPLAY and WAYLAND_DISPLAY are unset); run inside a desktop session, or use --out/stdout instead"},
		{"no display over SSH", ssh, []string{"xclip"}, plan{OSC52, ""}, ""},
		{"no display over SSH (SSH_TTY)", sshTTY, []string{"xsel"}, plan{OSC52, ""}, ""},
		{"SSH with X forwarding", map[string]string{"DISPLAY": "localhost:10.0", "SSH_TTY": "/dev/pts/3"}, []string{"xclip"}, plan{Clipboard, "xclip"}, ""},
		{"Wayland without XWayland, xclip only", wayland, []string{"xclip"}, plan{},
			"xclip needs an X display, but only WAYLAND_DISPLAY is set; install wl-clipboard"},
		{"X11 with wl-clipboard only", x11, []string{"wl-copy", "wl-paste"}, plan{},
			"wl-copy needs Wayland, but only DISPLAY is set; install xclip or xsel for X11"},
		{"Termux needs no display", nil, []string{"termux-clipboard-set", "termux-clipboard-get"}, plan{Clipboard, "termux-clipboard-set"}, ""},
		{"WSL needs no display", nil, []string{"clip.exe", "powershell.exe"}, plan{Clipboard, "clip.exe"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := diagnose(fakeEnv(tc.env, tc.tools...))
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(plan{})); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// fakeTTY records what is written to the terminal.
type fakeTTY struct {
	bytes.Buffer
	closed bool
}

func (f *fakeTTY) Close() error { f.closed = true; return nil }

// exitError returns a real *exec.ExitError, as a failing clipboard tool gives.
func exitError(t *testing.T) error {
	t.Helper()
	err := exec.Command("sh", "-c", "exit 1").Run()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("sh -c 'exit 1' gave %v, want an exit error", err)
	}
	return err
}

func TestCopyWith(t *testing.T) {
	const text = "Здравейте, Иван!\n"
	tests := []struct {
		name        string
		env         map[string]string
		tools       []string
		goos        string
		writeErr    error
		ttyErr      error
		wantMethod  Method
		wantErr     string
		wantTool    string // the clipboard tool run (Linux only)
		wantWritten string // what the clipboard tool received
		wantTTY     string // what the terminal received
	}{
		{name: "clipboard tool", env: map[string]string{"DISPLAY": ":0"}, tools: []string{"xclip"},
			wantMethod: Clipboard, wantTool: "xclip", wantWritten: text},
		{name: "macOS skips the checks", goos: "darwin", wantMethod: Clipboard, wantWritten: text},
		{name: "OSC 52 over SSH", env: map[string]string{"SSH_TTY": "/dev/pts/1"}, tools: []string{"xclip"},
			wantMethod: OSC52, wantTTY: "\x1b]52;c;0JfQtNGA0LDQstC10LnRgtC1LCDQmNCy0LDQvSEK\a"},
		{name: "SSH without a terminal", env: map[string]string{"SSH_CONNECTION": "x"}, tools: []string{"xclip"},
			ttyErr:  errors.New("no tty"),
			wantErr: "no display to hold the clipboard (DISPLAY and WAYLAND_DISPLAY are unset); run inside a desktop session, or use --out/stdout instead"},
		{name: "xclip exits 1", env: map[string]string{"DISPLAY": ":7"}, tools: []string{"xclip"}, writeErr: exitError(t), wantTool: "xclip",
			wantErr: `xclip could not set the clipboard (exit status 1); check that DISPLAY=":7" is a running X server you may use`},
		{name: "wl-copy exits 1", env: map[string]string{"WAYLAND_DISPLAY": "wayland-1"}, tools: []string{"wl-copy", "wl-paste"}, writeErr: exitError(t), wantTool: "wl-copy",
			wantErr: `wl-copy could not set the clipboard (exit status 1); check that WAYLAND_DISPLAY="wayland-1" is a running Wayland compositor`},
		{name: "xsel cannot start", env: map[string]string{"DISPLAY": ":0"}, tools: []string{"xsel"}, writeErr: errors.New("fork/exec /usr/bin/xsel: permission denied"), wantTool: "xsel",
			wantErr: "xsel could not set the clipboard: fork/exec /usr/bin/xsel: permission denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv, lookPath := fakeEnv(tc.env, tc.tools...)
			var written strings.Builder
			tty := &fakeTTY{}
			d := deps{
				goos:     "linux",
				getenv:   getenv,
				lookPath: lookPath,
				writeAll: func(tool, s string) error {
					if tc.goos == "" && tool != tc.wantTool {
						t.Errorf("ran %q, want %q", tool, tc.wantTool)
					}
					written.WriteString(s)
					return tc.writeErr
				},
				openTTY: func() (io.WriteCloser, error) {
					if tc.ttyErr != nil {
						return nil, tc.ttyErr
					}
					return tty, nil
				},
			}
			if tc.goos != "" {
				d.goos = tc.goos
			}
			method, err := copyWith(d, text)
			if diff := cmp.Diff(tc.wantErr, errString(err)); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if err == nil && method != tc.wantMethod {
				t.Errorf("method %q, want %q", method, tc.wantMethod)
			}
			if tc.writeErr == nil && written.String() != tc.wantWritten {
				t.Errorf("clipboard tool got %q, want %q", written.String(), tc.wantWritten)
			}
			if diff := cmp.Diff(tc.wantTTY, tty.String()); diff != "" {
				t.Errorf("terminal (-want +got):\n%q", diff)
			}
			if tc.wantTTY != "" && !tty.closed {
				t.Error("terminal left open")
			}
		})
	}
}

func TestOSC52RefusesLongText(t *testing.T) {
	opened := false
	openTTY := func() (io.WriteCloser, error) { opened = true; return &fakeTTY{}, nil }
	// 75000 bytes encode to exactly 100000 base64 characters: the limit.
	if err := copyOSC52(openTTY, strings.Repeat("a", 75000)); err != nil {
		t.Errorf("text at the limit refused: %v", err)
	}
	opened = false
	err := copyOSC52(openTTY, strings.Repeat("a", 75001))
	want := "text too long for the terminal clipboard (OSC 52): 100004 bytes encoded, limit 100000; use --out/stdout instead"
	if diff := cmp.Diff(want, errString(err)); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if opened {
		t.Error("opened the terminal for text it refuses")
	}
}
