package email

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"path/filepath"
	"strings"

	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/render"
)

// MaxAttachments is the most one email's attachments may hold together:
// 25 MiB. It keeps a batch's memory flat (one email's files, and their
// base64, at a time) and is about what large providers accept; smaller
// servers take less (Postfix's default is 10 MB), which only the server can
// say.
const MaxAttachments = 25 << 20

// AttachmentError is an --attach file that cannot be attached: the user's
// input, and in a batch a bad record listed with the others.
type AttachmentError struct{ Err error }

func (e *AttachmentError) Error() string { return e.Err.Error() }
func (e *AttachmentError) Unwrap() error { return e.Err }

// Attach is the --attach flags: file paths, each of which may hold
// placeholders ("invoices/[Order].pdf") filled per email.
type Attach []string

// Check fills the patterns with lookup and checks that each names a
// regular file that can be read, all of them within MaxAttachments,
// without keeping them: the first pass of a batch. The attachments it
// returns have no Data.
func (a Attach) Check(lookup func(string) (string, bool)) ([]Attachment, error) {
	return a.resolve(lookup, false)
}

// Load is Check, then reads each file.
func (a Attach) Load(lookup func(string) (string, bool)) ([]Attachment, error) {
	return a.resolve(lookup, true)
}

func (a Attach) resolve(lookup func(string) (string, bool), load bool) ([]Attachment, error) {
	if len(a) == 0 {
		return nil, nil
	}
	out := make([]Attachment, 0, len(a))
	var total int64
	for _, pattern := range a {
		path, err := fillPath(pattern, lookup)
		if err != nil {
			return nil, &AttachmentError{err}
		}
		att, size, err := openAttachment(path, MaxAttachments-total, load)
		if err != nil {
			return nil, &AttachmentError{err}
		}
		total += size
		out = append(out, att)
	}
	return out, nil
}

// HasPlaceholders reports whether any pattern needs an email's values, so
// the others can be checked before anything is rendered.
func (a Attach) HasPlaceholders() bool {
	for _, p := range a {
		for _, tok := range placeholder.Lex(p) {
			if tok.Kind == placeholder.Placeholder {
				return true
			}
		}
	}
	return false
}

// fillPath fills pattern. A value that fills part of a pattern names a
// file, not a path: "invoices/[Order].pdf" with Order "../../etc/passwd"
// would send some other file to a customer. A pattern that is one
// placeholder ("[Invoice File]") takes a whole path from the data.
func fillPath(pattern string, lookup func(string) (string, bool)) (string, error) {
	toks := placeholder.Lex(pattern)
	whole := len(toks) == 1 && toks[0].Kind == placeholder.Placeholder
	var bad error
	path, err := render.Fill("--attach "+pattern, pattern, func(name string) (string, bool) {
		v, ok := lookup(name)
		if ok && !whole && bad == nil && (strings.ContainsAny(v, `/\`) || v == "." || v == "..") {
			bad = fmt.Errorf("--attach %s: the value of %s, %q, is not a file name; a value may name a file, not a directory (--attach '[%s]' takes whole paths from the data)", pattern, name, v, name)
		}
		return v, ok
	})
	switch {
	case err != nil:
		return "", err
	case bad != nil:
		return "", bad
	case strings.TrimSpace(path) == "":
		return "", fmt.Errorf("--attach %s: the file name is empty; give a path", pattern)
	case strings.ContainsAny(path, "\r\n"):
		return "", fmt.Errorf("attachment %q: the file name holds a line break; rename the file", path)
	}
	return path, nil
}

// openAttachment checks the file at path and, with load, reads it; room is
// how many bytes the email may still attach. The file's type comes from
// its extension, application/octet-stream when that is unknown.
func openAttachment(path string, room int64, load bool) (Attachment, int64, error) {
	// A regular file only, as for every file templ reads: a FIFO would
	// wait for a writer, a device never end.
	f, info, err := readfile.Open(path)
	if err != nil {
		return Attachment{}, 0, statError(path, err)
	}
	defer f.Close()
	if info.Size() > room {
		return Attachment{}, 0, tooLarge(path)
	}
	contentType := mime.TypeByExtension(filepath.Ext(path))
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	att := Attachment{Filename: filepath.Base(path), ContentType: contentType}
	// Read it all, in the check too, so a file that opens but cannot be
	// read (a bad disk, /proc/self/mem) is a bad record before anything
	// is written; one byte past the room tells a file that grew since.
	var n int64
	if load {
		att.Data, err = io.ReadAll(io.LimitReader(f, room+1))
		n = int64(len(att.Data))
	} else {
		n, err = io.Copy(io.Discard, io.LimitReader(f, room+1))
	}
	if err != nil {
		return Attachment{}, 0, fmt.Errorf("attachment %s: cannot read: %v", path, readfile.UnwrapPath(err))
	}
	if n > room {
		return Attachment{}, 0, tooLarge(path)
	}
	return att, n, nil
}

func statError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("attachment %s: no such file; check the path", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("attachment %s: permission denied; make the file readable", path)
	}
	return fmt.Errorf("attachment %s: %v", path, readfile.UnwrapPath(err))
}

func tooLarge(path string) error {
	return fmt.Errorf("attachment %s: the email's attachments would pass %d MiB, the most templ attaches to one email; send the file another way (a link)", path, MaxAttachments>>20)
}
