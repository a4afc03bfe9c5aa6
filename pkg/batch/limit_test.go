package batch

import (
	"errors"
	"testing"
)

// --limit writes at most N records from --start on, and says where it
// stopped; every record is still checked, so a bad one after the limit
// still stops the run before anything is written.
func TestLimit(t *testing.T) {
	job, _ := newJob(t, "Name\nIvan\nPetar\nMaria\nZed\n")
	job.start, job.limit = 2, 2
	report, err := job.check(nil)
	if err != nil || report.Records != 3 {
		t.Fatalf("check = %+v, %v; want 3 records checked", report, err)
	}
	var w written
	if err := job.write(2, nil, w.sink); err != nil {
		t.Fatal(err)
	}
	if got, want := w.out.String(), "Hi Petar\nHi Maria\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
	if job.lastWritten != 3 {
		t.Errorf("lastWritten = %d, want 3", job.lastWritten)
	}

	job, _ = newJob(t, "Name\nIvan\nPetar\n\"\"\n")
	job.limit = 1
	report, err = job.check(nil)
	if err != nil || report.Failed != 1 || report.Failures[0].Pos != "line 4" {
		t.Errorf("check with --limit 1 = %+v, %v; want line 4 to fail", report, err)
	}
}

// --start just past the last record has nothing left to do; further on is
// an error naming how many records there are.
func TestStartPastTheEnd(t *testing.T) {
	job, _ := newJob(t, "Name\nIvan\nPetar\n")
	job.start = 3
	_, err := job.check(nil)
	var nl *NothingLeftError
	if !errors.As(err, &nl) || err.Error() != "nothing left: all 2 records were done" {
		t.Errorf("check from --start 3 = %v, want NothingLeftError", err)
	}
	job.start = 4
	_, err = job.check(nil)
	var de *DataError
	if !errors.As(err, &de) || err.Error() != "--start 4: the data has only 2 records" {
		t.Errorf("check from --start 4 = %v, want a DataError naming 2 records", err)
	}
	job, _ = newJob(t, "Name\nIvan\n")
	job.start = 2
	if _, err := job.check(nil); err == nil || err.Error() != "nothing left: the 1 record was done" {
		t.Errorf("one record: %v", err)
	}
}
