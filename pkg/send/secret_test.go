package send

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// checkNoPassword fails if testPassword shows anywhere in out.
func checkNoPassword(t *testing.T, out string) {
	t.Helper()
	if strings.Contains(out, testPassword) {
		t.Errorf("the password shows in %q", out)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := NewSecret(testPassword)
	opts := Options{Password: s, Server: Server{Host: "h", Username: "u"}}
	for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		checkNoPassword(t, fmt.Sprintf(f, s))
		checkNoPassword(t, fmt.Sprintf(f, opts))
	}
}

func TestPassword(t *testing.T) {
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	var stderr bytes.Buffer
	srv := Server{Host: "h", Username: "u"}

	if p, err := Password(ctx, Server{Host: "h"}, getenv, &stderr); err != nil || !p.IsZero() {
		t.Errorf("no username: %v, %v; want no password and no error", p, err)
	}
	_, err := Password(ctx, srv, getenv, &stderr)
	if want := "smtp.username is set but there is no password; set TEMPL_SMTP_PASSWORD or smtp.password_command"; err == nil || err.Error() != want {
		t.Errorf("no password: %v; want %s", err, want)
	}

	dir := t.TempDir()
	file := filepath.Join(dir, "pw")
	os.WriteFile(file, []byte(testPassword+"\n"), 0o600)
	srv.PasswordCommand = "cat " + file
	if p, err := Password(ctx, srv, getenv, &stderr); err != nil || p.value != testPassword {
		t.Errorf("password_command: %v; want the file's first line", err)
	}
	env[PasswordEnv] = "from-env"
	if p, err := Password(ctx, srv, getenv, &stderr); err != nil || p.value != "from-env" {
		t.Errorf("%s set: got another password (%v)", PasswordEnv, err)
	}
	delete(env, PasswordEnv)

	// A failing command that printed the password: the error says it
	// failed and how to see why, and shows none of its output.
	srv.PasswordCommand = "cat " + file + "; echo oops >&2; exit 3"
	_, err = Password(ctx, srv, getenv, &stderr)
	if want := "smtp.password_command failed (exit status 3); run it by hand to see why"; err == nil || err.Error() != want {
		t.Errorf("failing command: %v; want %s", err, want)
	}
	if stderr.String() != "oops\n" {
		t.Errorf("command's stderr %q; want it passed on", stderr.String())
	}
	srv.PasswordCommand = "true"
	if _, err := Password(ctx, srv, getenv, &stderr); err == nil || !strings.Contains(err.Error(), "printed no password") {
		t.Errorf("empty output: %v", err)
	}
}

// TestPasswordNeverInOutput sends through every path that produces text —
// a good run, a refused login, a refused recipient, a dropped connection —
// and looks for the password in the log and every error.
func TestPasswordNeverInOutput(t *testing.T) {
	var all strings.Builder
	ts := startServer(t)
	ts.rcpt = func(to string) error {
		if to == "user2@example.com" {
			return &smtpError550
		}
		return nil
	}
	_, err, results := run(t, context.Background(), ts.options(t), testMessages(t, 3))
	fmt.Fprintf(&all, "%v %+v\n", err, results)

	opts := ts.options(t)
	opts.Password = NewSecret(testPassword + "x")
	_, err, results = run(t, context.Background(), opts, testMessages(t, 1))
	fmt.Fprintf(&all, "%v %+v %+v\n", err, results, opts)

	opts = ts.options(t)
	opts.Server.Port = 1 // nothing listens: connection refused, retried, given up
	opts.Attempts = 2
	_, err, results = run(t, context.Background(), opts, testMessages(t, 1))
	fmt.Fprintf(&all, "%v %+v\n", err, results)

	if !strings.Contains(all.String(), "535") || !strings.Contains(all.String(), "550") || !strings.Contains(all.String(), "refused") {
		t.Fatalf("the runs did not produce the errors to check:\n%s", all.String())
	}
	checkNoPassword(t, all.String())
}
