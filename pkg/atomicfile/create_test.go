package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Create looks a target up once (Lstat) and follows a link only when the
// target exists: each kind of target still gets its own answer.
func TestCreateTargets(t *testing.T) {
	dir := t.TempDir()
	file, sub := filepath.Join(dir, "file"), filepath.Join(dir, "sub")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	toDir, dangling := filepath.Join(dir, "to-dir"), filepath.Join(dir, "dangling")
	if err := os.Symlink(sub, toDir); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "none"), dangling); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		target string
		force  bool
		want   string // "" for no error, "exists" for ErrExists
	}{
		{filepath.Join(dir, "new"), false, ""},
		{file, false, "exists"},
		{file, true, ""},
		{sub, true, sub + ": is a directory"},
		{toDir, false, toDir + ": is a directory"},
		{toDir, true, toDir + ": is a directory"},
		{dangling, false, "exists"},
		{dangling, true, ""},
	} {
		f, err := Create(tt.target, tt.force)
		switch {
		case tt.want == "" && err != nil, tt.want == "exists" && !errors.Is(err, ErrExists),
			tt.want != "" && tt.want != "exists" && (err == nil || err.Error() != tt.want):
			t.Errorf("Create(%s, force %v): %v, want %q", filepath.Base(tt.target), tt.force, err, tt.want)
		}
		if f != nil {
			f.Abort()
		}
	}
}
