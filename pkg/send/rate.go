package send

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Rate is a cap of N messages per Per. The zero Rate means no cap.
type Rate struct {
	N   int
	Per time.Duration
}

// ParseRate reads --rate: "N/s" or "N/min" (also "N/sec", "N/m").
func ParseRate(s string) (Rate, error) {
	n, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	count, err := strconv.Atoi(n)
	if !ok || err != nil || count < 1 {
		return Rate{}, fmt.Errorf("--rate %q: give a count and a unit, as 10/s or 600/min", s)
	}
	switch unit {
	case "s", "sec":
		return Rate{count, time.Second}, nil
	case "m", "min":
		return Rate{count, time.Minute}, nil
	}
	return Rate{}, fmt.Errorf("--rate %q: the unit must be s or min, as 10/s or 600/min", s)
}

func (r Rate) String() string {
	if r.N == 0 {
		return "unlimited"
	}
	if r.Per == time.Minute {
		return fmt.Sprintf("%d/min", r.N)
	}
	return fmt.Sprintf("%d/s", r.N)
}

// limiter grants starts at most one per Per/N, and at most N in any window
// of length Per: each grant is taken at the moment it is used and checked
// against the grants before it, so a start that came late cannot let the
// next ones bunch up, and there is no burst allowance.
type limiter struct {
	mu       sync.Mutex
	per      time.Duration
	interval time.Duration
	grants   []time.Time // the last N grants, oldest at next
	next     int

	now   func() time.Time                                 // the caller's clock
	sleep func(ctx context.Context, d time.Duration) error // a test's sleeps move its clock
}

func newLimiter(r Rate, now func() time.Time) *limiter {
	if r.N == 0 {
		return nil
	}
	return &limiter{per: r.Per, interval: r.Per / time.Duration(r.N), grants: make([]time.Time, 0, r.N),
		now: now, sleep: sleep}
}

// wait blocks until a start is allowed and takes it; nil l means no cap.
func (l *limiter) wait(ctx context.Context) error {
	if l == nil {
		return ctx.Err()
	}
	// The clock is the caller's. A wait that ended counts as having reached
	// its time, and time never stands before the last grant, even if the
	// clock says otherwise: a clock that stands still (a test's) paces the
	// starts as a real one would instead of keeping the sender waiting.
	var waited time.Time
	for {
		l.mu.Lock()
		now := maxTime(l.now(), waited)
		earliest := now
		if n := len(l.grants); n > 0 {
			last := l.grants[(l.next+n-1)%n] // next is 0 until the ring is full
			now = maxTime(now, last)
			earliest = maxTime(now, last.Add(l.interval))
			if n == cap(l.grants) {
				earliest = maxTime(earliest, l.grants[l.next].Add(l.per))
			}
		}
		if !earliest.After(now) {
			if len(l.grants) < cap(l.grants) {
				l.grants = append(l.grants, now)
			} else {
				l.grants[l.next] = now
				l.next = (l.next + 1) % len(l.grants)
			}
			l.mu.Unlock()
			return ctx.Err()
		}
		l.mu.Unlock()
		if err := l.sleep(ctx, earliest.Sub(now)); err != nil {
			return err
		}
		waited = earliest
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
