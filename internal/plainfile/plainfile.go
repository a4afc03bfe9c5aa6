// Package plainfile reads small files whole with plain system calls.
//
// On Linux, os.Open hands every file it opens to Go's network poller, which
// cannot poll a regular file: the first open creates an epoll instance and
// an eventfd, and each open then spends four fcntl calls and an epoll_ctl
// that fails. templ reads its templates, config and cache entries whole and
// never waits on them, so on Unix it reads them with open, fstat, read and
// close alone: a render of a user's template makes 16 fewer system calls.
// Elsewhere ReadFile is os.ReadFile.
package plainfile

import (
	"io/fs"
	"os"
	"path"
)

// DirFS is os.DirFS(dir), except that on Unix its ReadFile (which
// fs.ReadFile uses) reads with ReadFile.
func DirFS(dir string) fs.FS {
	if !plain {
		return os.DirFS(dir)
	}
	return dirFS{FS: os.DirFS(dir), dir: dir}
}

type dirFS struct {
	fs.FS
	dir string
}

// ReadFile reads name inside the directory; its errors name the file as
// os.DirFS's do, relative to the directory.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	data, err := ReadFile(path.Join(d.dir, name))
	if pe, ok := err.(*fs.PathError); ok {
		pe.Path = name
	}
	return data, err
}

// ReadDir keeps os.DirFS's own, which fs.ReadDir would otherwise not find
// behind the embedded interface.
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	return fs.ReadDir(d.FS, name)
}
