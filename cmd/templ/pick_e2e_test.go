//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/internal/xvfbtest"
)

// tmuxTerm is templ running in a real terminal: a tmux pane of 80x24 on a
// private tmux server. Keys go in with send-keys, the screen comes out with
// capture-pane, as a person would see it.
type tmuxTerm struct {
	t      *testing.T
	socket string
	dir    string // the working directory; out, err and code land here
	env    []string
}

// startPick runs `sh -c script` in a fresh 80x24 pane, in a new working
// directory, with the environment env. The script's stdout, stderr and
// exit code go to the files out, err and code, so the pane shows only what
// templ draws on the terminal.
func startPick(t *testing.T, env []string, script string) *tmuxTerm {
	t.Helper()
	return startPickSized(t, env, 80, 24, script)
}

// startPickSized is startPick in a pane of width x height.
func startPickSized(t *testing.T, env []string, width, height int, script string) *tmuxTerm {
	t.Helper()
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "tmux"); !ok {
		t.Skip(reason)
	}
	dir := t.TempDir()
	term := &tmuxTerm{t: t, socket: filepath.Join(dir, ".tmux"), dir: dir, env: env}
	full := "(" + script + ") >out 2>err; echo $? >code"
	// The new server, and so the pane, takes env. The pane stays after
	// the script so that its last screen can be read.
	term.tmux("new-session", "-d", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), "-c", dir, "sh", "-c", full+"; sleep 60")
	t.Cleanup(func() { exec.Command("tmux", "-S", term.socket, "kill-server").Run() })
	return term
}

// tmux runs a tmux command against the private server.
func (term *tmuxTerm) tmux(args ...string) string {
	term.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-S", term.socket, "-f", "/dev/null"}, args...)...)
	cmd.Env = term.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		term.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// screen is what the pane shows now.
func (term *tmuxTerm) screen() string {
	return term.tmux("capture-pane", "-p", "-t", "0")
}

// waitFor waits until the pane shows want, and returns the screen.
func (term *tmuxTerm) waitFor(want string) string {
	term.t.Helper()
	return term.waitUntil(fmt.Sprintf("%q", want), func(s string) bool { return strings.Contains(s, want) })
}

// waitUntil waits until the screen satisfies ok, and returns it.
func (term *tmuxTerm) waitUntil(what string, ok func(screen string) bool) string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := term.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the terminal never showed %s; it shows:\n%s", what, s)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// typeText types text, exactly (send-keys -l: no key names).
func (term *tmuxTerm) typeText(text string) { term.tmux("send-keys", "-t", "0", "-l", text) }

// paste pastes text as a terminal does, in bracketed-paste mode (the
// picker asks for it), line breaks and all.
func (term *tmuxTerm) paste(text string) {
	term.tmux("set-buffer", "-b", "pick", "--", text)
	term.tmux("paste-buffer", "-p", "-d", "-b", "pick", "-t", "0")
}

// press presses keys by tmux's names: Enter, Tab, Escape, C-s, ...
func (term *tmuxTerm) press(keys ...string) {
	term.tmux(append([]string{"send-keys", "-t", "0"}, keys...)...)
}

// wait waits for the script to end and returns its exit code, stdout and
// stderr.
func (term *tmuxTerm) wait() (code, stdout, stderr string) {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(filepath.Join(term.dir, "code"))
		if err == nil && strings.HasSuffix(string(data), "\n") {
			code = strings.TrimSpace(string(data))
			break
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("templ still running after 10s; the terminal shows:\n%s", term.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(term.dir, name))
		if err != nil {
			term.t.Fatal(err)
		}
		return string(data)
	}
	return code, read("out"), read("err")
}

// pickEnv is the environment of a picker test: its own config and state
// directories, no language or templates from the caller, the templ under
// test first on PATH, and extra (KEY=VALUE) last. Tests pass it to each
// process rather than setting it, so that they run in parallel.
func pickEnv(t *testing.T, bin string, extra ...string) (env []string, state string) {
	t.Helper()
	state = t.TempDir()
	env = append(os.Environ(),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"XDG_CONFIG_HOME="+t.TempDir(), "XDG_STATE_HOME="+state, "XDG_CACHE_HOME="+t.TempDir(),
		"TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=", "TEMPL_CACHE=", "NO_COLOR=", "TMUX=")
	// exec.Cmd keeps the last value of a key given twice.
	return append(env, extra...), state
}

// renderWith is what templ render prints for args.
func renderWith(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"render"}, args...)...)
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("templ render %s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// TestPickCopies is the agent's whole reply: type a query, pick the
// template, fill two variables (one typed in Cyrillic, one pasted), copy,
// and find exactly that body on a real X clipboard.
func TestPickCopies(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_X", "Xvfb", "xclip"); !ok {
		t.Skip(reason)
	}
	// Not parallel: xvfbtest reads the clipboard through this process's
	// DISPLAY.
	bin := buildTempl(t)
	display := xvfbtest.Start(t)
	t.Setenv("DISPLAY", display)
	t.Setenv("WAYLAND_DISPLAY", "")
	env, state := pickEnv(t, bin, "DISPLAY="+display, "WAYLAND_DISPLAY=")
	want := renderWith(t, bin, env, "refund-status", "--name", "Иван", "--var", "Order=A-1", "-f", "body")
	subject := strings.TrimSuffix(renderWith(t, bin, env, "refund-status", "--name", "Иван", "--var", "Order=A-1", "-f", "subject"), "\n")

	term := startPick(t, env, "templ pick")
	term.waitFor("enter fill")
	term.typeText("status")
	term.waitFor("▸ refund-status")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Иван")
	term.press("Tab", "Tab")
	term.paste("A-1\n") // copied from the ticket, line break and all
	screen := term.waitFor("Subject: " + subject)
	if !strings.Contains(screen, "Иван") || !strings.Contains(screen, "A-1") {
		t.Errorf("the preview does not show both values:\n%s", screen)
	}
	// The pasted line break was dropped, not taken for Enter.
	if _, err := os.Stat(filepath.Join(term.dir, "code")); err == nil {
		t.Fatalf("the paste ended the pick:\n%s", screen)
	}
	term.press("Enter")
	code, stdout, stderr := term.wait()

	if code != "0" {
		t.Fatalf("exit %s\nstderr: %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing: the email went to the clipboard", stdout)
	}
	wantErr := fmt.Sprintf("templ: copied the body of %q to the clipboard\n", subject)
	if diff := cmp.Diff(wantErr, stderr); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, xvfbtest.Clipboard(t, want)); diff != "" {
		t.Errorf("clipboard (-templ render +clipboard):\n%s", diff)
	}
	history, err := os.ReadFile(filepath.Join(state, "templ", "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`"refund-status"`, `"Иван"`, `"A-1"`} {
		if !strings.Contains(string(history), s) {
			t.Errorf("the history lacks %s:\n%s", s, history)
		}
	}
}

// TestPickRefusesIncompleteCopy presses copy before the required Name is
// filled: the picker says which variable is missing and copies nothing.
func TestPickRefusesIncompleteCopy(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	term := startPick(t, env, "templ pick refund-reject")
	term.waitFor("▸ refund-reject")
	term.press("Enter")
	term.waitFor("Name*")
	term.press("Tab", "Enter")
	screen := term.waitFor("cannot copy body: Name and Reason are required; fill them in")
	if !strings.Contains(screen, "▸ Name*") {
		t.Errorf("the focus did not go back to Name:\n%s", screen)
	}
	term.press("Escape")
	term.waitFor("enter fill")
	term.press("Escape")
	code, stdout, stderr := term.wait()
	if code != "130" || stdout != "" || stderr != "" {
		t.Errorf("after Esc: exit %s, stdout %q, stderr %q; want 130 and nothing written", code, stdout, stderr)
	}
}

// TestPickPrintsIntoAPipe runs `templ pick | cat > file`: the picker draws
// on the terminal, and only the email reaches the pipe.
func TestPickPrintsIntoAPipe(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, state := pickEnv(t, bin)
	want := renderWith(t, bin, env, "refund-accept", "--lang", "bg", "--name", "Иван")

	term := startPick(t, env, "templ pick --no-history --lang bg --name Иван | cat > email.txt")
	term.waitFor("enter fill")
	term.typeText("refund-accept")
	term.waitFor("▸ refund-accept")
	term.press("C-o")
	code, _, stderr := term.wait()
	if code != "0" {
		t.Fatalf("exit %s\nstderr: %s", code, stderr)
	}
	got, err := os.ReadFile(filepath.Join(term.dir, "email.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("the file (-templ render +templ pick):\n%s", diff)
	}
	if entries, _ := os.ReadDir(state); len(entries) != 0 {
		t.Errorf("--no-history wrote %v in the state directory", entries)
	}
}

// TestPickResizes: the picker redraws for the terminal's new size.
func TestPickResizes(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	term := startPick(t, env, "templ pick")
	term.waitFor("enter fill")
	term.tmux("resize-window", "-t", "0", "-x", "120", "-y", "40")
	screen := term.waitUntil("a 40-row screen", func(s string) bool {
		rows := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return len(rows) == 40 && strings.Contains(rows[39], "enter fill")
	})
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(rows) != 40 || !strings.Contains(rows[39], "enter fill") {
		t.Errorf("after a resize to 120x40: %d rows, the last %q", len(rows), rows[len(rows)-1])
	}
	if !strings.HasSuffix(rows[0], "26/26  [en] bg") || len([]rune(rows[0])) != 120 {
		t.Errorf("the query line does not span 120 columns: %q", rows[0])
	}
	term.press("Escape")
	term.wait()
}

// colour matches an SGR sequence that sets a foreground or background
// colour (30-37, 40-47, 90-97, 100-107, 38;… and 48;…), not the defaults
// 39 and 49.
var colour = regexp.MustCompile(`\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])(?:;[0-9;]*)?m`)

// TestPickColours: the picker uses the terminal's own colours, and none
// under NO_COLOR, where bold and reverse video still mark what is missing.
func TestPickColours(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	for _, noColor := range []string{"", "1"} {
		env, _ := pickEnv(t, bin, "NO_COLOR="+noColor)
		term := startPick(t, env, "templ pick refund-reject")
		term.waitFor("to fill: Name, Reason")
		styled := term.tmux("capture-pane", "-e", "-p", "-t", "0")
		term.press("Escape")
		term.wait()
		if got := colour.FindAllString(styled, -1); (len(got) > 0) != (noColor == "") {
			t.Errorf("NO_COLOR=%q: colour sequences %q", noColor, got)
		}
		if !regexp.MustCompile(`Hi \x1b\[1;7m(\x1b\[33m)?\[Name\]`).MatchString(styled) {
			t.Errorf("NO_COLOR=%q: [Name] is not marked in bold reverse video:\n%q", noColor, styled)
		}
	}
}

// templPID finds the templ process under the pane's shell.
func (term *tmuxTerm) templPID() int {
	term.t.Helper()
	pane, err := strconv.Atoi(strings.TrimSpace(term.tmux("display", "-p", "-t", "0", "#{pane_pid}")))
	if err != nil {
		term.t.Fatal(err)
	}
	queue := []int{pane}
	for len(queue) > 0 {
		pid := queue[0]
		queue = queue[1:]
		if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); strings.TrimSpace(string(comm)) == "templ" {
			return pid
		}
		children, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
		for _, c := range strings.Fields(string(children)) {
			n, _ := strconv.Atoi(c)
			queue = append(queue, n)
		}
	}
	term.t.Fatal("no templ process in the pane")
	return 0
}

// TestPickSignal: SIGTERM ends the picker as it ends every command: the
// terminal is given back, nothing is written, exit 143.
func TestPickSignal(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	term := startPick(t, env, "templ pick refund-status --name Ivan")
	term.waitFor("enter fill")
	if err := syscall.Kill(term.templPID(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := term.wait()
	if code != "143" || stdout != "" || stderr != "templ: interrupted\n" {
		t.Errorf("after SIGTERM: exit %s, stdout %q, stderr %q; want 143, nothing, templ: interrupted", code, stdout, stderr)
	}
	if s := term.screen(); strings.Contains(s, "enter fill") {
		t.Errorf("the picker is still on the screen:\n%s", s)
	}
}

// TestRenderWithoutIDPicks: templ render with no id, on a terminal, is the
// picker, with render's value flags.
func TestRenderWithoutIDPicks(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	want := renderWith(t, bin, env, "refund-status", "--name", "Ivan")
	term := startPick(t, env, "templ render --name Ivan")
	term.waitFor("enter fill")
	term.typeText("refund-status")
	term.waitFor("nothing to fill")
	term.press("C-o")
	code, stdout, stderr := term.wait()
	if code != "0" || stderr != "" {
		t.Fatalf("exit %s, stderr %q", code, stderr)
	}
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-templ render ID +templ render):\n%s", diff)
	}
}
