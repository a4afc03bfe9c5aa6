package send

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
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
// it waits for the run that writes it to end.
func OpenLog(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	// Only a lock that another run holds stops it; a file system without
	// locks (some network ones) still takes the log.
	if err := lockFile(f, true); err == errLocked {
		f.Close()
		return nil, errors.New("another templ run is sending with this log; wait for it to end, or give another file")
	}
	return f, nil
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
	// One Encode into a buffer, then one Write: <, > and & stay as they
	// are, so a Message-ID reads as the header shows it.
	var line bytes.Buffer
	enc := json.NewEncoder(&line)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
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

// Lines gives results as the log's lines.
func Lines(results []Result) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
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
// before). A last line cut short by a crash is ignored; any other line that
// does not parse is an error naming it.
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
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		torn := err == io.EOF
		if len(bytes.TrimSpace(line)) > 0 {
			var res1 Result
			if jerr := json.Unmarshal(line, &res1); jerr != nil || res1.Record < 1 {
				if torn {
					break
				}
				return nil, fmt.Errorf("%s:%d: not a line of a templ --log file; give the file --log wrote", name, n)
			}
			if res1.Template != "" && !slices.Contains(res.templates, res1.Template) {
				res.templates = append(res.templates, res1.Template)
			}
			if res1.Status == StatusSent || res1.Status == StatusSkipped {
				res.sent[res1.Record] = logged{res1.MessageID, res1.Recipients}
			}
		}
		if torn {
			break
		}
	}
	return res, nil
}
