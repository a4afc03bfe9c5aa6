package batch

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// The pacer sets the collector for a batch, follows a growing live heap,
// and gives the caller's settings back.
func TestPacer(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	limit := func() int64 { return debug.SetMemoryLimit(-1) } // -1 only reads it

	p := startPacer(0)
	if got := limit(); got != minLimit {
		t.Errorf("limit %d, want %d", got, minLimit)
	}
	if got := debug.SetGCPercent(gcPercent); got != gcPercent {
		t.Errorf("GOGC %d, want %d", got, gcPercent)
	}
	live := make([]*[1024]byte, 40<<10) // 40 MiB that stays live
	for i := range live {
		live[i] = new([1024]byte)
	}
	runtime.GC()
	for range paceEvery {
		p.step()
	}
	if got := limit(); got < 80<<20 {
		t.Errorf("limit %d with 40 MiB live, want at least twice that", got)
	}
	runtime.KeepAlive(live)
	p.stop()
	if got := limit(); got != 1<<40 {
		t.Errorf("limit %d after stop, want the caller's", got)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC %d after stop, want the caller's", got)
	}
}
