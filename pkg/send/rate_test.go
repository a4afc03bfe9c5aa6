package send

import (
	"context"
	"slices"
	"sync"
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
	l := newLimiter(Rate{1, time.Minute}, time.Now)
	if err := l.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.wait(ctx); err != context.DeadlineExceeded {
		t.Errorf("second slot a minute away: err %v, want the deadline", err)
	}
}

// fakeClock is a limiter's clock for exact tests: its sleeps are recorded
// and, unless it is frozen, move it on by as much.
type fakeClock struct {
	t      time.Time
	frozen bool
	slept  []time.Duration
}

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	c.slept = append(c.slept, d)
	if !c.frozen {
		c.t = c.t.Add(d)
	}
	return ctx.Err()
}

// grants takes n starts from l, calling before(i) ahead of start i, and
// returns when each was granted, as offsets from t0 on c.
func grants(t *testing.T, l *limiter, c *fakeClock, n int, before func(i int)) []time.Duration {
	t.Helper()
	t0 := c.t
	l.now, l.sleep = c.now, c.sleep
	var out []time.Duration
	for i := range n {
		before(i)
		if err := l.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		last := l.grants[(l.next+len(l.grants)-1)%len(l.grants)]
		out = append(out, last.Sub(t0))
	}
	return out
}

func ms(v ...int) []time.Duration {
	var out []time.Duration
	for _, n := range v {
		out = append(out, time.Duration(n)*time.Millisecond)
	}
	return out
}

// TestLimiterLateStart: a start taken late must not let the next ones in
// sooner than the spacing allows, measured from the start itself.
func TestLimiterLateStart(t *testing.T) {
	c := &fakeClock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	l := newLimiter(Rate{4, 200 * time.Millisecond}, nil) // 50 ms apart
	got := grants(t, l, c, 8, func(i int) {
		if i == 2 {
			c.t = c.t.Add(80 * time.Millisecond) // this caller comes late
		}
	})
	if want := ms(0, 50, 130, 180, 230, 280, 330, 380); !slices.Equal(got, want) {
		t.Errorf("granted at %v, want %v", got, want)
	}
	if want := ms(50, 50, 50, 50, 50, 50); !slices.Equal(c.slept, want) {
		t.Errorf("slept %v, want %v", c.slept, want)
	}
}

// TestLimiterStoppedClock: a clock that does not move (a caller's fixed
// one) still gets the starts spaced by the rate, each one wait apart, and
// the waits do not grow.
func TestLimiterStoppedClock(t *testing.T) {
	c := &fakeClock{t: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC), frozen: true}
	l := newLimiter(Rate{2, time.Second}, nil)
	got := grants(t, l, c, 5, func(int) {})
	if want := ms(0, 500, 1000, 1500, 2000); !slices.Equal(got, want) {
		t.Errorf("granted at %v, want %v", got, want)
	}
	if want := ms(500, 500, 500, 500); !slices.Equal(c.slept, want) {
		t.Errorf("slept %v, want %v", c.slept, want)
	}
}

// TestSendRateUsesOptionsNow: the rate is kept by Options.Now. A clock a
// minute further on at every look lets three messages at 1/min through at
// once; time.Now would hold the second one for a minute.
func TestSendRateUsesOptionsNow(t *testing.T) {
	ts := startServer(t)
	msgs := testMessages(t, 3)
	opts := ts.options(t)
	opts.Rate = Rate{1, time.Minute}
	clock := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	opts.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Minute)
		return clock
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sum, err, results := run(t, ctx, opts, msgs)
	if err != nil || sum != (Summary{Sent: 3}) {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	checkDelivered(t, ts, msgs)
	checkLog(t, results, msgs)
}
