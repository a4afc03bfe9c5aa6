//go:build !unix

package plainfile

import "os"

const plain = false

// ReadFile is os.ReadFile.
func ReadFile(name string) ([]byte, error) { return os.ReadFile(name) }
