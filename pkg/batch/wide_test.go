package batch

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/templ-mail/templ/pkg/data"
)

// wideRecord is one record of n columns, as a CSV with n columns gives.
func wideRecord(n int) *data.Record {
	rec := &data.Record{Pos: "line 2", Number: 1}
	for i := range n {
		rec.Fields = append(rec.Fields, data.Field{Name: "Column " + strconv.Itoa(i), Value: "x"})
	}
	return rec
}

// TestWideRecordIsLinear: a record's columns are checked for two names of
// one variable in linear time. A CSV of 10^6 columns took more than 13
// minutes (and ignored SIGTERM meanwhile) when each column was compared with
// every one before it.
func TestWideRecordIsLinear(t *testing.T) {
	time1 := func(n int) time.Duration {
		rec := wideRecord(n)
		best := time.Duration(1 << 62)
		for range 3 {
			rv := &recordValues{keys: map[string]string{}}
			runtime.GC()
			start := time.Now()
			if _, err := rv.of(rec); err != nil {
				t.Fatal(err)
			}
			best = min(best, time.Since(start))
		}
		return best
	}
	small, big := time1(5_000), time1(40_000)
	if ratio := float64(big) / float64(small); ratio > 24 {
		t.Errorf("5,000 columns: %v, 40,000 columns: %v (%.0fx); want about 8x", small, big, ratio)
	}
}

// TestWideRecordDuplicate: the linear check still names both columns, also
// after a Lang column (which is no variable, and once shifted the name).
func TestWideRecordDuplicate(t *testing.T) {
	rec := wideRecord(1000)
	rec.Fields = append([]data.Field{{Name: "Lang", Value: "en"}}, rec.Fields...)
	rec.Fields = append(rec.Fields, data.Field{Name: "column_7", Value: "y"})
	_, err := (&recordValues{keys: map[string]string{}}).of(rec)
	want := `"Column 7" and "column_7" are the same variable; keep one`
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
