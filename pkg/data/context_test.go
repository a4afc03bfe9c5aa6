package data

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestContextReader(t *testing.T) {
	got, err := io.ReadAll(ContextReader(context.Background(), strings.NewReader("a,b\n")))
	if err != nil || string(got) != "a,b\n" {
		t.Fatalf("ReadAll = %q, %v", got, err)
	}
	// A read that blocks (a pipe nobody writes) ends with the cause.
	pr, pw := io.Pipe()
	defer pw.Close()
	stop := errors.New("interrupt")
	ctx, cancel := context.WithCancelCause(context.Background())
	go func() { time.Sleep(10 * time.Millisecond); cancel(stop) }()
	if _, err := ContextReader(ctx, pr).Read(make([]byte, 8)); !errors.Is(err, stop) {
		t.Fatalf("blocked Read = %v, want %v", err, stop)
	}
}
