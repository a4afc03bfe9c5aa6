package batch

import (
	"runtime/debug"
	"runtime/metrics"
)

// The collector during a batch. A record makes about 10 KB of garbage and
// keeps almost none, so the live heap is small (the template, a buffer, one
// record), except for --out-dir's Namer, which keeps every name taken and
// grows with the batch (about 5 MB at 100,000 records).
//
// Left to GOGC=100 the collector ran every few hundred records and took a
// quarter of the CPU, and now and then mistook a burst of garbage for live
// data and doubled its goal: peak RSS over a million records drifted to
// 40-75 MiB. A fixed 12 MiB soft limit bounded the RSS, but the limit counts
// all the runtime's memory, so the heap's goal sat at 4-5 MB, and once the
// Namer's names neared it (--out-dir) the collector ran almost without
// pause: 900 collections in 100,000 records.
//
// So a batch runs with GOGC=400, which collects a fifth as often, and a
// soft limit that bounds the RSS of a stream (minLimit: GOGC=400 alone lets
// the heap reach 16 MB, whatever is live) and follows a live heap that
// grows: twice the live heap and some room, read every paceEvery records.
// Measured (bench/run.sh, CPU time to the floor): 100,000 records to
// --out-dir 2.33x before, 1.18x after, with 64 collections instead of 884;
// to JSON Lines 1.3-1.4x before, about 1.0x after (with Composer.Check).
const (
	gcPercent  = 400
	minLimit   = 16 << 20
	limitRoom  = 8 << 20
	paceEvery  = 1024
	liveMetric = "/gc/heap/live:bytes"
)

type pacer struct {
	floor      int64 // minLimit, plus room for attachments (passes.extraMemory)
	oldLimit   int64
	oldPercent int
	n          int
	sample     []metrics.Sample
}

func startPacer(extra int64) *pacer {
	p := &pacer{floor: minLimit + extra, sample: []metrics.Sample{{Name: liveMetric}}}
	p.oldLimit = debug.SetMemoryLimit(p.floor)
	p.oldPercent = debug.SetGCPercent(gcPercent)
	return p
}

// step is called once per record.
func (p *pacer) step() {
	p.n++
	if p.n%paceEvery != 0 {
		return
	}
	metrics.Read(p.sample)
	if p.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetMemoryLimit(max(p.floor, 2*int64(p.sample[0].Value.Uint64())+limitRoom))
}

func (p *pacer) stop() {
	debug.SetGCPercent(p.oldPercent)
	debug.SetMemoryLimit(p.oldLimit)
}
