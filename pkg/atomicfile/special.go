package atomicfile

import "os"

// IsSpecial reports whether path is an existing device, pipe or socket
// (-o /dev/null, -o /dev/stdout): such a target is written in place, since
// it cannot be replaced.
func IsSpecial(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&(os.ModeDevice|os.ModeCharDevice|os.ModeNamedPipe|os.ModeSocket) != 0
}
