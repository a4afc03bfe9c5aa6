//go:build !unix

package pick

// canSuspend: there is no job control to suspend to.
func canSuspend() bool { return false }
