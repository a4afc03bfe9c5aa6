package batch

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/templ-mail/templ/pkg/data"
)

// closeCounter is a data.Reader that counts how often its pass closed it.
type closeCounter struct {
	data.Reader
	closed *int
}

func (c closeCounter) Close() error { *c.closed++; return nil }

// newJob is a batch over CSV text whose records render as "Hi NAME\n"; a
// record with an empty Name fails as a missing variable would.
func newJob(t *testing.T, csv string) (*passes, *int) {
	t.Helper()
	closed := new(int)
	return &passes{
		open: func() (data.Reader, error) {
			rd, err := data.NewReader(strings.NewReader(csv), data.CSV, "people.csv")
			if err != nil {
				return nil, err
			}
			return closeCounter{rd, closed}, nil
		},
		encode: func(rec *data.Record, buf *bytes.Buffer) (string, error) {
			name := field(rec, "Name")
			if name == "" {
				return "", errors.New("missing variable: Name")
			}
			if buf != nil {
				fmt.Fprintf(buf, "Hi %s\n", name)
			}
			return name + ".eml", nil
		},
	}, closed
}

func field(rec *data.Record, name string) string {
	for _, f := range rec.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// written collects what Write hands its sink.
type written struct {
	names []string
	out   strings.Builder
}

func (w *written) sink(rec *data.Record, name string, msg []byte) error {
	w.names = append(w.names, fmt.Sprintf("%d:%s", rec.Number, name))
	w.out.Write(msg)
	return nil
}

func TestCheckThenWrite(t *testing.T) {
	job, closed := newJob(t, "Name\nIvan\nPetar\nIvan\n")
	report, err := job.check(NewNamer())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&Report{Records: 3}, report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	var w written
	if err := job.write(report.Good(), NewNamer(), w.sink); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1:Ivan.eml", "2:Petar.eml", "3:Ivan-2.eml"}, w.names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if got, want := w.out.String(), "Hi Ivan\nHi Petar\nHi Ivan\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if *closed != 2 {
		t.Errorf("the data was closed %d times, want once per pass (2)", *closed)
	}
}

func TestCheckListsEveryBadRecord(t *testing.T) {
	// 25 bad records among good ones: the first 20 are listed by line, the
	// rest counted.
	var csv strings.Builder
	csv.WriteString("Name\n")
	for i := range 30 {
		if i%6 == 0 {
			csv.WriteString("Ivan\n")
		} else {
			csv.WriteString("\"\"\n")
		}
	}
	job, _ := newJob(t, csv.String())
	report, err := job.check(nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.Records != 30 || report.Failed != 25 || report.Good() != 5 || len(report.Failures) != MaxListed {
		t.Fatalf("report = %d records, %d failed, %d good, %d listed; want 30, 25, 5, %d", report.Records, report.Failed, report.Good(), len(report.Failures), MaxListed)
	}
	var want strings.Builder
	listed := 0
	for i := range 30 {
		if i%6 != 0 && listed < MaxListed {
			fmt.Fprintf(&want, "  line %d: missing variable: Name\n", i+2)
			listed++
		}
	}
	want.WriteString("  and 5 more\n")
	if diff := cmp.Diff(want.String(), report.Details()); diff != "" {
		t.Errorf("details (-want +got):\n%s", diff)
	}
	fe := &FailureError{Name: "people.csv", Report: report}
	if got, want := fe.Error(), "people.csv: 25 of 30 records cannot be rendered, so nothing was written; fix them or pass --skip-invalid"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestSkipInvalidWritesTheGoodRecords(t *testing.T) {
	job, _ := newJob(t, "Name\nIvan\n\"\"\nPetar\n")
	job.skipInvalid = true
	report, err := job.check(nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&Report{Records: 3, Failed: 1, Failures: []Failure{{Pos: "line 3", Err: errors.New("missing variable: Name")}}}, report,
		cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	var w written
	if err := job.write(report.Good(), nil, w.sink); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1:", "3:"}, w.names); diff != "" {
		t.Errorf("written records (-want +got):\n%s", diff)
	}
}

func TestWriteStopsOnARecordThatFailsLate(t *testing.T) {
	// Check passed, then a file appeared: without SkipInvalid the second
	// pass stops at that record and names it.
	job, _ := newJob(t, "Name\nIvan\nPetar\nMaria\n")
	appeared := false
	job.refuse = func(name string) error {
		if appeared && name == "Petar.eml" {
			return errors.New("Petar.eml exists already")
		}
		return nil
	}
	if _, err := job.check(NewNamer()); err != nil {
		t.Fatal(err)
	}
	appeared = true
	var w written
	err := job.write(3, NewNamer(), w.sink)
	var re *RecordError
	if !errors.As(err, &re) || err.Error() != "line 3: Petar.eml exists already" {
		t.Errorf("Write error = %v, want a RecordError \"line 3: Petar.eml exists already\"", err)
	}
	if diff := cmp.Diff([]string{"1:Ivan.eml"}, w.names); diff != "" {
		t.Errorf("written before the stop (-want +got):\n%s", diff)
	}
}

func TestRefuseCountsAsFailure(t *testing.T) {
	job, _ := newJob(t, "Name\nIvan\nPetar\n")
	job.refuse = func(name string) error {
		if name == "Ivan.eml" {
			return errors.New("Ivan.eml exists in out already; use --force to replace it")
		}
		return nil
	}
	report, err := job.check(NewNamer())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := report.Details(), "  line 2: Ivan.eml exists in out already; use --force to replace it\n"; got != want {
		t.Errorf("details = %q, want %q", got, want)
	}
}

func TestStart(t *testing.T) {
	job, _ := newJob(t, "Name\nIvan\nPetar\nMaria\n")
	job.start = 2
	report, err := job.check(nil)
	if err != nil {
		t.Fatal(err)
	}
	if report.Records != 2 {
		t.Errorf("records checked from --start 2 = %d, want 2", report.Records)
	}
	var w written
	if err := job.write(2, nil, w.sink); err != nil {
		t.Fatal(err)
	}
	if got, want := w.out.String(), "Hi Petar\nHi Maria\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}

	// A bad record before Start is not looked at.
	job, _ = newJob(t, "Name\n\"\"\nPetar\n")
	job.start = 2
	if report, err := job.check(nil); err != nil || report.Failed != 0 {
		t.Errorf("Check from --start 2 = %+v, %v; want no failures", report, err)
	}

	job, _ = newJob(t, "Name\nIvan\nPetar\n")
	job.start = 5
	_, err = job.check(nil)
	var de *DataError
	if !errors.As(err, &de) || err.Error() != "--start 5: the data has only 2 records" {
		t.Errorf("Check past the end = %v, want DataError \"--start 5: the data has only 2 records\"", err)
	}
}

func TestDataErrors(t *testing.T) {
	for _, tt := range []struct {
		name, csv, want string
	}{
		{"empty", "", "people.csv: no records; the file is empty"},
		{"binary", "Name\n\x00\x01\x02", "people.csv:2: not UTF-8 text (it holds a NUL byte; is it a binary file?); save the data as UTF-8 text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			job, closed := newJob(t, tt.csv)
			_, err := job.check(nil)
			var de *DataError
			if !errors.As(err, &de) || err.Error() != tt.want {
				t.Errorf("Check = %v, want DataError %q", err, tt.want)
			}
			if *closed != 1 {
				t.Errorf("the data was closed %d times, want 1", *closed)
			}
		})
	}
}

// A record that cannot be read (a ragged CSV row) is one more bad record:
// Check lists it with the rest and goes on, counting it like any other;
// with SkipInvalid, Write passes over it and writes the good ones.
func TestBadRecordsAreListedWithTheRest(t *testing.T) {
	job, _ := newJob(t, "Name,Email\nIvan,i@example.com\nPetar\n,x@example.com\nMaria,m@example.com,extra\nZed,z@example.com\n")
	report, err := job.check(nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range report.Failures {
		got = append(got, f.Pos+": "+f.Err.Error())
	}
	want := []string{
		"line 3: record has 1 fields, the header has 2",
		"line 4: missing variable: Name",
		"line 5: record has 3 fields, the header has 2",
	}
	if diff := cmp.Diff(want, got); diff != "" || report.Records != 5 || report.Failed != 3 {
		t.Fatalf("Check: %d records, %d failed (-want +got):\n%s", report.Records, report.Failed, diff)
	}

	// --start counts bad records too: record 4 is Maria's ragged row.
	job.start = 4
	if report, err := job.check(nil); err != nil || report.Records != 2 || report.Failed != 1 {
		t.Fatalf("Check from --start 4 = %+v, %v; want 2 records, 1 failed", report, err)
	}

	job.start = 0
	job.skipInvalid = true
	var w written
	if err := job.write(2, nil, w.sink); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1:", "5:"}, w.names); diff != "" || w.out.String() != "Hi Ivan\nHi Zed\n" {
		t.Errorf("Write wrote %q (-want +got names):\n%s", w.out.String(), diff)
	}
}

func TestSinkErrorStopsWrite(t *testing.T) {
	job, _ := newJob(t, "Name\nIvan\nPetar\nMaria\n")
	boom := errors.New("disk full")
	n := 0
	err := job.write(3, nil, func(*data.Record, string, []byte) error {
		n++
		if n == 2 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) || n != 2 {
		t.Errorf("Write = %v after %d records, want disk full after 2", err, n)
	}
}

// fakeClock advances by step on every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time {
		t = t.Add(step)
		return t
	}
}

func TestProgress(t *testing.T) {
	job, _ := newJob(t, "Name\nA\nB\nC\nD\nE\nF\n")
	var stderr strings.Builder
	job.progress = &stderr
	// 400 ms a record: the line starts after a second, and then shows at
	// most every 100 ms (here: every record).
	job.now = fakeClock(400 * time.Millisecond)
	report, err := job.check(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "\rtempl: checked 3 records\rtempl: checked 4 records\rtempl: checked 5 records\rtempl: checked 6 records\r\x1b[K"
	if diff := cmp.Diff(want, stderr.String()); diff != "" {
		t.Errorf("check progress (-want +got):\n%s", diff)
	}
	stderr.Reset()
	if err := job.write(report.Good(), nil, func(*data.Record, string, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	want = "\rtempl: 3/6 emails\rtempl: 4/6 emails\rtempl: 5/6 emails\rtempl: 6/6 emails\rtempl: 6/6 emails\n"
	if diff := cmp.Diff(want, stderr.String()); diff != "" {
		t.Errorf("write progress (-want +got):\n%s", diff)
	}
}

func TestNoProgressForAQuickBatch(t *testing.T) {
	job, _ := newJob(t, "Name\nA\nB\nC\n")
	var stderr strings.Builder
	job.progress = &stderr
	job.now = fakeClock(100 * time.Millisecond) // 0.3 s in all
	report, err := job.check(nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := job.write(report.Good(), nil, func(*data.Record, string, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if stderr.Len() != 0 {
		t.Errorf("progress for a 0.3 s batch: %q, want none", stderr.String())
	}
}

func TestProgressAtMostTenTimesASecond(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("Name\n")
	for range 100 {
		csv.WriteString("A\n")
	}
	job, _ := newJob(t, csv.String())
	var stderr strings.Builder
	job.progress = &stderr
	job.now = fakeClock(30 * time.Millisecond) // 3 s in all
	if _, err := job.check(nil); err != nil {
		t.Fatal(err)
	}
	// From 1 s to 3 s, one line per 100 ms at most: about 20.
	if n := strings.Count(stderr.String(), "\rtempl: checked"); n < 15 || n > 21 {
		t.Errorf("%d progress lines in 2 s, want about 20 (at most 10 a second)", n)
	}
}
