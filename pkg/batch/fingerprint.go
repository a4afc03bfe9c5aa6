package batch

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
)

// A fingerprint is the data as the first pass read it, one hash per
// chunkSize bytes, so the second pass can prove it reads the same bytes:
// a data file changed in place while a batch writes (same inode, a rewrite
// within the same modification-time tick, a truncate and rewrite) is found
// before any record that was not checked reaches the sink. It costs 8 bytes
// per 64 KiB of data, whatever the record count, and one maphash per byte
// and pass (many GB/s), with a random seed so a change cannot be made to
// keep the sums.
const chunkSize = 64 << 10

type fingerprint struct {
	seed maphash.Seed
	sums []uint64 // one per chunk; the last may cover less than chunkSize
	size int64    // bytes in all
}

// recorder passes the first pass's bytes through, summing each chunk.
type recorder struct {
	r    io.Reader
	fp   *fingerprint
	h    maphash.Hash
	fill int // bytes of the current chunk summed so far
	done bool
}

func newRecorder(r io.Reader) *recorder {
	fp := &fingerprint{seed: maphash.MakeSeed()}
	rec := &recorder{r: r, fp: fp}
	rec.h.SetSeed(fp.seed)
	return rec
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		k := min(len(b), chunkSize-r.fill)
		r.h.Write(b[:k])
		r.fill += k
		b = b[k:]
		if r.fill == chunkSize {
			r.fp.sums = append(r.fp.sums, r.h.Sum64())
			r.h.Reset()
			r.fill = 0
		}
	}
	r.fp.size += int64(n)
	return n, err
}

// finish reads what the first pass left unread (nothing, for every format
// but a JSON array's trailing space) and closes the last chunk.
func (r *recorder) finish() (*fingerprint, error) {
	if !r.done {
		if _, err := io.Copy(io.Discard, readerOnly{r}); err != nil {
			return nil, err
		}
		if r.fill > 0 {
			r.fp.sums = append(r.fp.sums, r.h.Sum64())
		}
		r.done = true
	}
	return r.fp, nil
}

// readerOnly hides a reader's other methods from io.Copy.
type readerOnly struct{ io.Reader }

// errChanged is the second pass finding other bytes than the first checked.
var errChanged = errors.New("the data changed")

// verifier hands the second pass only bytes that match the fingerprint:
// it reads a whole chunk, compares its sum, and only then passes it on.
// The last chunk is held back until the data is known to end where it
// ended before, so a record cut short or run on by a change is not read.
type verifier struct {
	r       io.Reader
	fp      *fingerprint
	h       maphash.Hash
	buf     []byte
	pending []byte // verified, not yet handed out
	next    int    // the chunk to read next
	err     error  // sticky: io.EOF, or a changed error
	// changed, when the data changed, says where (at which byte).
	changed func(offset int64)
}

func newVerifier(r io.Reader, fp *fingerprint, changed func(int64)) *verifier {
	v := &verifier{r: r, fp: fp, buf: make([]byte, chunkSize), changed: changed}
	v.h.SetSeed(fp.seed)
	return v
}

func (v *verifier) Read(p []byte) (int, error) {
	if len(v.pending) == 0 && v.err == nil {
		v.err = v.fill()
	}
	if len(v.pending) > 0 {
		n := copy(p, v.pending)
		v.pending = v.pending[n:]
		return n, nil
	}
	return 0, v.err
}

// fill reads and checks the next chunk into pending.
func (v *verifier) fill() error {
	if v.next == len(v.fp.sums) {
		return v.atEnd(v.fp.size)
	}
	off := int64(v.next) * chunkSize
	want := int(min(chunkSize, v.fp.size-off))
	chunk := v.buf[:want]
	if _, err := io.ReadFull(v.r, chunk); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return v.change(off) // shorter than it was
		}
		return err
	}
	v.h.Reset()
	v.h.Write(chunk)
	if v.h.Sum64() != v.fp.sums[v.next] {
		return v.change(off)
	}
	v.next++
	if v.next == len(v.fp.sums) {
		if err := v.atEnd(v.fp.size); err != io.EOF {
			return err
		}
	}
	v.pending = chunk
	return nil
}

// atEnd checks that nothing follows the first pass's last byte.
func (v *verifier) atEnd(size int64) error {
	var one [1]byte
	n, err := v.r.Read(one[:])
	switch {
	case n > 0:
		return v.change(size) // longer than it was
	case err == nil || errors.Is(err, io.EOF):
		return io.EOF
	}
	return err
}

func (v *verifier) change(off int64) error {
	if v.changed != nil {
		v.changed(off)
	}
	return fmt.Errorf("%w at byte %d", errChanged, off)
}
