package send

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"

	"github.com/templ-mail/templ/pkg/atomicfile"
)

// Statuses a record settles with.
const (
	StatusSent    = "sent"
	StatusFailed  = "failed"
	StatusSkipped = "skipped" // shown as sent by the --resume log, so not sent again
)

// Result is how one record settled: a line of the --log file.
type Result struct {
	Record     int      `json:"record"`
	Line       int      `json:"line,omitempty"`
	Recipients []string `json:"recipients"`
	MessageID  string   `json:"message_id"`
	Status     string   `json:"status"`
	Reply      string   `json:"reply,omitempty"` // the server's last reply, "250 2.0.0 Ok: queued"
	Attempts   int      `json:"attempts,omitempty"`
	// Template is the batch's template id, so a --resume can tell a log
	// of another batch (absent in logs of templ before it).
	Template string `json:"template,omitempty"`
}

// OpenLog opens the --log file for appending, creating it 0600: the log
// names every recipient. One rule for a single --send and for a batch's.
// It holds the file's lock until closed, so two runs never send with one
// log at once (each would resend what the other sends), and a --resume of
// it waits for the run that writes it to end. A file that is there
// already must be a --log (see continueLog).
func OpenLog(ctx context.Context, path string) (*os.File, error) {
	// A named pipe waits for its reader; ctx (an interrupt) ends the wait.
	f, err := atomicfile.OpenFile(ctx, path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	// Only a lock that another run holds stops it; a file system without
	// locks (some network ones) still takes the log.
	if err := lockFile(f, true); err == errLocked {
		f.Close()
		return nil, errors.New("another templ run is sending with this log; wait for it to end, or give another file")
	}
	if err := continueLog(f, path); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ErrNotLog is an existing --log file that no --log wrote: appending to it
// (the data file, by a slip) would spoil it.
var ErrNotLog = errors.New("not a templ --log file (line 1 is not one of its lines); give a new file, or one that --log wrote")

// continueLog checks that a regular file with lines in it is a --log, and
// when a crash or a full disk cut its last line short, ends that line, so
// the lines written now stay lines of their own and the log can still be
// read (ReadLog passes the cut line over). A pipe or a terminal is left
// alone.
func continueLog(f *os.File, path string) error {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return nil
	}
	r, err := os.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	first, err := bufio.NewReader(io.LimitReader(r, 64<<10)).ReadBytes('\n')
	if err != nil && err != io.EOF {
		return err
	}
	if _, ok := parseLogLine(first); !ok && !torn(first) {
		return ErrNotLog
	}
	last := make([]byte, 1)
	if _, err := r.ReadAt(last, st.Size()-1); err != nil {
		return err
	}
	if last[0] != '\n' {
		_, err = f.Write([]byte{'\n'})
	}
	return err
}

// maxLogLine bounds a line of a --log: a line names one record's
// recipients, so a longer one (a binary file given by mistake) is not a
// log's, and must not be read into memory whole.
const maxLogLine = 1 << 20

var errLongLine = errors.New("line too long")

// readLine is bufio.Reader.ReadBytes('\n') that stops at maxLogLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > maxLogLine {
			return nil, errLongLine
		}
		line = append(line, chunk...)
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// parseLogLine decodes one line of a --log.
func parseLogLine(line []byte) (Result, bool) {
	var r Result
	if err := json.Unmarshal(line, &r); err != nil || r.Record < 1 {
		return Result{}, false
	}
	return r, true
}

// torn reports a line that is the start of a --log line cut short: JSON
// that ends too soon, as a crash leaves it, not one edited into something
// else.
func torn(line []byte) bool {
	line = bytes.TrimSpace(line)
	var se *json.SyntaxError
	err := json.Unmarshal(line, new(Result))
	return bytes.HasPrefix(line, []byte(`{"record":`)) && errors.As(err, &se) && se.Offset == int64(len(line))
}

// errLocked is a log another run holds.
var errLocked = errors.New("locked")

// logWriter writes one JSON line per Result, each in a single Write, so
// lines from several connections never interleave and a crash leaves at
// most a torn last line.
type logWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error
	// lost are the results settled once a write had failed, this one
	// included: what the log should hold and does not.
	lost []Result
}

func (l *logWriter) write(r Result) error {
	if l == nil || l.w == nil {
		return nil
	}
	// One Encode into a buffer, then one Write.
	var line bytes.Buffer
	if err := logEncoder(&line).Encode(r); err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		var n int
		n, l.err = l.w.Write(line.Bytes())
		if l.err != nil && n > 0 {
			l.untear(n)
		}
	}
	if l.err != nil {
		l.lost = append(l.lost, r)
	}
	return l.err
}

// untear takes back the n bytes of a line cut short (a disk that filled
// as it was written), so the lines added after it, by hand or by a later
// run, still parse. The lock keeps every other writer out.
func (l *logWriter) untear(n int) {
	f, ok := l.w.(*os.File)
	if !ok {
		return
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		f.Truncate(st.Size() - int64(n))
	}
}

// logEncoder writes Results as the log's lines: <, > and & stay as they
// are, so a Message-ID reads as the header shows it.
func logEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// Lines gives results as the log's lines.
func Lines(results []Result) string {
	var b bytes.Buffer
	enc := logEncoder(&b)
	for _, r := range results {
		enc.Encode(r)
	}
	return b.String()
}

// Resume is what an earlier run's log says was sent.
type Resume struct {
	sent      map[int]logged // record -> how it was sent
	templates []string       // the templates its lines name, in order of first line
}

// Templates are the template ids the log's lines name (none in a log of a
// templ before they were logged).
func (r *Resume) Templates() []string {
	if r == nil {
		return nil
	}
	return r.templates
}

type logged struct {
	id         string
	recipients []string
}

// Sent reports whether record was sent, and with which Message-ID.
func (r *Resume) Sent(record int) (messageID string, ok bool) {
	if r == nil {
		return "", false
	}
	l, ok := r.sent[record]
	return l.id, ok
}

// Recipients are the envelope recipients record was sent to, when the log
// shows it sent.
func (r *Resume) Recipients(record int) ([]string, bool) {
	if r == nil {
		return nil, false
	}
	l, ok := r.sent[record]
	return l.recipients, ok
}

// Records are the records the log shows as sent, in no order.
func (r *Resume) Records() []int {
	if r == nil {
		return nil
	}
	out := make([]int, 0, len(r.sent))
	for n := range r.sent {
		out = append(out, n)
	}
	return out
}

// Len is the number of records the log shows as sent.
func (r *Resume) Len() int {
	if r == nil {
		return 0
	}
	return len(r.sent)
}

// ReadLog reads a --log file for --resume. A record counts as sent when any
// of its lines says sent or skipped (a skipped record was sent by a run
// before). A last line without its end, or a line cut short by a crash
// that a later run went on after, is passed over; any other line that does
// not parse is an error naming it.
//
// When r is the log's *os.File, ReadLog takes a shared lock on it first and
// refuses a log that a run is still writing: what it is sending now would
// be sent again. The lock is held until the file is closed.
func ReadLog(r io.Reader, name string) (*Resume, error) {
	if f, ok := r.(*os.File); ok {
		if err := lockFile(f, false); err == errLocked {
			return nil, fmt.Errorf("%s: another templ run is sending with it as its --log; wait for it to end, then resume", name)
		}
	}
	res := &Resume{sent: map[int]logged{}}
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		line, err := readLine(br)
		if errors.Is(err, errLongLine) {
			return nil, fmt.Errorf("%s:%d: not a line of a templ --log file (longer than %d KiB); give the file --log wrote", name, n, maxLogLine>>10)
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		last := err == io.EOF
		if len(bytes.TrimSpace(line)) > 0 {
			res1, ok := parseLogLine(line)
			switch {
			case !ok && (last || torn(line)):
			case !ok:
				return nil, fmt.Errorf("%s:%d: not a line of a templ --log file; give the file --log wrote", name, n)
			default:
				if res1.Template != "" && !slices.Contains(res.templates, res1.Template) {
					res.templates = append(res.templates, res1.Template)
				}
				if res1.Status == StatusSent || res1.Status == StatusSkipped {
					res.sent[res1.Record] = logged{res1.MessageID, res1.Recipients}
				}
			}
		}
		if last {
			break
		}
	}
	return res, nil
}
