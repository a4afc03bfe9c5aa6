package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

// errNoDesktop is --open's one line when there is nothing to open the URL
// in; the opener's own messages (xdg-open's are several lines about MIME
// handlers) are not shown.
var errNoDesktop = errors.New("--open: no desktop to open the mailto URL in")

const noDesktopFix = "drop --open to print the URL instead"

// noDesktop says why openURL cannot work here, before trying: "" when it
// may. The picker asks while it can still offer another action.
func noDesktop(stdio *IO) string {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return ""
	}
	// xdg-open needs a graphical session to find a mail client in.
	if stdio.Getenv("DISPLAY") == "" && stdio.Getenv("WAYLAND_DISPLAY") == "" {
		return "DISPLAY and WAYLAND_DISPLAY are unset"
	}
	if _, err := exec.LookPath("xdg-open"); err != nil {
		return "xdg-open not found; it comes with xdg-utils"
	}
	return ""
}

// openURL hands a mailto URL to the desktop's mail client.
func openURL(stdio *IO, url string) error {
	name, args := "xdg-open", []string{url}
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		// cmd reads "&" (between the subject and body fields) as a command
		// separator; "^&" passes it through to start. The URL is percent-
		// encoded, so it holds no other character cmd treats specially.
		name, args = "cmd", []string{"/c", "start", "", strings.ReplaceAll(url, "&", "^&")}
	}
	if why := noDesktop(stdio); why != "" {
		return workError(fmt.Errorf("%w (%s); %s", errNoDesktop, why, noDesktopFix))
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return workError(fmt.Errorf("%w (%s not found; it comes with xdg-utils); %s", errNoDesktop, name, noDesktopFix))
	}
	cmd := exec.Command(path, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return workError(fmt.Errorf("%w (%s failed: %v); %s", errNoDesktop, name, err, noDesktopFix))
	}
	fmt.Fprintln(stdio.Err, "templ: opened the email in your mail client")
	return nil
}
