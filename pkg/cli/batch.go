package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/templ-mail/templ/pkg/atomicfile"
	"github.com/templ-mail/templ/pkg/batch"
	"github.com/templ-mail/templ/pkg/data"
	"github.com/templ-mail/templ/pkg/email"
	"github.com/templ-mail/templ/pkg/readfile"
	"github.com/templ-mail/templ/pkg/send"
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
	execFlag    *pflag.Flag // to tell --exec '' from no --exec
	start       int
	limit       int
	delimiter   string
}

func (b *batchOptions) bind(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&b.data, "data", "", "batch: one email per record of `FILE` (CSV, TSV, JSON, JSON Lines or YAML; - reads stdin)")
	f.StringVar(&b.dataFormat, "data-format", "", "batch: the data `FORMAT` when the file name does not tell: csv, tsv, json, jsonl, yaml")
	f.StringVar(&b.delimiter, "delimiter", "", "batch: the CSV field separator `CHAR` (default , or ; as the header shows; tab or \\t for a tab)")
	f.StringVar(&b.outDir, "out-dir", "", "batch: write one file per record into `DIR`")
	f.StringVar(&b.filename, "filename", defaultFilename, "batch: file name `PATTERN` for --out-dir, with placeholders (default [Name] and the format's extension: .eml, .txt, .json)")
	f.Lookup("filename").DefValue = "" // the usage says it: the extension follows -f
	f.BoolVar(&b.skipInvalid, "skip-invalid", false, "batch: render the good records and report the bad ones")
	f.BoolVar(&b.checkOnly, "check", false, "batch: only check every record and print the count")
	f.StringVar(&b.exec, "exec", "", "batch: pipe each message to `COMMAND`, such as \"sendmail -t\", one at a time")
	b.execFlag = f.Lookup("exec")
	countVar(f, &b.start, "start", "the record to begin at, counting from 1", "records", "batch: begin at record `N` (to resume after --exec stopped)")
	countVar(f, &b.limit, "limit", "how many records to write or send", "records", "batch: write or send at most `N` records from --start on (all are still checked), to try a batch on yourself")
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
		{"--exec", b.execGiven()}, {"--start", b.start != 0}, {"--data-format", b.dataFormat != ""},
		{"--limit", b.limit != 0}, {"--delimiter", b.delimiter != ""},
		{"--filename", b.filename != defaultFilename},
	} {
		if f.set {
			return inputErrorf("%s applies only to a batch; add --data FILE", f.flag)
		}
	}
	return nil
}

// formatName is the -f value, or for a batch without -f the format its
// sink implies: from --filename's extension for --out-dir, eml for --exec.
func (o *renderOptions) formatName(explicit bool) string {
	switch b := o.batch; {
	case explicit:
		return o.format
	case o.send.on:
		return string(email.EML)
	case b.data == "":
		return o.format
	case b.outDir != "":
		return string(email.FormatForFile(b.filename))
	case b.exec != "":
		return string(email.EML)
	}
	return o.format
}

// execGiven reports --exec on the command line, even as --exec ”.
func (b *batchOptions) execGiven() bool {
	return b.exec != "" || b.execFlag != nil && b.execFlag.Changed
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
	case b.execGiven() && strings.TrimSpace(b.exec) == "":
		return inputErrorf("--exec %q: the command is empty; give one, such as --exec \"sendmail -t\"", b.exec)
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
	case b.limit != 0 && b.checkOnly:
		return inputErrorf("--limit says how many records to write, and --check writes none; drop one")
	case b.outDir != "" && !f.IsFile():
		return inputErrorf("--out-dir writes one file per record: use -f eml, text, body or json, not %s", f)
	case b.exec != "" && !f.IsFile():
		return inputErrorf("--exec pipes one message per record: use -f eml, text, body or json, not %s", f)
	case b.outDir == "" && b.exec == "" && !b.checkOnly && !o.send.on && !f.IsStream():
		return inputErrorf("-f %s writes one email; for a batch use -f mbox or jsonl (one stream), or --out-dir DIR (one file per record)", f)
	}
	if b.filename == defaultFilename {
		// The default name's extension follows -f: [Name].json for json.
		b.filename = "[Name]" + f.Ext()
	}
	return nil
}

// batchRun hands the batch to pkg/batch, which owns it from here on.
func batchRun(o *renderOptions, comp *email.Composer, layers vars.Layers, configFor func(lang string) *vars.Values, smtp send.Options) error {
	b := o.batch
	format, err := b.format()
	if err != nil {
		return err
	}
	delim, err := b.delim(format)
	if err != nil {
		return err
	}
	opts := &batch.Options{
		Data: b.data, DataFormat: format, Delimiter: delim, In: o.io.In,
		Start: b.start, Limit: b.limit, SkipInvalid: b.skipInvalid, CheckOnly: b.checkOnly,
		Composer: comp, Layers: layers, ConfigFor: configFor,
		Out: o.io.Out, Err: o.io.Err, Progress: o.io.ErrIsTerminal, Now: o.io.Now,
	}
	opts.Shard, _ = parseShard(o.send.shard) // checked in validate
	switch {
	case o.send.on:
		resume, err := o.send.readResume(o.ctx)
		if err != nil {
			return err
		}
		opts.Sink = &batch.SMTP{Options: smtp, Resume: resume, ResumeFile: o.send.resume, Log: o.send.log}
	case b.outDir != "":
		opts.Sink = &batch.Dir{Dir: b.outDir, Filename: b.filename, Force: o.force}
	case b.exec != "":
		// Each command writes to templ's stdout file itself: through the
		// checked writer, every record would cost a pipe and a copy.
		opts.Sink = &batch.Exec{Command: b.exec, Env: o.io.Environ(), Output: unchecked(o.io.Out), Stderr: o.io.Err}
	default:
		opts.Sink = &batch.Stream{Out: o.io.Out, Path: o.out, Force: o.force}
	}
	return batchError(batch.Run(o.ctx, opts))
}

// delim is --delimiter, which only CSV and TSV data have.
func (b *batchOptions) delim(format string) (rune, error) {
	if b.delimiter == "" {
		return 0, nil
	}
	if format != data.CSV && format != data.TSV {
		return 0, inputErrorf("--delimiter applies to CSV and TSV data, not %s; drop it", format)
	}
	d, err := data.ParseDelimiter(b.delimiter)
	if err != nil {
		return 0, inputError(err)
	}
	return d, nil
}

// format is the data format: from --data-format, or the file's extension.
func (b *batchOptions) format() (string, error) {
	if b.data == "-" && b.dataFormat == "" {
		return "", inputErrorf("--data -: standard input has no file name to tell its format; add --data-format csv, tsv, json, jsonl or yaml")
	}
	format, err := data.FormatOf(b.data, b.dataFormat)
	if err != nil {
		return "", inputError(err)
	}
	return format, nil
}

// batchError maps a batch's error to an exit code.
func batchError(err error) error {
	var be *batch.Error
	if !errors.As(err, &be) {
		return err // nil, or an interrupt, which Main maps
	}
	code := ExitWork
	if be.Input {
		code = ExitInput
	}
	if be.Reported {
		return &exitError{code: code, err: errAlreadyReported}
	}
	return &exitError{code: code, err: be.Err, hint: be.Hint}
}

// writeSpecialFile writes data in place to a path atomicfile.IsSpecial
// accepts: "-" or /dev/stdout (stdout), another descriptor, a device or pipe.
func writeSpecialFile(ctx context.Context, stdout io.Writer, path string, data []byte) error {
	w, err := atomicfile.OpenInPlace(ctx, path, stdout)
	if c := context.Cause(ctx); c != nil && errors.Is(err, c) {
		return err // an interrupt while a pipe waited for its reader: Main maps it
	}
	if err != nil {
		return workError(err)
	}
	_, err = w.Write(data)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return workError(fmt.Errorf("%s: %v", path, readfile.UnwrapPath(err)))
	}
	return nil
}

// errAlreadyReported is an error whose lines are already on stderr.
var errAlreadyReported = errors.New("")

func workErrorOrNil(err error) error {
	if err == nil {
		return nil
	}
	return workError(err)
}
