//go:build linux

package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// noClipboard is the environment of a desktop-less session: no display,
// no SSH (which would make the copy an OSC 52 sequence).
var noClipboard = []string{"DISPLAY=", "WAYLAND_DISPLAY=", "SSH_TTY=", "SSH_CONNECTION="}

// TestPickWithoutClipboard: with no display to copy to, Enter says so in
// the picker, which stays open with what was typed, and so does Ctrl-T
// (mailto); Ctrl-O then prints the email.
func TestPickWithoutClipboard(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin, noClipboard...)
	want := renderWith(t, bin, env, "refund-status", "--name", "Иван")
	term := startPick(t, env, "templ pick status")
	term.waitFor("▸ refund-status")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Иван")
	term.press("Enter")
	screen := term.waitFor("cannot copy body (^o prints it instead): no display to hold the clipboard")
	if !strings.Contains(screen, "Hi Иван,") {
		t.Errorf("the picker did not keep the email on screen:\n%s", screen)
	}
	// Nor is there a desktop to open a mailto URL in.
	term.press("C-t")
	term.waitFor("cannot mailto (^o prints it instead): no desktop to open the mailto URL in (")
	term.press("C-o")
	code, stdout, stderr := term.wait()
	if code != "0" || stderr != "" {
		t.Errorf("exit %s, stderr %q; want 0 and nothing", code, stderr)
	}
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-templ render +templ pick):\n%s", diff)
	}
}

// TestPickCopyFailsLate: a clipboard tool that fails once the picker has
// closed (DISPLAY names no X server) loses nothing: the body is printed
// on stdout, and the error says so; exit 1.
func TestPickCopyFailsLate(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_X", "xclip"); !ok {
		t.Skip(reason)
	}
	t.Parallel()
	bin := buildTempl(t)
	env, state := pickEnv(t, bin, append(noClipboard, "DISPLAY=:97")...)
	want := renderWith(t, bin, env, "refund-status", "--name", "Иван", "-f", "body")
	term := startPick(t, env, "templ pick status")
	term.waitFor("▸ refund-status")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Иван")
	term.waitFor("Hi Иван,")
	term.press("Enter")
	code, stdout, stderr := term.wait()
	wantErr := "templ: xclip could not set the clipboard (exit status 1); check that DISPLAY=\":97\" is a running X server you may use\n" +
		"hint: the email is printed on stdout instead; copy it from there\n"
	if code != "1" || stderr != wantErr {
		t.Errorf("exit %s, stderr %q; want 1 and %q", code, stderr, wantErr)
	}
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout (-templ render -f body +templ pick):\n%s", diff)
	}
	if entries, _ := os.ReadDir(state); len(entries) != 0 {
		t.Errorf("a failed copy wrote the history: %v", entries)
	}
}

// TestPickTwoAtOnce: two pickers open side by side, as an agent with two
// tickets has them; each saves its pick, and the history keeps both.
func TestPickTwoAtOnce(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, state := pickEnv(t, bin)
	first := startPick(t, env, "templ pick refund-status")
	second := startPick(t, env, "templ pick cancel-basic")
	first.waitFor("enter fill")
	second.waitFor("enter fill")
	for _, p := range []struct {
		term *tmuxTerm
		name string
	}{{first, "Ivan"}, {second, "Мария"}} {
		p.term.press("Enter")
		p.term.waitFor("Name*")
		p.term.typeText(p.name)
		p.term.waitFor("Hi " + p.name + ",")
		p.term.press("C-o")
		if code, _, stderr := p.term.wait(); code != "0" || stderr != "" {
			t.Fatalf("exit %s, stderr %q", code, stderr)
		}
	}
	data, err := os.ReadFile(filepath.Join(state, "templ", "history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Templates []string
		Values    []struct{ Name, Value string }
	}
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatal(err)
	}
	if want := []string{"cancel-basic", "refund-status"}; !cmp.Equal(want, h.Templates) {
		t.Errorf("templates %v, want %v: the second picker dropped the first one's pick", h.Templates, want)
	}
	if len(h.Values) != 1 || h.Values[0].Value != "Мария" {
		t.Errorf("values %v, want the last name given, Мария", h.Values)
	}
}

// TestPickBrokenUserTemplate: a user template that does not parse, and a
// damaged history, are named in the picker (their warnings on stderr are
// under its screen), and the rest of the catalogue works.
func TestPickBrokenUserTemplate(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: broken\ncategory: refund\nvars: [\nlocales:\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env, state := pickEnv(t, bin, "TEMPL_PATH="+dir)
	if err := os.MkdirAll(filepath.Join(state, "templ"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "templ", "history.json"), []byte(`{"templates": [`), 0o600); err != nil {
		t.Fatal(err)
	}
	// Wide enough for the whole warning, wherever the test's files are.
	term := startPickSized(t, env, 250, 24, "templ pick")
	screen := term.waitFor("enter fill")
	rows := strings.Split(screen, "\n")
	if want := "warning: " + filepath.Join(dir, "broken.yaml") + ":4:1: invalid YAML: did not find expected node content (+1 more)"; rows[22] != want {
		t.Errorf("status %q, want %q", rows[22], want)
	}
	term.typeText("rej")
	term.waitFor("▸ refund-reject")
	term.press("Escape")
	code, _, stderr := term.wait()
	if code != "130" || !strings.Contains(stderr, "broken.yaml:4:1: invalid YAML") || !strings.Contains(stderr, "not a history file") {
		t.Errorf("exit %s, stderr %q", code, stderr)
	}
}

// TestPickShowsEscapesInValues: a customer value holding escape sequences
// (colour, a window title, a clipboard write) and a carriage return is
// drawn as visible characters; none of it acts on the terminal.
func TestPickShowsEscapesInValues(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin, "NO_COLOR=1")
	dir := t.TempDir()
	ctx := filepath.Join(dir, "ticket.yaml")
	value := `"Iv\e[31mRED\e[0m\e]2;pwned\a\e]52;c;aGk=\a\ran"`
	if err := os.WriteFile(ctx, []byte("Name: "+value+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startPick(t, env, "templ pick refund-status --context "+ctx)
	screen := term.waitFor("nothing to fill")
	if want := "Hi Iv␛[31mRED␛[0m␛]2;pwned␇␛]52;c;aGk=␇␍an,"; !strings.Contains(screen, want) {
		t.Errorf("the preview does not show %q:\n%s", want, screen)
	}
	styled := term.tmux("capture-pane", "-e", "-p", "-t", "0")
	if got := colour.FindAllString(styled, -1); len(got) > 0 {
		t.Errorf("the value coloured the screen: %q", got)
	}
	if title := term.tmux("display", "-p", "-t", "0", "#{pane_title}"); title != "templ pick\n" {
		t.Errorf("the pane's title is %q: a value set it", title)
	}
	term.press("Escape")
	term.wait()
}

// TestPickGivesTheTerminalBack: however the picker is left (Esc on the
// list, Ctrl-C in the form, Ctrl-C after a refusal), the shell gets its
// terminal back as it was: the main screen, the cursor shown, echo and
// line editing on, and no bracketed paste, so a paste reaches the next
// program as typed text.
func TestPickGivesTheTerminalBack(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	for _, tc := range []struct {
		name string
		keys func(term *tmuxTerm)
	}{
		{"esc on the list", func(term *tmuxTerm) { term.press("Escape") }},
		{"ctrl-c in the form", func(term *tmuxTerm) {
			term.press("Enter")
			term.waitFor("Name*")
			term.typeText("Иван")
			term.press("C-c")
		}},
		{"ctrl-c after a refusal", func(term *tmuxTerm) {
			term.press("Enter")
			term.waitFor("Name*")
			term.press("Enter")
			term.waitFor("cannot copy body")
			term.press("C-c")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env, _ := pickEnv(t, bin)
			term := startPick(t, env, `templ pick refund-reject; echo $? >picked; stty -a >stty; read -r line; printf '%s' "$line" >pasted`)
			term.waitFor("enter fill")
			tc.keys(term)
			term.waitUntil("the picker gone", func(s string) bool { return !strings.Contains(s, "enter fill") && !strings.Contains(s, "esc back") })
			term.waitUntil("stty's output", func(string) bool { _, err := os.Stat(filepath.Join(term.dir, "stty")); return err == nil })
			if flags := term.tmux("display", "-p", "-t", "0", "#{alternate_on} #{cursor_flag}"); flags != "0 1\n" {
				t.Errorf("alternate screen, cursor shown: %q, want 0 1", flags)
			}
			term.paste("pasted text")
			term.press("Enter")
			code, _, stderr := term.wait()
			if code != "0" || stderr != "" {
				t.Fatalf("exit %s, stderr %q", code, stderr)
			}
			read := func(name string) string {
				data, err := os.ReadFile(filepath.Join(term.dir, name))
				if err != nil {
					t.Fatal(err)
				}
				return string(data)
			}
			if got := read("picked"); got != "130\n" {
				t.Errorf("templ pick exited %q, want 130", got)
			}
			stty := " " + strings.Join(strings.Fields(read("stty")), " ") + " "
			for _, flag := range []string{" echo ", " icanon ", " isig ", " icrnl ", " opost "} {
				if !strings.Contains(stty, flag) {
					t.Errorf("stty lacks%s after the picker:\n%s", flag, stty)
				}
			}
			if got := read("pasted"); got != "pasted text" {
				t.Errorf("a paste after the picker read %q, want the text alone (bracketed paste left on?)", got)
			}
		})
	}
}

// TestPickNarrowAndShort: on a 40x10 terminal every row fits, a long
// Cyrillic value scrolls in its field (the end being typed in view), and a
// resize while the form is open redraws it whole.
func TestPickNarrowAndShort(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	term := startPickSized(t, env, 40, 10, "templ pick --lang bg")
	term.waitFor("enter fill")
	term.typeText("отхв")
	term.waitFor("▸ refund-reject")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Мария")
	term.press("Tab")
	term.typeText("срокът за връщане е изтекъл преди месец")
	screen := term.waitFor("преди месец")
	rows := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(rows) != 10 || !strings.HasPrefix(rows[9], "enter copy") {
		t.Errorf("%d rows, the last %q; want 10 and the help line", len(rows), rows[len(rows)-1])
	}
	if !strings.HasPrefix(rows[2], "▸ Reason*") || !strings.Contains(rows[2], "Why the req…") {
		t.Errorf("the Reason row %q: the value ran over its column", rows[2])
	}
	term.tmux("resize-window", "-t", "0", "-x", "100", "-y", "30")
	screen = term.waitUntil("a 30-row form", func(s string) bool {
		rows := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return len(rows) == 30 && strings.HasPrefix(rows[29], "enter copy")
	})
	if !strings.Contains(screen, "срокът за връщане е изтекъл преди месец") {
		t.Errorf("after the resize the whole value should fit:\n%s", screen)
	}
	term.press("C-c")
	if code, _, _ := term.wait(); code != "130" {
		t.Errorf("exit %s after Ctrl-C, want 130", code)
	}
}

// TestPickMultiLinePaste: a paste of several lines, as a terminal sends it
// (bracketed, each line break a carriage return), goes into the field as
// one line, each break one space, and does not press Enter.
func TestPickMultiLinePaste(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	term := startPick(t, env, "templ pick refund-reject --name Ivan")
	term.waitFor("▸ refund-reject")
	term.press("Enter")
	term.waitFor("Reason*")
	term.paste("the item was used\r\n\r\nand the box was opened\n")
	screen := term.waitFor("This is because the item was used and the box was opened.")
	if !strings.Contains(screen, "▸ Reason*      was used and the box was opened  Why") {
		t.Errorf("the field does not hold the paste as one line:\n%s", screen)
	}
	term.press("C-c")
	if code, stdout, _ := term.wait(); code != "130" || stdout != "" {
		t.Errorf("exit %s, stdout %q: the paste pressed Enter?", code, stdout)
	}
}

// TestPickEMLCannotWrite: Ctrl-X where the eml cannot be written (the
// working directory is gone: a failure root meets too) fails, but prints
// the message on stdout, so what was typed is kept.
func TestPickEMLCannotWrite(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin, "SOURCE_DATE_EPOCH=0")
	want := renderWith(t, bin, env, "refund-status", "--name", "Ivan", "-f", "eml")
	term := startPick(t, env, "mkdir gone && cd gone && rmdir ../gone && templ pick refund-status --name Ivan")
	term.waitFor("nothing to fill")
	term.press("C-x")
	code, stdout, stderr := term.wait()
	if code != "1" || !strings.HasSuffix(stderr, "\nhint: the eml message is printed on stdout instead\n") {
		t.Errorf("exit %s, stderr %q", code, stderr)
	}
	// The Message-ID is new in each run.
	id := regexp.MustCompile(`(?m)^Message-ID: .*$`)
	if diff := cmp.Diff(id.ReplaceAllString(want, ""), id.ReplaceAllString(stdout, "")); diff != "" {
		t.Errorf("stdout (-templ render +templ pick):\n%s", diff)
	}
}

// TestPickGivesTheTitleBack: the window's title, which the picker sets to
// "templ pick" while it runs, is the shell's own again afterwards.
func TestPickGivesTheTitleBack(t *testing.T) {
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin)
	term := startPick(t, env, `printf '\033]2;ticket 4711\007' >/dev/tty; templ pick`)
	term.waitFor("enter fill")
	title := func() string { return strings.TrimSpace(term.tmux("display", "-p", "-t", "0", "#{pane_title}")) }
	if got := title(); got != "templ pick" {
		t.Errorf("title %q while picking, want templ pick", got)
	}
	term.press("Escape")
	term.wait()
	if got := title(); got != "ticket 4711" {
		t.Errorf("title %q after the picker, want the shell's own, ticket 4711", got)
	}
}

// TestPickCtrlZ: in an interactive shell, Ctrl-Z stops the picker and
// gives the shell its terminal; fg brings the picker back as it was.
func TestPickCtrlZ(t *testing.T) {
	if reason, ok := requireTools(t, "TEMPL_REQUIRE_TOOLS", "tmux", "bash"); !ok {
		t.Skip(reason)
	}
	t.Parallel()
	bin := buildTempl(t)
	env, _ := pickEnv(t, bin, "PS1=$ ")
	dir := t.TempDir()
	term := &tmuxTerm{t: t, socket: filepath.Join(dir, ".tmux"), dir: dir, env: env}
	term.tmux("new-session", "-d", "-x", "80", "-y", "24", "-c", dir, "bash", "--norc", "--noprofile", "-i")
	t.Cleanup(func() { exec.Command("tmux", "-S", term.socket, "kill-server").Run() })
	term.waitFor("$")
	term.typeText("templ pick refund-reject")
	term.press("Enter")
	term.waitFor("enter fill")
	term.press("Enter")
	term.waitFor("Name*")
	term.typeText("Иван")
	term.press("C-z")
	term.waitFor("Stopped")
	term.typeText("fg")
	term.press("Enter")
	screen := term.waitFor("esc back")
	if !strings.Contains(screen, "▸ Name*       Иван") {
		t.Errorf("after fg the form is not as it was:\n%s", screen)
	}
	term.press("C-c")
	term.waitUntil("the shell back", func(s string) bool { return !strings.Contains(s, "esc back") })
	term.typeText("echo code=$?")
	term.press("Enter")
	term.waitFor("code=130")
}
