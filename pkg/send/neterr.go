package send

import (
	"errors"
	"io"
	"net"
)

// isNetError reports whether err is the network's fault (refused, reset,
// timed out, closed) rather than the server's answer or the TLS setup.
func isNetError(err error) bool {
	var netErr net.Error
	var opErr *net.OpError
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &opErr) || errors.As(err, &netErr) && netErr.Timeout()
}
