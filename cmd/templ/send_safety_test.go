//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"
)

// These run the real templ in a child process against emersion/go-smtp in
// the test process (no TLS, no login), whose hooks make it fail as a real
// server can, and check what the user sees, the exit code, and that each
// record arrives once or not at all.

// faultServer keeps every message it accepts, by recipient.
type faultServer struct {
	port int
	mu   sync.Mutex
	got  map[string]int // recipient -> messages accepted
	// data, when set, may refuse a message (by its recipients) after its
	// body, or hold it; n counts every DATA from 1, retries included.
	data func(n int, rcpts []string) error
	n    int
}

func startFaultServer(t *testing.T) *faultServer {
	t.Helper()
	fs := &faultServer{got: map[string]int{}}
	s := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &faultSession{fs: fs}, nil }))
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	fs.port = ln.Addr().(*net.TCPAddr).Port
	return fs
}

func (fs *faultServer) hook(f func(n int, rcpts []string) error) {
	fs.mu.Lock()
	fs.data = f
	fs.mu.Unlock()
}

// delivered is how many messages each recipient got.
func (fs *faultServer) delivered() map[string]int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := map[string]int{}
	for k, v := range fs.got {
		out[k] = v
	}
	return out
}

type faultSession struct {
	fs    *faultServer
	rcpts []string
}

func (x *faultSession) Reset()                                 { x.rcpts = nil }
func (x *faultSession) Logout() error                          { return nil }
func (x *faultSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (x *faultSession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	x.rcpts = append(x.rcpts, to)
	return nil
}
func (x *faultSession) Data(r io.Reader) error {
	io.Copy(io.Discard, r)
	x.fs.mu.Lock()
	x.fs.n++
	n, hook := x.fs.n, x.fs.data
	x.fs.mu.Unlock()
	if hook != nil {
		if err := hook(n, x.rcpts); err != nil {
			return err
		}
	}
	x.fs.mu.Lock()
	for _, r := range x.rcpts {
		x.fs.got[r]++
	}
	x.fs.mu.Unlock()
	return nil
}

// sendDir is a working directory whose config sends to fs, with n
// records c1@example.com ... cn@example.com in d.csv.
func sendDir(t *testing.T, fs *faultServer, n int) string {
	t.Helper()
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("Name,Email,Order,Reason\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&csv, "Customer %d,c%d@example.com,A-%d,reason %d\n", i, i, i, i)
	}
	writeFiles(t, dir, map[string]string{
		"d.csv":                     csv.String(),
		".config/templ/config.yaml": fmt.Sprintf("from: Support <support@example.com>\nsmtp:\n  host: 127.0.0.1\n  port: %d\n  tls: none\n", fs.port),
	})
	return dir
}

// wantOnce checks that records from..to arrived exactly once and no
// other did.
func wantOnce(t *testing.T, fs *faultServer, records ...int) {
	t.Helper()
	got := fs.delivered()
	for _, i := range records {
		a := fmt.Sprintf("c%d@example.com", i)
		if got[a] != 1 {
			t.Errorf("%s got %d messages, want 1", a, got[a])
		}
		delete(got, a)
	}
	for a, n := range got {
		t.Errorf("%s got %d messages, want none", a, n)
	}
}

func logLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var r struct {
			Record int
			Status string
			Reply  string
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, fmt.Sprintf("%d %s %s", r.Record, r.Status, r.Reply))
	}
	return out
}

var sendArgs = []string{"refund-reject", "--data", "d.csv", "--send"}

// A --log that is not a regular file (/dev/full, /dev/null) could not be
// read back by --resume: refused before anything is sent.
func TestSendSafetyLogNotAFile(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 3)
	for _, log := range []string{"/dev/full", "/dev/null"} {
		_, stderr, code := runSafety(t, dir, append(sendArgs, "--log", log)...)
		want := "templ: --log " + log + ": not a regular file; --resume reads the log back, so give a file\n"
		if code != 2 || stderr != want {
			t.Errorf("--log %s: exit %d, stderr %q; want 2, %q", log, code, stderr, want)
		}
	}
	wantOnce(t, fs)
}

// A 5xx to the end of a message, after its body: that record failed (exit
// 1, the log says why), the rest are sent, and a --resume sends only it.
func TestSendSafety554AfterData(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 3)
	fs.hook(func(_ int, rcpts []string) error {
		if rcpts[0] == "c2@example.com" {
			return &gosmtp.SMTPError{Code: 554, EnhancedCode: gosmtp.EnhancedCode{5, 7, 1}, Message: "Rejected as spam"}
		}
		return nil
	})
	_, stderr, code := runSafety(t, dir, append(sendArgs, "--log", "run.log")...)
	want := "templ: sent 2, failed 1\ntempl: 1 record not sent\nhint: the reasons are in run.log; fix them, then resend only those with --resume run.log\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	if got, want := strings.Join(logLines(t, filepath.Join(dir, "run.log")), "\n"),
		"1 sent 250 2.0.0 OK: queued\n2 failed 554 5.7.1 Rejected as spam\n3 sent 250 2.0.0 OK: queued"; got != want {
		t.Errorf("log:\n%s\nwant\n%s", got, want)
	}
	wantOnce(t, fs, 1, 3)
	fs.hook(nil)
	_, stderr, code = runSafety(t, dir, append(sendArgs, "--log", "run.log", "--resume", "run.log")...)
	if want := "templ: sent 1, failed 0, skipped 2 sent before\n"; code != 0 || stderr != want {
		t.Errorf("resumed: exit %d, stderr %q; want 0, %q", code, stderr, want)
	}
	wantOnce(t, fs, 1, 2, 3)
}

// SIGTERM while a record waits to be tried again (a 451): templ stops at
// once, exit 143, the waiting record neither sent nor logged; --resume
// sends it and the rest, each once.
func TestSendSafetySigtermInBackoff(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 5)
	refused := make(chan struct{}, 10)
	fs.hook(func(_ int, rcpts []string) error {
		if rcpts[0] == "c3@example.com" {
			refused <- struct{}{}
			return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
		return nil
	})
	cmd := safetyCmd(dir, t.TempDir(), append(sendArgs, "--log", "run.log")...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-refused: // the first try; the next is a second away
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("record 3 never reached the server")
	}
	signalled := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	code := exitCode(t, cmd.Wait())
	took := time.Since(signalled)
	want := "templ: interrupted: sent 2, failed 0; finish with --resume run.log\n"
	if code != 143 || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want 143, %q", code, stderr.String(), want)
	}
	if took > 5*time.Second {
		t.Errorf("took %v to stop; want it at once, not after the retries", took)
	}
	if got := strings.Join(logLines(t, filepath.Join(dir, "run.log")), "\n"); got != "1 sent 250 2.0.0 OK: queued\n2 sent 250 2.0.0 OK: queued" {
		t.Errorf("log:\n%s", got)
	}
	wantOnce(t, fs, 1, 2)
	fs.hook(nil)
	_, errOut, code := runSafety(t, dir, append(sendArgs, "--log", "run.log", "--resume", "run.log")...)
	if want := "templ: sent 3, failed 0, skipped 2 sent before\n"; code != 0 || errOut != want {
		t.Errorf("resumed: exit %d, stderr %q; want 0, %q", code, errOut, want)
	}
	wantOnce(t, fs, 1, 2, 3, 4, 5)
}

// Two runs with one --log at once would each send what the other sends: the
// second is refused, whether it writes the log or resumes from it, while
// the first holds it; the first goes on untouched.
func TestSendSafetyTwoRunsOneLog(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 3)
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	fs.hook(func(n int, _ []string) error {
		if n == 1 {
			once.Do(func() { close(held) })
			<-release
		}
		return nil
	})
	first := safetyCmd(dir, t.TempDir(), append(sendArgs, "--log", "run.log")...)
	var firstErr bytes.Buffer
	first.Stderr = &firstErr
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer first.Process.Kill()
	select {
	case <-held:
	case <-time.After(60 * time.Second):
		t.Fatal("the first run never sent")
	}
	_, stderr, code := runSafety(t, dir, append(sendArgs, "--log", "run.log")...)
	if want := "templ: --log run.log: another templ run is sending with this log; wait for it to end, or give another file\n"; code != 1 || stderr != want {
		t.Errorf("second --log: exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	_, stderr, code = runSafety(t, dir, append(sendArgs, "--log", "other.log", "--resume", "run.log")...)
	if want := "templ: run.log: another templ run is sending with it as its --log; wait for it to end, then resume\n"; code != 2 || stderr != want {
		t.Errorf("--resume: exit %d, stderr %q; want 2, %q", code, stderr, want)
	}
	close(release)
	if code := exitCode(t, first.Wait()); code != 0 || firstErr.String() != "templ: sent 3, failed 0\n" {
		t.Errorf("first run: exit %d, stderr %q", code, firstErr.String())
	}
	wantOnce(t, fs, 1, 2, 3)
	if _, err := os.Stat(filepath.Join(dir, "other.log")); err == nil {
		t.Error("the refused run created its log")
	}
}

// --resume with a log of another --shard is refused: none of its records
// are this shard's. A log of another data file (a record now goes to other
// recipients than the log shows) is refused too, before anything is sent.
func TestSendSafetyResumeWrongLog(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 4)
	if _, stderr, code := runSafety(t, dir, append(sendArgs, "--shard", "0/2", "--log", "zero.log")...); code != 0 {
		t.Fatalf("--shard 0/2: exit %d, %s", code, stderr)
	}
	wantOnce(t, fs, 2, 4)
	_, stderr, code := runSafety(t, dir, append(sendArgs, "--shard", "1/2", "--resume", "zero.log")...)
	if want := "templ: --resume zero.log: the log shows records of another --shard (record 2 first), none of 1/2's; give the log this shard's run wrote\n"; code != 2 || stderr != want {
		t.Errorf("--shard 1/2 --resume zero.log: exit %d, stderr %q; want 2, %q", code, stderr, want)
	}
	// Record 2 is someone else in another file.
	data, _ := os.ReadFile(filepath.Join(dir, "d.csv"))
	writeFiles(t, dir, map[string]string{"e.csv": strings.Replace(string(data), "c2@example.com", "c9@example.com", 1)})
	_, stderr, code = runSafety(t, dir, "refund-reject", "--data", "e.csv", "--send", "--resume", "zero.log")
	want := "templ: e.csv: 1 of 4 records cannot be rendered, so nothing was written; fix them or pass --skip-invalid\n" +
		"  line 3: the --resume log shows it sent to c2@example.com, but it goes to c9@example.com now: a row went in or out since, or the log is another batch's; resume with this data file's log\n"
	if code != 2 || stderr != want {
		t.Errorf("another data file: exit %d, stderr %q; want 2, %q", code, stderr, want)
	}
	wantOnce(t, fs, 2, 4)
}

var resumeAt = regexp.MustCompile(`resume with --start (\d+)\n$`)

// --exec and --out-dir interrupted, the data file grown at the end, then
// resumed with --start: the counts and the resume point of the next
// interrupt are right, and in the end every record is done once.
func TestResumeAfterDataGrew(t *testing.T) {
	t.Run("exec", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"d.csv": customersCSV(10)})
		// The child for record $STOP_AT signals templ and is stopped with it.
		execCmd := `cat >/dev/null; if [ "$TEMPL_RECORD" = "$STOP_AT" ]; then kill -TERM $PPID; sleep 5; fi; echo $TEMPL_RECORD >>sent.txt`
		run := func(stopAt string, args ...string) (string, int) {
			cmd := safetyCmd(dir, t.TempDir(), append([]string{"refund-reject", "--data", "d.csv", "--to", "ivan@example.com", "--exec", execCmd}, args...)...)
			cmd.Env = append(cmd.Env, "STOP_AT="+stopAt)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			code := exitCode(t, cmd.Run())
			return stderr.String(), code
		}
		stderr, code := run("3")
		if want := "templ: interrupted: 2 of 10 sent; resume with --start 3\n"; code != 143 || stderr != want {
			t.Errorf("first run: exit %d, stderr %q; want 143, %q", code, stderr, want)
		}
		appendCustomers(t, filepath.Join(dir, "d.csv"), 11, 13)
		stderr, code = run("7", "--start", "3")
		if want := "templ: interrupted: 4 of 11 sent; resume with --start 7\n"; code != 143 || stderr != want {
			t.Errorf("resumed: exit %d, stderr %q; want 143, %q", code, stderr, want)
		}
		stderr, code = run("", "--start", "7")
		if want := fmt.Sprintf("templ: sent 7 messages through %q\n", execCmd); code != 0 || stderr != want {
			t.Errorf("finished: exit %d, stderr %q; want 0, %q", code, stderr, want)
		}
		sent, _ := os.ReadFile(filepath.Join(dir, "sent.txt"))
		if got := strings.Fields(string(sent)); strings.Join(got, " ") != "1 2 3 4 5 6 7 8 9 10 11 12 13" {
			t.Errorf("records sent: %v; want 1 to 13, each once", got)
		}
	})
	t.Run("out-dir", func(t *testing.T) {
		const n = 3000
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"d.csv": customersCSV(n)})
		next := 1
		// Interrupt when a few more files exist than before.
		interrupt := func(total, wantDone int) {
			t.Helper()
			cmd := safetyCmd(dir, t.TempDir(), "refund-reject", "--data", "d.csv", "--out-dir", "out", "--start", strconv.Itoa(next))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(60 * time.Second); countFiles(t, filepath.Join(dir, "out")) < wantDone; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no files after a minute")
				}
			}
			cmd.Process.Signal(syscall.SIGTERM)
			code := exitCode(t, cmd.Wait())
			m := resumeAt.FindStringSubmatch(stderr.String())
			if code != 143 || m == nil {
				t.Fatalf("exit %d, stderr %q; want 143 and a resume point", code, stderr.String())
			}
			at, _ := strconv.Atoi(m[1])
			done := at - next
			if want := fmt.Sprintf("templ: interrupted: %d of %d written; resume with --start %d\n", done, total, at); stderr.String() != want {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
			// Exactly the records before the resume point have their file.
			if got := countFiles(t, filepath.Join(dir, "out")); got != at-1 {
				t.Errorf("%d files, want %d (records 1 to %d)", got, at-1, at-1)
			}
			for _, i := range []int{1, at - 1} {
				if _, err := os.Stat(filepath.Join(dir, "out", fmt.Sprintf("Customer %d.eml", i))); err != nil {
					t.Errorf("record %d: %v", i, err)
				}
			}
			next = at
		}
		interrupt(n, 3)
		appendCustomers(t, filepath.Join(dir, "d.csv"), n+1, n+5)
		interrupt(n+5-next+1, next+3)
		_, stderr, code := runSafety(t, dir, "refund-reject", "--data", "d.csv", "--out-dir", "out", "--start", strconv.Itoa(next))
		if code != 0 || stderr != "" {
			t.Fatalf("finished: exit %d, stderr %q", code, stderr)
		}
		if got := countFiles(t, filepath.Join(dir, "out")); got != n+5 {
			t.Errorf("%d files, want %d", got, n+5)
		}
		last, err := os.ReadFile(filepath.Join(dir, "out", fmt.Sprintf("Customer %d.eml", n+5)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mail.ReadMessage(bytes.NewReader(last)); err != nil {
			t.Errorf("the last file does not parse: %v", err)
		}
	})
}

func appendCustomers(t *testing.T, path string, from, to int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i <= to; i++ {
		fmt.Fprintf(f, "Customer %d,A-%d,the return period has ended\n", i, i)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func countFiles(t *testing.T, dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	return len(m)
}

// The data file changed in place (same inode, same size) by another
// process while templ writes a batch to stdout: templ stops, exit 2, before
// the first record it did not check, says how many emails are on stdout,
// and those are whole emails of the file as it was checked.
func TestSafetyDataChangedWhileWriting(t *testing.T) {
	const n = 20000
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"d.csv": customersCSV(n)})
	path := filepath.Join(dir, "d.csv")
	cmd := safetyCmd(dir, t.TempDir(), "refund-reject", "--data", "d.csv", "-f", "jsonl")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The second pass is under way once output comes (the first writes
	// nothing); templ blocks on the pipe while the test changes the file.
	head := make([]byte, 200<<10)
	if _, err := io.ReadFull(stdout, head); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("Mallory"), st.Size()-1000)
	f.Close()
	rest, _ := io.ReadAll(stdout)
	code := exitCode(t, cmd.Wait())
	out := append(head, rest...)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	want := fmt.Sprintf("templ: --data d.csv: changed while templ was writing the emails, so it stopped before any record it had not checked: the first %d of %d emails are on stdout\nhint: let nothing else write the data file while templ runs\n", len(lines), n)
	if code != 2 || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want 2, %q", code, stderr.String(), want)
	}
	if len(lines) >= n || bytes.Contains(out, []byte("Mallory")) {
		t.Errorf("%d emails, Mallory among them: %v; want fewer than %d, none his", len(lines), bytes.Contains(out, []byte("Mallory")), n)
	}
	for i, l := range lines {
		var e struct{ Vars map[string]string }
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.Vars["Name"] != fmt.Sprintf("Customer %d", i+1) {
			t.Fatalf("email %d: %v, %q; want Customer %d's, whole", i+1, err, e.Vars["Name"], i+1)
		}
	}
}

// A single --send whose --log cannot be written (/dev/full) says the email
// went, and that the log does not show it: exit 1, sent once.
func TestSendSafetyOneEmailLogFull(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 0)
	_, stderr, code := runSafety(t, dir, "refund-reject", "--name", "Ivan", "--var", "Reason=x", "--to", "c1@example.com", "--send", "--log", "/dev/full")
	want := "templ: --log /dev/full: no space left on device; the email was sent (250 2.0.0 OK: queued), but the log does not show it\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	wantOnce(t, fs, 1)
}

// --resume with the log of another template's batch (the same customers):
// its records were sent another email, so skipping them would lose this
// one; refused before anything is sent. The log names the template.
func TestSendSafetyResumeOtherTemplate(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 2)
	if _, stderr, code := runSafety(t, dir, append(sendArgs, "--log", "reject.log")...); code != 0 {
		t.Fatalf("first run: exit %d, %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "reject.log"))
	if !strings.Contains(string(data), `"template":"refund-reject"`) {
		t.Errorf("log %s; want the template named", data)
	}
	_, stderr, code := runSafety(t, dir, "refund-accept", "--data", "d.csv", "--send", "--resume", "reject.log")
	if want := "templ: --resume reject.log: the log is of a batch of refund-reject, not refund-accept; give the log this batch's run wrote\n"; code != 2 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 2, %q", code, stderr, want)
	}
	wantOnce(t, fs, 1, 2)
}

// SIGTERM while a batch writes to stdout (a pipe the reader is slow to
// empty): what is on stdout is whole emails, as many as templ says, and
// the --start it gives goes on right after them.
func TestSafetyStdoutInterruptedWholeEmails(t *testing.T) {
	const n = 20000
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"d.csv": customersCSV(n)})
	cmd := safetyCmd(dir, t.TempDir(), "refund-reject", "--data", "d.csv", "-f", "jsonl")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 100<<10+7) // not at a record's end
	if _, err := io.ReadFull(stdout, head); err != nil {
		t.Fatal(err)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	rest, _ := io.ReadAll(stdout)
	code := exitCode(t, cmd.Wait())
	out := append(head, rest...)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	want := fmt.Sprintf("templ: interrupted: the first %d of %d emails are on stdout; resume with --start %d\n", len(lines), n, len(lines)+1)
	if code != 143 || stderr.String() != want || !bytes.HasSuffix(out, []byte("\n")) {
		t.Errorf("exit %d, stderr %q; want 143, %q", code, stderr.String(), want)
	}
	for i, l := range lines {
		var e struct{ Vars map[string]string }
		if err := json.Unmarshal([]byte(l), &e); err != nil || e.Vars["Name"] != fmt.Sprintf("Customer %d", i+1) {
			t.Fatalf("email %d: %v, %q; want Customer %d's, whole", i+1, err, e.Vars["Name"], i+1)
		}
	}
}

// The same batch sent again with its --log but without --resume (it was
// forgotten): a record the log shows sent with the very same email is
// skipped, and said so, not sent twice; a record added since is sent.
func TestSendSafetyLogReusedWithoutResume(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 3)
	if _, stderr, code := runSafety(t, dir, append(sendArgs, "--log", "run.log")...); code != 0 {
		t.Fatalf("first run: exit %d, %s", code, stderr)
	}
	// A fourth record, added since, was never sent.
	appendCustomers(t, filepath.Join(dir, "d.csv"), 4, 4)
	data, _ := os.ReadFile(filepath.Join(dir, "d.csv"))
	writeFiles(t, dir, map[string]string{"d.csv": strings.Replace(string(data), "Customer 4,A-4,the return period has ended", "Customer 4,c4@example.com,A-4,reason 4", 1)})
	_, stderr, code := runSafety(t, dir, append(sendArgs, "--log", "run.log")...)
	want := "templ: sent 1, failed 0, skipped 3 sent before\n" +
		"templ: 3 records skipped: --log run.log shows the very same emails sent already (--resume run.log says to skip what it shows)\n"
	if code != 0 || stderr != want {
		t.Errorf("exit %d, stderr %q; want 0, %q", code, stderr, want)
	}
	wantOnce(t, fs, 1, 2, 3, 4)
	_, stderr, code = runSafety(t, dir, append(sendArgs, "--log", "run.log", "--resume", "run.log")...)
	if want := "templ: sent 0, failed 0, skipped 4 sent before\n"; code != 0 || stderr != want {
		t.Errorf("with --resume: exit %d, stderr %q; want 0, %q", code, stderr, want)
	}
	wantOnce(t, fs, 1, 2, 3, 4)
}

// The disk fills while --log is written (a file size limit of 512 bytes,
// two lines' worth): the batch stops, the line cut short is taken back,
// and the records sent since are given as the lines the log lacks; with
// them added, --resume sends each record once.
func TestSendSafetyLogDiskFills(t *testing.T) {
	fs := startFaultServer(t)
	dir := sendDir(t, fs, 6)
	cmd := safetyCmd(dir, t.TempDir())
	cmd.Args = []string{"sh", "-c", `ulimit -f 1; exec templ render "$@"`, "sh", "refund-reject", "--data", "d.csv", "--send", "--log", "run.log"}
	cmd.Path = "/bin/sh"
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	code := exitCode(t, cmd.Run())
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	want := regexp.MustCompile(`^templ: --log run.log: file too large; sent \d, failed 0, and (\d) records? settled that it does not show$`)
	m := want.FindStringSubmatch(lines[0])
	if code != 1 || m == nil || len(lines) < 3 || lines[1] != "hint: add these lines to run.log (once it can be written) before --resume, or those records are sent again:" {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	logged := logLines(t, filepath.Join(dir, "run.log")) // parses: nothing torn
	lost := lines[2:]
	if n, _ := strconv.Atoi(m[1]); n != len(lost) || len(logged) != 2 {
		t.Fatalf("%d lines logged, %d given (%s said); want 2 and the rest", len(logged), len(lost), m[1])
	}
	sent := len(logged) + len(lost)
	var records []int
	for i := 1; i <= sent; i++ {
		records = append(records, i)
	}
	wantOnce(t, fs, records...)
	f, err := os.OpenFile(filepath.Join(dir, "run.log"), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(strings.Join(lost, "\n") + "\n")
	f.Close()
	_, errOut, code := runSafety(t, dir, "refund-reject", "--data", "d.csv", "--send", "--resume", "run.log", "--log", "rest.log")
	if want := fmt.Sprintf("templ: sent %d, failed 0, skipped %d sent before\n", 6-sent, sent); code != 0 || errOut != want {
		t.Errorf("resumed: exit %d, stderr %q; want 0, %q", code, errOut, want)
	}
	wantOnce(t, fs, 1, 2, 3, 4, 5, 6)
}
