//go:build !windows

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/google/go-cmp/cmp"
)

// askTemplate has one variable of each kind -i treats differently: required,
// with a default, optional, and one the command line already sets.
const askTemplate = `id: ask
category: test
vars:
  Name: {description: Customer's first name}
  Product: {description: Product or service, default: {en: your order}}
  Ticket: {description: Help desk ticket number, optional: true}
  Brand: {description: Company name}
locales:
  en:
    title: Ask
    subjects:
      - About [Product]
    body: |
      Hi [Name],

      Thank you for writing about [Product].

      Your ticket is [Ticket].

      [Brand]
`

// editTemplate declares an optional variable before a required one: -i asks
// for the required one first.
const editTemplate = `id: edit
category: test
vars:
  Ticket: {description: Ticket number, optional: true}
  Name: {description: Customer's full name}
locales:
  en:
    title: Edit
    subjects: [About your ticket]
    body: |
      Hi [Name],

      Ticket [Ticket].
`

// langTemplate's bg text does not use Order, which en requires.
const langTemplate = `id: lang
category: test
vars:
  Name: {description: Customer's first name}
  Order: {description: Order number}
locales:
  en:
    title: Lang
    subjects: [Hello]
    body: "Hi [Name], about order [Order].\n"
  bg:
    title: Език
    subjects: [Здравейте]
    body: "Здравейте, [Name].\n"
`

// TestInteractive runs the real templ binary with its stdin and stderr on a
// pseudo-terminal, answers the prompts as a person would (Enter is "\r"),
// and checks both what the terminal showed and the email on stdout.
func TestInteractive(t *testing.T) {
	bin := buildTempl(t)
	tplDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(tplDir, "ask.yaml"), []byte(askTemplate), 0o644); err != nil {
		t.Fatal(err)
	}
	const (
		namePrompt    = "Name (Customer's first name): "
		productPrompt = `Product (Product or service; Enter for "your order"): `
		ticketPrompt  = "Ticket (Help desk ticket number; optional, Enter to skip): "
	)

	t.Run("defaults and a required retry", func(t *testing.T) {
		term := startInTerminal(t, bin, "render", "ask", "--templates", tplDir, "-i", "--brand", "Acme")
		term.expect(namePrompt)
		term.typeLine("") // required: asked again
		term.expect("  Name is required.\r\n" + namePrompt)
		term.typeLine("Иван")
		term.expect(productPrompt)
		term.typeLine("") // keeps the default
		term.expect(ticketPrompt)
		term.typeLine("") // optional: its line drops
		code, transcript, stdout := term.wait()

		if code != 0 {
			t.Errorf("exit code %d, want 0", code)
		}
		wantTranscript := namePrompt + "\r\n" +
			"  Name is required.\r\n" +
			namePrompt + "Иван\r\n" +
			productPrompt + "\r\n" +
			ticketPrompt + "\r\n"
		if diff := cmp.Diff(wantTranscript, transcript); diff != "" {
			t.Errorf("terminal (-want +got):\n%s", diff)
		}
		wantEmail := "Subject: About your order\n\nHi Иван,\n\nThank you for writing about your order.\n\nAcme\n"
		if diff := cmp.Diff(wantEmail, stdout); diff != "" {
			t.Errorf("stdout (-want +got):\n%s", diff)
		}
	})

	t.Run("every answer given", func(t *testing.T) {
		term := startInTerminal(t, bin, "render", "ask", "--templates", tplDir, "--interactive", "--brand", "Acme")
		term.expect(namePrompt)
		term.typeLine("Ivan")
		term.expect(productPrompt)
		term.typeLine("the blue kettle")
		term.expect(ticketPrompt)
		term.typeLine("T-42")
		code, _, stdout := term.wait()

		if code != 0 {
			t.Errorf("exit code %d, want 0", code)
		}
		wantEmail := "Subject: About the blue kettle\n\nHi Ivan,\n\nThank you for writing about the blue kettle.\n\nYour ticket is T-42.\n\nAcme\n"
		if diff := cmp.Diff(wantEmail, stdout); diff != "" {
			t.Errorf("stdout (-want +got):\n%s", diff)
		}
	})

	t.Run("line editing", func(t *testing.T) {
		editDir := t.TempDir()
		if err := os.WriteFile(filepath.Join(editDir, "edit.yaml"), []byte(editTemplate), 0o644); err != nil {
			t.Fatal(err)
		}
		term := startInTerminal(t, bin, "render", "edit", "--templates", editDir, "-i")
		// Required first, though Ticket is declared before Name.
		term.expect("Name (Customer's full name): ")
		// Six Left arrows put the cursor before "Petrov"; a Cyrillic word
		// goes in there; Home goes to the start, End back to the end.
		term.typeRaw("Ivan Petrov" + strings.Repeat("\x1b[D", 6) + "Иванов " + "\x1b[H" + "Mr " + "\x1b[F" + "!")
		term.typeLine("")
		term.expect("Ticket (Ticket number; optional, Enter to skip): ")
		// Ctrl-U clears what was typed; Backspace takes back one character.
		term.typeRaw("T-1\x15T-22\x7f")
		term.typeLine("")
		code, _, stdout := term.wait()

		if code != 0 {
			t.Errorf("exit code %d, want 0", code)
		}
		wantEmail := "Subject: About your ticket\n\nHi Mr Ivan Иванов Petrov!,\n\nTicket T-2.\n"
		if diff := cmp.Diff(wantEmail, stdout); diff != "" {
			t.Errorf("stdout (-want +got):\n%s", diff)
		}
	})

	t.Run("only what the language uses", func(t *testing.T) {
		// Order is required, but the bg text never uses it: -i asks only
		// for Name (render.Prepared.Vars decides, as for render itself).
		langDir := t.TempDir()
		if err := os.WriteFile(filepath.Join(langDir, "lang.yaml"), []byte(langTemplate), 0o644); err != nil {
			t.Fatal(err)
		}
		term := startInTerminal(t, bin, "render", "lang", "--templates", langDir, "--lang", "bg", "-i")
		term.expect("Name (Customer's first name): ")
		term.typeLine("Иван")
		code, transcript, stdout := term.wait()
		if code != 0 {
			t.Errorf("exit code %d, want 0", code)
		}
		if diff := cmp.Diff("Name (Customer's first name): Иван\r\n", transcript); diff != "" {
			t.Errorf("terminal (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff("Subject: Здравейте\n\nЗдравейте, Иван.\n", stdout); diff != "" {
			t.Errorf("stdout (-want +got):\n%s", diff)
		}
	})

	t.Run("end of input", func(t *testing.T) {
		term := startInTerminal(t, bin, "render", "ask", "--templates", tplDir, "-i")
		term.expect(namePrompt)
		term.typeRaw("\x04") // Ctrl-D on an empty line: end of input
		code, transcript, stdout := term.wait()

		if code != 2 {
			t.Errorf("exit code %d, want 2", code)
		}
		wantTranscript := namePrompt + "\r\n" + "templ: -i: input ended before Name was given\r\n"
		if diff := cmp.Diff(wantTranscript, transcript); diff != "" {
			t.Errorf("terminal (-want +got):\n%s", diff)
		}
		if stdout != "" {
			t.Errorf("stdout = %q, want nothing", stdout)
		}
	})
}

// TestInteractiveCtrlC: in raw mode Ctrl-C raises no signal, so templ
// itself must treat it as an interrupt: exit 130, nothing on stdout.
func TestInteractiveCtrlC(t *testing.T) {
	bin := buildTempl(t)
	term := startInTerminal(t, bin, "render", "refund-reject", "-i")
	const prompt = "Name (Customer's first name): "
	term.expect(prompt)
	term.typeRaw("Iv\x03")
	code, transcript, stdout := term.wait()
	if code != 130 {
		t.Errorf("exit code %d, want 130", code)
	}
	if want := prompt + "Iv\r\ntempl: -i: interrupted; nothing was written\r\n"; !strings.HasSuffix(transcript, want) {
		t.Errorf("terminal ends %q, want %q", transcript, want)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
}

// TestInteractiveStderrRedirected: with stderr in a file, the prompts and
// what the user types still show on the terminal -i reads from, and the
// file holds none of it.
func TestInteractiveStderrRedirected(t *testing.T) {
	bin := buildTempl(t)
	var stderr bytes.Buffer
	term := start(t, bin, &stderr, "render", "refund-reject", "-i", "--var", "Reason=it was late", "-f", "body")
	const prompt = "Name (Customer's first name): "
	term.expect(prompt)
	term.typeLine("Ivan")
	term.expect("Ivan\r\n")
	// Enter for each of the rest: Product, Order, Policy URL, Offer, Agent, Brand.
	for _, name := range []string{"Product", "Order", "Policy URL", "Offer", "Agent", "Brand"} {
		term.expect(name + " (")
		term.expect("): ")
		term.typeLine("")
	}
	code, _, stdout := term.wait()
	if code != 0 {
		t.Errorf("exit code %d, want 0; stderr %q", code, stderr.String())
	}
	if !strings.HasPrefix(stdout, "Hi Ivan,\n") {
		t.Errorf("stdout starts %q, want Hi Ivan,", stdout)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr = %q, want nothing", stderr.String())
	}
}

// buildTempl builds the real command, as a user runs it.
func buildTempl(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "templ")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// terminal is templ running with stdin and stderr on a pseudo-terminal and
// stdout in a buffer, so prompts and the email can be checked apart.
type terminal struct {
	t      *testing.T
	cmd    *exec.Cmd
	ptmx   *os.File
	stdout bytes.Buffer
	chunks chan string // what the terminal shows, as read
	shown  string      // everything read so far
	pos    int         // end of the last expected text in shown
}

func startInTerminal(t *testing.T, bin string, args ...string) *terminal {
	t.Helper()
	return start(t, bin, nil, args...)
}

// start is startInTerminal with stderr elsewhere when it is not nil.
func start(t *testing.T, bin string, stderr io.Writer, args ...string) *terminal {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	term := &terminal{t: t, ptmx: ptmx, chunks: make(chan string, 64)}
	term.cmd = exec.Command(bin, args...)
	term.cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=", "TEMPL_CACHE=")
	term.cmd.Stdin, term.cmd.Stderr, term.cmd.Stdout = tty, tty, &term.stdout
	if stderr != nil {
		term.cmd.Stderr = stderr
	}
	if err := term.cmd.Start(); err != nil {
		t.Fatalf("starting templ: %v", err)
	}
	tty.Close() // the child has it; the master reads EOF/EIO once it exits
	go func() {
		defer close(term.chunks)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			if n > 0 {
				term.chunks <- string(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		if term.cmd.ProcessState == nil {
			term.cmd.Process.Kill()
			term.cmd.Wait()
		}
		ptmx.Close()
	})
	return term
}

// expect waits until the terminal shows want after the last expected text.
func (term *terminal) expect(want string) {
	term.t.Helper()
	deadline := time.After(10 * time.Second)
	for !strings.Contains(term.shown[term.pos:], want) {
		select {
		case chunk, ok := <-term.chunks:
			if !ok {
				term.t.Fatalf("templ stopped before showing %q; the terminal showed:\n%s", want, term.shown)
			}
			term.shown += chunk
		case <-deadline:
			term.t.Fatalf("no %q after 10s; the terminal showed:\n%s", want, term.shown)
		}
	}
	term.pos += strings.Index(term.shown[term.pos:], want) + len(want)
}

// typeLine types an answer and presses Enter.
func (term *terminal) typeLine(answer string) { term.typeRaw(answer + "\r") }

func (term *terminal) typeRaw(keys string) {
	term.t.Helper()
	if _, err := term.ptmx.Write([]byte(keys)); err != nil {
		term.t.Fatalf("typing %q: %v", keys, err)
	}
}

// wait lets templ finish and returns its exit code, everything the terminal
// showed, and stdout.
func (term *terminal) wait() (code int, shown, stdout string) {
	term.t.Helper()
	done := make(chan error, 1)
	go func() { done <- term.cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			term.t.Fatalf("waiting for templ: %v", err)
		}
	case <-time.After(10 * time.Second):
		term.t.Fatalf("templ still running after 10s; the terminal showed:\n%s", term.shown)
	}
	for chunk := range term.chunks {
		term.shown += chunk
	}
	return term.cmd.ProcessState.ExitCode(), term.shown, term.stdout.String()
}

// TestListFitsTerminal runs templ list with stdout on an 80-column
// terminal: titles are cut with "…" so no line wraps. Piped, nothing is cut.
func TestListFitsTerminal(t *testing.T) {
	bin := buildTempl(t)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 50, Cols: 80}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "list")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=")
	cmd.Stdout = tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	var shown bytes.Buffer
	done := make(chan struct{})
	go func() { shown.ReadFrom(ptmx); close(done) }()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("templ list: %v", err)
	}
	<-done
	lines := strings.Split(strings.TrimSuffix(shown.String(), "\r\n"), "\r\n")
	for _, l := range lines {
		if n := len([]rune(l)); n > 80 {
			t.Errorf("line of %d columns on an 80-column terminal: %q", n, l)
		}
	}
	const want = "cancel-failed-payment       cancellation  Subscription can…  en,bg      built-in"
	if !contains(lines, want) {
		t.Errorf("no line %q in:\n%s", want, shown.String())
	}

	piped, err := exec.Command(bin, "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(piped), "Subscription cancelled after a failed payment  en,bg") {
		t.Errorf("piped output cut a title:\n%s", piped)
	}
	if got := strings.Count(string(piped), "\n"); got != len(lines) {
		t.Errorf("piped output has %d lines, the terminal %d", got, len(lines))
	}
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// TestInteractiveEscapes: a description that holds escape codes is shown
// as text in the prompt, never sent to the terminal as codes.
func TestInteractiveEscapes(t *testing.T) {
	bin := buildTempl(t)
	tplDir := t.TempDir()
	const evil = "id: evil\ncategory: test\nvars:\n  Name: {description: \"first \\e[2J\\e]0;pwned\\a name \\u202e\"}\n" +
		"locales:\n  en:\n    title: Evil\n    subjects: [Hello]\n    body: \"Hi [Name]\\n\"\n"
	if err := os.WriteFile(filepath.Join(tplDir, "evil.yaml"), []byte(evil), 0o644); err != nil {
		t.Fatal(err)
	}
	term := startInTerminal(t, bin, "render", "evil", "--templates", tplDir, "-i")
	term.expect(`Name (first \x1b[2J\x1b]0;pwned\a name \u202e): `)
	term.typeLine("Ivan")
	code, shown, stdout := term.wait()
	if code != 0 || stdout != "Subject: Hello\n\nHi Ivan\n" {
		t.Errorf("exit %d, stdout %q", code, stdout)
	}
	for _, raw := range []string{"\x1b[2J", "\x1b]0;", "\a", "\u202e"} {
		if strings.Contains(shown, raw) {
			t.Errorf("the terminal got %q raw:\n%q", raw, shown)
		}
	}
}

// TestRenderToTerminal: an email printed on a terminal shows a customer's
// escape codes as text (an OSC 52 in a name would set the agent's
// clipboard); piped, the same bytes stay exact.
func TestRenderToTerminal(t *testing.T) {
	bin := buildTempl(t)
	dir := t.TempDir()
	ctx := filepath.Join(dir, "customer.json")
	if err := os.WriteFile(ctx, []byte(`{"Name": "Ivan\u001b]52;c;cGF5IG1l\u0007\u001b[2J", "Product": "kettle"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("opening a pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	cmd := exec.Command(bin, "render", "refund-accept", "--context", ctx, "-f", "body")
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+dir, "TEMPL_LANG=", "TEMPL_PATH=", "TEMPL_CONFIG=")
	cmd.Stdout, cmd.Stderr = tty, tty
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	shown, _ := io.ReadAll(ptmx) // EIO once templ has exited
	if err := cmd.Wait(); err != nil {
		t.Fatalf("templ: %v\n%s", err, shown)
	}
	if !strings.Contains(string(shown), `Hi Ivan\x1b]52;c;cGF5IG1l\a\x1b[2J,`) {
		t.Errorf("the terminal did not show the codes as text:\n%q", shown)
	}
	if strings.Contains(string(shown), "\x1b]52") {
		t.Errorf("the terminal got the OSC 52 raw:\n%q", shown)
	}

	pipe := exec.Command(bin, "render", "refund-accept", "--context", ctx, "-f", "body")
	pipe.Env = cmd.Env
	piped, err := pipe.Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(piped), "Hi Ivan\x1b]52;c;cGF5IG1l\a\x1b[2J,") {
		t.Errorf("piped, the bytes changed:\n%q", piped)
	}
}
