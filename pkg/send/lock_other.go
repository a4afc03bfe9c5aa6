//go:build !unix

package send

import "os"

// lockFile does nothing where there is no flock: two runs with one log
// are the user's to avoid.
func lockFile(*os.File, bool) error { return nil }
