package data

import (
	"context"
	"io"
)

// ContextReader reads r until ctx is done. A read from a terminal or a pipe
// can block for ever; this one returns context.Cause(ctx) as soon as the
// run is interrupted, so templ can clean up and exit. The blocked read is
// left behind in its goroutine and may still fill p: use it only where the
// program ends after an interrupt.
func ContextReader(ctx context.Context, r io.Reader) io.Reader {
	return &ctxReader{ctx: ctx, r: r}
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

type readResult struct {
	n   int
	err error
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := context.Cause(c.ctx); err != nil {
		return 0, err
	}
	done := make(chan readResult, 1)
	go func() {
		n, err := c.r.Read(p)
		done <- readResult{n, err}
	}()
	select {
	case r := <-done:
		return r.n, r.err
	case <-c.ctx.Done():
		return 0, context.Cause(c.ctx)
	}
}
