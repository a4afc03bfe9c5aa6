package data

import (
	"bufio"
	"bytes"
	"io"
	"sort"
	"strconv"
	"unicode/utf8"
)

// notTextError reports the line of the first byte that makes the input not
// UTF-8 text: an invalid UTF-8 sequence or a NUL byte.
type notTextError struct {
	line int
	nul  bool
}

func (e *notTextError) Error() string { return "line " + strconv.Itoa(e.line) + ": " + e.msg() }

func (e *notTextError) msg() string {
	if e.nul {
		return "not UTF-8 text (it holds a NUL byte; is it a binary file?); save the data as UTF-8 text"
	}
	return "not UTF-8 text; save the file as UTF-8"
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// textReader passes its source through while checking that it is UTF-8
// text without NUL bytes, so every format reports bad bytes the same way
// ("name:line: not UTF-8 text") and no decoder quietly turns them into
// U+FFFD. It drops a leading byte order mark. With track set it remembers
// where newlines are, so the JSON reader can turn a decoder's byte offset
// into a line number; forget keeps that memory bounded.
type textReader struct {
	src          io.Reader
	buf          []byte
	start, valid int   // buf[start:valid] is checked and not yet handed out
	end          int   // buf[valid:end] is the start of a rune still missing bytes
	base         int64 // offset in src of buf[0]
	line         int   // line of buf[valid]
	err          error // returned once the checked bytes are handed out
	bomChecked   bool
	skipped      int64 // bytes of BOM dropped

	track    bool
	nlBefore int     // newlines no longer in nl
	nl       []int64 // source offsets of the newlines still remembered
}

func newTextReader(src io.Reader) *textReader {
	return &textReader{src: src, buf: make([]byte, 32<<10), line: 1}
}

func (t *textReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !t.bomChecked {
		for t.valid-t.start < len(utf8BOM) && t.err == nil {
			t.fill()
		}
		if bytes.HasPrefix(t.buf[t.start:t.valid], utf8BOM) {
			t.start += len(utf8BOM)
			t.skipped = int64(len(utf8BOM))
		}
		t.bomChecked = true
	}
	for t.start == t.valid {
		if t.err != nil {
			return 0, t.err
		}
		t.fill()
	}
	n := copy(p, t.buf[t.start:t.valid])
	t.start += n
	return n, nil
}

// fill reads once from src and checks what arrived.
func (t *textReader) fill() {
	if t.start > 0 {
		n := copy(t.buf, t.buf[t.start:t.end])
		t.base += int64(t.start)
		t.valid -= t.start
		t.end = n
		t.start = 0
	}
	var n int
	var err error
	for tries := 0; n == 0 && err == nil; tries++ {
		if tries == 100 {
			err = io.ErrNoProgress
			break
		}
		n, err = t.src.Read(t.buf[t.end:])
	}
	t.end += n

	i := t.valid
	for i < t.end {
		c := t.buf[i]
		if c < utf8.RuneSelf {
			if c == 0 {
				t.err = &notTextError{line: t.line, nul: true}
				break
			}
			if c == '\n' {
				t.line++
				if t.track {
					t.nl = append(t.nl, t.base+int64(i))
				}
			}
			i++
			continue
		}
		if !utf8.FullRune(t.buf[i:t.end]) && err == nil {
			break // the rest of this rune comes with the next read
		}
		r, size := utf8.DecodeRune(t.buf[i:t.end])
		if r == utf8.RuneError && size == 1 {
			t.err = &notTextError{line: t.line}
			break
		}
		i += size
	}
	t.valid = i
	if t.err == nil && err != nil {
		t.err = err
	}
}

// lineAt returns the line holding byte off of the stream Read hands out.
// Only offsets not yet forgotten give exact answers.
func (t *textReader) lineAt(off int64) int {
	raw := off + t.skipped
	return 1 + t.nlBefore + sort.Search(len(t.nl), func(i int) bool { return t.nl[i] >= raw })
}

// forget drops the newlines before off; lineAt still counts them.
func (t *textReader) forget(off int64) {
	raw := off + t.skipped
	i := sort.Search(len(t.nl), func(i int) bool { return t.nl[i] >= raw })
	t.nlBefore += i
	t.nl = t.nl[:copy(t.nl, t.nl[i:])]
}

// lineReader hands out lines of any length, counting them.
type lineReader struct {
	br   *bufio.Reader
	long []byte // holds a line longer than br's buffer
	line int    // lines read so far
}

func newLineReader(tr *textReader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(tr, 64<<10)}
}

// next returns the next line, its newline included, or io.EOF. The line is
// valid until the following call.
func (l *lineReader) next() ([]byte, error) {
	line, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = l.br.ReadSlice('\n')
			l.long = append(l.long, line...)
		}
		line = l.long
	}
	if err == io.EOF && len(line) > 0 {
		err = nil // the last line has no newline
	}
	if err != nil {
		return nil, err
	}
	l.line++
	return line, nil
}
