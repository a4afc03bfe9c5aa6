package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/batch"
	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/output"
	"github.com/templ-mail/templ/pkg/placeholder"
	"github.com/templ-mail/templ/pkg/render"
	"github.com/templ-mail/templ/pkg/vars"
)

// batchOptions are render's --data flags.
type batchOptions struct {
	data        string
	dataFormat  string
	outDir      string
	filename    string
	skipInvalid bool
	checkOnly   bool
	exec        string
	start       int
}

func (b *batchOptions) bind(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&b.data, "data", "", "batch: one email per record of `FILE` (CSV, JSON, JSON Lines or YAML; - reads stdin)")
	f.StringVar(&b.dataFormat, "data-format", "", "batch: the data `FORMAT` when the file name does not tell: csv, json, jsonl, yaml")
	f.StringVar(&b.outDir, "out-dir", "", "batch: write one file per record into `DIR`")
	f.StringVar(&b.filename, "filename", defaultFilename, "batch: file name `PATTERN` for --out-dir, with placeholders")
	f.BoolVar(&b.skipInvalid, "skip-invalid", false, "batch: render the good records and report the bad ones")
	f.BoolVar(&b.checkOnly, "check", false, "batch: only check every record and print the count")
	f.StringVar(&b.exec, "exec", "", "batch: pipe each message to `COMMAND` (such as \"sendmail -t\"), one at a time")
	f.IntVar(&b.start, "start", 0, "batch: begin at record `N` (to resume after --exec stopped)")
}

// defaultFilename names --out-dir's files when --filename is not given.
const defaultFilename = "[Name].eml"

// refuseWithoutData rejects batch flags given without --data.
func (b *batchOptions) refuseWithoutData() error {
	for _, f := range []struct {
		flag string
		set  bool
	}{
		{"--out-dir", b.outDir != ""}, {"--skip-invalid", b.skipInvalid}, {"--check", b.checkOnly},
		{"--exec", b.exec != ""}, {"--start", b.start != 0}, {"--data-format", b.dataFormat != ""},
		{"--filename", b.filename != defaultFilename},
	} {
		if f.set {
			return inputErrorf("%s applies only to a batch; add --data FILE", f.flag)
		}
	}
	return nil
}

// resolveFormat picks the batch's output format when -f is not given: from
// --filename's extension for --out-dir, eml for --exec.
func (b *batchOptions) resolveFormat(o *renderOptions, explicit bool) {
	if explicit {
		return
	}
	switch {
	case b.outDir != "":
		switch strings.ToLower(filepath.Ext(b.filename)) {
		case ".eml":
			o.format = string(output.EML)
		case ".json":
			o.format = string(output.JSON)
		default:
			o.format = string(output.Text)
		}
	case b.exec != "":
		o.format = string(output.EML)
	}
}

// validate refuses batch combinations that cannot work, before any I/O.
func (b *batchOptions) validate(o *renderOptions) error {
	f := o.outFormat
	sinks := 0
	for _, set := range []bool{o.out != "", b.outDir != "", b.exec != "", o.copy} {
		if set {
			sinks++
		}
	}
	switch {
	case sinks > 1:
		return inputErrorf("--out, --out-dir, --exec and --copy each say where a batch goes; use one")
	case o.copy:
		return inputErrorf("--copy takes one email; a batch goes to stdout, --out, --out-dir or --exec")
	case o.open:
		return inputErrorf("--open takes one email, not a batch")
	case o.interactive:
		return inputErrorf("-i asks for one email's values; a batch takes them from --data")
	case b.filename != defaultFilename && b.outDir == "":
		return inputErrorf("--filename names the files of --out-dir; add --out-dir DIR")
	case b.start < 0:
		return inputErrorf("--start %d: records count from 1", b.start)
	case b.outDir != "" && f != output.EML && f != output.Text && f != output.JSON && f != output.Body:
		return inputErrorf("--out-dir writes one file per record: use -f eml, text, body or json, not %s", f)
	case b.exec != "" && f != output.EML && f != output.Text && f != output.Body && f != output.JSON:
		return inputErrorf("--exec pipes one message per record: use -f eml, text, body or json, not %s", f)
	case b.outDir == "" && b.exec == "" && !b.checkOnly && f != output.Mbox && f != output.JSONL:
		return inputErrorf("-f %s writes one email; for a batch use -f mbox or jsonl (one stream), or --out-dir DIR (one file per record)", f)
	}
	if b.data == "-" {
		if o.stdinUsed {
			return inputErrorf("--data -: %v", errStdinTwice)
		}
		o.stdinUsed = true
	}
	return nil
}

// batchRun checks every record, then writes them all, or nothing.
func batchRun(o *renderOptions, enc *encoder, base, flags *vars.Values) error {
	b := o.batch
	// From here on an interrupt removes what the batch was writing: the
	// spooled stdin, a half-written -o file or --out-dir file.
	stop := interruptCleanup()
	defer stop()
	// The format first: a bad one must not wait for all of stdin.
	format, err := b.format()
	if err != nil {
		return err
	}
	// One file per record, and --exec, read the data twice (check, then
	// write); a stream batch and --check read it once.
	twoPasses := b.outDir != "" || b.exec != ""
	dataPath, cleanup, err := spoolData(o.io, b.data, twoPasses)
	if err != nil {
		return err
	}
	defer cleanup()
	name := b.data
	if b.data == "-" {
		name = "<stdin>"
	}
	keys := map[string]string{} // column name -> folded key, folded once
	var recordKeys []string     // this record's keys, reused
	recordValues := func(rec *data.Record) (*vars.Values, error) {
		vals := &vars.Values{}
		vals.SetAll(base)
		recordKeys = recordKeys[:0]
		for i, f := range rec.Fields {
			key, ok := keys[f.Name]
			if !ok {
				key = placeholder.Key(f.Name)
				keys[f.Name] = key
			}
			// Names match loosely, so "Name" and "name" would fill the
			// same variable and one would silently win.
			for j, k := range recordKeys {
				if k == key {
					return nil, inputErrorf("%q and %q are the same variable; keep one", rec.Fields[j].Name, rec.Fields[i].Name)
				}
			}
			recordKeys = append(recordKeys, key)
			vals.SetKey(key, f.Name, f.Value)
		}
		vals.SetAll(flags)
		return vals, nil
	}
	job := &batch.Job{
		Open: func() (data.Reader, error) {
			if dataPath == "-" { // read once, straight from stdin
				rd, err := data.NewReader(bufio.NewReaderSize(o.io.In, 64<<10), format, name)
				if err != nil {
					return nil, inputError(err)
				}
				return rd, nil
			}
			f, err := os.Open(dataPath)
			if err != nil {
				return nil, inputErrorf("--data %s: %v", b.data, unwrapPath(err))
			}
			rd, err := data.NewReader(bufio.NewReaderSize(f, 64<<10), format, name)
			if err != nil {
				f.Close()
				return nil, inputError(err)
			}
			return closingReader{rd, f}, nil
		},
		Encode: func(rec *data.Record, buf *bytes.Buffer) (string, error) {
			vals, err := recordValues(rec)
			if err != nil {
				return "", err
			}
			e, err := enc.encode(vals, buf)
			var me *render.MissingError
			if errors.As(err, &me) {
				// In a batch a value comes from a column as often as a flag.
				return "", errors.New(me.Describe(func(name string) string {
					return "a " + name + " column, or " + render.FlagFor(name)
				}))
			}
			if err != nil || b.outDir == "" {
				return "", err
			}
			return render.Fill("--filename", b.filename, emailLookup(vals, e))
		},
		Start:       b.start,
		SkipInvalid: b.skipInvalid,
	}
	if o.io.ErrIsTerminal {
		job.Progress = o.io.Err
	}
	var names *batch.Namer
	if b.outDir != "" {
		names = batch.NewNamer()
		if st, err := os.Stat(b.outDir); err == nil && !st.IsDir() {
			return inputErrorf("--out-dir %s: not a directory", b.outDir)
		}
		if !o.force {
			job.Refuse = func(name string) error {
				if _, err := os.Lstat(filepath.Join(b.outDir, name)); err == nil {
					return fmt.Errorf("%s exists in %s already; use --force to replace it", name, b.outDir)
				}
				return nil
			}
		}
	}
	// A stream's destination is opened before the first pass, so a file
	// that exists or a directory that cannot be written fails now, not
	// after checking a million records. Until Commit it is a hidden
	// temporary file that any failure removes.
	var out *streamOut
	if b.outDir == "" && b.exec == "" {
		if b.checkOnly {
			err = refuseExisting(o)
		} else {
			out, err = openStream(o)
		}
		if err != nil {
			return err
		}
		if out != nil {
			defer out.abort()
		}
	}

	if out != nil {
		job.Spool = out.spool
	}
	report, err := job.Check(names)
	if err != nil {
		return batchError(err)
	}
	// With --skip-invalid a batch goes on without its bad records, but not
	// without any records at all.
	if report.Failed > 0 && (!b.skipInvalid || report.Good() == 0) {
		fe := &batch.FailureError{Name: name, Report: report}
		msg := fe.Error()
		switch {
		case b.skipInvalid:
			msg = fmt.Sprintf("%s: none of the %s can be rendered, so nothing was written", name, plural(report.Records, "record"))
		case b.checkOnly:
			msg = fmt.Sprintf("%s: %d of %d records cannot be rendered", name, report.Failed, report.Records)
		}
		fmt.Fprintf(o.io.Err, "templ: %s\n%s", msg, report.Details())
		return &exitError{code: ExitInput, err: errAlreadyReported}
	}
	if report.Failed > 0 {
		fmt.Fprintf(o.io.Err, "templ: skipping %d of %d records that cannot be rendered:\n%s", report.Failed, report.Records, report.Details())
	}
	good := report.Good()
	if b.checkOnly {
		fmt.Fprintf(o.io.Out, "%s ok\n", plural(good, "record"))
		return nil
	}

	switch {
	case b.outDir != "":
		return writeDir(o, job, good)
	case b.exec != "":
		return execEach(o, job, good)
	}
	return workErrorOrNil(out.commit())
}

// format is the data format: from --data-format, or the file's extension.
func (b *batchOptions) format() (string, error) {
	if b.data == "-" && b.dataFormat == "" {
		return "", inputErrorf("--data -: standard input has no file name to tell its format; add --data-format csv, json, jsonl or yaml")
	}
	format, err := data.FormatOf(b.data, b.dataFormat)
	if err != nil {
		return "", inputError(err)
	}
	return format, nil
}

// closingReader closes the data file when the pass ends.
type closingReader struct {
	data.Reader
	io.Closer
}

// streamOut is where a one-stream batch (-f mbox or jsonl) goes: stdout, a
// file written atomically, or an existing device or pipe (-o /dev/null),
// which is written in place since it cannot be replaced. The first pass
// spools each good record: straight into the atomic file's hidden temporary
// file, or, for stdout and devices, into a temporary file that is copied
// out only once every record has passed.
type streamOut struct {
	w      *bufio.Writer
	commit func() error
	abort  func()
}

func (s *streamOut) spool(msg []byte) error {
	_, err := s.w.Write(msg)
	return err
}

func openStream(o *renderOptions) (*streamOut, error) {
	if o.out != "" && !isSpecialFile(o.out) {
		f, err := atomicfile.Create(o.out, o.force)
		if err != nil {
			return nil, workError(err)
		}
		w := bufio.NewWriterSize(f, 256<<10)
		return &streamOut{w: w, abort: f.Abort, commit: func() error {
			if err := w.Flush(); err != nil {
				f.Abort()
				return err
			}
			return f.Commit()
		}}, nil
	}
	dst := o.io.Out
	var closeDst func() error
	if o.out != "" {
		f, err := os.OpenFile(o.out, os.O_WRONLY, 0)
		if err != nil {
			return nil, workError(fmt.Errorf("%s: %v", o.out, unwrapPath(err)))
		}
		dst, closeDst = f, f.Close
	}
	tmp, err := os.CreateTemp("", "templ-batch-*")
	if err != nil {
		return nil, workError(err)
	}
	unregister := atomicfile.OnCleanup(func() { os.Remove(tmp.Name()) })
	discarded := false
	discard := func() { // commit's defer and batchRun's both call it
		if discarded {
			return
		}
		discarded = true
		tmp.Close()
		os.Remove(tmp.Name())
		unregister()
		if closeDst != nil {
			closeDst()
		}
	}
	w := bufio.NewWriterSize(tmp, 256<<10)
	return &streamOut{w: w, abort: discard, commit: func() error {
		defer discard()
		if err := w.Flush(); err != nil {
			return err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(dst, tmp); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
		if closeDst != nil {
			return closeDst()
		}
		return nil
	}}, nil
}

// refuseExisting tells --check what the real run would: -o refuses a file
// that exists.
func refuseExisting(o *renderOptions) error {
	if o.out == "" || o.force || isSpecialFile(o.out) {
		return nil
	}
	if _, err := os.Lstat(o.out); err == nil {
		return workError(fmt.Errorf("%s: %w; use --force to replace it", o.out, atomicfile.ErrExists))
	}
	return nil
}

// writeSpecialFile writes data to an existing device or pipe in place.
func writeSpecialFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return workError(fmt.Errorf("%s: %v", path, unwrapPath(err)))
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return workError(fmt.Errorf("%s: %v", path, unwrapPath(err)))
	}
	return nil
}

// isSpecialFile reports whether path is an existing device, pipe or socket.
func isSpecialFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode()&(os.ModeDevice|os.ModeCharDevice|os.ModeNamedPipe|os.ModeSocket) != 0
}

// errAlreadyReported is an error whose lines are already on stderr.
var errAlreadyReported = errors.New("")

func workErrorOrNil(err error) error {
	if err == nil {
		return nil
	}
	return workError(err)
}

// batchError maps errors from a pass: unreadable data and a record that
// cannot be written are the user's input.
func batchError(err error) error {
	if err == nil {
		return nil
	}
	var de *batch.DataError
	var re *batch.RecordError
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return err
	case errors.As(err, &de):
		return inputError(de.Err)
	case errors.As(err, &re):
		return inputError(re)
	}
	return workError(err)
}

// writeDir writes one file per record into --out-dir, each atomically. A
// name that exists already was refused by the first pass, unless --force;
// one that appears meanwhile is refused now.
func writeDir(o *renderOptions, job *batch.Job, total int) error {
	dir := o.batch.outDir
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return workError(fmt.Errorf("--out-dir %s: %v", dir, unwrapPath(err)))
	}
	err := job.Write(total, batch.NewNamer(), func(_ *data.Record, name string, msg []byte) error {
		if err := atomicfile.WriteFile(filepath.Join(dir, name), msg, o.force); err != nil {
			return workError(err)
		}
		return nil
	})
	return batchError(err)
}

// execEach pipes each message to --exec, one at a time. The first failure
// stops the run and says how to resume.
func execEach(o *renderOptions, job *batch.Job, total int) error {
	shell, flag := "/bin/sh", "-c"
	if runtime.GOOS == "windows" {
		shell, flag = "cmd", "/c"
	}
	sent := 0
	err := job.Write(total, nil, func(rec *data.Record, _ string, msg []byte) error {
		cmd := exec.Command(shell, flag, o.batch.exec)
		cmd.Stdin = bytes.NewReader(msg)
		// The command's output goes to stderr: stdout stays for templ's.
		cmd.Stdout, cmd.Stderr = o.io.Err, o.io.Err
		cmd.Env = append(os.Environ(), fmt.Sprintf("TEMPL_RECORD=%d", rec.Number))
		if err := cmd.Run(); err != nil {
			return &exitError{code: ExitWork, err: fmt.Errorf("--exec %q failed on record %d (%s): %v; %d sent before it", o.batch.exec, rec.Number, rec.Pos, err, sent),
				hint: fmt.Sprintf("fix it, then resume with --start %d", rec.Number)}
		}
		sent++
		return nil
	})
	if err != nil {
		return batchError(err)
	}
	fmt.Fprintf(o.io.Err, "templ: sent %s through %q\n", plural(sent, "message"), o.batch.exec)
	return nil
}

// spoolData gives a path each pass can open. For two passes, standard
// input is copied to a temporary file first, since it can be read only once;
// for one, "-" is returned and the pass reads stdin itself.
func spoolData(stdio *IO, path string, twoPasses bool) (string, func(), error) {
	if path == "-" && !twoPasses {
		return path, func() {}, nil
	}
	if path != "-" {
		st, err := os.Stat(path)
		if err != nil {
			return "", nil, inputErrorf("--data %s: %v", path, unwrapPath(err))
		}
		if st.IsDir() {
			return "", nil, inputErrorf("--data %s: is a directory; give a file", path)
		}
		return path, func() {}, nil
	}
	f, err := os.CreateTemp("", "templ-data-*")
	if err != nil {
		return "", nil, workError(err)
	}
	unregister := atomicfile.OnCleanup(func() { os.Remove(f.Name()) })
	cleanup := func() { os.Remove(f.Name()); unregister() }
	if _, err := io.Copy(f, stdio.In); err != nil {
		f.Close()
		cleanup()
		return "", nil, inputErrorf("--data -: reading standard input: %v", err)
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, workError(err)
	}
	return f.Name(), cleanup, nil
}

// interruptCleanup removes half-written files if the user presses Ctrl-C
// (or the batch gets SIGTERM), then exits 130 as shells expect.
func interruptCleanup() (stop func()) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			atomicfile.Cleanup()
			fmt.Fprintln(os.Stderr, "templ: interrupted; no partial file was left behind")
			os.Exit(130)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sig)
		close(done)
	}
}
