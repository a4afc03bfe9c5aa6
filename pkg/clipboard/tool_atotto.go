//go:build darwin || windows

package clipboard

import atotto "github.com/atotto/clipboard"

// writeAll uses pbcopy on macOS and the clipboard API on Windows.
func writeAll(_, text string) error { return atotto.WriteAll(text) }
