package batch

import (
	"bytes"
	"context"
	"fmt"

	"github.com/templ-mail/templ/pkg/data"
)

// onePass is a sink run that may take records before all are checked,
// because it throws away whatever it was given unless finish commits it:
// -o FILE, written into atomicfile's own temporary file. Such a batch
// checks and writes in one pass (once), which halves its rendering: the
// check pass of a stream costs about a third of the batch.
type onePass interface {
	onePass() bool
}

// runOnce is Run's check and write passes in one, for a onePass sink: the
// same report, the same messages, and nothing left behind on a failure
// (Run's deferred abort removes the temporary file).
func (o *Options) runOnce(ctx context.Context, p *passes, recs *runRecords, w sinkRun) error {
	if err := w.prepare(); err != nil {
		return err
	}
	recs.once = true
	report, err := p.once(w.write)
	if stop, err := o.afterCheck(ctx, w, recs, report, err); stop {
		return err
	}
	if err := w.finish(o); err != nil {
		return err
	}
	recs.left.warn(o.Err)
	return nil
}

// once renders each record straight into sink. A bad record stops the
// writing, unless skipInvalid passes over it, and the records after it are
// only checked, so the Report lists what check's would; j.selected counts
// as check counts it.
func (j *passes) once(sink writeFunc) (*Report, error) {
	r := &Report{}
	var buf bytes.Buffer
	writing := true
	progress := j.newProgress(func(n int) string { return fmt.Sprintf("%d emails", n) })
	seen, err := j.each(func(rec *data.Record, bad *data.BadRecordError) error {
		r.Records++
		progress.step()
		if bad != nil {
			r.fail(bad.Pos(), bad.Err)
			writing = writing && j.skipInvalid
			return nil
		}
		// --shard: every record is checked, only the shard's are written.
		write := writing && j.shard.Has(rec.Number)
		out := &buf
		if !write {
			out = nil // Check only
		}
		if _, err := j.render(rec, out, nil); err != nil {
			r.fail(rec.Pos, err)
			writing = writing && j.skipInvalid
			return nil
		}
		if j.shard.Has(rec.Number) {
			j.selected++
		}
		if write {
			return sink(rec, "", buf.Bytes())
		}
		return nil
	}, nil)
	if err != nil || !writing {
		progress.clear() // the lines after it are messages
	} else {
		progress.done()
	}
	if err != nil {
		return nil, err
	}
	return r, j.noRecords(r, seen)
}

// fail counts a record that cannot be rendered, listing the first MaxListed.
func (r *Report) fail(pos string, err error) {
	r.Failed++
	if len(r.Failures) < MaxListed {
		r.Failures = append(r.Failures, Failure{Pos: pos, Err: err})
	}
}
