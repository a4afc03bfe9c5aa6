package send

import (
	"context"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	for in, want := range map[string]Rate{
		"10/s": {10, time.Second}, "600/min": {600, time.Minute}, " 3/sec": {3, time.Second}, "1/m": {1, time.Minute},
	} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"10":    `--rate "10": give a count and a unit, as 10/s or 600/min`,
		"0/s":   `--rate "0/s": give a count and a unit, as 10/s or 600/min`,
		"-1/s":  `--rate "-1/s": give a count and a unit, as 10/s or 600/min`,
		"10/h":  `--rate "10/h": the unit must be s or min, as 10/s or 600/min`,
		"ten/s": `--rate "ten/s": give a count and a unit, as 10/s or 600/min`,
	} {
		if _, err := ParseRate(in); err == nil || err.Error() != want {
			t.Errorf("ParseRate(%q) error %v; want %s", in, err, want)
		}
	}
}

// TestSendRateHeld counts, at the server, the transactions that begin in
// every window of one second: never more than the rate, and the batch takes
// as long as the rate says, so the cap is real.
func TestSendRateHeld(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 16)
	opts := ts.options(t)
	opts.Rate = Rate{5, time.Second}
	opts.Connections = 3
	start := time.Now()
	sum, err, _ := run(t, context.Background(), opts, msgs)
	if err != nil || sum.Sent != 16 {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	elapsed := time.Since(start)
	checkDelivered(t, ts, msgs)
	ds := ts.deliveries()
	// Starts are 200 ms apart; a window of one second starting at any
	// transaction must hold at most 5 of them. The window is cut 100 ms
	// short so the way from templ to the server (slow under -race on a
	// busy machine) cannot push the 6th start into it.
	for i, d := range ds {
		n := 0
		for _, e := range ds {
			if !e.At.Before(d.At) && e.At.Sub(d.At) < time.Second-100*time.Millisecond {
				n++
			}
		}
		if n > 5 {
			t.Errorf("%d transactions in the second from #%d; the cap is 5/s", n, i+1)
		}
	}
	if elapsed < 3*time.Second {
		t.Errorf("16 messages at 5/s took %v; want at least 3s", elapsed)
	}
}

func TestLimiterCancel(t *testing.T) {
	l := newLimiter(Rate{1, time.Minute})
	if err := l.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.wait(ctx); err != context.DeadlineExceeded {
		t.Errorf("second slot a minute away: err %v, want the deadline", err)
	}
}

// TestLimiterLateStart: a start taken late must not let the next ones in
// sooner than the spacing allows, measured from the start itself.
func TestLimiterLateStart(t *testing.T) {
	l := newLimiter(Rate{4, 200 * time.Millisecond}) // 50 ms apart
	var starts []time.Time
	for i := range 8 {
		if i == 2 {
			time.Sleep(80 * time.Millisecond) // this caller comes late
		}
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 50*time.Millisecond {
			t.Errorf("start %d came %v after the one before; want at least 50ms", i, gap)
		}
	}
	for i := 4; i < len(starts); i++ {
		if span := starts[i].Sub(starts[i-4]); span < 200*time.Millisecond {
			t.Errorf("starts %d..%d within %v; want 4 per 200ms at most", i-4, i, span)
		}
	}
}
