package cli

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
)

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
	path, err := exec.LookPath(name)
	if err != nil {
		return workError(fmt.Errorf("--open: %s not found; install xdg-utils, or print the URL with -f mailto and open it yourself", name))
	}
	cmd := exec.Command(path, args...)
	cmd.Stdout, cmd.Stderr = stdio.Err, stdio.Err
	if err := cmd.Run(); err != nil {
		return workError(fmt.Errorf("--open: %s failed: %v", name, err))
	}
	fmt.Fprintln(stdio.Err, "templ: opened the email in your mail client")
	return nil
}
