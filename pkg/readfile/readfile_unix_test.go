//go:build unix

package readfile

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	path := func(name string) string { return filepath.Join(dir, name) }
	if err := os.WriteFile(path("ok.yaml"), []byte("lang: bg\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path("max.yaml"), make([]byte, MaxSize), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path("big.yaml"), make([]byte, MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", path("zero.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path("pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		wantLen int
		wantErr string
	}{
		{"ok.yaml", 9, ""},
		{"max.yaml", MaxSize, ""},
		{"big.yaml", 0, "larger than 16 MiB"},
		{"zero.yaml", 0, "is a device"},
		{"pipe.yaml", 0, "is a named pipe"},
		{".", 0, "is a directory"},
		{"missing.yaml", 0, "no such file"},
	}
	for _, tt := range tests {
		// A FIFO would block an open: the stat before it must refuse first.
		done := make(chan struct{})
		var data []byte
		var err error
		go func() { data, err = File(path(tt.name)); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("File(%s) hangs", tt.name)
		}
		if tt.wantErr == "" {
			if err != nil || len(data) != tt.wantLen {
				t.Errorf("File(%s) = %d bytes, %v; want %d bytes", tt.name, len(data), err, tt.wantLen)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("File(%s) error = %v, want it to say %q", tt.name, err, tt.wantErr)
		}
		// FS over the same directory refuses the same files the same way.
		if tt.name != "." && tt.name != "missing.yaml" {
			_, fsErr := FS(os.DirFS(dir), tt.name)
			if fsErr == nil || !strings.Contains(fsErr.Error(), tt.wantErr) {
				t.Errorf("FS(%s) error = %v, want it to say %q", tt.name, fsErr, tt.wantErr)
			}
		}
	}
}
