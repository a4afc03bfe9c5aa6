//go:build !linux

package atomicfile

import (
	"errors"
	"os"
)

// createUnnamed: only Linux has O_TMPFILE; elsewhere the temporary file
// has a hidden name, removed on Abort.
func createUnnamed(dir, target string) *os.File { return nil }

func linkUnnamed(*os.File, string) error { return errors.ErrUnsupported }
